import assert from 'node:assert/strict';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { after, before, describe, test } from 'node:test';
import { KubeConfig } from '@kubernetes/client-node';
import { type RunningEngine, startEngine } from '../../engine/index.ts';
import { KubeClient } from '../kube/kube-client.ts';
import { VirtualTargetClock, WallTargetClock } from '../waiting/target-clock.ts';
import { ClusterTimeClock, clockFor, detectClusterClock } from './cluster-clock.ts';

describe('a kuke engine on the real clock, sped up 20 times', () => {
  let engine: RunningEngine;
  let client: KubeClient;

  before(async () => {
    engine = await startEngine({ clock: 'real', speed: 20 });
    client = KubeClient.fromString(engine.kubeconfig);
  });

  after(async () => {
    client.close();
    await engine.stop();
  });

  test('is detected as a real clock, and waits count its time', async () => {
    assert.equal(await detectClusterClock(client), 'real');
    assert.ok(clockFor('real', client) instanceof ClusterTimeClock);
    const clock = new ClusterTimeClock(client, 20);
    const start = await clock.now();
    const wall = Date.now();
    await clock.pass(4_000);
    const passed = (await clock.now()) - start;
    const wallMs = Date.now() - wall;
    assert.ok(passed >= 4_000, `cluster time passed: ${passed} ms`);
    assert.ok(wallMs < 1_500, `4 s of cluster time took ${wallMs} ms of wall time`);
  });

  test('until() and throughout() measure their span in cluster time', async () => {
    const clock = new ClusterTimeClock(client, 20);
    const wall = Date.now();
    const never = await clock.until(async () => ({ ok: false, observed: 'x' }), 6_000);
    assert.equal(never.ok, false);
    assert.ok(never.waitedMs >= 6_000 && never.waitedMs < 12_000, `${never.waitedMs} ms`);
    const always = await clock.throughout(async () => ({ ok: true, observed: 'y' }), 6_000);
    assert.equal(always.ok, true);
    assert.ok(always.waitedMs >= 6_000);
    assert.ok(Date.now() - wall < 3_000, `12 s of cluster time took ${Date.now() - wall} ms`);
    let looks = 0;
    const soon = await clock.until(async () => ({ ok: ++looks === 2, observed: looks }), 60_000);
    assert.deepEqual([soon.ok, soon.observations], [true, 2]);
  });
});

describe('which clock a cluster has', () => {
  let virtualEngine: RunningEngine;
  let server: Server;
  let answer: { status: number; body: string } = { status: 404, body: '404 page not found' };

  before(async () => {
    virtualEngine = await startEngine();
    server = createServer((_request, response) => {
      response.writeHead(answer.status, { 'content-type': 'application/json' });
      response.end(answer.body);
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  });

  after(async () => {
    server.close();
    await virtualEngine.stop();
  });

  function plainClient(): KubeClient {
    const config = new KubeConfig();
    config.loadFromOptions({
      clusters: [{ name: 'c', server: `http://127.0.0.1:${(server.address() as AddressInfo).port}` }],
      users: [{ name: 'u' }],
      contexts: [{ name: 'x', cluster: 'c', user: 'u' }],
      currentContext: 'x',
    });
    return new KubeClient(config);
  }

  test('a kuke engine on the virtual clock is stepped like the bundled target', async () => {
    const client = KubeClient.fromString(virtualEngine.kubeconfig);
    assert.equal(await detectClusterClock(client), 'virtual');
    assert.ok(clockFor('virtual', client) instanceof VirtualTargetClock);
    client.close();
  });

  test('any other cluster waits on the wall clock', async () => {
    const client = plainClient();
    const answers = [
      { status: 404, body: '404 page not found' },
      { status: 403, body: '{"kind":"Status","code":403}' },
      { status: 200, body: '{"mode":"sideways","nowMs":1}' },
      { status: 200, body: '{"mode":"real"}' },
      { status: 200, body: 'not json' },
    ];
    for (const each of answers) {
      answer = each;
      assert.equal(await detectClusterClock(client), 'none', JSON.stringify(each));
    }
    assert.ok(clockFor('none', client) instanceof WallTargetClock);
    client.close();
  });
});
