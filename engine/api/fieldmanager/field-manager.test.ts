import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { ApiError } from '../errors.ts';
import { goZeroObject, kindSchema } from '../openapi/go-round-trip.ts';
import type { KubeObject } from '../types.ts';
import {
  applyConfiguration,
  type FieldManagerScope,
  LAST_APPLIED_ANNOTATION,
  updateManagedFields,
} from './field-manager.ts';
import { FieldSet } from './field-set.ts';
import { compare, merge, toFieldSet } from './typed-value.ts';

/** The value at `path` inside a JSON document. */
function at(value: unknown, ...path: string[]): unknown {
  let current = value;
  for (const key of path) current = (current as Record<string, unknown> | undefined)?.[key];
  return current;
}

/** Sets spec.replicas of a deployment object. */
function setReplicas(object: KubeObject, replicas: number): void {
  (object.spec as Record<string, unknown>).replicas = replicas;
}

const scope = (now = '2025-01-01T00:00:00Z', subresource = ''): FieldManagerScope => ({
  schema: kindSchema('apps/v1', 'Deployment'),
  zero: goZeroObject('apps/v1', 'Deployment'),
  apiVersion: 'apps/v1',
  subresource,
  resetFields: FieldSet.fromPaths([[subresource === 'status' ? 'f:spec' : 'f:status']]),
  now,
});

const deployment = (replicas: number, extra: Record<string, unknown> = {}): KubeObject => ({
  apiVersion: 'apps/v1',
  kind: 'Deployment',
  metadata: { name: 'web', namespace: 'default', labels: { app: 'web' } },
  spec: {
    replicas,
    selector: { matchLabels: { app: 'web' } },
    template: {
      metadata: { labels: { app: 'web' } },
      spec: { containers: [{ name: 'nginx', image: 'nginx:1.25', ports: [{ containerPort: 80 }] }] },
    },
    ...extra,
  },
});

describe('typed values', () => {
  it('lists the fields an applied configuration sets (kubectl apply --server-side)', () => {
    const set = toFieldSet(deployment(2), kindSchema('apps/v1', 'Deployment'), true);
    assert.deepEqual(set.toFieldsV1(), {
      'f:apiVersion': {},
      'f:kind': {},
      'f:metadata': { 'f:labels': { 'f:app': {} }, 'f:name': {}, 'f:namespace': {} },
      'f:spec': {
        'f:replicas': {},
        'f:selector': {},
        'f:template': {
          'f:metadata': { 'f:labels': { 'f:app': {} } },
          'f:spec': {
            'f:containers': {
              'k:{"name":"nginx"}': {
                '.': {},
                'f:image': {},
                'f:name': {},
                'f:ports': { 'k:{"containerPort":80,"protocol":"TCP"}': { '.': {}, 'f:containerPort': {} } },
              },
            },
          },
        },
      },
    });
  });

  it('rejects undeclared fields and keyless items of an applied configuration', () => {
    const schema = kindSchema('apps/v1', 'Deployment');
    assert.throws(() => toFieldSet(deployment(1, { foo: 1 }), schema, true), {
      message: '.spec.foo: field not declared in schema',
    });
    const keyless = deployment(1);
    (at(keyless, 'spec', 'template', 'spec') as Record<string, unknown>).containers = [{ image: 'x' }];
    assert.throws(() => toFieldSet(keyless, schema, true), {
      message:
        '.spec.template.spec.containers: element 0: associative list with keys has an element that omits key field "name" (and doesn\'t have default value)',
    });
  });

  it('marks added maps and list items with their own path', () => {
    const before = deployment(1);
    const after = structuredClone(before);
    after.metadata.annotations = { a: 'b' };
    const changes = compare(before, after, kindSchema('apps/v1', 'Deployment'));
    assert.deepEqual(changes.added.toFieldsV1(), {
      'f:metadata': { 'f:annotations': { '.': {}, 'f:a': {} } },
    });
    assert.ok(changes.modified.isEmpty() && changes.removed.isEmpty());
  });

  it('merges associative lists in the order of the configuration (structured-merge-diff)', () => {
    const schema = kindSchema('v1', 'Pod');
    const pod = (names: string[]) => ({ spec: { containers: names.map((name) => ({ name, image: name })) } });
    const merged = merge(pod(['a', 'b']), pod(['c', 'a']), schema) as ReturnType<typeof pod>;
    assert.deepEqual(
      merged.spec.containers.map((c) => c.name),
      ['c', 'a', 'b'],
    );
  });
});

