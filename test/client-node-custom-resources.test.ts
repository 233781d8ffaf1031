/**
 * @kubernetes/client-node against an in-process engine: a CustomResourceDefinition created through
 * ApiextensionsV1Api becomes Established, and CustomObjectsApi creates, lists, patches, watches and
 * deletes its custom resources, with the schema's defaults applied and validation errors as
 * upstream words them.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import {
  ApiException,
  ApiextensionsV1Api,
  CustomObjectsApi,
  KubeConfig,
  PatchStrategy,
  setHeaderOptions,
  type V1CustomResourceDefinition,
  Watch,
} from '@kubernetes/client-node';
import { type RunningEngine, startEngine } from '../engine/index.ts';

const GROUP = 'stable.example.com';
const VERSION = 'v1';
const PLURAL = 'crontabs';
const NAMESPACE = 'default';

const CRD: V1CustomResourceDefinition = {
  apiVersion: 'apiextensions.k8s.io/v1',
  kind: 'CustomResourceDefinition',
  metadata: { name: `${PLURAL}.${GROUP}` },
  spec: {
    group: GROUP,
    scope: 'Namespaced',
    names: { plural: PLURAL, singular: 'crontab', kind: 'CronTab', shortNames: ['ct'] },
    versions: [
      {
        name: VERSION,
        served: true,
        storage: true,
        schema: {
          openAPIV3Schema: {
            type: 'object',
            properties: {
              spec: {
                type: 'object',
                properties: {
                  cronSpec: { type: 'string' },
                  image: { type: 'string' },
                  replicas: { type: 'integer', _default: 1 },
                },
              },
            },
          },
        },
      },
    ],
  },
};

let running: RunningEngine;
let config: KubeConfig;
let extensions: ApiextensionsV1Api;
let custom: CustomObjectsApi;

before(async () => {
  running = await startEngine({ seed: 'client-node-custom-resources' });
  config = new KubeConfig();
  config.loadFromString(running.kubeconfig);
  extensions = config.makeApiClient(ApiextensionsV1Api);
  custom = config.makeApiClient(CustomObjectsApi);
  await extensions.createCustomResourceDefinition({ body: CRD });
});

after(() => running.stop());

function cronTab(name: string, spec: Record<string, unknown>) {
  return { apiVersion: `${GROUP}/${VERSION}`, kind: 'CronTab', metadata: { name }, spec };
}

describe('client-node and custom resources', () => {
  it('sees the CRD Established with its names accepted', async () => {
    const crd = await extensions.readCustomResourceDefinition({ name: `${PLURAL}.${GROUP}` });
    const conditions = (crd.status?.conditions ?? []).map((c) => `${c.type}=${c.status} ${c.reason}`);
    assert.deepEqual(conditions, ['NamesAccepted=True NoConflicts', 'Established=True InitialNamesAccepted']);
    assert.equal(crd.status?.acceptedNames?.kind, 'CronTab');
  });

  it('creates, lists, patches and deletes custom objects', async () => {
    const created = (await custom.createNamespacedCustomObject({
      group: GROUP,
      version: VERSION,
      namespace: NAMESPACE,
      plural: PLURAL,
      body: cronTab('nightly', { cronSpec: '0 0 * * *', image: 'backup' }),
    })) as { spec: Record<string, unknown>; metadata: { generation: number } };
    assert.deepEqual(created.spec, { cronSpec: '0 0 * * *', image: 'backup', replicas: 1 });
    assert.equal(created.metadata.generation, 1);

    const list = (await custom.listNamespacedCustomObject({
      group: GROUP,
      version: VERSION,
      namespace: NAMESPACE,
      plural: PLURAL,
    })) as { kind: string; items: Array<{ metadata: { name: string } }> };
    assert.equal(list.kind, 'CronTabList');
    assert.deepEqual(
      list.items.map((item) => item.metadata.name),
      ['nightly'],
    );

    const patched = (await custom.patchNamespacedCustomObject(
      {
        group: GROUP,
        version: VERSION,
        namespace: NAMESPACE,
        plural: PLURAL,
        name: 'nightly',
        body: { spec: { replicas: 3 } },
      },
      setHeaderOptions('Content-Type', PatchStrategy.MergePatch),
    )) as { spec: { replicas: number }; metadata: { generation: number } };
    assert.equal(patched.spec.replicas, 3);
    assert.equal(patched.metadata.generation, 2);

    await custom.deleteNamespacedCustomObject({
      group: GROUP,
      version: VERSION,
      namespace: NAMESPACE,
      plural: PLURAL,
      name: 'nightly',
    });
    const after = (await custom.listNamespacedCustomObject({
      group: GROUP,
      version: VERSION,
      namespace: NAMESPACE,
      plural: PLURAL,
    })) as { items: unknown[] };
    assert.deepEqual(after.items, []);
  });

  it('gets schema violations as a 422 with upstream causes', async () => {
    await assert.rejects(
      custom.createNamespacedCustomObject({
        group: GROUP,
        version: VERSION,
        namespace: NAMESPACE,
        plural: PLURAL,
        body: cronTab('broken', { cronSpec: '* * * * *', replicas: 'many' }),
      }),
      (error: unknown) => {
        assert.ok(error instanceof ApiException);
        assert.equal(error.code, 422);
        const status = JSON.parse(error.body as string) as { message: string };
        assert.equal(
          status.message,
          'CronTab.stable.example.com "broken" is invalid: spec.replicas: Invalid value: "string": spec.replicas in body must be of type integer: "string"',
        );
        return true;
      },
    );
  });

  it('watches custom objects', async () => {
    const seen: string[] = [];
    const watch = new Watch(config);
    let done: () => void = () => {};
    const finished = new Promise<void>((resolve) => {
      done = resolve;
    });
    const request = await watch.watch(
      `/apis/${GROUP}/${VERSION}/namespaces/${NAMESPACE}/${PLURAL}`,
      {},
      (type, object: { metadata: { name: string } }) => {
        seen.push(`${type} ${object.metadata.name}`);
        if (type === 'DELETED') done();
      },
      () => {},
    );
    await custom.createNamespacedCustomObject({
      group: GROUP,
      version: VERSION,
      namespace: NAMESPACE,
      plural: PLURAL,
      body: cronTab('watched', { cronSpec: '*/5 * * * *' }),
    });
    await custom.deleteNamespacedCustomObject({
      group: GROUP,
      version: VERSION,
      namespace: NAMESPACE,
      plural: PLURAL,
      name: 'watched',
    });
    await finished;
    request.abort();
    assert.deepEqual(seen, ['ADDED watched', 'DELETED watched']);
  });
});
