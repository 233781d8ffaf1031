import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { TestEngine } from '../../cluster/testing.ts';
import { roundTripLikeGo } from './go-round-trip.ts';

describe('collections after a round trip through the Go types and storage', () => {
  const cases: Array<{ name: string; apiVersion: string; kind: string; input: object; expected: object }> = [
    {
      name: 'EndpointSlice without endpoints: null (no omitempty)',
      apiVersion: 'discovery.k8s.io/v1',
      kind: 'EndpointSlice',
      input: { addressType: 'IPv4' },
      expected: { addressType: 'IPv4', endpoints: null, ports: null },
    },
    {
      name: 'EndpointSlice with endpoints: null',
      apiVersion: 'discovery.k8s.io/v1',
      kind: 'EndpointSlice',
      input: { addressType: 'IPv4', endpoints: null, ports: [] },
      expected: { addressType: 'IPv4', endpoints: null, ports: null },
    },
    {
      name: 'EndpointSlice with endpoints: [] (storage keeps no empty list)',
      apiVersion: 'discovery.k8s.io/v1',
      kind: 'EndpointSlice',
      input: { endpoints: [], addressType: 'IPv4', ports: [{ port: 80 }] },
      expected: { endpoints: null, addressType: 'IPv4', ports: [{ port: 80 }] },
    },
    {
      name: 'EndpointSlice with endpoints',
      apiVersion: 'discovery.k8s.io/v1',
      kind: 'EndpointSlice',
      input: { addressType: 'IPv4', endpoints: [{ addresses: ['10.244.0.5'] }] },
      expected: { addressType: 'IPv4', endpoints: [{ addresses: ['10.244.0.5'] }], ports: null },
    },
    {
      name: 'CSINode without drivers',
      apiVersion: 'storage.k8s.io/v1',
      kind: 'CSINode',
      input: { spec: {} },
      expected: { spec: { drivers: null } },
    },
    {
      name: 'ClusterRole without rules (json:"rules", no omitempty)',
      apiVersion: 'rbac.authorization.k8s.io/v1',
      kind: 'ClusterRole',
      input: { aggregationRule: { clusterRoleSelectors: [{ matchLabels: { a: 'b' } }] } },
      expected: { aggregationRule: { clusterRoleSelectors: [{ matchLabels: { a: 'b' } }] }, rules: null },
    },
    {
      name: 'an omitempty list is left out',
      apiVersion: 'v1',
      kind: 'Service',
      input: { spec: { ports: [], selector: {} } },
      expected: { spec: {} },
    },
  ];
  for (const c of cases) {
    test(c.name, () => {
      const object = { apiVersion: c.apiVersion, kind: c.kind, metadata: { name: 'x' }, ...c.input };
      const {
        apiVersion: _a,
        kind: _k,
        metadata: _m,
        ...rest
      } = roundTripLikeGo(object, c.apiVersion, c.kind);
      assert.deepEqual(rest, c.expected);
    });
  }
});

test('the API serves the EndpointSlice of a Service without pods with "endpoints":null', async () => {
  const t = await TestEngine.start();
  try {
    t.create({
      apiVersion: 'v1',
      kind: 'Service',
      metadata: { name: 'lonely', namespace: 'default' },
      spec: { selector: { app: 'none' }, ports: [{ port: 80 }] },
    });
    t.advance(1_000);
    const reply = t.request(
      'GET',
      '/apis/discovery.k8s.io/v1/namespaces/default/endpointslices?labelSelector=kubernetes.io%2Fservice-name%3Dlonely',
    );
    assert.equal(reply.status, 200);
    const slices = (reply.body as { items: Array<Record<string, unknown>> }).items;
    assert.equal(slices.length, 1);
    assert.match(reply.text, /"addressType":"IPv4","endpoints":null/);
    assert.equal(slices[0]?.endpoints, null);
  } finally {
    await t.stop();
  }
});
