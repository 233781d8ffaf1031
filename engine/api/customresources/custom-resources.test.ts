/**
 * Custom resources end to end through the engine's request handling (as kubectl's requests reach
 * it): CRD status, discovery, OpenAPI, CRUD with pruning, defaulting and validation, patches,
 * subresources, tables, watch, selectors, RBAC, garbage collection and CRD deletion.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { CustomResourceDefinition } from 'kubernetes-types/apiextensions/v1';
import { TestEngine } from '../../cluster/testing.ts';
import { type ApiReply, lineText } from '../handlers/types.ts';
import type { KubeObject } from '../types.ts';

let t: TestEngine;
/** The answer to creating the CronTab CRD. */
let created: Record<string, unknown>;

const CRDS = '/apis/apiextensions.k8s.io/v1/customresourcedefinitions';
const CRONTABS = '/apis/stable.example.com/v1/namespaces/default/crontabs';

function cronTabCrd(change: (crd: Record<string, unknown>) => void = () => {}): Record<string, unknown> {
  const crd = {
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
          schema: {
            openAPIV3Schema: {
              type: 'object',
              properties: {
                spec: {
                  type: 'object',
                  properties: {
                    cronSpec: { type: 'string', pattern: '^(\\d+|\\*)(/\\d+)?(\\s+(\\d+|\\*)(/\\d+)?){4}$' },
                    image: { type: 'string' },
                    replicas: { type: 'integer', minimum: 0, default: 1 },
                    color: { type: 'string' },
                  },
                },
                status: {
                  type: 'object',
                  properties: { replicas: { type: 'integer' }, selector: { type: 'string' } },
                },
              },
            },
          },
          subresources: {
            status: {},
            scale: {
              specReplicasPath: '.spec.replicas',
              statusReplicasPath: '.status.replicas',
              labelSelectorPath: '.status.selector',
            },
          },
          selectableFields: [{ jsonPath: '.spec.color' }],
          additionalPrinterColumns: [
            { name: 'Spec', type: 'string', jsonPath: '.spec.cronSpec' },
            { name: 'Replicas', type: 'integer', jsonPath: '.spec.replicas' },
            { name: 'Age', type: 'date', jsonPath: '.metadata.creationTimestamp' },
          ],
        },
      ],
    },
  };
  change(crd as unknown as Record<string, unknown>);
  return crd;
}

function cronTab(name: string, spec: Record<string, unknown> = { cronSpec: '* * * * */5', image: 'cron' }) {
  return { apiVersion: 'stable.example.com/v1', kind: 'CronTab', metadata: { name }, spec };
}

interface Reply {
  status: number;
  body: Record<string, unknown>;
  headers: Record<string, string | string[]>;
}

/** A request through the handler, as kubectl sends it (fieldValidation from the query). */
function call(
  method: string,
  path: string,
  body?: unknown,
  headers: Record<string, string> = {},
  contentType = 'application/json',
): Reply {
  const [pathname = '', search = ''] = path.split('?');
  const reply: ApiReply = t.engine.handler.handle({
    method,
    path: pathname,
    query: new URLSearchParams(search),
    headers: {
      authorization: `Bearer ${t.engine.adminToken}`,
      accept: 'application/json',
      ...(body !== undefined ? { 'content-type': contentType } : {}),
      ...headers,
    },
    ...(body !== undefined
      ? { body: new TextEncoder().encode(typeof body === 'string' ? body : JSON.stringify(body)) }
      : {}),
  });
  if (reply.kind !== 'body') throw new Error(`unexpected watch reply for ${method} ${path}`);
  const text = typeof reply.body === 'string' ? reply.body : new TextDecoder().decode(reply.body);
  return {
    status: reply.status,
    body: reply.contentType.includes('json') ? (JSON.parse(text) as Record<string, unknown>) : { text },
    headers: reply.headers ?? {},
  };
}

