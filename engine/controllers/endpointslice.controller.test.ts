import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { EndpointSlice } from 'kubernetes-types/discovery/v1';
import { TestEngine } from '../cluster/testing.ts';

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
        containers: [{ name: 'nginx', image: 'nginx:1.25', ports: [{ name: 'http', containerPort: 80 }] }],
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

test('EndpointSlices carry each pod with ready, serving and terminating conditions', async () => {
  const t = await TestEngine.start({ cluster: 'three-nodes' });
  try {
    t.create(SERVICE);
    const slices = () =>
      t.list<EndpointSlice>(
        'discovery.k8s.io/v1',
        'EndpointSlice',
        'default',
        '?labelSelector=kubernetes.io%2Fservice-name%3Dweb',
      );
    const [empty] = slices();
    assert.match(empty?.metadata?.name ?? '', /^web-[bcdfghjklmnpqrstvwxz2456789]{5}$/);
    assert.equal(empty?.endpoints ?? null, null);
    assert.equal(empty?.addressType, 'IPv4');
    assert.deepEqual(empty?.metadata?.labels, {
      app: 'web',
      'kubernetes.io/service-name': 'web',
      'endpointslice.kubernetes.io/managed-by': 'endpointslice-controller.k8s.io',
    });
    assert.equal(empty?.metadata?.ownerReferences?.[0]?.kind, 'Service');
    t.create(WEB);
    t.advance(10_000);
    const [slice] = slices();
    assert.equal(slices().length, 1);
    assert.deepEqual(slice?.ports, [{ name: '', port: 80, protocol: 'TCP' }]);
    assert.deepEqual(
      slice?.endpoints?.map((e) => [e.addresses[0], e.nodeName, JSON.stringify(e.conditions)]),
      [
        ['10.244.1.2', 'worker-1', '{"ready":true,"serving":true,"terminating":false}'],
        ['10.244.2.2', 'worker-2', '{"ready":true,"serving":true,"terminating":false}'],
      ],
    );
    // A terminating pod stays in the slice, not ready but still serving, until it is gone.
    const victim = slice?.endpoints?.[0]?.targetRef?.name ?? '';
    t.request(
      'PATCH',
      `/api/v1/namespaces/default/pods/${victim}`,
      { spec: { terminationGracePeriodSeconds: 30 } },
      'application/merge-patch+json',
    );
    t.delete('v1', 'Pod', 'default', victim);
    const terminating = slices()[0]?.endpoints?.find((e) => e.targetRef?.name === victim);
    assert.deepEqual(terminating?.conditions, { ready: false, serving: true, terminating: true });
    assert.equal(
      t.row('discovery.k8s.io/v1', 'EndpointSlice', 'default', slice?.metadata?.name ?? '').Endpoints !==
        undefined,
      true,
    );
  } finally {
    await t.stop();
  }
});
