import type { Pod } from 'kubernetes-types/core/v1';
import { startEngine } from '../../engine/index.ts';
import { KubeClient } from '../../harness/kube/kube-client.ts';
import { VirtualTargetClock } from '../../harness/waiting/target-clock.ts';
import type { BenchContext } from '../support/bench-module.ts';
import { createPod } from '../support/engine-fixtures.ts';
import type { Figure } from '../support/figure.ts';
import { median, nowMs } from '../support/measure.ts';
import { figure } from './catalogue.ts';

const HOUR_MS = 60 * 60_000;
const RUNS = 5;

const CRASHING_POD: Pod = {
  apiVersion: 'v1',
  kind: 'Pod',
  metadata: { name: 'crasher', namespace: 'default' },
  spec: { containers: [{ name: 'main', image: 'busybox:1.36', command: ['sh', '-c', 'exit 1'] }] },
};

/**
 * A scenario-like wait over one hour of cluster time: a crash-looping pod observed throughout
 * the hour by `VirtualTargetClock.throughout` over HTTPS, as a step does, which steps the
 * engine from one change to the next (`stepUntilChange`, then `advanceTo` the deadline).
 * Measured: wall ms of the whole wait, median of fresh engines.
 */
export async function run(context: BenchContext): Promise<Figure[]> {
  const samples: number[] = [];
  let restarts = 0;
  let observations = 0;
  for (let i = -1; i < RUNS; i++) {
    const running = await startEngine();
    const client = KubeClient.fromString(running.kubeconfig);
    try {
      createPod(running.engine, CRASHING_POD);
      const clock = new VirtualTargetClock(client);
      const start = nowMs();
      const result = await clock.throughout(async () => {
        const pod = (await client.get('v1', 'Pod', 'default', 'crasher')) as unknown as Pod;
        return { ok: true, observed: pod.status?.containerStatuses?.[0]?.restartCount ?? 0 };
      }, HOUR_MS);
      const wall = nowMs() - start;
      if (!result.ok || result.waitedMs < HOUR_MS) throw new Error('the wait did not cover the hour');
      if (i >= 0) samples.push(wall);
      restarts = Number(result.last.observed);
      observations = result.observations;
    } finally {
      client.close();
      await running.stop();
    }
  }
  const value = median(samples);
  context.log(
    `1 h of cluster time in ${value.toFixed(1)} ms wall (${restarts} restarts, ${observations} observations)`,
  );
  return [
    figure('virtual-time-one-hour', value, {
      note: `median of ${RUNS}; CrashLoopBackOff pod, ${restarts} restarts, ${observations} observations in the hour`,
    }),
  ];
}
