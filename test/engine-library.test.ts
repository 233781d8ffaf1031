// The README's example of kuke's engine as a library for client-node tests, kept runnable.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { CoreV1Api, KubeConfig } from '@kubernetes/client-node';
import { startEngine } from '../engine/index.ts';

test('a client-node test against the bundled engine', async () => {
  const engine = await startEngine({ cluster: 'minikube', seed: 'readme' });
  try {
    const config = new KubeConfig();
    config.loadFromString(engine.kubeconfig);
    const core = config.makeApiClient(CoreV1Api);
    await core.createNamespacedPod({
      namespace: 'default',
      body: { metadata: { name: 'web' }, spec: { containers: [{ name: 'nginx', image: 'nginx:1.27' }] } },
    });
    engine.clock.advance(60_000); // a minute of cluster time, in milliseconds of wall time
    const pod = await core.readNamespacedPod({ name: 'web', namespace: 'default' });
    assert.equal(pod.status?.phase, 'Running');
    assert.equal(pod.spec?.nodeName, 'minikube');
  } finally {
    await engine.stop();
  }
});

test('startEngine serves the fixture cluster on a virtual clock', async () => {
  const engine = await startEngine();
  try {
    const config = new KubeConfig();
    config.loadFromString(engine.kubeconfig);
    const nodes = await config.makeApiClient(CoreV1Api).listNode();
    assert.deepEqual(
      nodes.items.map((n) => n.metadata?.name),
      ['minikube'],
    );
    assert.equal(engine.clock.mode, 'virtual');
  } finally {
    await engine.stop();
  }
});
