import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { TestEngine } from '../../cluster/testing.ts';
import type { KubeObject } from '../types.ts';

const NS = 'deletes';

describe('DELETE answers the object or a Success Status, as each 1.32 registry does', () => {
  let t: TestEngine;
  before(async () => {
    t = await TestEngine.start();
    t.create({ apiVersion: 'v1', kind: 'Namespace', metadata: { name: NS } });
  });
  after(() => t.stop());

  const success = (name: string, kind: string, uid: string, group?: string) => ({
    kind: 'Status',
    apiVersion: 'v1',
    metadata: {},
    status: 'Success',
    details: { name, ...(group ? { group } : {}), kind, uid },
  });

  const cases: Array<{
    name: string;
    object: Record<string, unknown>;
    path: string;
    query?: string;
    /** 'status': a Success Status naming the object; 'object': the object itself. */
    answer: 'status' | 'object';
    group?: string;
    resource: string;
  }> = [
    {
      name: 'a ConfigMap (no ReturnDeletedObject)',
      object: { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'cm', namespace: NS } },
      path: `/api/v1/namespaces/${NS}/configmaps/cm`,
      answer: 'status',
      resource: 'configmaps',
    },
    {
      name: 'a ConfigMap in a dry run',
      object: { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'dry', namespace: NS } },
      path: `/api/v1/namespaces/${NS}/configmaps/dry`,
      query: '?dryRun=All',
      answer: 'status',
      resource: 'configmaps',
    },
    {
      name: 'a Secret',
      object: { apiVersion: 'v1', kind: 'Secret', metadata: { name: 's', namespace: NS } },
      path: `/api/v1/namespaces/${NS}/secrets/s`,
      answer: 'status',
      resource: 'secrets',
    },
    {
      name: 'a Role (a group other than core)',
      object: {
        apiVersion: 'rbac.authorization.k8s.io/v1',
        kind: 'Role',
        metadata: { name: 'r', namespace: NS },
        rules: [],
      },
      path: `/apis/rbac.authorization.k8s.io/v1/namespaces/${NS}/roles/r`,
      answer: 'status',
      group: 'rbac.authorization.k8s.io',
      resource: 'roles',
    },
    {
      name: 'a ServiceAccount (ReturnDeletedObject)',
      object: { apiVersion: 'v1', kind: 'ServiceAccount', metadata: { name: 'sa', namespace: NS } },
      path: `/api/v1/namespaces/${NS}/serviceaccounts/sa`,
      answer: 'object',
      resource: 'serviceaccounts',
    },
    {
      name: 'a Service (ReturnDeletedObject)',
      object: {
        apiVersion: 'v1',
        kind: 'Service',
        metadata: { name: 'svc', namespace: NS },
        spec: { ports: [{ port: 80 }] },
      },
      path: `/api/v1/namespaces/${NS}/services/svc`,
      answer: 'object',
      resource: 'services',
    },
    {
      name: 'a ConfigMap kept by a finalizer (pending)',
      object: {
        apiVersion: 'v1',
        kind: 'ConfigMap',
        metadata: { name: 'kept', namespace: NS, finalizers: ['example.com/keep'] },
      },
      path: `/api/v1/namespaces/${NS}/configmaps/kept`,
      answer: 'object',
      resource: 'configmaps',
    },
  ];
  for (const c of cases) {
    test(c.name, () => {
      const created = t.create<KubeObject>(c.object);
      const reply = t.request('DELETE', `${c.path}${c.query ?? ''}`);
      assert.equal(reply.status, 200);
      if (c.answer === 'status') {
        assert.equal(
          reply.text,
          `${JSON.stringify(success(created.metadata.name!, c.resource, created.metadata.uid!, c.group))}\n`,
        );
      } else {
        const body = reply.body as KubeObject;
        assert.equal(body.kind, created.kind);
        assert.equal(body.metadata.uid, created.metadata.uid);
      }
    });
  }
});
