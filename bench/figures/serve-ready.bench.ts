import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { BenchContext } from '../support/bench-module.ts';
import type { Figure } from '../support/figure.ts';
import { waitFor200 } from '../support/https-client.ts';
import { median, nowMs, summarize } from '../support/measure.ts';
import { REPO_ROOT } from '../support/paths.ts';
import { figure } from './catalogue.ts';

const RUNS = 10;
const SERVING = /kuke engine serving (https?:\/\/\S+)/;

/** Spawn `node bin/kuke.js engine serve --port 0` to the first 200 on /readyz. */
export async function run(context: BenchContext): Promise<Figure[]> {
  const dir = mkdtempSync(join(tmpdir(), 'kuke-serve-'));
  const samples: number[] = [];
  try {
    await serveOnce(join(dir, 'warm-up.kubeconfig'));
    for (let i = 0; i < RUNS; i++) samples.push(await serveOnce(join(dir, `${i}.kubeconfig`)));
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
  const stats = summarize(samples);
  context.log(
    `min ${stats.min.toFixed(0)} ms, median ${stats.median.toFixed(0)} ms, max ${stats.max.toFixed(0)} ms`,
  );
  return [
    figure('engine-serve-ready-new-process', median(samples), {
      note: `median of ${RUNS}, min ${stats.min.toFixed(0)}, max ${stats.max.toFixed(0)}`,
    }),
  ];
}

/** One cold start: wall ms from spawn to the first 200 on /readyz. */
async function serveOnce(kubeconfig: string): Promise<number> {
  const start = nowMs();
  const child = spawn(
    process.execPath,
    [join(REPO_ROOT, 'bin/kuke.js'), 'engine', 'serve', '--port', '0', '--kubeconfig', kubeconfig],
    { cwd: REPO_ROOT, stdio: ['ignore', 'pipe', 'inherit'] },
  );
  try {
    const url = await new Promise<string>((resolve, reject) => {
      let output = '';
      child.stdout.on('data', (chunk: Buffer) => {
        output += chunk.toString();
        const match = SERVING.exec(output);
        if (match) resolve(match[1]!);
      });
      child.once('exit', (code) => reject(new Error(`kuke engine serve exited (${code}): ${output}`)));
    });
    await waitFor200(`${url}/readyz`);
    return nowMs() - start;
  } finally {
    await new Promise<void>((resolve) => {
      child.once('exit', () => resolve());
      child.kill('SIGTERM');
    });
  }
}
