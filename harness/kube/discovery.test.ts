import assert from 'node:assert/strict';
import { test } from 'node:test';
import { Discovery } from './discovery.ts';
import type { RawResponse } from './kube-client.ts';

const DOCUMENTS: Record<string, unknown> = {
  '/api/v1': {
    kind: 'APIResourceList',
    groupVersion: 'v1',
    resources: [
      { name: 'pods', singularName: 'pod', namespaced: true, kind: 'Pod', shortNames: ['po'] },
      { name: 'pods/status', singularName: '', namespaced: true, kind: 'Pod' },
      { name: 'pods/log', singularName: '', namespaced: true, kind: 'Pod' },
      {
        name: 'namespaces',
        singularName: 'namespace',
        namespaced: false,
        kind: 'Namespace',
        shortNames: ['ns'],
      },
      {
        name: 'resourcequotas',
        singularName: 'resourcequota',
        namespaced: true,
        kind: 'ResourceQuota',
        shortNames: ['quota'],
      },
    ],
  },
  '/apis/apps/v1': {
    kind: 'APIResourceList',
    groupVersion: 'apps/v1',
    resources: [
      {
        name: 'deployments',
        singularName: 'deployment',
        namespaced: true,
        kind: 'Deployment',
        shortNames: ['deploy'],
      },
      { name: 'deployments/scale', singularName: '', namespaced: true, kind: 'Scale' },
    ],
  },
  '/apis/rbac.authorization.k8s.io/v1': {
    kind: 'APIResourceList',
    groupVersion: 'rbac.authorization.k8s.io/v1',
    resources: [
      { name: 'clusterroles', singularName: 'clusterrole', namespaced: false, kind: 'ClusterRole' },
    ],
  },
};

/** A cluster that serves the documents above (others: 404) and counts what was asked. */
function fakeCluster(failFirst: string[] = []) {
  const asked: string[] = [];
  const failing = new Set(failFirst);
  const get = async (path: string): Promise<RawResponse> => {
    asked.push(path);
    if (failing.delete(path)) return { status: 503, body: 'unavailable', headers: {} };
    const document = DOCUMENTS[path];
    return document
      ? { status: 200, body: JSON.stringify(document), headers: {} }
      : { status: 404, body: '404 page not found', headers: {} };
  };
  return { asked, discovery: new Discovery(get) };
}

test('a kind maps to its resource, group, version and scope; subresources are not resources', async () => {
  const { discovery } = fakeCluster();
  assert.deepEqual(await discovery.resource('v1', 'Pod'), {
    group: '',
    version: 'v1',
    resource: 'pods',
    kind: 'Pod',
    namespaced: true,
    shortNames: ['po'],
  });
  assert.deepEqual(await discovery.resource('apps/v1', 'Deployment'), {
    group: 'apps',
    version: 'v1',
    resource: 'deployments',
    kind: 'Deployment',
    namespaced: true,
    shortNames: ['deploy'],
  });
  assert.equal((await discovery.resource('rbac.authorization.k8s.io/v1', 'ClusterRole')).namespaced, false);
  await assert.rejects(discovery.resource('apps/v1', 'Scale'), {
    message: 'the cluster does not serve kind Scale in apps/v1',
  });
  await assert.rejects(discovery.resource('v1', 'Widget'), {
    message: 'the cluster does not serve kind Widget in v1',
  });
  await assert.rejects(discovery.resource('example.com/v1', 'Widget'), {
    message: 'discovery of example.com/v1 failed: HTTP 404',
  });
});

test('resources by the names kubectl accepts: plural, singular kind, short name, any case', async () => {
  const { discovery } = fakeCluster();
  const cases: Array<[string, string]> = [
    ['pods', 'Pod'],
    ['pod', 'Pod'],
    ['po', 'Pod'],
    ['Pod', 'Pod'],
    ['ns', 'Namespace'],
    ['quota', 'ResourceQuota'],
    ['resourcequota', 'ResourceQuota'],
    ['deploy', 'Deployment'],
    ['Deployments', 'Deployment'],
    ['clusterrole', 'ClusterRole'],
  ];
  for (const [name, kind] of cases) assert.equal((await discovery.resourceByName(name)).kind, kind, name);
  await assert.rejects(discovery.resourceByName('widgets'), {
    message: 'the cluster has no resource type "widgets"',
  });
});

test("resources of other groups by name, at the group's preferred version (custom resources)", async () => {
  const documents: Record<string, unknown> = {
    ...DOCUMENTS,
    '/apis': {
      kind: 'APIGroupList',
      groups: [
        { name: 'apps', preferredVersion: { groupVersion: 'apps/v1', version: 'v1' } },
        {
          name: 'stable.example.com',
          preferredVersion: { groupVersion: 'stable.example.com/v1', version: 'v1' },
        },
      ],
    },
    '/apis/stable.example.com/v1': {
      kind: 'APIResourceList',
      groupVersion: 'stable.example.com/v1',
      resources: [
        { name: 'crontabs', singularName: 'crontab', namespaced: true, kind: 'CronTab', shortNames: ['ct'] },
      ],
    },
  };
  const discovery = new Discovery(async (path) => {
    const document = documents[path];
    return document
      ? { status: 200, body: JSON.stringify(document), headers: {} }
      : { status: 404, body: '404 page not found', headers: {} };
  });
  for (const name of ['crontab', 'crontabs', 'ct', 'CronTab']) {
    assert.deepEqual(await discovery.resourceByName(name), {
      group: 'stable.example.com',
      version: 'v1',
      resource: 'crontabs',
      kind: 'CronTab',
      namespaced: true,
      shortNames: ['ct'],
    });
  }
  await assert.rejects(discovery.resourceByName('widgets'), {
    message: 'the cluster has no resource type "widgets"',
  });
});

test('each group version is fetched once; a failed fetch is tried again next time', async () => {
  const { asked, discovery } = fakeCluster(['/apis/apps/v1']);
  await Promise.all([discovery.resource('v1', 'Pod'), discovery.resource('v1', 'Namespace')]);
  await discovery.resource('v1', 'ResourceQuota');
  assert.deepEqual(asked, ['/api/v1']);
  await assert.rejects(discovery.resource('apps/v1', 'Deployment'), {
    message: 'discovery of apps/v1 failed: HTTP 503',
  });
  assert.equal((await discovery.resource('apps/v1', 'Deployment')).resource, 'deployments');
  assert.deepEqual(asked, ['/api/v1', '/apis/apps/v1', '/apis/apps/v1']);
});
