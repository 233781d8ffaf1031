import assert from 'node:assert/strict';
import { test } from 'node:test';
import { TestEngine } from '../../../cluster/testing.ts';

test('stringData is merged into data (base64, winning over data) and never stored', async () => {
  const t = await TestEngine.start();
  try {
    t.create({
      apiVersion: 'v1',
      kind: 'Secret',
      metadata: { name: 'db', namespace: 'default' },
      data: { username: 'b2xk', host: 'ZGI=' },
      stringData: { username: 'admin', password: 'pässword' },
    });
    const stored = t.get<Record<string, unknown>>('v1', 'Secret', 'default', 'db');
    assert.deepEqual(stored?.data, {
      host: 'ZGI=',
      username: 'YWRtaW4=',
      password: Buffer.from('pässword').toString('base64'),
    });
    assert.equal(stored?.stringData, undefined);
    assert.equal(stored?.type, 'Opaque');

    const patched = t.request(
      'PATCH',
      '/api/v1/namespaces/default/secrets/db',
      { stringData: { host: 'replica' } },
      'application/merge-patch+json',
    );
    assert.equal(patched.status, 200, patched.text);
    const after = t.get<Record<string, unknown>>('v1', 'Secret', 'default', 'db');
    assert.equal((after?.data as Record<string, string> | undefined)?.host, 'cmVwbGljYQ==');
    assert.equal(after?.stringData, undefined);
  } finally {
    await t.stop();
  }
});

test('values that are not strings are refused as apiserver decodes them, naming the field, not the value', async () => {
  const t = await TestEngine.start();
  try {
    const cases = [
      {
        body: { stringData: { pin: 987654 } },
        message: 'json: cannot unmarshal number into Go struct field Secret.stringData of type string',
      },
      {
        body: { stringData: { password: { nested: 'Deep-Zebra' } } },
        message: 'json: cannot unmarshal object into Go struct field Secret.stringData of type string',
      },
      {
        body: { data: { token: 4711 } },
        message: 'json: cannot unmarshal number into Go struct field Secret.data of type []uint8',
      },
      {
        body: { stringData: 'Flat-Zebra' },
        message:
          'json: cannot unmarshal string into Go struct field Secret.stringData of type map[string]string',
      },
    ];
    for (const [index, { body, message }] of cases.entries()) {
      const reply = t.request('POST', '/api/v1/namespaces/default/secrets', {
        apiVersion: 'v1',
        kind: 'Secret',
        metadata: { name: `bad-${index}` },
        ...body,
      });
      assert.equal(reply.status, 400, reply.text);
      assert.equal(
        (reply.body as { message?: string }).message,
        `Secret in version "v1" cannot be handled as a Secret: ${message}`,
      );
    }
  } finally {
    await t.stop();
  }
});

test('data that is not base64 is refused with the decoding offset, never the value', async () => {
  const t = await TestEngine.start();
  try {
    const reply = t.request('POST', '/api/v1/namespaces/default/secrets', {
      apiVersion: 'v1',
      kind: 'Secret',
      metadata: { name: 'raw' },
      data: { password: 's3cr3t-value' },
    });
    assert.equal(reply.status, 400);
    assert.equal(
      (reply.body as { message: string }).message,
      'Secret in version "v1" cannot be handled as a Secret: illegal base64 data at input byte 6',
    );
    assert.ok(!reply.text.includes('s3cr3t'));
  } finally {
    await t.stop();
  }
});

test('an immutable Secret or ConfigMap keeps its data and its immutability; a Secret keeps its type', async () => {
  const t = await TestEngine.start();
  try {
    t.create({
      apiVersion: 'v1',
      kind: 'Secret',
      metadata: { name: 'frozen', namespace: 'default' },
      immutable: true,
      data: { key: 'dmFsdWU=' },
    });
    t.create({
      apiVersion: 'v1',
      kind: 'ConfigMap',
      metadata: { name: 'frozen', namespace: 'default' },
      immutable: true,
      data: { key: 'value' },
    });
    const patch = (resource: string, body: object) =>
      t.request(
        'PATCH',
        `/api/v1/namespaces/default/${resource}/frozen`,
        body,
        'application/merge-patch+json',
      );
    const message = (reply: { body: unknown }) => (reply.body as { message: string }).message;

    const secret = patch('secrets', {
      immutable: false,
      data: { key: 'b3RoZXI=' },
      type: 'kubernetes.io/tls',
    });
    assert.equal(secret.status, 422);
    assert.equal(
      message(secret),
      'Secret "frozen" is invalid: [type: Invalid value: "kubernetes.io/tls": field is immutable, immutable: Forbidden: field is immutable when `immutable` is set, data: Forbidden: field is immutable when `immutable` is set]',
    );
    const configMap = patch('configmaps', { data: { key: 'other' } });
    assert.equal(configMap.status, 422);
    assert.equal(
      message(configMap),
      'ConfigMap "frozen" is invalid: data: Forbidden: field is immutable when `immutable` is set',
    );
    assert.equal(patch('configmaps', { metadata: { labels: { tier: 'web' } } }).status, 200);
  } finally {
    await t.stop();
  }
});
