import type { Pod } from 'kubernetes-types/core/v1';
import { startEngine } from '../../engine/index.ts';
import type { BenchContext } from '../support/bench-module.ts';
import { advance, callEngineOk, generatedCluster } from '../support/engine-fixtures.ts';
import type { Figure } from '../support/figure.ts';
import { nowMs } from '../support/measure.ts';
import { figure } from './catalogue.ts';

const REPLICAS = 2_000;
const NODES = 100;
const LIMIT_MS = 120_000;

/**
 * A Deployment of 2,000 replicas on 100 nodes, from the create request to every pod Running,
 * in steps of one second of cluster time: the whole controller chain (Deployment, ReplicaSet,
 * scheduler, kubelets) at a size where per-pod work that grows with the ReplicaSet shows.
 */
export async function run(context: BenchContext): Promise<Figure[]> {
  const running = await startEngine({ cluster: generatedCluster(NODES) });
  const { engine } = running;
  let runningPods = 0;
  const stop = engine.store.watch('/pods', {}, (event) => {
    const now = event.type !== 'DELETED' && (event.object as unknown as Pod).status?.phase === 'Running';
    const before = (event.previous as unknown as Pod | undefined)?.status?.phase === 'Running';
    if (now && !before) runningPods++;
    else if (!now && before) runningPods--;
  });
  try {
    const start = nowMs();
    callEngineOk(engine, 'POST', '/apis/apps/v1/namespaces/default/deployments', {
      apiVersion: 'apps/v1',
      kind: 'Deployment',
      metadata: { name: 'web' },
      spec: {
        replicas: REPLICAS,
        selector: { matchLabels: { app: 'web' } },
        template: {
          metadata: { labels: { app: 'web' } },
          spec: { containers: [{ name: 'nginx', image: 'nginx:1.27' }] },
        },
      },
    });
    let clusterMs = 0;
    while (runningPods < REPLICAS && clusterMs < LIMIT_MS) {
      advance(engine, 1_000);
      clusterMs += 1_000;
    }
    const seconds = (nowMs() - start) / 1000;
    context.log(
      `${runningPods} of ${REPLICAS} pods Running in ${seconds.toFixed(2)} s (${clusterMs / 1000} s of cluster time)`,
    );
    if (runningPods < REPLICAS) throw new Error(`only ${runningPods} pods reached Running`);
    return [
      figure('deployment-rollout-2000-pods-seconds', seconds, {
        note: `${REPLICAS} replicas on ${NODES} nodes, create to all Running; ${clusterMs / 1000} s of cluster time`,
      }),
    ];
  } finally {
    stop();
    await running.stop();
  }
}
