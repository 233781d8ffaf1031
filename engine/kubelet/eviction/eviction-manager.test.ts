import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import type { Event, Node, NodeCondition, Pod } from 'kubernetes-types/core/v1';
import type { ClusterFixture } from '../../cluster/cluster.schema.ts';
import { TestEngine } from '../../cluster/testing.ts';

// A node of 1Gi: memory.available < 100Mi once the containers use more than 924Mi.
function smallNode(
  kubelet?: NonNullable<ClusterFixture['spec']['nodes'][number]['kubelet']>,
): ClusterFixture {
  return {
    apiVersion: 'kuke.dev/v1alpha1',
    kind: 'Cluster',
    metadata: { name: 'small' },
    spec: {
      nodes: [{ name: 'small', capacity: { cpu: '2', memory: '1Gi' }, ...(kubelet ? { kubelet } : {}) }],
    },
  };
}

async function withEngine(
  cluster: ClusterFixture,
  run: (t: TestEngine) => void | Promise<void>,
): Promise<void> {
  const t = await TestEngine.start({ cluster });
  try {
    await run(t);
  } finally {
    await t.stop();
  }
}

function pod(name: string, container: Record<string, unknown>, extra: Record<string, unknown> = {}) {
  return {
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: { name, namespace: 'default' },
    spec: { terminationGracePeriodSeconds: 30, containers: [{ name: 'app', ...container }], ...extra },
  };
}

/** A BestEffort pod: busybox running `sleep` (1Mi), which ignores SIGTERM. */
const SLEEPER = { image: 'busybox:1.36', command: ['sleep', '3600'] };
/** A Guaranteed nginx (6Mi of its 64Mi). */
const GUARANTEED = {
  image: 'nginx:1.27',
  resources: { requests: { cpu: '100m', memory: '64Mi' }, limits: { cpu: '100m', memory: '64Mi' } },
};
/** stress holding 950M (951Mi with the process), within its 960Mi request: Burstable. */
const HOG = {
  image: 'polinux/stress',
  command: ['stress'],
  args: ['--vm', '1', '--vm-bytes', '950M', '--vm-hang', '1'],
  resources: { requests: { memory: '960Mi' } },
};

function memoryPressure(node: Node | undefined): NodeCondition | undefined {
  return node?.status?.conditions?.find((c) => c.type === 'MemoryPressure');
}

function summary(p: Pod): string {
  const state = p.status?.containerStatuses?.[0]?.state;
  const container = state?.running
    ? 'running'
    : state?.terminated
      ? `terminated:${state.terminated.reason}`
      : 'waiting';
  return `${p.status?.phase}${p.status?.reason ? `/${p.status.reason}` : ''} ${container}`;
}

