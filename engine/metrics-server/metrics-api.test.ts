import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { ClusterRole } from 'kubernetes-types/rbac/v1';
import { TestEngine } from '../cluster/testing.ts';

const POD = {
  apiVersion: 'v1',
  kind: 'Pod',
  metadata: { name: 'burner', namespace: 'default', labels: { app: 'burner' } },
  spec: {
    containers: [
      {
        name: 'stress',
        image: 'polinux/stress',
        command: ['stress', '--cpu', '1'],
        resources: { limits: { cpu: '250m' } },
      },
      { name: 'idle', image: 'registry.k8s.io/pause:3.9' },
    ],
  },
};

test('metrics.k8s.io serves the kubelets’ usage: pods, nodes, label selectors, NotFound', async () => {
  const t = await TestEngine.start();
  try {
    t.create(POD);
    const before = t.request('GET', '/apis/metrics.k8s.io/v1beta1/namespaces/default/pods/burner');
    assert.equal(before.status, 404);
    assert.equal(
      (before.body as { message: string }).message,
      'podmetrics.metrics.k8s.io "default/burner" not found',
    );
    t.advanceTo(30_000);
    const pods = t.request(
      'GET',
      '/apis/metrics.k8s.io/v1beta1/namespaces/default/pods?labelSelector=app%3Dburner',
    );
    assert.equal(pods.status, 200);
    assert.deepEqual(pods.body, {
      kind: 'PodMetricsList',
      apiVersion: 'metrics.k8s.io/v1beta1',
      metadata: {},
      items: [
        {
          metadata: {
            name: 'burner',
            namespace: 'default',
            creationTimestamp: '2025-01-01T00:00:30Z',
            labels: { app: 'burner' },
          },
          timestamp: '2025-01-01T00:00:30Z',
          window: '15s',
          containers: [
            // stress --cpu 1 wants a whole core; the CFS quota holds it at its 250m limit.
            { name: 'stress', usage: { cpu: '250m', memory: '1Mi' } },
            { name: 'idle', usage: { cpu: '0', memory: '256Ki' } },
          ],
        },
      ],
    });
    const none = t.request(
      'GET',
      '/apis/metrics.k8s.io/v1beta1/namespaces/default/pods?labelSelector=app%3Dother',
    );
    assert.deepEqual((none.body as Items).items, []);
    const node = t.request('GET', '/apis/metrics.k8s.io/v1beta1/nodes/minikube');
    assert.equal(node.status, 200);
    assert.equal((node.body as { usage: { cpu: string } }).usage.cpu, '250m');
    assert.equal(t.request('GET', '/apis/metrics.k8s.io/v1beta1/nodes/nope').status, 404);
    const missing = t.request('GET', '/apis/metrics.k8s.io/v1beta1/namespaces/default/pods/nope');
    assert.equal((missing.body as { message: string }).message, 'pods "nope" not found');
    assert.equal(t.request('GET', '/apis/metrics.k8s.io/v1beta1/watch/nodes').status, 405);

    const discovery = t.request('GET', '/apis/metrics.k8s.io/v1beta1');
    assert.deepEqual(
      (discovery.body as { resources: { name: string; kind: string; verbs: string[] }[] }).resources.map(
        (r) => [r.name, r.kind, r.verbs],
      ),
      [
        ['nodes', 'NodeMetrics', ['get', 'list']],
        ['pods', 'PodMetrics', ['get', 'list']],
      ],
    );
  } finally {
    await t.stop();
  }
});

interface Items {
  items: unknown[];
}

test('the view role includes reading metrics, as metrics-server’s aggregated role adds it', async () => {
  const t = await TestEngine.start();
  try {
    t.advanceTo(1_000);
    const view = t.get<ClusterRole>('rbac.authorization.k8s.io/v1', 'ClusterRole', '', 'view');
    assert.ok(
      view?.rules?.some((r) => r.apiGroups?.includes('metrics.k8s.io') && r.resources?.includes('pods')),
      JSON.stringify(view?.rules?.slice(-3)),
    );
  } finally {
    await t.stop();
  }
});
