import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { describe, it } from 'node:test';
import {
  generatedSchemas,
  openApiV3Document,
  openApiV3DocumentJson,
  openApiV3Hash,
  openApiV3Index,
  openApiV3Response,
  SERVED_GROUP_VERSIONS,
  servedGroupVersions,
} from './openapi.ts';
import type { Json, JsonSchema } from './schema-generator.ts';
import { groupVersionPath } from './served-resources.ts';

const CORE = 'io.k8s.api.core.v1';
const META = 'io.k8s.apimachinery.pkg.apis.meta.v1';

function document(path: string) {
  const doc = openApiV3Document(path);
  assert.ok(doc, `no document for ${path}`);
  return doc;
}

function schema(path: string, name: string): JsonSchema {
  const found = document(path).components.schemas[name];
  assert.ok(found, `${name} missing from ${path}`);
  return found;
}

function property(path: string, name: string, field: string): Record<string, Json> {
  const properties = schema(path, name).properties as Record<string, Record<string, Json>>;
  const found = properties[field];
  assert.ok(found, `${name}.${field} missing`);
  return found;
}

function refs(value: Json, out: string[] = []): string[] {
  if (Array.isArray(value)) {
    for (const item of value) refs(item, out);
  } else if (value !== null && typeof value === 'object') {
    if (typeof value.$ref === 'string') out.push(value.$ref);
    for (const child of Object.values(value)) refs(child, out);
  }
  return out;
}