describe('memory pressure on a 1Gi node', () => {
  test('the BestEffort pod goes first, then the Burstable one; the Guaranteed pod stays', () =>
    withEngine(smallNode(), (t) => {
      for (const [name, container] of [
        ['sleeper', SLEEPER],
        ['steady', GUARANTEED],
        ['hog', HOG],
      ] as const) {
        t.create(pod(name, container));
      }
      const timeline = t.record(
        () => ['sleeper', 'hog', 'steady'].map((name) => summary(t.pod(name))).join(' | '),
        30_000,
      );
      assert.deepEqual(
        timeline.map((e) => `${e.at} ${e.value}`),
        [
          '0 Pending waiting | Pending waiting | Pending waiting',
          '2000 Running running | Pending waiting | Pending waiting',
          '3000 Running running | Running running | Running running',
          // The manager looks every 10 s from the kubelet's start and evicts the BestEffort pod; busybox
          // ignores SIGTERM and is killed when the 2 s minimum grace ends. The manager looks again as
          // soon as it is gone, finds the threshold still met and evicts the hog.
          '12000 Failed/Evicted terminated:Error | Running running | Running running',
          '14000 Failed/Evicted terminated:Error | Failed/Evicted terminated:Error | Running running',
        ],
      );
      const sleeper = t.pod('sleeper');
      const message =
        'The node was low on resource: memory. Threshold quantity: 100Mi, available: 66Mi. ' +
        'Container app was using 1Mi, request is 0, has larger consumption of memory. ';
      assert.equal(sleeper.status?.message, message);
      assert.equal(sleeper.status?.qosClass, 'BestEffort');
      const disruption = sleeper.status?.conditions?.find((c) => c.type === 'DisruptionTarget');
      assert.deepEqual(
        { status: disruption?.status, reason: disruption?.reason, message: disruption?.message },
        { status: 'True', reason: 'TerminationByKubelet', message },
      );
      assert.equal(sleeper.status?.containerStatuses?.[0]?.state?.terminated?.exitCode, 137);
      assert.equal(t.row('v1', 'Pod', 'default', 'sleeper').Status, 'Error');
      // The hog was within its request: no container is blamed.
      assert.equal(
        t.pod('hog').status?.message,
        'The node was low on resource: memory. Threshold quantity: 100Mi, available: 67Mi. ',
      );
      const steady = t.pod('steady');
      assert.equal(steady.status?.phase, 'Running');
      assert.equal(steady.status?.containerStatuses?.[0]?.restartCount, 0);

      const evicted = t.events('default', 'sleeper').filter((e) => e.reason === 'Evicted');
      assert.equal(evicted.length, 1);
      assert.equal(evicted[0]?.type, 'Warning');
      assert.equal(evicted[0]?.message, message);
      assert.equal(evicted[0]?.source?.component, 'kubelet');
      assert.deepEqual(evicted[0]?.metadata?.annotations, {
        offending_containers: 'app',
        offending_containers_usage: '1Mi',
        starved_resource: 'memory',
      });
      assert.deepEqual(
        t.eventLines('default', 'sleeper').filter((l) => l.startsWith('Killing')),
        ['Killing: Stopping container app'],
      );
    }));

  test('MemoryPressure, the taint and the node events, until the transition period has passed', () =>
    withEngine(smallNode(), (t) => {
      t.create(pod('steady', GUARANTEED));
      t.create(pod('hog', HOG));
      const node = () => t.get<Node>('v1', 'Node', '', 'small');
      const timeline = t.record(() => {
        const condition = memoryPressure(node());
        const taints = (node()?.spec?.taints ?? []).map((taint) => `${taint.key}:${taint.effect}`);
        return `${condition?.status} ${condition?.reason} [${taints.join(',')}]`;
      }, 400_000);
      assert.deepEqual(timeline, [
        { at: 0, value: 'False KubeletHasSufficientMemory []' },
        {
          at: 10_000,
          value: 'True KubeletHasInsufficientMemory [node.kubernetes.io/memory-pressure:NoSchedule]',
        },
        // Last met at 10 s; the hog, evicted then, is gone at 12 s, when the manager looks again and
        // goes on every 10 s: the first look 5 min after the threshold was last met is at 312 s.
        { at: 312_000, value: 'False KubeletHasSufficientMemory []' },
      ]);
      const condition = memoryPressure(node());
      assert.equal(condition?.message, 'kubelet has sufficient memory available');
      const nodeEvents = (t.events('default', 'small') as Event[]).map(
        (e) => `${e.type} ${e.reason} ${e.source?.component}: ${e.message}`,
      );
      assert.deepEqual(nodeEvents, [
        'Normal NodeHasInsufficientMemory kubelet: Node small status is now: NodeHasInsufficientMemory',
        'Warning EvictionThresholdMet kubelet: Attempting to reclaim memory',
        'Normal NodeHasSufficientMemory kubelet: Node small status is now: NodeHasSufficientMemory',
      ]);
    }));
});