function ok(reply: Reply): Record<string, unknown> {
  assert.ok(reply.status < 300, `HTTP ${reply.status}: ${JSON.stringify(reply.body)}`);
  return reply.body;
}

function crd(name = 'crontabs.stable.example.com'): CustomResourceDefinition {
  return ok(call('GET', `${CRDS}/${name}`)) as unknown as CustomResourceDefinition;
}

before(async () => {
  t = await TestEngine.start();
  created = ok(call('POST', CRDS, cronTabCrd()));
});

after(() => t.stop());

describe('a CustomResourceDefinition', () => {
  it('is answered with the status PrepareForCreate leaves, then gets its names accepted and is established', () => {
    assert.deepEqual(created.status, {
      conditions: null,
      acceptedNames: { plural: '', kind: '' },
      storedVersions: ['v1'],
    });
    const current = crd();
    assert.deepEqual(
      current.status?.conditions?.map((c) => [c.type, c.status, c.reason, c.message]),
      [
        ['NamesAccepted', 'True', 'NoConflicts', 'no conflicts found'],
        ['Established', 'True', 'InitialNamesAccepted', 'the initial names have been accepted'],
      ],
    );
    assert.deepEqual(current.status?.acceptedNames, {
      plural: 'crontabs',
      kind: 'CronTab',
      singular: 'crontab',
      shortNames: ['ct'],
      listKind: 'CronTabList',
      categories: ['all'],
    });
    assert.deepEqual(current.status?.storedVersions, ['v1']);
    const statusEntry = current.metadata?.managedFields?.find((f) => f.subresource === 'status');
    assert.equal(statusEntry?.manager, 'kube-apiserver');
  });

  it('is defaulted: singular, listKind and the None conversion', () => {
    const reply = call(
      'POST',
      CRDS,
      cronTabCrd((c) => {
        (c.metadata as { name: string }).name = 'gadgets.example.org';
        const spec = c.spec as { group: string; names: Record<string, unknown> };
        spec.group = 'example.org';
        spec.names = { plural: 'gadgets', kind: 'Gadget' };
      }),
    );
    assert.equal(reply.status, 201);
    assert.deepEqual((reply.body.spec as { conversion: unknown }).conversion, { strategy: 'None' });
    assert.deepEqual((reply.body.spec as { names: unknown }).names, {
      plural: 'gadgets',
      kind: 'Gadget',
      singular: 'gadget',
      listKind: 'GadgetList',
    });
  });

  it('is refused with upstream messages when invalid', () => {
    const reply = call(
      'POST',
      CRDS,
      cronTabCrd((c) => {
        (c.metadata as { name: string }).name = 'crontab.stable.example.com';
      }),
    );
    assert.equal(reply.status, 422);
    assert.equal(
      reply.body.message,
      'CustomResourceDefinition.apiextensions.k8s.io "crontab.stable.example.com" is invalid: metadata.name: Invalid value: "crontab.stable.example.com": must be spec.names.plural+"."+spec.group',
    );
  });

  it('whose kind another CRD of the group uses is not served', () => {
    ok(
      call(
        'POST',
        CRDS,
        cronTabCrd((c) => {
          (c.metadata as { name: string }).name = 'crontables.stable.example.com';
          (c.spec as { names: Record<string, unknown> }).names = {
            plural: 'crontables',
            kind: 'CronTab',
            listKind: 'CronTableList',
          };
        }),
      ),
    );
    const conflicting = crd('crontables.stable.example.com');
    assert.deepEqual(
      conflicting.status?.conditions?.map((c) => [c.type, c.status, c.reason, c.message]),
      [
        ['NamesAccepted', 'False', 'KindConflict', '"CronTab" is already in use'],
        ['Established', 'False', 'NotAccepted', 'not all names are accepted'],
      ],
    );
    assert.equal(call('GET', '/apis/stable.example.com/v1/namespaces/default/crontables').status, 404);
    ok(call('DELETE', `${CRDS}/crontables.stable.example.com`));
  });
});

