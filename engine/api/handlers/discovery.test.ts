import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { TestEngine } from '../../cluster/testing.ts';
import { builtInResourceRegistry } from '../resources/index.ts';
import { aggregatedDiscovery, apiResourceList, negotiateDiscovery } from './discovery.ts';

const KUBECTL_ACCEPT =
  'application/json;g=apidiscovery.k8s.io;v=v2;as=APIGroupDiscoveryList,application/json;g=apidiscovery.k8s.io;v=v2beta1;as=APIGroupDiscoveryList,application/json';

describe('aggregated discovery negotiation', () => {
  const cases: Array<[string | undefined, 'v2' | 'v2beta1' | undefined]> = [
    [KUBECTL_ACCEPT, 'v2'],
    ['application/json;g=apidiscovery.k8s.io;v=v2beta1;as=APIGroupDiscoveryList,application/json', 'v2beta1'],
    ['application/json', undefined],
    ['application/json, */*', undefined],
    [undefined, undefined],
    // A plain type the client prefers wins over an aggregated one after it.
    ['application/json,application/json;g=apidiscovery.k8s.io;v=v2;as=APIGroupDiscoveryList', undefined],
    // Versions and serializations the engine does not serve are passed over.
    ['application/json;g=apidiscovery.k8s.io;v=v3;as=APIGroupDiscoveryList,application/json', undefined],
    [
      'application/vnd.kubernetes.protobuf;g=apidiscovery.k8s.io;v=v2;as=APIGroupDiscoveryList,application/json;g=apidiscovery.k8s.io;v=v2;as=APIGroupDiscoveryList',
      'v2',
    ],
  ];
  for (const [accept, expected] of cases) {
    test(`${accept ?? '(no Accept)'} → ${expected ?? 'legacy'}`, () => {
      assert.equal(negotiateDiscovery(accept), expected);
    });
  }
});

describe('aggregated discovery documents', () => {
  const resources = builtInResourceRegistry();

  test('every group version lists what its APIResourceList lists (as client-go converts it back)', () => {
    for (const prefix of ['api', 'apis'] as const) {
      const document = aggregatedDiscovery(resources, prefix, 'v2');
      for (const item of document.items) {
        const group = (item.metadata as { name?: string }).name ?? '';
        for (const version of item.versions) {
          const legacy = apiResourceList(resources, group, version.version).resources;
          const back = version.resources.flatMap((r) => [
            {
              name: r.resource,
              singularName: r.singularResource,
              namespaced: r.scope === 'Namespaced',
              kind: r.responseKind.kind,
              verbs: r.verbs,
              ...(r.shortNames ? { shortNames: r.shortNames } : {}),
              ...(r.categories ? { categories: r.categories } : {}),
            },
            ...(r.subresources ?? []).map((s) => ({
              name: `${r.resource}/${s.subresource}`,
              singularName: '',
              namespaced: r.scope === 'Namespaced',
              ...(s.responseKind.group ? { group: s.responseKind.group } : {}),
              ...(s.responseKind.version ? { version: s.responseKind.version } : {}),
              kind: s.responseKind.kind,
              verbs: s.verbs,
            })),
          ]);
          const withoutHash = legacy.map(({ storageVersionHash: _h, ...rest }) => rest);
          const byName = (a: Record<string, unknown>, b: Record<string, unknown>) =>
            String(a.name).localeCompare(String(b.name));
          assert.deepEqual(
            [...back].sort(byName),
            [...withoutHash].sort(byName),
            `${group || 'core'}/${version.version}`,
          );
        }
      }
    }
  });

  test('the core group: no name, v1, pods with their subresources', () => {
    const document = aggregatedDiscovery(resources, 'api', 'v2');
    assert.equal(document.kind, 'APIGroupDiscoveryList');
    assert.equal(document.apiVersion, 'apidiscovery.k8s.io/v2');
    assert.deepEqual(document.metadata, {});
    assert.equal(document.items.length, 1);
    const core = document.items[0]!;
    assert.deepEqual(core.metadata, { creationTimestamp: null });
    assert.deepEqual(
      core.versions.map((v) => [v.version, v.freshness]),
      [['v1', 'Current']],
    );
    const pods = core.versions[0]!.resources.find((r) => r.resource === 'pods')!;
    const kept = new Set(['status', 'eviction']);
    const bySubresource = (a: { subresource: string }, b: { subresource: string }) =>
      a.subresource.localeCompare(b.subresource);
    assert.deepEqual(
      {
        ...pods,
        subresources: pods.subresources?.filter((s) => kept.has(s.subresource)).sort(bySubresource),
      },
      {
        resource: 'pods',
        responseKind: { group: '', version: '', kind: 'Pod' },
        scope: 'Namespaced',
        singularResource: 'pod',
        verbs: ['create', 'delete', 'deletecollection', 'get', 'list', 'patch', 'update', 'watch'],
        shortNames: ['po'],
        categories: ['all'],
        subresources: [
          {
            subresource: 'eviction',
            responseKind: { group: 'policy', version: 'v1', kind: 'Eviction' },
            verbs: ['create'],
          },
          {
            subresource: 'status',
            responseKind: { group: '', version: '', kind: 'Pod' },
            verbs: ['get', 'patch', 'update'],
          },
        ],
      },
    );
  });

  test('/apis names each group and lists its versions in the legacy preference order', () => {
    const document = aggregatedDiscovery(resources, 'apis', 'v2beta1');
    assert.equal(document.apiVersion, 'apidiscovery.k8s.io/v2beta1');
    assert.deepEqual(
      document.items.map((item) => [item.metadata.name, item.versions.map((v) => v.version)]),
      resources
        .groupVersions()
        .filter((g) => g.group !== '')
        .map((g) => [g.group, g.versions]),
    );
    const apps = document.items.find((i) => i.metadata.name === 'apps')!;
    assert.deepEqual(apps.metadata, { name: 'apps', creationTimestamp: null });
  });
});

