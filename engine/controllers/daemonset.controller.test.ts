import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import type { DaemonSet } from 'kubernetes-types/apps/v1';
import type { Pod } from 'kubernetes-types/core/v1';
import { TestEngine } from '../cluster/testing.ts';

async function withCluster(run: (t: TestEngine) => void | Promise<void>): Promise<void> {
  const t = await TestEngine.start({ cluster: 'three-nodes' });
  try {
    await run(t);
  } finally {
    await t.stop();
  }
}

function daemonSet(spec: Record<string, unknown> = {}, image = 'nginx:1.25') {
  return {
    apiVersion: 'apps/v1',
    kind: 'DaemonSet',
    metadata: { name: 'agent', namespace: 'default' },
    spec: {
      selector: { matchLabels: { app: 'agent' } },
      template: {
        metadata: { labels: { app: 'agent' } },
        spec: { containers: [{ name: 'agent', image }], ...spec },
      },
    },
  };
}

const agents = (t: TestEngine): Pod[] =>
  t.pods().filter((p) => p.metadata?.labels?.app === 'agent' && !p.metadata?.deletionTimestamp);
const nodesOf = (pods: Pod[]) => pods.map((p) => p.spec?.nodeName).sort();

describe('DaemonSet', () => {
  test('one pod per schedulable node, pinned by node affinity, with the daemon tolerations', () =>
    withCluster((t) => {
      t.create(daemonSet());
      t.advance(10_000);
      const pods = agents(t);
      assert.deepEqual(nodesOf(pods), ['worker-1', 'worker-2']);
      const pod = pods.find((p) => p.spec?.nodeName === 'worker-1')!;
      assert.deepEqual(pod.spec?.affinity?.nodeAffinity?.requiredDuringSchedulingIgnoredDuringExecution, {
        nodeSelectorTerms: [
          { matchFields: [{ key: 'metadata.name', operator: 'In', values: ['worker-1'] }] },
        ],
      });
      assert.deepEqual(
        pod.spec?.tolerations?.map(
          (x) => `${x.key}:${x.effect}${x.tolerationSeconds ? `:${x.tolerationSeconds}` : ''}`,
        ),
        [
          'node.kubernetes.io/not-ready:NoExecute',
          'node.kubernetes.io/unreachable:NoExecute',
          'node.kubernetes.io/disk-pressure:NoSchedule',
          'node.kubernetes.io/memory-pressure:NoSchedule',
          'node.kubernetes.io/pid-pressure:NoSchedule',
          'node.kubernetes.io/unschedulable:NoSchedule',
        ],
      );
      assert.match(
        pod.metadata?.labels?.['controller-revision-hash'] ?? '',
        /^[bcdfghjklmnpqrstvwxz2456789]+$/,
      );
      assert.equal(pod.metadata?.labels?.['pod-template-generation'], '1');
      const ds = t.get<DaemonSet>('apps/v1', 'DaemonSet', 'default', 'agent');
      assert.deepEqual(ds?.status, {
        currentNumberScheduled: 2,
        numberMisscheduled: 0,
        desiredNumberScheduled: 2,
        numberReady: 2,
        observedGeneration: 1,
        updatedNumberScheduled: 2,
        numberAvailable: 2,
      });
      assert.ok(
        t.eventLines('default', 'agent').every((l) => l.startsWith('SuccessfulCreate: Created pod: agent-')),
      );
    }));

  test('a toleration for the control-plane taint puts a pod there too', () =>
    withCluster((t) => {
      t.create(
        daemonSet({
          tolerations: [
            { key: 'node-role.kubernetes.io/control-plane', operator: 'Exists', effect: 'NoSchedule' },
          ],
        }),
      );
      t.advance(10_000);
      assert.deepEqual(nodesOf(agents(t)), ['control-plane', 'worker-1', 'worker-2']);
    }));

  test('a nodeSelector limits the nodes', () =>
    withCluster((t) => {
      t.create(daemonSet({ nodeSelector: { 'kubernetes.io/hostname': 'worker-2' } }));
      t.advance(10_000);
      assert.deepEqual(nodesOf(agents(t)), ['worker-2']);
    }));

  test('daemon pods stay on a failed node (they tolerate unreachable forever)', () =>
    withCluster((t) => {
      t.create(daemonSet());
      t.advanceTo(65_000);
      t.engine.fleet.failNode('worker-1');
      t.advanceTo(800_000);
      assert.deepEqual(nodesOf(agents(t)), ['worker-1', 'worker-2']);
    }));

  test('a new template rolls out one node at a time', () =>
    withCluster((t) => {
      t.create(daemonSet());
      t.advance(10_000);
      const before = agents(t).map((p) => p.metadata?.name);
      const ds = t.get<DaemonSet>('apps/v1', 'DaemonSet', 'default', 'agent')!;
      const updated = structuredClone(ds);
      updated.spec!.template.spec!.containers[0]!.image = 'nginx:1.27';
      const reply = t.request('PUT', '/apis/apps/v1/namespaces/default/daemonsets/agent', updated);
      assert.equal(reply.status, 200);
      const images = t.record(
        () =>
          agents(t)
            .map((p) => p.spec?.containers[0]?.image)
            .sort()
            .join(','),
        30_000,
      );
      // One node at a time (maxUnavailable 1): the update request deletes the first old pod;
      // the new one is created once it is gone; when that one is available the second old pod
      // goes, and nginx stops on SIGTERM in the same instant, so its successor follows at once.
      assert.deepEqual(
        images.map((e) => [e.at, e.value]),
        [
          [10_000, 'nginx:1.25'],
          [10_000, 'nginx:1.25,nginx:1.27'],
          [13_000, 'nginx:1.27,nginx:1.27'],
        ],
      );
      assert.ok(agents(t).every((p) => !before.includes(p.metadata?.name)));
    }));
});