describe('discovery and OpenAPI', () => {
  it('lists the group after the built-in ones, its resources sorted by name', () => {
    const groups = (ok(call('GET', '/apis')).groups as Array<{ name: string }>).map((g) => g.name);
    assert.equal(groups.at(-1), 'stable.example.com');
    assert.ok(groups.indexOf('apiextensions.k8s.io') < groups.indexOf('stable.example.com'));
    assert.deepEqual(ok(call('GET', '/apis/stable.example.com')), {
      kind: 'APIGroup',
      apiVersion: 'v1',
      name: 'stable.example.com',
      versions: [{ groupVersion: 'stable.example.com/v1', version: 'v1' }],
      preferredVersion: { groupVersion: 'stable.example.com/v1', version: 'v1' },
    });
    const list = ok(call('GET', '/apis/stable.example.com/v1'));
    assert.deepEqual(list.resources, [
      {
        name: 'crontabs',
        singularName: 'crontab',
        namespaced: true,
        kind: 'CronTab',
        verbs: ['delete', 'deletecollection', 'get', 'list', 'patch', 'create', 'update', 'watch'],
        shortNames: ['ct'],
        categories: ['all'],
        storageVersionHash: (list.resources as Array<{ storageVersionHash: string }>)[0]?.storageVersionHash,
      },
      {
        name: 'crontabs/scale',
        singularName: '',
        namespaced: true,
        group: 'autoscaling',
        version: 'v1',
        kind: 'Scale',
        verbs: ['get', 'patch', 'update'],
      },
      {
        name: 'crontabs/status',
        singularName: '',
        namespaced: true,
        kind: 'CronTab',
        verbs: ['get', 'patch', 'update'],
      },
    ]);
  });

  it('publishes an OpenAPI v3 document kubectl can explain and validate with', () => {
    const index = ok(call('GET', '/openapi/v3')).paths as Record<string, { serverRelativeURL: string }>;
    const url = index['apis/stable.example.com/v1']?.serverRelativeURL;
    assert.match(url ?? '', /^\/openapi\/v3\/apis\/stable\.example\.com\/v1\?hash=[0-9A-F]{128}$/);
    const document = ok(call('GET', url ?? '')) as {
      info: unknown;
      paths: Record<
        string,
        Record<string, { requestBody?: { content: object }; parameters?: Array<{ name: string }> }>
      >;
      components: { schemas: Record<string, Record<string, unknown>> };
    };
    assert.deepEqual(document.info, { title: 'Kubernetes CRD Swagger', version: 'v0.1.0' });
    const schema = document.components.schemas['com.example.stable.v1.CronTab'];
    assert.deepEqual(schema?.['x-kubernetes-group-version-kind'], [
      { group: 'stable.example.com', kind: 'CronTab', version: 'v1' },
    ]);
    assert.deepEqual(Object.keys(schema?.properties as object).sort(), [
      'apiVersion',
      'kind',
      'metadata',
      'spec',
      'status',
    ]);
    assert.ok(document.components.schemas['io.k8s.apimachinery.pkg.apis.meta.v1.ObjectMeta']);
    const patch = document.paths['/apis/stable.example.com/v1/namespaces/{namespace}/crontabs/{name}']?.patch;
    assert.deepEqual(Object.keys(patch?.requestBody?.content ?? {}), [
      'application/apply-patch+yaml',
      'application/json-patch+json',
      'application/merge-patch+json',
    ]);
    assert.ok(patch?.parameters?.some((p) => p.name === 'fieldValidation'));
  });
});