describe('/api and /apis over the handler', () => {
  let t: TestEngine;
  before(async () => {
    t = await TestEngine.start();
  });
  after(() => t.stop());

  function get(path: string, headers: Record<string, string>) {
    const reply = t.engine.handler.handle({
      method: 'GET',
      path,
      query: new URLSearchParams(),
      headers: { authorization: `Bearer ${t.engine.adminToken}`, ...headers },
    });
    if (reply.kind !== 'body') throw new Error('unexpected reply');
    const text = typeof reply.body === 'string' ? reply.body : new TextDecoder().decode(reply.body);
    return { status: reply.status, contentType: reply.contentType, headers: reply.headers ?? {}, text };
  }

  test('kubectl gets the aggregated list with its media type, ETag and Vary: Accept', () => {
    for (const path of ['/api', '/apis']) {
      const reply = get(path, { accept: KUBECTL_ACCEPT });
      assert.equal(reply.status, 200);
      assert.equal(reply.contentType, 'application/json;g=apidiscovery.k8s.io;v=v2;as=APIGroupDiscoveryList');
      assert.equal(reply.headers.Vary, 'Accept');
      assert.equal(reply.headers['Cache-Control'], 'public');
      assert.match(String(reply.headers.ETag), /^"[0-9A-F]{128}"$/);
      assert.equal(JSON.parse(reply.text).kind, 'APIGroupDiscoveryList');
      const cached = get(path, { accept: KUBECTL_ACCEPT, 'if-none-match': String(reply.headers.ETag) });
      assert.deepEqual([cached.status, cached.text], [304, '']);
    }
  });

  test('a client that does not ask gets APIVersions and APIGroupList', () => {
    const api = get('/api', { accept: 'application/json, */*' });
    assert.equal(api.contentType, 'application/json');
    assert.equal(JSON.parse(api.text).kind, 'APIVersions');
    const apis = get('/apis', {});
    assert.equal(JSON.parse(apis.text).kind, 'APIGroupList');
    assert.equal(apis.headers.Vary, undefined);
  });

  test('a served CustomResourceDefinition appears in the aggregated list', () => {
    t.create({
      apiVersion: 'apiextensions.k8s.io/v1',
      kind: 'CustomResourceDefinition',
      metadata: { name: 'crontabs.stable.example.com' },
      spec: {
        group: 'stable.example.com',
        scope: 'Namespaced',
        names: {
          plural: 'crontabs',
          singular: 'crontab',
          kind: 'CronTab',
          shortNames: ['ct'],
          categories: ['all'],
        },
        versions: [
          {
            name: 'v1',
            served: true,
            storage: true,
            schema: { openAPIV3Schema: { type: 'object', 'x-kubernetes-preserve-unknown-fields': true } },
            subresources: { status: {} },
          },
        ],
      },
    });
    t.advance(1_000);
    const document = JSON.parse(get('/apis', { accept: KUBECTL_ACCEPT }).text) as ReturnType<
      typeof aggregatedDiscovery
    >;
    const group = document.items.find((i) => i.metadata.name === 'stable.example.com');
    assert.deepEqual(group?.versions, [
      {
        version: 'v1',
        resources: [
          {
            resource: 'crontabs',
            responseKind: { group: '', version: '', kind: 'CronTab' },
            scope: 'Namespaced',
            singularResource: 'crontab',
            verbs: ['delete', 'deletecollection', 'get', 'list', 'patch', 'create', 'update', 'watch'],
            shortNames: ['ct'],
            categories: ['all'],
            subresources: [
              {
                subresource: 'status',
                responseKind: { group: '', version: '', kind: 'CronTab' },
                verbs: ['get', 'patch', 'update'],
              },
            ],
          },
        ],
        freshness: 'Current',
      },
    ]);
  });
});
