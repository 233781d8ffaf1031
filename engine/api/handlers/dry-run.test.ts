import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { TestEngine } from '../../cluster/testing.ts';

const CM = '/api/v1/namespaces/default/configmaps';

/** The 422 apimachinery's ValidateDryRun gives, on the options kind of the verb. */
const refused = (optionsKind: string, values: string) => ({
  kind: 'Status',
  apiVersion: 'v1',
  metadata: {},
  status: 'Failure',
  message: `${optionsKind}.meta.k8s.io "" is invalid: dryRun: Unsupported value: []string{${values}}: supported values: "All"`,
  reason: 'Invalid',
  details: {
    group: 'meta.k8s.io',
    kind: optionsKind,
    causes: [
      {
        reason: 'FieldValueNotSupported',
        message: `Unsupported value: []string{${values}}: supported values: "All"`,
        field: 'dryRun',
      },
    ],
  },
  code: 422,
});

describe('dryRun values other than All are refused', () => {
  let t: TestEngine;
  before(async () => {
    t = await TestEngine.start();
    t.create({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'kept', namespace: 'default' } });
  });
  after(() => t.stop());

  const configMap = (name: string) => ({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name } });
  const cases: Array<{
    name: string;
    method: string;
    path: string;
    body?: unknown;
    contentType?: string;
    status: unknown;
  }> = [
    {
      name: 'create ?dryRun=true',
      method: 'POST',
      path: `${CM}?dryRun=true`,
      body: configMap('made'),
      status: refused('CreateOptions', '"true"'),
    },
    {
      name: 'create ?dryRun=All&dryRun=server',
      method: 'POST',
      path: `${CM}?dryRun=All&dryRun=server`,
      body: configMap('made'),
      status: refused('CreateOptions', '"All", "server"'),
    },
    {
      name: 'update ?dryRun=all (case matters)',
      method: 'PUT',
      path: `${CM}/kept?dryRun=all`,
      body: configMap('kept'),
      status: refused('UpdateOptions', '"all"'),
    },
    {
      name: 'patch ?dryRun=1',
      method: 'PATCH',
      path: `${CM}/kept?dryRun=1`,
      body: { data: { a: 'b' } },
      contentType: 'application/merge-patch+json',
      status: refused('PatchOptions', '"1"'),
    },
    {
      name: 'delete ?dryRun=yes',
      method: 'DELETE',
      path: `${CM}/kept?dryRun=yes`,
      status: refused('DeleteOptions', '"yes"'),
    },
    {
      name: 'delete with DeleteOptions dryRun ["Server"]',
      method: 'DELETE',
      path: `${CM}/kept`,
      body: { kind: 'DeleteOptions', apiVersion: 'v1', dryRun: ['Server'] },
      status: refused('DeleteOptions', '"Server"'),
    },
    {
      name: 'deletecollection ?dryRun=x',
      method: 'DELETE',
      path: `${CM}?dryRun=x`,
      status: refused('DeleteOptions', '"x"'),
    },
  ];
  for (const c of cases) {
    test(c.name, () => {
      const reply = t.request(c.method, c.path, c.body, c.contentType);
      assert.deepEqual(reply.body, c.status);
    });
  }

  test('nothing was written, and dryRun=All still works', () => {
    assert.equal(t.get('v1', 'ConfigMap', 'default', 'made'), undefined);
    const kept = t.get<{ data?: unknown }>('v1', 'ConfigMap', 'default', 'kept');
    assert.equal(kept?.data, undefined);
    assert.equal(t.request('POST', `${CM}?dryRun=All`, configMap('made')).status, 201);
    assert.equal(t.get('v1', 'ConfigMap', 'default', 'made'), undefined);
    assert.equal(t.request('DELETE', `${CM}/kept?dryRun=All`).status, 200);
    assert.ok(t.get('v1', 'ConfigMap', 'default', 'kept'));
  });
});
