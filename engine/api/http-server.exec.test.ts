// pods/exec over the engine's HTTPS server, with a WebSocket client as kubectl's: the upgrade, the
// subprotocol, the frames, and the plain HTTP answers to upgrades that are refused.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { connect } from 'node:tls';
import WebSocket from 'ws';
import { podManifest, TestEngine } from '../cluster/testing.ts';
import { CLUSTER_CA_CERTIFICATE } from './tls/certificates.ts';

interface Exchange {
  protocol: string;
  /** Messages as [channel, text]; base64 text messages are decoded. */
  frames: Array<[number, string]>;
  closeCode: number;
}

/** Opens an exec WebSocket, sends `input` on stdin then the v5 CLOSE signal, and collects the session. */
function execOverWebSocket(
  engine: TestEngine,
  query: string,
  protocols: string[],
  input?: string,
): Promise<Exchange> {
  const url = `${engine.engine.url.replace(/^https/, 'wss')}/api/v1/namespaces/default/pods/web/exec?${query}`;
  const ws = new WebSocket(url, protocols, {
    ca: CLUSTER_CA_CERTIFICATE,
    headers: { Authorization: `Bearer ${engine.engine.adminToken}` },
  });
  const frames: Array<[number, string]> = [];
  return new Promise((resolve, reject) => {
    ws.on('open', () => {
      if (input === undefined) return;
      ws.send(Buffer.concat([Buffer.from([0]), Buffer.from(input)]));
      ws.send(Buffer.from([255, 0]));
    });
    ws.on('message', (data: Buffer, binary) => {
      if (binary) frames.push([data[0]!, data.subarray(1).toString()]);
      else {
        const text = data.toString();
        frames.push([text.charCodeAt(0) - 48, Buffer.from(text.slice(1), 'base64').toString()]);
      }
    });
    ws.on('close', (code) => resolve({ protocol: ws.protocol, frames, closeCode: code }));
    ws.on('error', reject);
  });
}

/** Sends a raw upgrade request and returns the status line and body of the answer. */
function rawUpgrade(engine: TestEngine, headers: string[]): Promise<{ statusLine: string; body: string }> {
  const { hostname, port } = new URL(engine.engine.url);
  return new Promise((resolve, reject) => {
    const socket = connect({
      host: hostname,
      port: Number(port),
      ca: CLUSTER_CA_CERTIFICATE,
      servername: 'localhost',
    });
    let text = '';
    socket.on('secureConnect', () => {
      socket.write(
        [
          'POST /api/v1/namespaces/default/pods/web/exec?command=ls&stdout=true HTTP/1.1',
          `Host: ${hostname}:${port}`,
          `Authorization: Bearer ${engine.engine.adminToken}`,
          ...headers,
          '',
          '',
        ].join('\r\n'),
      );
    });
    socket.on('data', (chunk) => {
      text += chunk.toString();
    });
    socket.on('end', () => {
      const [head = '', body = ''] = text.split('\r\n\r\n');
      resolve({ statusLine: head.split('\r\n')[0] ?? '', body });
    });
    socket.on('error', reject);
  });
}

describe('pods/exec over the HTTPS server', () => {
  let engine: TestEngine;
  before(async () => {
    engine = await TestEngine.start();
    engine.create(podManifest('web', { image: 'busybox:1.36', command: ['sh', '-c', 'sleep 3600'] }));
    engine.until(() => engine.pod('web').status?.phase === 'Running', 60_000, 'web running');
  });
  after(() => engine.stop());

  test('v5: output, then the status on channel 3, then a normal close', async () => {
    const exchange = await execOverWebSocket(
      engine,
      'command=sh&command=-c&command=echo+hi%3B+echo+oops+>%262%3B+exit+2&stdout=true&stderr=true',
      ['v5.channel.k8s.io'],
    );
    assert.equal(exchange.protocol, 'v5.channel.k8s.io');
    assert.deepEqual(exchange.frames.slice(0, 3), [
      [1, ''],
      [1, 'hi\n'],
      [2, 'oops\n'],
    ]);
    assert.equal(exchange.frames[3]?.[0], 3);
    assert.deepEqual(JSON.parse(exchange.frames[3]?.[1] ?? ''), {
      metadata: {},
      status: 'Failure',
      message: 'command terminated with non-zero exit code: command terminated with exit code 2',
      reason: 'NonZeroExitCode',
      details: { causes: [{ reason: 'ExitCode', message: '2' }] },
    });
    assert.equal(exchange.closeCode, 1000);
  });

  test('v5 stdin: the data, then CLOSE on channel 0', async () => {
    const exchange = await execOverWebSocket(
      engine,
      'command=cat&stdin=true&stdout=true&stderr=true',
      ['v5.channel.k8s.io'],
      'piped in\n',
    );
    assert.deepEqual(exchange.frames, [
      [1, ''],
      [1, 'piped in\n'],
      [3, '{"metadata":{},"status":"Success"}'],
    ]);
  });

  test('v4.base64: text messages in base64 and the kubelet wording', async () => {
    const exchange = await execOverWebSocket(engine, 'command=hostname&stdout=true', [
      'v4.base64.channel.k8s.io',
      'v4.channel.k8s.io',
    ]);
    assert.equal(exchange.protocol, 'v4.base64.channel.k8s.io');
    assert.deepEqual(exchange.frames, [
      [1, ''],
      [1, 'web\n'],
      [3, '{"metadata":{},"status":"Success"}'],
    ]);
  });

  test('refused upgrades are plain HTTP answers: SPDY, an unknown subprotocol, RBAC', async () => {
    const spdy = await rawUpgrade(engine, [
      'Connection: Upgrade',
      'Upgrade: SPDY/3.1',
      'X-Stream-Protocol-Version: v4.channel.k8s.io',
    ]);
    assert.equal(spdy.statusLine, 'HTTP/1.1 400 Bad Request');
    assert.match(JSON.parse(spdy.body).message, /^the bundled engine serves exec over WebSocket/);
    const v3 = await rawUpgrade(engine, [
      'Connection: Upgrade',
      'Upgrade: websocket',
      'Sec-WebSocket-Version: 13',
      'Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==',
      'Sec-WebSocket-Protocol: v3.channel.k8s.io',
    ]);
    assert.deepEqual(v3, { statusLine: 'HTTP/1.1 403 Forbidden', body: '' });
    const jane = await rawUpgrade(engine, [
      'Connection: Upgrade',
      'Upgrade: SPDY/3.1',
      'Impersonate-User: jane',
    ]);
    assert.equal(jane.statusLine, 'HTTP/1.1 403 Forbidden');
    assert.equal(
      JSON.parse(jane.body).message,
      'pods "web" is forbidden: User "jane" cannot create resource "pods/exec" in API group "" in the namespace "default"',
    );
  });
});