describe('OpenAPI v3 documents', () => {
  it('lists every served group version in the index with the SHA-512 of its document', () => {
    const index = openApiV3Index();
    const expected = SERVED_GROUP_VERSIONS.map((gv) => groupVersionPath(gv.groupVersion)).sort();
    assert.deepEqual(Object.keys(index.paths), expected);
    for (const path of expected) {
      const json = openApiV3DocumentJson(path);
      assert.ok(json);
      const hash = createHash('sha512').update(json).digest('hex').toUpperCase();
      assert.equal(index.paths[path]?.serverRelativeURL, `/openapi/v3/${path}?hash=${hash}`);
      assert.deepEqual(JSON.parse(json), openApiV3Document(path));
    }
  });

  it('limits the index to the group versions asked for', () => {
    assert.deepEqual(Object.keys(openApiV3Index(['apps/v1', 'v1', 'example.com/v1']).paths), [
      'api/v1',
      'apis/apps/v1',
    ]);
  });

  it('has no document for a group version that is not served', () => {
    assert.equal(openApiV3Document('apis/example.com/v1'), undefined);
    assert.equal(openApiV3DocumentJson('apis/example.com/v1'), undefined);
  });

  it('has the header fields of an OpenAPI 3.0 document', () => {
    const doc = document('api/v1');
    assert.equal(doc.openapi, '3.0.0');
    assert.deepEqual(doc.info, { title: 'Kubernetes', version: 'unversioned' });
  });

  it('resolves every $ref inside its own document', () => {
    for (const { groupVersion } of SERVED_GROUP_VERSIONS) {
      const doc = document(groupVersionPath(groupVersion));
      const targets = refs(doc as unknown as Json);
      assert.ok(targets.length > 0);
      for (const target of targets) {
        assert.match(target, /^#\/components\/schemas\//);
        const name = target.slice('#/components/schemas/'.length);
        assert.ok(doc.components.schemas[name], `${groupVersion}: ${target} does not resolve`);
      }
    }
  });

  it('carries only the schemas its paths reach', () => {
    const doc = document('apis/coordination.k8s.io/v1');
    const names = Object.keys(doc.components.schemas);
    assert.ok(names.includes('io.k8s.api.coordination.v1.Lease'));
    assert.ok(!names.includes(`${CORE}.Pod`));
    assert.ok(!names.some((name) => name.startsWith('io.k8s.api.apps.')));
  });

  const mergeLists = [
    { name: `${CORE}.PodSpec`, field: 'containers', key: 'name', strategy: 'merge' },
    { name: `${CORE}.PodSpec`, field: 'initContainers', key: 'name', strategy: 'merge' },
    { name: `${CORE}.PodSpec`, field: 'volumes', key: 'name', strategy: 'merge,retainKeys' },
    { name: `${CORE}.Container`, field: 'env', key: 'name', strategy: 'merge' },
    { name: `${CORE}.Container`, field: 'volumeMounts', key: 'mountPath', strategy: 'merge' },
    { name: `${META}.ObjectMeta`, field: 'ownerReferences', key: 'uid', strategy: 'merge' },
  ];
  for (const { name, field, key, strategy } of mergeLists) {
    it(`merges ${name}.${field} by ${key}`, () => {
      const list = property('api/v1', name, field);
      assert.equal(list.type, 'array');
      assert.equal(list['x-kubernetes-patch-merge-key'], key);
      assert.equal(list['x-kubernetes-patch-strategy'], strategy);
      assert.equal(list['x-kubernetes-list-type'], 'map');
      assert.deepEqual(list['x-kubernetes-list-map-keys'], [key]);
    });
  }

  it('keys container ports and service ports by port and protocol', () => {
    const containerPorts = property('api/v1', `${CORE}.Container`, 'ports');
    assert.equal(containerPorts['x-kubernetes-patch-merge-key'], 'containerPort');
    assert.deepEqual(containerPorts['x-kubernetes-list-map-keys'], ['containerPort', 'protocol']);
    const servicePorts = property('api/v1', `${CORE}.ServiceSpec`, 'ports');
    assert.equal(servicePorts['x-kubernetes-patch-merge-key'], 'port');
    assert.deepEqual(servicePorts['x-kubernetes-list-map-keys'], ['port', 'protocol']);
  });

  it('refers to the container schema from the pod spec', () => {
    const containers = property('api/v1', `${CORE}.PodSpec`, 'containers');
    assert.deepEqual(containers.items, { $ref: `#/components/schemas/${CORE}.Container` });
    assert.equal(
      containers.description,
      'List of containers belonging to the pod. Containers cannot currently be added or removed. There must be at least one container in a Pod. Cannot be updated.',
    );
    assert.deepEqual(schema('api/v1', `${CORE}.PodSpec`).required, ['containers']);
    assert.deepEqual(schema('api/v1', `${CORE}.Container`).required, ['name']);
  });

  it('documents a field whose type is another schema through allOf', () => {
    assert.deepEqual(property('api/v1', `${CORE}.Pod`, 'metadata'), {
      allOf: [{ $ref: `#/components/schemas/${META}.ObjectMeta` }],
      description:
        "Standard object's metadata. More info: https://git.k8s.io/community/contributors/devel/sig-architecture/api-conventions.md#metadata",
    });
  });

  const kinds = [
    { path: 'api/v1', name: `${CORE}.Pod`, gvk: { group: '', kind: 'Pod', version: 'v1' } },
    { path: 'api/v1', name: `${CORE}.PodList`, gvk: { group: '', kind: 'PodList', version: 'v1' } },
    {
      path: 'apis/apps/v1',
      name: 'io.k8s.api.apps.v1.Deployment',
      gvk: { group: 'apps', kind: 'Deployment', version: 'v1' },
    },
    {
      path: 'apis/events.k8s.io/v1',
      name: 'io.k8s.api.events.v1.Event',
      gvk: { group: 'events.k8s.io', kind: 'Event', version: 'v1' },
    },
    {
      path: 'apis/autoscaling/v2',
      name: 'io.k8s.api.autoscaling.v2.HorizontalPodAutoscaler',
      gvk: { group: 'autoscaling', kind: 'HorizontalPodAutoscaler', version: 'v2' },
    },
    {
      path: 'apis/rbac.authorization.k8s.io/v1',
      name: 'io.k8s.api.rbac.v1.ClusterRole',
      gvk: { group: 'rbac.authorization.k8s.io', kind: 'ClusterRole', version: 'v1' },
    },
  ];
  for (const { path, name, gvk } of kinds) {
    it(`marks ${name} with x-kubernetes-group-version-kind`, () => {
      assert.deepEqual(schema(path, name)['x-kubernetes-group-version-kind'], [gvk]);
    });
  }

  it('leaves nested types without a group-version-kind', () => {
    assert.equal(schema('api/v1', `${CORE}.PodSpec`)['x-kubernetes-group-version-kind'], undefined);
  });

  const scalars = [
    {
      name: 'io.k8s.apimachinery.pkg.api.resource.Quantity',
      shape: { oneOf: [{ type: 'string' }, { type: 'number' }] },
    },
    {
      name: 'io.k8s.apimachinery.pkg.util.intstr.IntOrString',
      shape: { format: 'int-or-string', oneOf: [{ type: 'integer' }, { type: 'string' }] },
    },
    { name: `${META}.Time`, shape: { format: 'date-time', type: 'string' } },
    { name: `${META}.MicroTime`, shape: { format: 'date-time', type: 'string' } },
  ];
  for (const { name, shape } of scalars) {
    it(`describes ${name} as upstream does`, () => {
      const found = { ...(generatedSchemas()[name] as JsonSchema) };
      assert.equal(typeof found.description, 'string');
      delete found.description;
      assert.deepEqual(found, shape);
    });
  }

  it('types resource lists as maps of Quantity and probe ports as IntOrString', () => {
    assert.deepEqual(property('api/v1', `${CORE}.ResourceRequirements`, 'limits').additionalProperties, {
      $ref: '#/components/schemas/io.k8s.apimachinery.pkg.api.resource.Quantity',
    });
    assert.deepEqual(property('api/v1', `${CORE}.HTTPGetAction`, 'port').allOf, [
      { $ref: '#/components/schemas/io.k8s.apimachinery.pkg.util.intstr.IntOrString' },
    ]);
    assert.deepEqual(property('api/v1', `${META}.ObjectMeta`, 'creationTimestamp').allOf, [
      { $ref: `#/components/schemas/${META}.Time` },
    ]);
    assert.deepEqual(property('api/v1', `${CORE}.Container`, 'image'), {
      description:
        'Container image name. More info: https://kubernetes.io/docs/concepts/containers/images This field is optional to allow higher level config management to default or override container images in workload controllers like Deployments and StatefulSets.',
      type: 'string',
    });
  });

  it('publishes +structType=atomic types with x-kubernetes-map-type', () => {
    assert.equal(schema('apis/apps/v1', `${META}.LabelSelector`)['x-kubernetes-map-type'], 'atomic');
    assert.equal(schema('api/v1', `${CORE}.LocalObjectReference`)['x-kubernetes-map-type'], 'atomic');
  });

  it('gives every patchable kind a PATCH operation that accepts fieldValidation and strategic merge', () => {
    for (const { groupVersion, kinds: served } of SERVED_GROUP_VERSIONS) {
      const doc = document(groupVersionPath(groupVersion));
      const [group, version] = groupVersion.includes('/') ? groupVersion.split('/') : ['', groupVersion];
      for (const { kind, createOnly } of served) {
        const patches = Object.values(doc.paths)
          .map((item) => (item as { patch?: Record<string, Json> }).patch)
          .filter((op) => op !== undefined)
          .filter((op) => {
            const gvk = op['x-kubernetes-group-version-kind'] as Record<string, string>;
            return gvk.group === group && gvk.version === version && gvk.kind === kind;
          });
        if (createOnly) {
          assert.equal(patches.length, 0, `${groupVersion} ${kind}`);
          continue;
        }
        assert.equal(patches.length, 1, `${groupVersion} ${kind}`);
        const patch = patches[0]!;
        assert.equal(patch['x-kubernetes-action'], 'patch');
        const parameters = patch.parameters as { name: string; in: string }[];
        assert.ok(parameters.some((p) => p.name === 'fieldValidation' && p.in === 'query'));
        const body = patch.requestBody as { content: Record<string, Json> };
        assert.deepEqual(Object.keys(body.content), [
          'application/apply-patch+yaml',
          'application/json-patch+json',
          'application/merge-patch+json',
          'application/strategic-merge-patch+json',
        ]);
      }
    }
  });

  it('names pod paths and operations as kube-apiserver does', () => {
    const paths = document('api/v1').paths as Record<string, Record<string, { operationId: string }>>;
    assert.equal(
      paths['/api/v1/namespaces/{namespace}/pods/{name}']?.patch?.operationId,
      'patchCoreV1NamespacedPod',
    );
    assert.equal(
      paths['/api/v1/namespaces/{namespace}/pods']?.post?.operationId,
      'createCoreV1NamespacedPod',
    );
    assert.equal(paths['/api/v1/pods']?.get?.operationId, 'listCoreV1PodForAllNamespaces');
    assert.equal(paths['/api/v1/nodes/{name}']?.get?.operationId, 'readCoreV1Node');
    const rbac = document('apis/rbac.authorization.k8s.io/v1').paths as Record<string, Record<string, Json>>;
    const role = rbac['/apis/rbac.authorization.k8s.io/v1/namespaces/{namespace}/roles/{name}']?.put as {
      operationId: string;
      tags: string[];
    };
    assert.equal(role.operationId, 'replaceRbacAuthorizationV1NamespacedRole');
    assert.deepEqual(role.tags, ['rbacAuthorization_v1']);
  });
});

describe('servedGroupVersions', () => {
  const resources = [
    { group: '', version: 'v1', resource: 'pods', kind: 'Pod', namespaced: true, verbs: ['get', 'create'] },
    { group: '', version: 'v1', resource: 'pods/status', kind: 'Pod', namespaced: true, verbs: ['get'] },
    { group: '', version: 'v1', resource: 'bindings', kind: 'Binding', namespaced: true, verbs: ['create'] },
    {
      group: 'apps',
      version: 'v1',
      resource: 'deployments',
      kind: 'Deployment',
      namespaced: true,
      verbs: ['get'],
    },
    {
      group: 'example.com',
      version: 'v1',
      resource: 'widgets',
      kind: 'Widget',
      namespaced: true,
      verbs: ['get'],
    },
  ];
  const served = servedGroupVersions(resources);

  it('groups a registry by group version and marks create-only kinds', () => {
    assert.deepEqual(served, [
      {
        groupVersion: 'v1',
        kinds: [
          { kind: 'Pod', resource: 'pods', namespaced: true },
          { kind: 'Binding', resource: 'bindings', namespaced: true, createOnly: true },
        ],
      },
      { groupVersion: 'apps/v1', kinds: [{ kind: 'Deployment', resource: 'deployments', namespaced: true }] },
      { groupVersion: 'example.com/v1', kinds: [{ kind: 'Widget', resource: 'widgets', namespaced: true }] },
    ]);
  });

  it('builds documents for the given kinds only, leaving out kinds and group versions without a schema', () => {
    const core = openApiV3Document('api/v1', served);
    assert.deepEqual(Object.keys(core?.paths ?? {}), [
      '/api/v1/namespaces/{namespace}/bindings',
      '/api/v1/namespaces/{namespace}/pods',
      '/api/v1/namespaces/{namespace}/pods/{name}',
      '/api/v1/pods',
    ]);
    assert.equal(openApiV3Document('apis/example.com/v1', served), undefined);
    assert.deepEqual(Object.keys(openApiV3Index(undefined, served).paths), ['api/v1', 'apis/apps/v1']);
  });
});

describe('openApiV3Response', () => {
  const path = 'apis/apps/v1';
  const hash = (): string => openApiV3Hash(openApiV3DocumentJson(path)!);

  it('serves the index as JSON with an ETag', () => {
    const response = openApiV3Response('/openapi/v3', new URLSearchParams());
    assert.ok(response);
    assert.equal(response.status, 200);
    assert.equal(response.headers['Content-Type'], 'application/json');
    assert.equal(response.headers.Etag, `"${openApiV3Hash(response.body)}"`);
    assert.deepEqual(JSON.parse(response.body), openApiV3Index());
  });

  it('serves a document whose hash matches, cacheable for a year', () => {
    const now = new Date('2025-01-02T03:04:05Z');
    const response = openApiV3Response(`/openapi/v3/${path}`, new URLSearchParams({ hash: hash() }), {
      accept: 'application/json',
      now,
    });
    assert.deepEqual(response, {
      status: 200,
      headers: {
        'Cache-Control': 'public, immutable',
        'Content-Type': 'application/json',
        Etag: `"${hash()}"`,
        Expires: 'Fri, 02 Jan 2026 03:04:05 GMT',
        Vary: 'Accept',
      },
      body: openApiV3DocumentJson(path),
    });
  });

  it('redirects a stale hash to the current one', () => {
    const response = openApiV3Response(`/openapi/v3/${path}`, new URLSearchParams({ hash: 'ABC' }));
    assert.equal(response?.status, 301);
    assert.equal(response?.headers.Location, `/openapi/v3/${path}?hash=${hash()}`);
  });

  const cases = [
    {
      name: 'an unknown group version',
      pathname: '/openapi/v3/apis/example.com/v1',
      accept: '*/*',
      status: 404,
    },
    {
      name: 'a group version left out of the index',
      pathname: '/openapi/v3/apis/batch/v1',
      accept: '*/*',
      status: 404,
    },
    {
      name: 'a protobuf-only Accept',
      pathname: `/openapi/v3/${path}`,
      accept: 'application/com.github.proto-openapi.spec.v3.v1.0+protobuf',
      status: 406,
    },
    {
      name: 'a document without hash',
      pathname: `/openapi/v3/${path}`,
      accept: 'application/json, */*',
      status: 200,
    },
  ];
  for (const { name, pathname, accept, status } of cases) {
    it(`answers ${status} to ${name}`, () => {
      const response = openApiV3Response(pathname, new URLSearchParams(), {
        accept,
        groupVersions: ['v1', 'apps/v1'],
      });
      assert.equal(response?.status, status);
      if (status === 404) assert.equal(response?.body, '404 page not found\n');
      if (status === 200) assert.equal(response?.headers['Cache-Control'], undefined);
    });
  }

  it('leaves other paths to the caller', () => {
    assert.equal(openApiV3Response('/openapi/v2', new URLSearchParams()), undefined);
    assert.equal(openApiV3Response('/api/v1', new URLSearchParams()), undefined);
  });
});
