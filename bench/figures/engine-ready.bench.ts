import { startEngine } from '../../engine/index.ts';
import type { BenchContext } from '../support/bench-module.ts';
import type { Figure } from '../support/figure.ts';
import { httpsRequest } from '../support/https-client.ts';
import { median, sample, summarize } from '../support/measure.ts';
import { figure } from './catalogue.ts';

const RUNS = 20;

/** `startEngine()` to the first 200 on /readyz over HTTPS (bundled CA trusted), a fresh engine each run. */
export async function run(context: BenchContext): Promise<Figure[]> {
  const samples = await sample({ warmUp: 3, runs: RUNS }, async () => {
    const running = await startEngine();
    const reply = await httpsRequest(`${running.url}/readyz`);
    if (reply.status !== 200) throw new Error(`/readyz answered ${reply.status}`);
    await running.stop();
  });
  const stats = summarize(samples);
  context.log(
    `min ${stats.min.toFixed(1)} ms, median ${stats.median.toFixed(1)} ms, max ${stats.max.toFixed(1)} ms`,
  );
  return [
    figure('engine-ready-in-process', median(samples), {
      note: `median of ${RUNS}, min ${stats.min.toFixed(1)}, max ${stats.max.toFixed(1)}; envtest 5–7 s, KWOK ~5 s, kind 12–17 s`,
    }),
  ];
}
