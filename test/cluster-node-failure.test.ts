// The node-failure story on the three-nodes cluster, in virtual time: a worker stops
// heartbeating, goes NotReady, is tainted, its pods are evicted after tolerationSeconds and
// recreated on the other worker; when it comes back its taints go.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import type { Node, Pod, Taint } from 'kubernetes-types/core/v1';
import { TestEngine } from '../engine/cluster/testing.ts';

const DEPLOYMENT = {
  apiVersion: 'apps/v1',
  kind: 'Deployment',
  metadata: { name: 'web', namespace: 'default' },
  spec: {
    replicas: 2,
    selector: { matchLabels: { app: 'web' } },
    template: {
      metadata: { labels: { app: 'web' } },
      spec: { containers: [{ name: 'nginx', image: 'nginx:1.25' }] },
    },
  },
};

const node = (t: TestEngine, name: string): Node => {
  const found = t.get<Node>('v1', 'Node', '', name);
  assert.ok(found, `node ${name}`);
  return found;
};
const ready = (t: TestEngine, name: string) =>
  node(t, name).status?.conditions?.find((c) => c.type === 'Ready');
const taints = (t: TestEngine, name: string): string[] =>
  (node(t, name).spec?.taints ?? []).map((x: Taint) => `${x.key}:${x.effect}`);
const webPods = (t: TestEngine): Pod[] => t.pods().filter((p) => p.metadata?.labels?.app === 'web');

async function withCluster(run: (t: TestEngine) => void | Promise<void>): Promise<void> {
  const t = await TestEngine.start({ cluster: 'three-nodes' });
  try {
    await run(t);
  } finally {
    await t.stop();
  }
}

/** Starts the deployment, lets it settle and fails the node of its first pod at 65 s. */
function failFirstPodsNode(t: TestEngine): { victim: Pod; failed: string; other: string } {
  t.create(DEPLOYMENT);
  t.advanceTo(60_000);
  const pods = webPods(t);
  assert.equal(pods.length, 2);
  assert.deepEqual(
    pods.map((p) => p.status?.phase),
    ['Running', 'Running'],
  );
  const nodes = pods.map((p) => p.spec?.nodeName).sort();
  assert.deepEqual(nodes, ['worker-1', 'worker-2'], 'one replica per worker');
  const victim = pods.find((p) => p.spec?.nodeName === 'worker-1')!;
  t.advanceTo(65_000);
  t.engine.fleet.failNode('worker-1');
  assert.equal(t.engine.fleet.isNodeFailed('worker-1'), true);
  return { victim, failed: 'worker-1', other: 'worker-2' };
}