describe('when the kubelet evicts, and what it leaves', () => {
  test('a growing process is evicted at the first look after it crosses the threshold', () =>
    withEngine(smallNode(), (t) => {
      const profile = [
        'apiVersion: kuke.dev/v1alpha1',
        'kind: ImageProfile',
        'metadata: { name: leaky }',
        'spec:',
        '  images: [example.com/leaky]',
        '  defaults:',
        '    memory: { growth: { from: 100Mi, perSecond: 10Mi } }',
      ].join('\n');
      t.engine.images.add(profile, 'leaky.yaml');
      t.create(pod('leaky', { image: 'example.com/leaky:1.0' }));
      // Started at 2 s; 100Mi + 10Mi/s passes 924Mi after 82.4 s, at 84.4 s: the look at 90 s sees it.
      const evicted = () => t.events('default', 'leaky').find((e) => e.reason === 'Evicted');
      assert.equal(
        t.until(() => evicted() !== undefined, 120_000),
        90_000,
      );
      assert.equal(
        evicted()?.message,
        'The node was low on resource: memory. Threshold quantity: 100Mi, available: 44Mi. ' +
          'Container app was using 980Mi, request is 0, has larger consumption of memory. ',
      );
    }));

  test('a node of its own threshold: a percentage of its memory', () =>
    withEngine(smallNode({ evictionHard: { 'memory.available': '20%' } }), (t) => {
      // 20% of 1Gi, with the percentage a float32 as upstream keeps it: 214748368 bytes (204.8Mi);
      // 850M of stress (851Mi with the process) leaves 173Mi.
      t.create(
        pod('hog', { ...HOG, args: ['--vm', '1', '--vm-bytes', '850M', '--vm-hang', '1'], resources: {} }),
      );
      t.until(() => t.pod('hog').status?.reason === 'Evicted', 60_000);
      assert.equal(
        t.pod('hog').status?.message,
        'The node was low on resource: memory. Threshold quantity: 214748368, available: 173Mi. ' +
          'Container app was using 851Mi, request is 0, has larger consumption of memory. ',
      );
    }));

  test('with memory.available switched off nothing is evicted', () =>
    withEngine(smallNode({ evictionHard: { 'memory.available': '0%' } }), (t) => {
      t.create(pod('hog', { ...HOG, resources: {} }));
      t.advanceTo(600_000);
      assert.equal(t.pod('hog').status?.phase, 'Running');
      assert.equal(memoryPressure(t.get<Node>('v1', 'Node', '', 'small'))?.status, 'False');
    }));

  test('a shorter transition period clears MemoryPressure sooner', () =>
    withEngine(smallNode({ evictionPressureTransitionPeriod: '30s' }), (t) => {
      t.create(pod('hog', HOG));
      const node = () => memoryPressure(t.get<Node>('v1', 'Node', '', 'small'))?.status;
      const timeline = t.record(node, 120_000);
      assert.deepEqual(timeline, [
        { at: 0, value: 'False' },
        { at: 10_000, value: 'True' },
        { at: 42_000, value: 'False' },
      ]);
    }));

  test('a critical pod is passed over', () =>
    withEngine(smallNode(), (t) => {
      t.create(pod('critical', { ...HOG, resources: {} }, { priorityClassName: 'system-node-critical' }));
      t.create(pod('sleeper', SLEEPER));
      t.until(() => t.pod('sleeper').status?.reason === 'Evicted', 60_000);
      assert.equal(t.pod('critical').status?.phase, 'Running');
      assert.equal(t.pod('critical').spec?.priority, 2000001000);
    }));

  test('an evicted server that exits 0 on SIGTERM ends Succeeded, without the reason (getPhase of 1.32)', () =>
    withEngine(smallNode(), (t) => {
      t.create(pod('web', { image: 'nginx:1.27' }));
      t.create(pod('hog', HOG));
      t.until(() => t.pod('web').status?.phase === 'Succeeded', 60_000);
      const web = t.pod('web');
      assert.equal(web.status?.reason, undefined);
      assert.equal(web.status?.containerStatuses?.[0]?.state?.terminated?.reason, 'Completed');
      assert.equal(
        web.status?.conditions?.find((c) => c.type === 'DisruptionTarget')?.reason,
        'TerminationByKubelet',
      );
      assert.equal(t.row('v1', 'Pod', 'default', 'web').Status, 'Completed');
      assert.equal(t.events('default', 'web').filter((e) => e.reason === 'Evicted').length, 1);
    }));

  test('a pod evicted before its container started: ContainerStatusUnknown', () =>
    withEngine(smallNode(), (t) => {
      t.create(pod('hog', { ...HOG, resources: {} }));
      t.advanceTo(9_500);
      // Pulled with imagePullPolicy Always: still pulling when the manager looks at 10 s; no stats yet
      // for its container, but the pod has its sandbox, and it exceeds its request of 0.
      t.create(pod('late', { image: 'mongo:3.3' }));
      t.until(() => t.pod('late').status?.reason === 'Evicted', 30_000);
      const state = t.pod('late').status?.containerStatuses?.[0]?.state?.terminated;
      assert.deepEqual(
        { reason: state?.reason, exitCode: state?.exitCode, message: state?.message },
        {
          reason: 'ContainerStatusUnknown',
          exitCode: 137,
          message: 'The container could not be located when the pod was terminated',
        },
      );
      assert.equal(t.row('v1', 'Pod', 'default', 'late').Status, 'ContainerStatusUnknown');
    }));

  test("the ReplicaSet's replacement waits for the memory-pressure taint to go", () =>
    withEngine(smallNode(), (t) => {
      t.create({
        apiVersion: 'apps/v1',
        kind: 'Deployment',
        metadata: { name: 'sleeper', namespace: 'default' },
        spec: {
          replicas: 1,
          selector: { matchLabels: { app: 'sleeper' } },
          template: {
            metadata: { labels: { app: 'sleeper' } },
            spec: { containers: [{ name: 'app', ...SLEEPER }] },
          },
        },
      });
      t.create(pod('hog', HOG));
      const phases = () =>
        t
          .pods()
          .filter((p) => p.metadata?.labels?.app === 'sleeper')
          .map((p) => `${p.status?.phase}${p.status?.reason ? `/${p.status.reason}` : ''}`)
          .sort()
          .join(' ');
      const timeline = t.record(phases, 400_000);
      assert.deepEqual(
        timeline.map((e) => `${e.at} ${e.value}`),
        [
          '0 Pending',
          '2000 Running',
          // Failed when its container has stopped; the ReplicaSet's replacement finds the node tainted.
          '12000 Failed/Evicted Pending',
          // The hog, evicted at 12 s, is gone at 14 s; the pressure, and the taint, end at 314 s.
          '316000 Failed/Evicted Running',
        ],
      );
      const replacement = t
        .pods()
        .find((p) => p.metadata?.labels?.app === 'sleeper' && p.status?.phase === 'Running');
      assert.ok(replacement);
      // Scheduled once the taint has gone with MemoryPressure, not before.
      const scheduledAt = replacement.status?.conditions?.find(
        (c) => c.type === 'PodScheduled',
      )?.lastTransitionTime;
      const pressureEnded = memoryPressure(t.get<Node>('v1', 'Node', '', 'small'))?.lastTransitionTime;
      assert.equal(pressureEnded, '2025-01-01T00:05:14Z');
      assert.ok(
        scheduledAt && pressureEnded && Date.parse(scheduledAt) >= Date.parse(pressureEnded),
        scheduledAt,
      );
      const failed = t
        .events('default', replacement.metadata?.name)
        .find((e) => e.reason === 'FailedScheduling');
      assert.equal(
        failed?.message,
        '0/1 nodes are available: 1 node(s) had untolerated taint {node.kubernetes.io/memory-pressure: }. ' +
          'preemption: 0/1 nodes are available: 1 Preemption is not helpful for scheduling.',
      );
    }));
});

