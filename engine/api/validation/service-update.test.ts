import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import type { Service, ServiceSpec } from 'kubernetes-types/core/v1';
import { TestEngine } from '../../cluster/testing.ts';
import { fieldErrorBody } from '../errors.ts';
import { prepareServiceUpdate, validateServiceUpdate } from './service-update.ts';

const svc = (spec: ServiceSpec): Service => ({
  apiVersion: 'v1',
  kind: 'Service',
  metadata: { name: 's' },
  spec,
});
const OLD = svc({ type: 'ClusterIP', clusterIP: '10.96.0.10', clusterIPs: ['10.96.0.10'] });

describe('service updates: cluster IPs', () => {
  const cases: Array<{
    name: string;
    spec: ServiceSpec;
    old?: Service;
    clusterIPs: unknown;
    errors: string[];
  }> = [
    {
      name: 'left out: the allocated IPs are kept',
      spec: { type: 'ClusterIP' },
      clusterIPs: ['10.96.0.10'],
      errors: [],
    },
    {
      name: 'the singular field changed: both change, and are refused',
      spec: { type: 'ClusterIP', clusterIP: '10.96.0.99', clusterIPs: ['10.96.0.10'] },
      clusterIPs: ['10.96.0.99'],
      errors: ['spec.clusterIPs[0]: Invalid value: []string{"10.96.0.99"}: may not change once set'],
    },
    {
      name: 'both changed',
      spec: { type: 'ClusterIP', clusterIP: '10.96.0.99', clusterIPs: ['10.96.0.99'] },
      clusterIPs: ['10.96.0.99'],
      errors: ['spec.clusterIPs[0]: Invalid value: []string{"10.96.0.99"}: may not change once set'],
    },
    {
      name: 'to ExternalName',
      spec: { type: 'ExternalName', externalName: 'example.com' },
      clusterIPs: undefined,
      errors: [],
    },
    {
      name: 'headless stays headless',
      old: svc({ type: 'ClusterIP', clusterIP: 'None', clusterIPs: ['None'] }),
      spec: { type: 'ClusterIP', clusterIP: 'None', clusterIPs: ['None'] },
      clusterIPs: ['None'],
      errors: [],
    },
  ];
  for (const c of cases) {
    test(c.name, () => {
      const next = svc(structuredClone(c.spec));
      const old = c.old ?? OLD;
      prepareServiceUpdate(next, old);
      assert.deepEqual(next.spec?.clusterIPs, c.clusterIPs);
      assert.deepEqual(
        validateServiceUpdate(next, old).map((e) => `${e.field}: ${fieldErrorBody(e)}`),
        c.errors,
      );
    });
  }
});

describe('service cluster IP changes over the API', () => {
  let t: TestEngine;
  before(async () => {
    t = await TestEngine.start();
  });
  after(() => t.stop());

  test('a patch of spec.clusterIP is a 422; a replace without it keeps the IP', () => {
    const created = t.create<Service>({
      apiVersion: 'v1',
      kind: 'Service',
      metadata: { name: 'web', namespace: 'default' },
      spec: { ports: [{ port: 80 }] },
    });
    const ip = created.spec?.clusterIP ?? '';
    const path = '/api/v1/namespaces/default/services/web';
    const reply = t.request(
      'PATCH',
      path,
      { spec: { clusterIP: '10.96.200.1' } },
      'application/merge-patch+json',
    );
    const detail = 'Invalid value: []string{"10.96.200.1"}: may not change once set';
    assert.deepEqual(reply.body, {
      kind: 'Status',
      apiVersion: 'v1',
      metadata: {},
      status: 'Failure',
      message: `Service "web" is invalid: spec.clusterIPs[0]: ${detail}`,
      reason: 'Invalid',
      details: {
        name: 'web',
        kind: 'Service',
        causes: [{ reason: 'FieldValueInvalid', message: detail, field: 'spec.clusterIPs[0]' }],
      },
      code: 422,
    });
    const replaced = t.request('PUT', path, {
      apiVersion: 'v1',
      kind: 'Service',
      metadata: { name: 'web', namespace: 'default', resourceVersion: created.metadata?.resourceVersion },
      spec: { ports: [{ port: 8080 }] },
    });
    assert.equal(replaced.status, 200, replaced.text);
    const spec = (replaced.body as Service).spec;
    assert.deepEqual([spec?.clusterIP, spec?.clusterIPs], [ip, [ip]]);
  });
});