describe('a node that stops heartbeating', () => {
  test('goes NotReady after the grace period, is tainted, and its pods move after 300 s', () =>
    withCluster((t) => {
      const { victim, failed, other } = failFirstPodsNode(t);
      const victimName = victim.metadata?.name ?? '';

      // The last lease renewal was at 60 s; the node lifecycle controller checks every 5 s and
      // gives up on the node at the first check more than 50 s (1.32's grace period) later.
      const notReadyAt = t.until(() => ready(t, failed)?.status === 'Unknown', 120_000, 'NotReady');
      assert.equal(notReadyAt, 115_000);
      const conditions = node(t, failed).status?.conditions ?? [];
      for (const type of ['MemoryPressure', 'DiskPressure', 'PIDPressure', 'Ready']) {
        const c = conditions.find((x) => x.type === type);
        assert.equal(c?.status, 'Unknown', type);
        assert.equal(c?.reason, 'NodeStatusUnknown', type);
        assert.equal(c?.message, 'Kubelet stopped posting node status.', type);
        assert.equal(c?.lastTransitionTime, '2025-01-01T00:01:55Z', type);
      }
      assert.deepEqual(taints(t, failed), ['node.kubernetes.io/unreachable:NoSchedule']);
      assert.equal(t.row('v1', 'Node', '', failed).Status, 'NotReady');
      const victimReady = t.pod(victimName).status?.conditions?.find((c) => c.type === 'Ready');
      assert.equal(victimReady?.status, 'False');
      assert.deepEqual(
        t
          .events('default')
          .filter((e) => e.reason === 'NodeNotReady')
          .map((e) => [e.involvedObject.kind, e.message]),
        [
          ['Pod', 'Node is not ready'],
          ['Node', 'Node worker-1 status is now: NodeNotReady'],
        ],
      );

      // The NoExecute taint comes from the rate-limited zone queue, after the next check.
      const taintedAt = t.until(
        () => taints(t, failed).includes('node.kubernetes.io/unreachable:NoExecute'),
        60_000,
        'NoExecute taint',
      );
      assert.equal(taintedAt, 120_100);
      const noExecute = node(t, failed).spec?.taints?.find((x) => x.effect === 'NoExecute');
      assert.equal(noExecute?.timeAdded, '2025-01-01T00:02:00Z');

      // The pod tolerates node.kubernetes.io/unreachable for 300 s (DefaultTolerationSeconds).
      const evictedAt = t.until(
        () => t.pod(victimName).metadata?.deletionTimestamp !== undefined,
        400_000,
        'eviction',
      );
      assert.equal(evictedAt, 420_100);
      const eviction = t.events('default', victimName).find((e) => e.reason === 'TaintManagerEviction');
      assert.equal(eviction?.message, `Marking for deletion Pod default/${victimName}`);
      assert.equal(eviction?.source?.component, 'taint-eviction-controller');
      const disruption = t.pod(victimName).status?.conditions?.find((c) => c.type === 'DisruptionTarget');
      assert.equal(disruption?.reason, 'DeletionByTaintManager');
      assert.equal(disruption?.message, 'Taint manager: deleting due to NoExecute taint');
      // The kubelet of the failed node cannot confirm the deletion: the pod stays Terminating.
      assert.equal(t.row('v1', 'Pod', 'default', victimName).Status, 'Terminating');

      // The ReplicaSet replaces it at once, on the only schedulable node left.
      const replacement = webPods(t).find(
        (p) =>
          p.metadata?.name !== victimName &&
          p.spec?.nodeName === other &&
          !p.metadata?.deletionTimestamp &&
          p.metadata?.creationTimestamp === '2025-01-01T00:07:00Z',
      );
      assert.ok(replacement, 'replacement pod');
      const runningAt = t.until(
        () => t.pod(replacement.metadata?.name ?? '').status?.phase === 'Running',
        10_000,
        'replacement running',
      );
      assert.equal(runningAt, 421_100);
      assert.equal(webPods(t).filter((p) => p.spec?.nodeName === 'control-plane').length, 0);
    }));

  test('recovering removes the taints and lets the kubelet finish the evicted pods', () =>
    withCluster((t) => {
      const { victim, failed } = failFirstPodsNode(t);
      t.advanceTo(500_000);
      assert.ok(t.pod(victim.metadata?.name ?? '').metadata?.deletionTimestamp);
      t.engine.fleet.recoverNode(failed);
      assert.equal(t.engine.fleet.isNodeFailed(failed), false);
      assert.equal(ready(t, failed)?.status, 'True');
      assert.equal(ready(t, failed)?.lastTransitionTime, '2025-01-01T00:08:20Z');
      // The NoSchedule taint follows the Ready condition at once; the NoExecute one goes at the
      // controller's next check.
      assert.deepEqual(taints(t, failed), ['node.kubernetes.io/unreachable:NoExecute']);
      const goneAt = t.until(
        () => t.get('v1', 'Pod', 'default', victim.metadata?.name ?? '') === undefined,
        1_000,
        'evicted pod gone',
      );
      assert.equal(goneAt, 500_000);
      const clearedAt = t.until(() => taints(t, failed).length === 0, 10_000, 'taints removed');
      assert.equal(clearedAt, 505_000);
      assert.equal(t.row('v1', 'Node', '', failed).Status, 'Ready');
      const nodeReady = t.events('default').find((e) => e.reason === 'NodeReady');
      assert.equal(nodeReady?.message, 'Node worker-1 status is now: NodeReady');
      assert.equal(webPods(t).length, 2);
    }));

  test('a node back before tolerationSeconds keeps its pods; the eviction is cancelled', () =>
    withCluster((t) => {
      const { victim, failed } = failFirstPodsNode(t);
      t.advanceTo(200_000);
      t.engine.fleet.recoverNode(failed);
      t.advanceTo(600_000);
      const name = victim.metadata?.name ?? '';
      assert.equal(t.pod(name).metadata?.deletionTimestamp, undefined);
      assert.equal(t.pod(name).status?.conditions?.find((c) => c.type === 'Ready')?.status, 'True');
      const evictionEvents = t.events('default', name).filter((e) => e.reason === 'TaintManagerEviction');
      assert.deepEqual(
        evictionEvents.map((e) => e.message),
        [`Cancelling deletion of Pod default/${name}`],
      );
      assert.equal(webPods(t).length, 2);
    }));

  test('a shorter tolerationSeconds evicts sooner', () =>
    withCluster((t) => {
      t.create({
        apiVersion: 'v1',
        kind: 'Pod',
        metadata: { name: 'impatient', namespace: 'default' },
        spec: {
          nodeName: 'worker-1',
          containers: [{ name: 'app', image: 'nginx:1.25' }],
          tolerations: [
            {
              key: 'node.kubernetes.io/unreachable',
              operator: 'Exists',
              effect: 'NoExecute',
              tolerationSeconds: 20,
            },
          ],
        },
      });
      t.advanceTo(65_000);
      t.engine.fleet.failNode('worker-1');
      const evictedAt = t.until(() => t.pod('impatient').metadata?.deletionTimestamp !== undefined, 200_000);
      assert.equal(evictedAt, 140_100);
    }));

  test('when every node is lost, nothing is evicted (full disruption)', () =>
    withCluster((t) => {
      t.create(DEPLOYMENT);
      t.advanceTo(65_000);
      for (const name of ['control-plane', 'worker-1', 'worker-2']) t.engine.fleet.failNode(name);
      t.advanceTo(800_000);
      for (const name of ['worker-1', 'worker-2']) {
        assert.equal(ready(t, name)?.status, 'Unknown');
        assert.deepEqual(taints(t, name), ['node.kubernetes.io/unreachable:NoSchedule']);
      }
      assert.ok(webPods(t).every((p) => !p.metadata?.deletionTimestamp));
      assert.equal(t.events('default').filter((e) => e.reason === 'TaintManagerEviction').length, 0);
    }));
});
