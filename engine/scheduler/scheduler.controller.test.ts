import assert from 'node:assert/strict';
import { test } from 'node:test';
import { TestEngine } from '../cluster/testing.ts';

test('a preempted victim is marked DisruptionTarget, deleted gracefully and told why', async () => {
  const t = await TestEngine.start({ cluster: 'minikube' });
  try {
    t.create({
      apiVersion: 'scheduling.k8s.io/v1',
      kind: 'PriorityClass',
      metadata: { name: 'high' },
      value: 1_000_000,
    });
    const memoryPod = (name: string, memory: string, priorityClassName?: string) => ({
      apiVersion: 'v1',
      kind: 'Pod',
      metadata: { name, namespace: 'default' },
      spec: {
        ...(priorityClassName ? { priorityClassName } : {}),
        containers: [{ name: 'main', image: 'nginx:1.27', resources: { requests: { memory } } }],
      },
    });
    t.create(memoryPod('batch', '1500Mi'));
    t.until(() => t.pod('batch').status?.phase === 'Running', 60_000, 'batch Running');
    const preemptor = t.create<{ metadata: { uid: string } }>(memoryPod('critical', '1Gi', 'high'));

    t.until(() => t.pod('batch').metadata?.deletionTimestamp !== undefined, 10_000, 'batch terminating');
    const victim = t.pod('batch');
    assert.deepEqual(
      victim.status?.conditions
        ?.filter((c) => c.type === 'DisruptionTarget')
        .map((c) => [c.status, c.reason, c.message]),
      [
        [
          'True',
          'PreemptionByScheduler',
          'default-scheduler: preempting to accommodate a higher priority pod',
        ],
      ],
    );
    assert.equal(victim.metadata?.deletionGracePeriodSeconds, 30);
    assert.ok(
      t
        .eventLines('default', 'batch')
        .includes(`Preempted: Preempted by pod ${preemptor.metadata.uid} on node minikube`),
      t.eventLines('default', 'batch').join('\n'),
    );
    t.until(() => t.pod('critical').status?.phase === 'Running', 120_000, 'critical Running');
    assert.equal(t.get('v1', 'Pod', 'default', 'batch'), undefined);
  } finally {
    await t.stop();
  }
});
