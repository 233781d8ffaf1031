import type { Pod } from 'kubernetes-types/core/v1';
import { startEngine } from '../../engine/index.ts';
import { KubeClient } from '../../harness/kube/kube-client.ts';
import { VirtualTargetClock } from '../../harness/waiting/target-clock.ts';
import type { BenchContext } from '../support/bench-module.ts';
import { advance, benchPod, callEngineOk, createPod } from '../support/engine-fixtures.ts';
import type { Figure } from '../support/figure.ts';
import { nowMs, summarize } from '../support/measure.ts';
import { figure } from './catalogue.ts';

const WARM_UP = 5;
const RUNS = 50;
/** When, in cluster time after the wait starts, the change is made (between two lease renewals). */
const CHANGE_AFTER_MS = 3_000;

/**
 * A waiting step (`VirtualTargetClock.until`, as the steps use it, over HTTPS) watches a pod
 * that changes at a later cluster time: a timer on the engine's clock patches the pod's labels
 * through the API. Measured: wall time from that write to the wait
 * returning with the probe satisfied; the probe's failed look before the change is not
 * counted. On the bundled target this is the rest of one clock step plus one probe.
 */
export async function run(context: BenchContext): Promise<Figure[]> {
  const running = await startEngine();
  const { engine } = running;
  const client = KubeClient.fromString(running.kubeconfig);
  const clock = new VirtualTargetClock(client);
  try {
    createPod(engine, benchPod('watched'));
    advance(engine, 60_000);
    const samples: number[] = [];
    for (let i = -WARM_UP; i < RUNS; i++) {
      const message = `revision-${i}`;
      let changedAt = 0;
      engine.clock.setTimer(engine.clock.now() + CHANGE_AFTER_MS, () => {
        changedAt = nowMs();
        callEngineOk(
          engine,
          'PATCH',
          '/api/v1/namespaces/default/pods/watched',
          { metadata: { labels: { revision: message } } },
          { 'content-type': 'application/merge-patch+json' },
        );
      });
      const result = await clock.until(async () => {
        const pod = (await client.get('v1', 'Pod', 'default', 'watched')) as unknown as Pod;
        const revision = pod.metadata?.labels?.revision;
        return { ok: revision === message, observed: revision };
      }, 60_000);
      const seenAt = nowMs();
      if (!result.ok || changedAt === 0) throw new Error(`the wait did not see ${message}`);
      if (i >= 0) samples.push(seenAt - changedAt);
    }
    const stats = summarize(samples);
    context.log(`median ${stats.median.toFixed(2)} ms, p99 ${stats.p99.toFixed(2)} ms`);
    return [
      figure('assertion-reaction', stats.median, {
        note: `median of ${RUNS}, p99 ${stats.p99.toFixed(2)} ms; change at a virtual instant, seen by the next step + probe (no polling interval); Chainsaw polls every 50 ms, kuttl 1 s`,
      }),
    ];
  } finally {
    client.close();
    await running.stop();
  }
}
