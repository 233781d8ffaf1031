import assert from 'node:assert/strict';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { after, before, describe, test } from 'node:test';
import { KubeConfig } from '@kubernetes/client-node';
import { type RunningEngine, startEngine } from '../../engine/index.ts';
import { ApiFailure } from './api-failure.ts';
import { KubeClient } from './kube-client.ts';

function clientFor(server: string, requestTimeoutMs?: number): KubeClient {
  const config = new KubeConfig();
  config.loadFromOptions({
    clusters: [{ name: 'c', server, skipTLSVerify: true }],
    users: [{ name: 'u', token: 't' }],
    contexts: [{ name: 'x', cluster: 'c', user: 'u' }],
    currentContext: 'x',
  });
  return new KubeClient(config, {}, undefined, requestTimeoutMs ? { requestTimeoutMs } : {});
}

describe('KubeClient against the bundled engine', () => {
  let engine: RunningEngine;
  let client: KubeClient;

  before(async () => {
    engine = await startEngine();
    client = KubeClient.fromString(engine.kubeconfig);
  });

  after(async () => {
    client.close();
    await engine.stop();
  });

  test('create, apply, get, list by label, patch, table and delete, by kind', async () => {
    const created = await client.create(
      {
        apiVersion: 'v1',
        kind: 'ConfigMap',
        metadata: { name: 'one', labels: { app: 'a' } },
        data: { k: 'v' },
      },
      'default',
    );
    assert.equal(created.metadata.namespace, 'default');
    assert.ok(created.metadata.uid);
    const applied = await client.apply(
      {
        apiVersion: 'v1',
        kind: 'ConfigMap',
        metadata: { name: 'two', labels: { app: 'b' } },
        data: { k: 'w' },
      },
      'default',
    );
    assert.deepEqual(applied.data, { k: 'w' });
    assert.deepEqual((await client.get('v1', 'ConfigMap', 'default', 'one')).data, { k: 'v' });
    const listed = await client.list('v1', 'ConfigMap', 'default', { labelSelector: 'app=b' });
    assert.deepEqual(
      listed.map((o) => [o.apiVersion, o.kind, o.metadata.name]),
      [['v1', 'ConfigMap', 'two']],
    );
    const patched = await client.patch('v1', 'ConfigMap', 'default', 'one', { data: { k: 'patched' } });
    assert.deepEqual(patched.data, { k: 'patched' });
    const table = await client.table('v1', 'ConfigMap', 'default', 'one');
    assert.deepEqual(
      table.columnDefinitions?.map((c) => c.name),
      ['Name', 'Data', 'Age'],
    );
    assert.equal(table.rows[0]?.cells[0], 'one');
    await client.delete('v1', 'ConfigMap', 'default', 'one');
    assert.equal(await client.find('v1', 'ConfigMap', 'default', 'one'), undefined);
    // Cluster-scoped kinds ignore the namespace given.
    assert.equal((await client.get('v1', 'Namespace', 'default', 'default')).metadata.name, 'default');
  });

  test('a refused request is an ApiFailure with the Status of the answer', async () => {
    await assert.rejects(client.get('v1', 'ConfigMap', 'default', 'absent'), (error: unknown) => {
      assert.ok(error instanceof ApiFailure);
      assert.equal(error.code, 404);
      assert.equal(error.reason, 'NotFound');
      assert.equal(error.message, 'configmaps "absent" not found');
      assert.equal(error.request, 'GET /api/v1/namespaces/default/configmaps/absent');
      return true;
    });
  });

  test('as(identity) impersonates, sharing discovery', async () => {
    const jane = client.as({ user: 'jane' });
    assert.equal(jane.discovery, client.discovery);
    await assert.rejects(jane.list('v1', 'Secret', 'default'), {
      message:
        'secrets is forbidden: User "jane" cannot list resource "secrets" in API group "" in the namespace "default"',
    });
  });
});

describe('KubeClient when the cluster is not there', () => {
  let silent: Server;
  let silentUrl: string;

  before(async () => {
    // Accepts connections and never answers.
    silent = createServer(() => {});
    await new Promise<void>((resolve) => silent.listen(0, '127.0.0.1', resolve));
    silentUrl = `http://127.0.0.1:${(silent.address() as AddressInfo).port}`;
  });

  after(() => {
    silent.closeAllConnections();
    silent.close();
  });

  test('a request without an answer fails after the request timeout, naming the request', async () => {
    const client = clientFor(silentUrl, 300);
    const started = Date.now();
    await assert.rejects(client.raw('GET', '/version'), {
      message: `cannot reach the cluster at ${silentUrl}: no answer within 0.3 s to GET /version`,
    });
    assert.ok(Date.now() - started < 3_000);
    client.close();
  });

  test('a closed port fails at once', async () => {
    const client = clientFor('https://127.0.0.1:1');
    await assert.rejects(client.raw('GET', '/version'), {
      message: 'cannot reach the cluster at https://127.0.0.1:1: connect ECONNREFUSED 127.0.0.1:1',
    });
    client.close();
  });

  test('a kubeconfig without a current cluster is refused', () => {
    const config = new KubeConfig();
    config.loadFromOptions({ clusters: [], users: [], contexts: [], currentContext: 'gone' });
    assert.throws(() => new KubeClient(config), {
      message: 'kubeconfig has no current cluster (context "gone")',
    });
  });
});