describe('custom resources', () => {
  it('are pruned and defaulted on create, with a warning per unknown field', () => {
    const reply = call('POST', CRONTABS, cronTab('pruned', { cronSpec: '* * * * *', image: 'x', foo: 1 }));
    assert.equal(reply.status, 201);
    assert.deepEqual(reply.body.spec, { cronSpec: '* * * * *', image: 'x', replicas: 1 });
    assert.deepEqual(reply.headers.Warning, ['299 - "unknown field \\"spec.foo\\""']);
    assert.equal((reply.body.metadata as { generation: number }).generation, 1);
  });

  it('are refused with a strict decoding error under fieldValidation=Strict', () => {
    const reply = call(
      'POST',
      `${CRONTABS}?fieldValidation=Strict`,
      cronTab('strict', { cronSpec: '* * * * *', foo: 1 }),
    );
    assert.equal(reply.status, 400);
    assert.equal(
      reply.body.message,
      'CronTab in version "v1" cannot be handled as a CronTab: strict decoding error: unknown field "spec.foo"',
    );
  });

  it('are validated against the schema with kube-openapi messages', () => {
    const reply = call('POST', CRONTABS, cronTab('invalid', { cronSpec: 'often', replicas: 'three' }));
    assert.equal(reply.status, 422);
    assert.equal(
      reply.body.message,
      'CronTab.stable.example.com "invalid" is invalid: [spec.cronSpec: Invalid value: "often": spec.cronSpec in body should match \'^(\\d+|\\*)(/\\d+)?(\\s+(\\d+|\\*)(/\\d+)?){4}$\', spec.replicas: Invalid value: "string": spec.replicas in body must be of type integer: "string", .spec.replicas: Invalid value: 0: .spec.replicas accessor error: three is of the type string, expected int64]',
    );
    const wrongKind = call('POST', CRONTABS, { ...cronTab('wrong-kind'), kind: 'CronJob' });
    assert.equal(
      wrongKind.body.message,
      'CronTab.stable.example.com "wrong-kind" is invalid: kind: Invalid value: "CronJob": must be CronTab',
    );
    const wrongVersion = call('POST', CRONTABS, {
      ...cronTab('wrong-version'),
      apiVersion: 'stable.example.com/v2',
    });
    assert.equal(wrongVersion.status, 400);
    assert.equal(
      wrongVersion.body.message,
      'the API version in the data (stable.example.com/v2) does not match the expected API version (stable.example.com/v1)',
    );
  });

  it('are listed as their listKind, read, updated and patched; generation follows the spec', () => {
    const created = ok(call('POST', CRONTABS, cronTab('crud')));
    const list = ok(call('GET', CRONTABS));
    assert.equal(list.kind, 'CronTabList');
    assert.equal(list.apiVersion, 'stable.example.com/v1');
    const updated = ok(
      call('PUT', `${CRONTABS}/crud`, { ...created, spec: { ...(created.spec as object), image: 'cron:2' } }),
    );
    assert.equal((updated.metadata as { generation: number }).generation, 2);
    const merged = ok(
      call('PATCH', `${CRONTABS}/crud`, { spec: { replicas: 3 } }, {}, 'application/merge-patch+json'),
    );
    assert.deepEqual(merged.spec, { cronSpec: '* * * * */5', image: 'cron:2', replicas: 3 });
    const patched = ok(
      call(
        'PATCH',
        `${CRONTABS}/crud`,
        [{ op: 'replace', path: '/spec/image', value: 'cron:3' }],
        {},
        'application/json-patch+json',
      ),
    );
    assert.equal((patched.spec as { image: string }).image, 'cron:3');
    assert.equal((patched.metadata as { generation: number }).generation, 4);
    const strategic = call(
      'PATCH',
      `${CRONTABS}/crud`,
      { spec: {} },
      {},
      'application/strategic-merge-patch+json',
    );
    assert.equal(strategic.status, 415);
    assert.equal(
      strategic.body.message,
      'the body of the request was in an unknown format - accepted media types include: application/json-patch+json, application/merge-patch+json, application/apply-patch+yaml',
    );
  });

  it('are applied server-side, with managedFields of the manager', () => {
    const applied = ok(
      call(
        'PATCH',
        `${CRONTABS}/ssa?fieldManager=kubectl`,
        'apiVersion: stable.example.com/v1\nkind: CronTab\nmetadata:\n  name: ssa\nspec:\n  cronSpec: "0 * * * *"\n  color: red\n',
        {},
        'application/apply-patch+yaml',
      ),
    );
    const entry = (applied.metadata as { managedFields: Array<Record<string, unknown>> }).managedFields[0];
    assert.equal(entry?.manager, 'kubectl');
    assert.equal(entry?.operation, 'Apply');
    assert.deepEqual(entry?.fieldsV1, { 'f:spec': { 'f:color': {}, 'f:cronSpec': {} } });
  });

  it('keep status behind the status subresource, and scale through the CRD paths', () => {
    const created = ok(call('POST', CRONTABS, { ...cronTab('scaled'), status: { replicas: 7 } }));
    assert.equal(created.status, undefined);
    const status = ok(
      call(
        'PATCH',
        `${CRONTABS}/scaled/status`,
        { status: { replicas: 2, selector: 'app=cron' } },
        {},
        'application/merge-patch+json',
      ),
    );
    assert.deepEqual(status.status, { replicas: 2, selector: 'app=cron' });
    assert.equal((status.metadata as { generation: number }).generation, 1);
    const scale = ok(call('GET', `${CRONTABS}/scaled/scale`));
    assert.deepEqual(
      [scale.kind, scale.spec, scale.status],
      ['Scale', { replicas: 1 }, { replicas: 2, selector: 'app=cron' }],
    );
    const rescaled = ok(call('PUT', `${CRONTABS}/scaled/scale`, { ...scale, spec: { replicas: 5 } }));
    assert.deepEqual(rescaled.spec, { replicas: 5 });
    assert.equal((ok(call('GET', `${CRONTABS}/scaled`)).spec as { replicas: number }).replicas, 5);
    const negative = call(
      'PATCH',
      `${CRONTABS}/scaled/status`,
      { status: { replicas: -1 } },
      {},
      'application/merge-patch+json',
    );
    assert.equal(
      negative.body.message,
      'CronTab.stable.example.com "scaled" is invalid: .status.replicas: Invalid value: -1: should be a non-negative integer',
    );
  });

  it('print their printer columns in tables', () => {
    ok(call('POST', CRONTABS, cronTab('printed', { cronSpec: '*/5 * * * *', replicas: 2 })));
    t.advance(90_000);
    assert.deepEqual(t.row('stable.example.com/v1', 'CronTab', 'default', 'printed'), {
      Name: 'printed',
      Spec: '*/5 * * * *',
      Replicas: 2,
      Age: '90s',
    });
  });

  it('are selected by metadata fields and the CRD selectableFields', () => {
    ok(call('POST', CRONTABS, cronTab('purple', { cronSpec: '* * * * *', color: 'purple' })));
    ok(call('POST', CRONTABS, cronTab('blue', { cronSpec: '* * * * *', color: 'blue' })));
    const names = (query: string) =>
      (ok(call('GET', `${CRONTABS}?${query}`)).items as KubeObject[]).map((o) => o.metadata.name);
    assert.deepEqual(names('fieldSelector=spec.color%3Dpurple'), ['purple']);
    assert.deepEqual(names('fieldSelector=metadata.name%3Dblue'), ['blue']);
    assert.equal(
      call('GET', `${CRONTABS}?fieldSelector=spec.image%3Dx`).body.message,
      '"spec.image" is not a known field selector: only "metadata.name", "metadata.namespace"',
    );
  });

  it('are watched like built-in objects', () => {
    const reply = t.engine.handler.handle({
      method: 'GET',
      path: CRONTABS,
      query: new URLSearchParams('watch=1&fieldSelector=metadata.name%3Dwatched'),
      headers: { authorization: `Bearer ${t.engine.adminToken}`, accept: 'application/json' },
    });
    assert.equal(reply.kind, 'watch');
    if (reply.kind !== 'watch') return;
    const events: string[] = [];
    const stop = reply.stream.start(
      (line) => {
        const event = JSON.parse(lineText(line)) as { type: string; object: KubeObject };
        events.push(`${event.type} ${event.object.kind} ${event.object.metadata.name}`);
      },
      () => {},
    );
    ok(call('POST', CRONTABS, cronTab('watched')));
    ok(call('PATCH', `${CRONTABS}/watched`, { spec: { image: 'y' } }, {}, 'application/merge-patch+json'));
    ok(call('DELETE', `${CRONTABS}/watched`));
    stop();
    assert.deepEqual(events, [
      'ADDED CronTab watched',
      'MODIFIED CronTab watched',
      'DELETED CronTab watched',
    ]);
  });

  it('end their initial events with a bookmark that has only a resourceVersion', () => {
    const reply = t.engine.handler.handle({
      method: 'GET',
      path: CRONTABS,
      query: new URLSearchParams(
        'watch=1&sendInitialEvents=true&allowWatchBookmarks=true&fieldSelector=metadata.name%3Dnone',
      ),
      headers: { authorization: `Bearer ${t.engine.adminToken}`, accept: 'application/json' },
    });
    assert.equal(reply.kind, 'watch');
    if (reply.kind !== 'watch') return;
    const lines: string[] = [];
    const stop = reply.stream.start(
      (line) => lines.push(lineText(line)),
      () => {},
    );
    stop();
    const event = JSON.parse(lines[0] ?? '{}') as { type: string; object: KubeObject };
    assert.equal(event.type, 'BOOKMARK');
    assert.deepEqual(event.object, {
      kind: 'CronTab',
      apiVersion: 'stable.example.com/v1',
      metadata: {
        resourceVersion: event.object.metadata.resourceVersion,
        annotations: { 'k8s.io/initial-events-end': 'true' },
      },
    });
  });

  it('are authorized by RBAC like any resource', () => {
    const reply = call('GET', CRONTABS, undefined, { 'impersonate-user': 'jane' });
    assert.equal(reply.status, 403);
    assert.equal(
      reply.body.message,
      'crontabs.stable.example.com is forbidden: User "jane" cannot list resource "crontabs" in API group "stable.example.com" in the namespace "default"',
    );
  });

  it('are not stored by a dry run', () => {
    ok(call('POST', `${CRONTABS}?dryRun=All`, cronTab('dry')));
    assert.equal(call('GET', `${CRONTABS}/dry`).status, 404);
  });

  it('own dependents the garbage collector deletes with them', () => {
    const owner = ok(call('POST', CRONTABS, cronTab('owner')));
    const uid = (owner.metadata as { uid: string }).uid;
    ok(
      call('POST', '/api/v1/namespaces/default/configmaps', {
        apiVersion: 'v1',
        kind: 'ConfigMap',
        metadata: {
          name: 'owned',
          ownerReferences: [{ apiVersion: 'stable.example.com/v1', kind: 'CronTab', name: 'owner', uid }],
        },
      }),
    );
    ok(call('DELETE', `${CRONTABS}/owner`));
    t.advance(1_000);
    assert.equal(call('GET', '/api/v1/namespaces/default/configmaps/owned').status, 404);
  });

  it('go with their namespace', () => {
    ok(
      call('POST', '/api/v1/namespaces', {
        apiVersion: 'v1',
        kind: 'Namespace',
        metadata: { name: 'doomed' },
      }),
    );
    ok(call('POST', '/apis/stable.example.com/v1/namespaces/doomed/crontabs', cronTab('inside')));
    ok(call('DELETE', '/api/v1/namespaces/doomed'));
    t.until(() => call('GET', '/api/v1/namespaces/doomed').status === 404, 60_000, 'namespace removal');
    assert.equal(t.engine.store.count('stable.example.com/crontabs', 'doomed'), 0);
  });
});

