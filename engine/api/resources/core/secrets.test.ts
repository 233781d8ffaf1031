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
