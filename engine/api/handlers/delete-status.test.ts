// DELETE status codes and DeleteOptions validation, after apiserver handlers/delete.go.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import type { Status } from 'kubernetes-types/meta/v1';
import { podManifest, TestEngine } from '../../cluster/testing.ts';

let t: TestEngine;
before(async () => {
  t = await TestEngine.start();
});
after(() => t.stop());

const KUBECTL_BODY = { kind: 'DeleteOptions', apiVersion: 'v1', propagationPolicy: 'Background' };

function configMap(name: string, finalizers?: string[]) {
  return {
    apiVersion: 'v1',
    kind: 'ConfigMap',
    metadata: { name, namespace: 'default', ...(finalizers ? { finalizers } : {}) },
    data: { a: 'b' },
  };
}

describe('DELETE answers 200, and 202 only for a pending delete asked with orphanDependents=false', () => {
  const cases: Array<{
    name: string;
    setup: (name: string) => void;
    path: (name: string) => string;
    body?: unknown;
    status: number;
    stillThere: boolean;
  }> = [
    {
      name: 'object without finalizers, kubectl body',
      setup: (n) => t.create(configMap(n)),
      path: (n) => `/api/v1/namespaces/default/configmaps/${n}`,
      body: KUBECTL_BODY,
      status: 200,
      stillThere: false,
    },
    {
      name: 'object without finalizers, orphanDependents=false',
      setup: (n) => t.create(configMap(n)),
      path: (n) => `/api/v1/namespaces/default/configmaps/${n}`,
      body: { orphanDependents: false },
      status: 200,
      stillThere: false,
    },
    {
      name: 'object kept by a finalizer, kubectl body',
      setup: (n) => t.create(configMap(n, ['example.com/keep'])),
      path: (n) => `/api/v1/namespaces/default/configmaps/${n}`,
      body: KUBECTL_BODY,
      status: 200,
      stillThere: true,
    },
    {
      name: 'object kept by a finalizer, orphanDependents=false in the body',
      setup: (n) => t.create(configMap(n, ['example.com/keep'])),
      path: (n) => `/api/v1/namespaces/default/configmaps/${n}`,
      body: { orphanDependents: false },
      status: 202,
      stillThere: true,
    },
    {
      name: 'object kept by a finalizer, orphanDependents=false in the query',
      setup: (n) => t.create(configMap(n, ['example.com/keep'])),
      path: (n) => `/api/v1/namespaces/default/configmaps/${n}?orphanDependents=false`,
      status: 202,
      stillThere: true,
    },
    {
      name: 'object kept by a finalizer, orphanDependents=true',
      setup: (n) => t.create(configMap(n, ['example.com/keep'])),
      path: (n) => `/api/v1/namespaces/default/configmaps/${n}`,
      body: { orphanDependents: true },
      status: 200,
      stillThere: true,
    },
    {
      name: 'running pod, graceful delete',
      setup: (n) => {
        t.create(podManifest(n, { image: 'nginx:1.27' }));
        t.until(() => t.pod(n).status?.phase === 'Running', 60_000);
      },
      path: (n) => `/api/v1/namespaces/default/pods/${n}`,
      body: KUBECTL_BODY,
      status: 200,
      stillThere: true,
    },
    {
      name: 'running pod, graceful delete with orphanDependents=false',
      setup: (n) => {
        t.create(podManifest(n, { image: 'nginx:1.27' }));
        t.until(() => t.pod(n).status?.phase === 'Running', 60_000);
      },
      path: (n) => `/api/v1/namespaces/default/pods/${n}`,
      body: { orphanDependents: false },
      status: 202,
      stillThere: true,
    },
    {
      name: 'namespace',
      setup: (n) => t.create({ apiVersion: 'v1', kind: 'Namespace', metadata: { name: n } }),
      path: (n) => `/api/v1/namespaces/${n}`,
      body: KUBECTL_BODY,
      status: 200,
      stillThere: true,
    },
  ];
  cases.forEach((c, i) => {
    test(c.name, () => {
      const name = `del-${i}`;
      c.setup(name);
      const reply = t.request('DELETE', c.path(name), c.body);
      assert.equal(reply.status, c.status, reply.text);
      const after = t.request('GET', c.path(name).split('?')[0] ?? '');
      assert.equal(after.status === 200, c.stillThere);
    });
  });
});

describe('DeleteOptions are validated like ValidateDeleteOptions', () => {
  const cases: Array<{ name: string; path: string; body?: unknown; message: string }> = [
    {
      name: 'orphanDependents and propagationPolicy together',
      path: '/api/v1/namespaces/default/configmaps/anything',
      body: { orphanDependents: false, propagationPolicy: 'Foreground' },
      message:
        'DeleteOptions.meta.k8s.io "" is invalid: propagationPolicy: Invalid value: "Foreground": orphanDependents and deletionPropagation cannot be both set',
    },
    {
      name: 'an unknown propagation policy in the body',
      path: '/api/v1/namespaces/default/configmaps/anything',
      body: { propagationPolicy: 'Sideways' },
      message:
        'DeleteOptions.meta.k8s.io "" is invalid: propagationPolicy: Unsupported value: "Sideways": supported values: "Foreground", "Background", "Orphan", "nil"',
    },
    {
      name: 'an unknown propagation policy in the query',
      path: '/api/v1/namespaces/default/configmaps/anything?propagationPolicy=Sideways',
      message:
        'DeleteOptions.meta.k8s.io "" is invalid: propagationPolicy: Unsupported value: "Sideways": supported values: "Foreground", "Background", "Orphan", "nil"',
    },
  ];
  for (const c of cases) {
    test(c.name, () => {
      const reply = t.request('DELETE', c.path, c.body);
      assert.equal(reply.status, 422);
      const status = reply.body as Status;
      assert.equal(status.reason, 'Invalid');
      assert.equal(status.message, c.message);
      assert.deepEqual(
        { group: status.details?.group, kind: status.details?.kind },
        {
          group: 'meta.k8s.io',
          kind: 'DeleteOptions',
        },
      );
    });
  }

  test('query options are ignored when the request has a body', () => {
    t.create(configMap('body-wins', ['example.com/keep']));
    const reply = t.request(
      'DELETE',
      '/api/v1/namespaces/default/configmaps/body-wins?orphanDependents=false',
      KUBECTL_BODY,
    );
    assert.equal(reply.status, 200);
  });
});
