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
    assert.equal((after?.data as Record<string, string>).host, 'cmVwbGljYQ==');
    assert.equal(after?.stringData, undefined);
  } finally {
    await t.stop();
  }
});
