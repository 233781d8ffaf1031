import assert from 'node:assert/strict';
import { test } from 'node:test';
import { TestEngine } from '../cluster/testing.ts';

test('pods of a deleted node are force-deleted after the quarantine, and replaced', async () => {
  const t = await TestEngine.start({ cluster: 'three-nodes' });
  try {
    t.create({
      apiVersion: 'apps/v1',
      kind: 'ReplicaSet',
      metadata: { name: 'web', namespace: 'default' },
      spec: {
        replicas: 2,
        selector: { matchLabels: { app: 'web' } },
        template: {
          metadata: { labels: { app: 'web' } },
          spec: { containers: [{ name: 'nginx', image: 'nginx:1.25' }] },
        },
      },
    });
    t.advanceTo(10_000);
    const onWorker1 = t.pods().find((p) => p.spec?.nodeName === 'worker-1');
    assert.ok(onWorker1);
    const name = onWorker1.metadata?.name ?? '';
    t.engine.fleet.failNode('worker-1');
    assert.equal(t.delete('v1', 'Node', '', 'worker-1').status, 200);
    // The collector looks every 20 s (20, 40, 60 … s); it first sees the node missing at 20 s and
    // deletes the pod at the first look at least 40 s later.
    const goneAt = t.until(() => t.get('v1', 'Pod', 'default', name) === undefined, 120_000);
    assert.equal(goneAt, 60_000);
    const pods = t.pods();
    assert.equal(pods.length, 2);
    assert.ok(pods.every((p) => p.spec?.nodeName === 'worker-2'));
  } finally {
    await t.stop();
  }
});
