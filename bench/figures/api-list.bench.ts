import { execFile } from 'node:child_process';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { startEngine } from '../../engine/index.ts';
import type { BenchContext } from '../support/bench-module.ts';
import { seedRunningPods } from '../support/engine-fixtures.ts';
import type { Figure } from '../support/figure.ts';
import { summarize } from '../support/measure.ts';
import { BENCH_ROOT } from '../support/paths.ts';
import { figure } from './catalogue.ts';

const PODS = 10_000;
const WARM_UP = 3;
const RUNS = 30;
const TABLE_ACCEPT = 'application/json;as=Table;v=v1;g=meta.k8s.io,application/json';
const execFileAsync = promisify(execFile);

/**
 * LIST 10,000 Running pods over HTTPS keep-alive, one request at a time on one connection from
 * a second process (as kubectl sends them): latency from sending the request to the last byte
 * of the answer, as JSON and as the server-side Table kubectl asks for.
 */
export async function run(context: BenchContext): Promise<Figure[]> {
  const running = await startEngine();
  const { engine } = running;
  seedRunningPods(engine, PODS);
  const url = `${running.url}/api/v1/namespaces/default/pods`;
  const authorization = `Bearer ${engine.adminToken}`;
  try {
    const measure = async (accept: string) => {
      const { stdout } = await execFileAsync(
        process.execPath,
        [
          '--import',
          'tsx',
          join(BENCH_ROOT, 'support/latency-client.ts'),
          url,
          String(WARM_UP),
          String(RUNS),
          JSON.stringify({ authorization, accept }),
        ],
        { encoding: 'utf8', maxBuffer: 1 << 20 },
      );
      const { latencies, bytes } = JSON.parse(stdout) as { latencies: number[]; bytes: number };
      return { stats: summarize(latencies), bytes };
    };
    const json = await measure('application/json');
    context.log(
      `JSON p50 ${json.stats.p50.toFixed(1)} ms, p99 ${json.stats.p99.toFixed(1)} ms (${mb(json.bytes)})`,
    );
    const table = await measure(TABLE_ACCEPT);
    context.log(
      `Table p50 ${table.stats.p50.toFixed(1)} ms, p99 ${table.stats.p99.toFixed(1)} ms (${mb(table.bytes)})`,
    );
    const note = (bytes: number) => `${RUNS} sequential requests from a second process, ${mb(bytes)} answer`;
    return [
      figure('api-list-10000-pods-p50', json.stats.p50, { note: note(json.bytes) }),
      figure('api-list-10000-pods-p99', json.stats.p99),
      figure('api-list-10000-pods-table-p50', table.stats.p50, { note: note(table.bytes) }),
      figure('api-list-10000-pods-table-p99', table.stats.p99),
    ];
  } finally {
    await running.stop();
  }
}

function mb(bytes: number): string {
  return `${(bytes / 2 ** 20).toFixed(1)} MiB`;
}