describe('a CRD with several versions', () => {
  it('stores in its storage version and serves each version with its apiVersion', () => {
    ok(
      call(
        'POST',
        CRDS,
        cronTabCrd((c) => {
          (c.metadata as { name: string }).name = 'widgets.example.com';
          const spec = c.spec as { group: string; names: unknown; versions: Array<Record<string, unknown>> };
          spec.group = 'example.com';
          spec.names = { plural: 'widgets', kind: 'Widget' };
          const schema = {
            openAPIV3Schema: {
              type: 'object',
              properties: { spec: { type: 'object', properties: { size: { type: 'integer' } } } },
            },
          };
          spec.versions = [
            { name: 'v1beta1', served: true, storage: false, schema },
            { name: 'v1', served: true, storage: true, schema },
          ];
        }),
      ),
    );
    assert.deepEqual(ok(call('GET', '/apis/example.com')).preferredVersion as object, {
      groupVersion: 'example.com/v1',
      version: 'v1',
    });
    ok(
      call('POST', '/apis/example.com/v1beta1/namespaces/default/widgets', {
        apiVersion: 'example.com/v1beta1',
        kind: 'Widget',
        metadata: { name: 'w' },
        spec: { size: 2 },
      }),
    );
    assert.equal(t.engine.store.get('example.com/widgets', 'default', 'w')?.apiVersion, 'example.com/v1');
    assert.equal(
      ok(call('GET', '/apis/example.com/v1beta1/namespaces/default/widgets/w')).apiVersion,
      'example.com/v1beta1',
    );
    assert.equal(
      ok(call('GET', '/apis/example.com/v1/namespaces/default/widgets/w')).apiVersion,
      'example.com/v1',
    );
  });
});

