import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import type { Endpoints } from 'kubernetes-types/core/v1';
import { type TestEngine, withEngine } from '../cluster/testing.ts';

const inThreeNodes = (run: (t: TestEngine) => void | Promise<void>) =>
  withEngine(run, { cluster: 'three-nodes' });

// The readiness probe runs with the status sync a second after the start; nginx listens from 500 ms.
const WEB = {
  apiVersion: 'apps/v1',
  kind: 'Deployment',
  metadata: { name: 'web', namespace: 'default' },
  spec: {
    replicas: 2,
    selector: { matchLabels: { app: 'web' } },
    template: {
      metadata: { labels: { app: 'web' } },
      spec: {
        containers: [
          {
            name: 'nginx',
            image: 'nginx:1.25',
            ports: [{ name: 'http', containerPort: 80 }],
            readinessProbe: { httpGet: { path: '/', port: 80 }, periodSeconds: 5 },
          },
        ],
      },
    },
  },
};

const SERVICE = {
  apiVersion: 'v1',
  kind: 'Service',
  metadata: { name: 'web', namespace: 'default', labels: { app: 'web' } },
  spec: { selector: { app: 'web' }, ports: [{ port: 8080, targetPort: 'http' }] },
};

const endpoints = (t: TestEngine) => t.get<Endpoints>('v1', 'Endpoints', 'default', 'web');

describe('Endpoints', () => {
  test('pods go from notReadyAddresses to addresses as they turn ready; the named port resolves', () =>
    inThreeNodes((t) => {
      t.create(WEB);
      t.create(SERVICE);
      const timeline = t.record(() => t.row('v1', 'Endpoints', 'default', 'web').Endpoints, 10_000);
      // Both pods have IPs from the start (not ready); ready 4 s in (1 s sandbox, 2 s pull, 1 s).
      assert.deepEqual(timeline, [
        { at: 0, value: '' },
        { at: 4_000, value: '10.244.1.2:80,10.244.2.2:80' },
      ]);
      const subset = endpoints(t)?.subsets?.[0];
      assert.deepEqual(subset?.ports, [{ port: 80, protocol: 'TCP' }]);
      assert.deepEqual(
        subset?.addresses?.map((a) => [a.ip, a.nodeName, a.targetRef?.kind]),
        [
          ['10.244.1.2', 'worker-1', 'Pod'],
          ['10.244.2.2', 'worker-2', 'Pod'],
        ],
      );
      assert.equal(subset?.notReadyAddresses, undefined);
      assert.deepEqual(endpoints(t)?.metadata?.labels, { app: 'web' });
    }));

  test('a deleted pod leaves at once; a Service with no pods has no subsets', () =>
    inThreeNodes((t) => {
      t.create(SERVICE);
      assert.equal(endpoints(t)?.subsets, undefined);
      t.create(WEB);
      t.advance(10_000);
      t.request(
        'PATCH',
        '/apis/apps/v1/namespaces/default/deployments/web/scale',
        { spec: { replicas: 0 } },
        'application/merge-patch+json',
      );
      assert.equal(endpoints(t)?.subsets, undefined);
      t.request('DELETE', '/api/v1/namespaces/default/services/web');
      t.advance(1_000);
      assert.equal(endpoints(t), undefined);
    }));

  test('a headless Service is labelled so', () =>
    inThreeNodes((t) => {
      t.create({ ...SERVICE, spec: { ...SERVICE.spec, clusterIP: 'None' } });
      assert.deepEqual(endpoints(t)?.metadata?.labels, { app: 'web', 'service.kubernetes.io/headless': '' });
    }));
});