describe('managed fields', () => {
  it('gives a creating manager the fields it set, defaults included, with "." on new maps', () => {
    const created = deployment(1);
    const entries = updateManagedFields(undefined, created, undefined, 'kubectl-create', scope());
    assert.equal(entries.length, 1);
    const [entry] = entries;
    assert.deepEqual(
      { ...entry, fieldsV1: undefined },
      {
        manager: 'kubectl-create',
        operation: 'Update',
        apiVersion: 'apps/v1',
        time: '2025-01-01T00:00:00Z',
        fieldsType: 'FieldsV1',
        fieldsV1: undefined,
      },
    );
    const fields = entry!.fieldsV1;
    assert.deepEqual(at(fields, 'f:metadata'), { 'f:labels': { '.': {}, 'f:app': {} } });
    assert.deepEqual(Object.keys(at(fields, 'f:spec', 'f:template', 'f:spec', 'f:containers') as object), [
      'k:{"name":"nginx"}',
    ]);
  });

  it('moves a changed field to the updating manager and leaves unchanged objects alone', () => {
    const applied = applyConfiguration(undefined, deployment(2), 'kubectl', false, scope());
    const live = {
      ...applied.object,
      metadata: { ...applied.object.metadata, managedFields: applied.managedFields },
    };
    const patched = structuredClone(live);
    setReplicas(patched, 4);
    const later = scope('2025-01-01T00:01:00Z');
    const entries = updateManagedFields(live, patched, live.metadata.managedFields, 'kubectl-patch', later);
    assert.deepEqual(
      entries.map((e) => [e.manager, e.operation, e.time]),
      [
        ['kubectl', 'Apply', '2025-01-01T00:00:00Z'],
        ['kubectl-patch', 'Update', '2025-01-01T00:01:00Z'],
      ],
    );
    assert.deepEqual(entries[1]!.fieldsV1, { 'f:spec': { 'f:replicas': {} } });
    assert.equal(at(entries[0]!.fieldsV1, 'f:spec', 'f:replicas'), undefined);
    assert.deepEqual(
      updateManagedFields(live, structuredClone(live), live.metadata.managedFields, 'x', later),
      live.metadata.managedFields,
    );
  });

  it('refuses an apply that changes another manager’s field, unless forced', () => {
    const applied = applyConfiguration(undefined, deployment(2), 'kubectl', false, scope());
    let live: KubeObject = {
      ...applied.object,
      metadata: { ...applied.object.metadata, managedFields: applied.managedFields },
    };
    const patched = structuredClone(live);
    setReplicas(patched, 4);
    patched.metadata.managedFields = updateManagedFields(
      live,
      patched,
      live.metadata.managedFields,
      'kubectl-patch',
      scope(),
    );
    live = patched;
    let thrown: unknown;
    try {
      applyConfiguration(live, deployment(2), 'kubectl', false, scope());
    } catch (error) {
      thrown = error;
    }
    assert.ok(thrown instanceof ApiError);
    assert.deepEqual(thrown.status, {
      kind: 'Status',
      apiVersion: 'v1',
      metadata: {},
      status: 'Failure',
      message: 'Apply failed with 1 conflict: conflict with "kubectl-patch" using apps/v1: .spec.replicas',
      reason: 'Conflict',
      details: {
        causes: [
          {
            reason: 'FieldManagerConflict',
            message: 'conflict with "kubectl-patch" using apps/v1',
            field: '.spec.replicas',
          },
        ],
      },
      code: 409,
    });
    const forced = applyConfiguration(live, deployment(2), 'kubectl', true, scope());
    assert.equal(at(forced.object, 'spec', 'replicas'), 2);
    assert.deepEqual(
      forced.managedFields.map((e) => e.manager),
      ['kubectl'],
    );
    // Applying the live value again is no conflict: the field is shared.
    assert.equal(applyConfiguration(live, deployment(4), 'kubectl', false, scope()).unchanged, true);
  });

  it('removes fields a manager stops applying when nobody else owns them', () => {
    const first = applyConfiguration(
      undefined,
      deployment(2, { minReadySeconds: 5 }),
      'kubectl',
      false,
      scope(),
    );
    const live = {
      ...first.object,
      metadata: { ...first.object.metadata, managedFields: first.managedFields },
    };
    const second = applyConfiguration(live, deployment(2), 'kubectl', false, scope());
    assert.equal(at(second.object, 'spec', 'minReadySeconds'), undefined);
    assert.equal(at(second.object, 'spec', 'replicas'), 2);
  });

  it('lets kubectl take over from client-side apply where the last-applied configuration still holds', () => {
    const lastApplied = JSON.stringify(deployment(2));
    const created = deployment(2);
    created.metadata.annotations = { [LAST_APPLIED_ANNOTATION]: lastApplied };
    const live: KubeObject = {
      ...created,
      metadata: {
        ...created.metadata,
        managedFields: updateManagedFields(
          undefined,
          created,
          undefined,
          'kubectl-client-side-apply',
          scope(),
        ),
      },
    };
    assert.throws(() => applyConfiguration(live, deployment(3), 'someone', false, scope()), ApiError);
    const taken = applyConfiguration(live, deployment(3), 'kubectl', false, scope());
    assert.equal(at(taken.object, 'spec', 'replicas'), 3);
    const annotation = at(taken.object, 'metadata', 'annotations', LAST_APPLIED_ANNOTATION) as string;
    assert.equal(annotation.endsWith('}\n'), true);
    assert.equal(at(JSON.parse(annotation), 'spec', 'replicas'), 3);
  });

  it('answers a configuration that does not fit the schema with upstream’s 500', () => {
    assert.throws(
      () => applyConfiguration(undefined, deployment(1, { foo: 1 }), 'kubectl', false, scope()),
      (error: unknown) =>
        error instanceof ApiError &&
        error.code === 500 &&
        error.status.message ===
          'failed to create typed patch object (default/web; apps/v1, Kind=Deployment): .spec.foo: field not declared in schema' &&
        error.status.reason === undefined,
    );
  });

  it('keeps the fieldsV1 of entries a status write leaves alone, and of a manager whose fields stay the same', () => {
    const created = deployment(2);
    const live: KubeObject = {
      ...created,
      metadata: {
        ...created.metadata,
        managedFields: updateManagedFields(undefined, created, undefined, 'kubectl-create', scope()),
      },
    };
    const withStatus = (replicas: number): KubeObject => ({ ...live, status: { replicas } });
    const first = updateManagedFields(
      live,
      withStatus(1),
      live.metadata.managedFields,
      'kube-controller-manager',
      scope('2025-01-01T00:00:05Z', 'status'),
    );
    assert.equal(first.length, 2);
    assert.equal(first[0]!.fieldsV1, live.metadata.managedFields![0]!.fieldsV1);
    const stored: KubeObject = { ...withStatus(1), metadata: { ...live.metadata, managedFields: first } };
    const second = updateManagedFields(
      stored,
      withStatus(2),
      first,
      'kube-controller-manager',
      scope('2025-01-01T00:00:09Z', 'status'),
    );
    assert.equal(second[0]!.fieldsV1, first[0]!.fieldsV1);
    assert.equal(second[1]!.fieldsV1, first[1]!.fieldsV1);
    assert.equal(second[1]!.time, '2025-01-01T00:00:09Z');
    assert.equal(second[1]!.manager, 'kube-controller-manager');
  });
});