describe('deleting a CRD', () => {
  it('deletes its custom resources first, then itself; creates are refused meanwhile', () => {
    ok(
      call('POST', CRONTABS, {
        ...cronTab('kept'),
        metadata: { name: 'kept', finalizers: ['example.com/keep'] },
      }),
    );
    const deleted = ok(
      call('DELETE', `${CRDS}/crontabs.stable.example.com`),
    ) as unknown as CustomResourceDefinition;
    assert.deepEqual(deleted.metadata?.finalizers, ['customresourcecleanup.apiextensions.k8s.io']);
    assert.deepEqual(
      deleted.status?.conditions?.find((c) => c.type === 'Terminating'),
      {
        type: 'Terminating',
        status: 'True',
        lastTransitionTime: deleted.metadata?.deletionTimestamp,
        reason: 'InstanceDeletionPending',
        message: 'CustomResourceDefinition marked for deletion; CustomResource deletion will begin soon',
      },
    );
    const terminating = crd();
    assert.equal(
      terminating.status?.conditions?.find((c) => c.type === 'Terminating')?.reason,
      'InstanceDeletionInProgress',
    );
    assert.equal(call('GET', `${CRONTABS}/crud`).status, 404);
    const refused = call('POST', CRONTABS, cronTab('late'));
    assert.equal(refused.status, 405);
    assert.equal(refused.body.message, 'create not allowed while custom resource definition is terminating');
    ok(
      call(
        'PATCH',
        `${CRONTABS}/kept`,
        { metadata: { finalizers: null } },
        {},
        'application/merge-patch+json',
      ),
    );
    t.advance(10_000);
    assert.equal(call('GET', `${CRDS}/crontabs.stable.example.com`).status, 404);
    assert.equal(call('GET', CRONTABS).status, 404);
    assert.equal(t.engine.store.count('stable.example.com/crontabs'), 0);
    assert.equal(call('GET', '/apis/stable.example.com/v1').status, 404);
  });
});
