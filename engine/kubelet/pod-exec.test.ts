import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import type { Pod } from 'kubernetes-types/core/v1';
import type { WebSocketConnection } from '../api/handlers/types.ts';
import { podManifest, TestEngine } from '../cluster/testing.ts';

interface Session {
  /** [channel, text] of every message the server sent. */
  frames: Array<[number, string]>;
  closed: boolean;
  /** Sends bytes as the client. */
  send(...parts: Array<number | string>): void;
}

/**
 * Opens pods/exec through the engine's handler as kubectl 1.32 does (GET, WebSocket upgrade, v5)
 * and records the session; a reply that is not an upgrade is returned as it is.
 */
function exec(
  engine: TestEngine,
  pod: string,
  command: string[],
  options: { container?: string; stdin?: boolean; protocol?: string } = {},
): Session | { status: number; body: string } {
  const query = new URLSearchParams();
  for (const word of command) query.append('command', word);
  if (options.container) query.set('container', options.container);
  if (options.stdin) query.set('stdin', 'true');
  query.set('stdout', 'true');
  query.set('stderr', 'true');
  const reply = engine.engine.handler.handle({
    method: 'GET',
    path: `/api/v1/namespaces/default/pods/${pod}/exec`,
    query,
    headers: {
      authorization: `Bearer ${engine.engine.adminToken}`,
      connection: 'Upgrade',
      upgrade: 'websocket',
      'sec-websocket-protocol': options.protocol ?? 'v5.channel.k8s.io',
    },
  });
  if (reply.kind === 'body') return { status: reply.status, body: String(reply.body) };
  assert.equal(reply.kind, 'websocket');
  if (reply.kind !== 'websocket') throw new Error('unreachable');
  let onMessage: (message: Uint8Array) => void = () => {};
  const session: Session = {
    frames: [],
    closed: false,
    send: (...parts) =>
      onMessage(Buffer.concat(parts.map((p) => (typeof p === 'number' ? Buffer.from([p]) : Buffer.from(p))))),
  };
  const connection: WebSocketConnection = {
    send: (message) => {
      const bytes = Buffer.from(message as Uint8Array);
      session.frames.push([bytes[0]!, bytes.subarray(1).toString()]);
    },
    close: () => {
      session.closed = true;
    },
    onMessage: (listener) => {
      onMessage = listener;
    },
    onClose: () => {},
  };
  reply.open(connection);
  return session;
}

/** stdout, stderr and the parsed error-channel Status of a finished session. */
function outcome(session: Session | { status: number; body: string }) {
  assert.ok('frames' in session, `expected an upgrade, got ${JSON.stringify(session)}`);
  assert.equal(session.closed, true, 'the session is closed');
  const text = (channel: number) =>
    session.frames
      .filter(([c]) => c === channel)
      .map(([, t]) => t)
      .join('');
  return { stdout: text(1), stderr: text(2), status: JSON.parse(text(3)) as Record<string, unknown> };
}

const SUCCESS = { metadata: {}, status: 'Success' };