describe('the manager looks only when the memory can cross the threshold', () => {
  test('planned while the containers could reach it, not once they are gone', () =>
    withEngine(smallNode(), (t) => {
      const kubelet = () => t.engine.fleet.kubelet('small');
      t.create(pod('steady', GUARANTEED));
      t.advanceTo(5_000);
      // 6Mi of nginx under a 64Mi limit: nowhere near 924Mi.
      assert.equal(kubelet()?.evictionPlannedAt, undefined);
      t.create(pod('hog', HOG));
      t.advanceTo(9_000);
      assert.equal(kubelet()?.evictionPlannedAt, t.start + 10_000);
      // Deleted at once (grace 0): its container no longer counts, and nothing is planned.
      assert.equal(t.delete('v1', 'Pod', 'default', 'hog', { gracePeriodSeconds: 0 }).status, 200);
      t.advanceTo(9_500);
      assert.equal(kubelet()?.evictionPlannedAt, undefined);
      t.advanceTo(60_000);
      assert.equal(memoryPressure(t.get<Node>('v1', 'Node', '', 'small'))?.status, 'False');
    }));

  test('a container whose memory is capped by its limit counts for its limit', () =>
    withEngine(smallNode(), (t) => {
      // 950M under a 900Mi limit would be OOMKilled; it counts for 900Mi at most: below 924Mi.
      t.create(pod('capped', { ...HOG, resources: { limits: { memory: '900Mi' } } }));
      const seen = t.record(() => {
        const status = t.pod('capped').status?.containerStatuses?.[0];
        return `${status?.state?.running ? 'running' : 'not running'} ${t.engine.fleet.kubelet('small')?.evictionPlannedAt}`;
      }, 60_000);
      assert.ok(seen.some((e) => e.value.startsWith('running')));
      assert.deepEqual(
        seen.filter((e) => !e.value.endsWith('undefined')),
        [],
      );
    }));
});