describe('pods/exec on the bundled kubelet', () => {
  let engine: TestEngine;
  before(async () => {
    engine = await TestEngine.start();
    engine.create({
      apiVersion: 'v1',
      kind: 'ConfigMap',
      metadata: { name: 'web-config', namespace: 'default' },
      data: { 'app.properties': 'color=blue\nsize=10\n' },
    });
    engine.create({
      apiVersion: 'v1',
      kind: 'Pod',
      metadata: { name: 'web', namespace: 'default' },
      spec: {
        containers: [
          {
            name: 'app',
            image: 'busybox:1.36',
            command: ['sh', '-c', 'echo started > /tmp/state; sleep 3600'],
            env: [{ name: 'GREETING', value: 'hello from env' }],
            volumeMounts: [{ name: 'config', mountPath: '/etc/config' }],
          },
          { name: 'crasher', image: 'busybox:1.36', command: ['sh', '-c', 'exit 1'] },
        ],
        volumes: [{ name: 'config', configMap: { name: 'web-config' } }],
      },
    });
    engine.create(podManifest('nginx', { image: 'nginx:1.27' }));
    engine.until(
      () =>
        engine.pod('web').status?.containerStatuses?.find((s) => s.name === 'app')?.state?.running !==
        undefined,
      60_000,
      'web running',
    );
    engine.until(() => engine.pod('nginx').status?.phase === 'Running', 60_000, 'nginx running');
    engine.advance(5_000);
  });
  after(() => engine.stop());

  test('echo, the environment and mounted ConfigMap files', () => {
    assert.deepEqual(outcome(exec(engine, 'web', ['echo', 'hello'], { container: 'app' })), {
      stdout: 'hello\n',
      stderr: '',
      status: SUCCESS,
    });
    assert.equal(
      outcome(exec(engine, 'web', ['sh', '-c', 'echo $GREETING'], { container: 'app' })).stdout,
      'hello from env\n',
    );
    assert.equal(
      outcome(exec(engine, 'web', ['cat', '/etc/config/app.properties'], { container: 'app' })).stdout,
      'color=blue\nsize=10\n',
    );
    assert.equal(
      outcome(exec(engine, 'web', ['ls', '/etc/config'], { container: 'app' })).stdout,
      'app.properties\n',
    );
    assert.equal(outcome(exec(engine, 'web', ['hostname'], { container: 'app' })).stdout, 'web\n');
    // The files the main process wrote are there; what exec writes is not kept.
    assert.equal(
      outcome(exec(engine, 'web', ['cat', '/tmp/state'], { container: 'app' })).stdout,
      'started\n',
    );
  });

  test('a non-zero exit code, and an error on stderr', () => {
    const failed = outcome(exec(engine, 'web', ['cat', '/nope'], { container: 'app' }));
    assert.deepEqual(failed, {
      stdout: '',
      stderr: "cat: can't open '/nope': No such file or directory\n",
      status: {
        metadata: {},
        status: 'Failure',
        message: 'command terminated with non-zero exit code: command terminated with exit code 1',
        reason: 'NonZeroExitCode',
        details: { causes: [{ reason: 'ExitCode', message: '1' }] },
      },
    });
    // The kubelet's own wording reaches clients of the older protocols.
    const v4 = outcome(
      exec(engine, 'web', ['sh', '-c', 'exit 3'], { container: 'app', protocol: 'v4.channel.k8s.io' }),
    );
    assert.equal(
      v4.status.message,
      'command terminated with non-zero exit code: error executing command [sh -c exit 3], exit code 3',
    );
  });

  test('a program the image does not have fails to start, as runc reports it', () => {
    const { status } = outcome(exec(engine, 'nginx', ['ps', 'aux']));
    assert.equal(status.reason, 'InternalError');
    assert.match(
      String(status.message),
      /^Internal error occurred: Internal error occurred: error executing command in container: failed to exec in container: failed to start exec "[0-9a-f]{64}": OCI runtime exec failed: exec failed: unable to start container process: exec: "ps": executable file not found in \$PATH: unknown$/,
    );
    // nginx's image has curl and the Debian base utilities.
    assert.equal(outcome(exec(engine, 'nginx', ['cat', '/etc/hostname'])).stdout, 'nginx\n');
    assert.deepEqual(
      outcome(exec(engine, 'web', ['cd', '/'], { container: 'app' })).status.reason,
      'InternalError',
    );
  });

  test('stdin is read to its end: cat echoes it', () => {
    const session = exec(engine, 'web', ['cat'], { container: 'app', stdin: true });
    assert.ok('frames' in session);
    assert.equal(session.closed, false);
    session.send(0, 'line one\n');
    session.send(0, 'line two\n');
    session.send(255, 0);
    assert.deepEqual(outcome(session), { stdout: 'line one\nline two\n', stderr: '', status: SUCCESS });
    const script = exec(engine, 'web', ['sh'], { container: 'app', stdin: true });
    assert.ok('frames' in script);
    script.send(0, 'echo $GREETING\nexit 4\n');
    script.send(255, 0);
    assert.equal(outcome(script).stdout, 'hello from env\n');
  });

  test('a container that is not running: the kubelet refuses, after the upgrade for v5 and before it for v4', () => {
    const crashed = engine.pod('web').status?.containerStatuses?.find((s) => s.name === 'crasher');
    assert.equal(crashed?.state?.running, undefined);
    assert.equal(
      outcome(exec(engine, 'web', ['ls'], { container: 'crasher' })).status.message,
      'Internal error occurred: unable to upgrade connection: container not found ("crasher")',
    );
    assert.deepEqual(exec(engine, 'web', ['ls'], { container: 'crasher', protocol: 'v4.channel.k8s.io' }), {
      status: 500,
      body: 'container not found ("crasher")',
    });
  });

  test('errors before the stream: a missing pod, an unknown container, no container named', () => {
    const missing = exec(engine, 'nope', ['ls']);
    assert.ok('status' in missing);
    assert.equal(missing.status, 404);
    assert.equal(JSON.parse(missing.body).message, 'pods "nope" not found');
    const unknown = exec(engine, 'web', ['ls'], { container: 'nope' });
    assert.ok('status' in unknown);
    assert.deepEqual(
      [unknown.status, JSON.parse(unknown.body).message],
      [400, 'container nope is not valid for pod web'],
    );
    const unnamed = exec(engine, 'web', ['ls']);
    assert.ok('status' in unnamed);
    assert.equal(
      JSON.parse(unnamed.body).message,
      'a container name must be specified for pod web, choose one of: [app crasher]',
    );
  });

  test('a pod that is not on a node yet', () => {
    engine.create(podManifest('unscheduled', { image: 'busybox' }, { nodeSelector: { disk: 'none' } }));
    const pending = exec(engine, 'unscheduled', ['ls']);
    assert.ok('status' in pending);
    assert.equal(JSON.parse(pending.body).message, 'pod unscheduled does not have a host assigned');
    assert.equal((engine.pod('unscheduled') as Pod).spec?.nodeName, undefined);
  });
});
