import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import type { Pod } from 'kubernetes-types/core/v1';
import { ApiError } from '../errors.ts';
import type { ApiReply, ApiRequest } from '../handlers/types.ts';
import type { PodExecProvider } from './exec-target.ts';
import {
  connectPodExec,
  NO_STREAMS,
  podExecOptions,
  SPDY_UNSUPPORTED,
  streamContainer,
  TTY_UNSUPPORTED,
  UPGRADE_REQUIRED,
} from './pod-exec.ts';

const pod = (spec: Partial<NonNullable<Pod['spec']>> = {}): Pod => ({
  metadata: { name: 'web', namespace: 'default' },
  spec: { nodeName: 'minikube', containers: [{ name: 'app' }], ...spec },
});

function request(query: string, headers: Record<string, string> = {}): ApiRequest {
  return {
    method: 'GET',
    path: '/api/v1/namespaces/default/pods/web/exec',
    query: new URLSearchParams(query),
    headers,
  };
}

const WEBSOCKET = {
  connection: 'Upgrade',
  upgrade: 'websocket',
  'sec-websocket-protocol': 'v5.channel.k8s.io',
};
const running: PodExecProvider = () => ({ run: () => ({ kind: 'exited', exitCode: 0, output: [] }) });
const notRunning: PodExecProvider = (_pod, { container }) => ({
  error: `container not found ("${container}")`,
});

function badRequestMessage(fn: () => unknown): string {
  try {
    fn();
  } catch (error) {
    assert.ok(error instanceof ApiError);
    assert.equal(error.code, 400);
    return error.status.message ?? '';
  }
  assert.fail('expected a 400');
}

describe('pods/exec options', () => {
  test('read like the parameter codec: repeated command, booleans unless 0/f/false', () => {
    assert.deepEqual(
      podExecOptions(
        new URLSearchParams(
          'command=sh&command=-c&command=exit+3&container=app&stdout=true&stderr=1&stdin=false',
        ),
      ),
      {
        command: ['sh', '-c', 'exit 3'],
        container: 'app',
        stdin: false,
        stdout: true,
        stderr: true,
        tty: false,
      },
    );
  });
});

describe("the exec container and node (the API server's streamLocation)", () => {
  const cases: Array<{ name: string; pod: Pod; container?: string; expected: string }> = [
    { name: 'the only container', pod: pod(), expected: 'app' },
    {
      name: 'a named init container',
      pod: pod({ initContainers: [{ name: 'setup' }] }),
      container: 'setup',
      expected: 'setup',
    },
    {
      name: 'an unknown container',
      pod: pod(),
      container: 'nope',
      expected: 'error: container nope is not valid for pod web',
    },
    {
      name: 'no name with several containers',
      pod: pod({ containers: [{ name: 'a' }, { name: 'b' }], initContainers: [{ name: 'i' }] }),
      expected:
        'error: a container name must be specified for pod web, choose one of: [a b] or one of the init containers: [i]',
    },
    {
      name: 'a pod not scheduled yet',
      pod: { metadata: { name: 'web' }, spec: { containers: [{ name: 'app' }] } },
      expected: 'error: pod web does not have a host assigned',
    },
  ];
  for (const c of cases) {
    test(c.name, () => {
      const actual = c.expected.startsWith('error: ')
        ? `error: ${badRequestMessage(() => streamContainer(c.pod, c.container))}`
        : streamContainer(c.pod, c.container);
      assert.equal(actual, c.expected);
    });
  }
});

describe('connecting to pods/exec', () => {
  const body = (reply: ApiReply) => {
    assert.equal(reply.kind, 'body');
    return reply.kind === 'body' ? { status: reply.status, body: String(reply.body) } : undefined;
  };

  test('a v5 WebSocket request is upgraded, even when the kubelet will refuse it', () => {
    for (const provider of [running, notRunning]) {
      const reply = connectPodExec(
        request('', WEBSOCKET),
        pod(),
        podExecOptions(new URLSearchParams('command=ls&stdout=true')),
        provider,
      );
      assert.equal(reply.kind, 'websocket');
      assert.equal(reply.kind === 'websocket' && reply.protocol, 'v5.channel.k8s.io');
    }
  });

  test('a v4 WebSocket request the kubelet refuses gets its answer before the upgrade', () => {
    const headers = { ...WEBSOCKET, 'sec-websocket-protocol': 'v4.channel.k8s.io' };
    const options = podExecOptions(new URLSearchParams('command=ls&stdout=true'));
    assert.deepEqual(body(connectPodExec(request('', headers), pod(), options, notRunning)), {
      status: 500,
      body: 'container not found ("app")',
    });
    const silent = podExecOptions(new URLSearchParams('command=ls'));
    assert.deepEqual(body(connectPodExec(request('', headers), pod(), silent, running)), {
      status: 400,
      body: NO_STREAMS,
    });
  });

  test('a subprotocol neither the API server nor the kubelet speaks is a bare 403', () => {
    const headers = { ...WEBSOCKET, 'sec-websocket-protocol': 'v3.channel.k8s.io' };
    const options = podExecOptions(new URLSearchParams('command=ls&stdout=true'));
    assert.deepEqual(body(connectPodExec(request('', headers), pod(), options, running)), {
      status: 403,
      body: '',
    });
  });

  test('plain requests, SPDY and terminals are refused with a 400', () => {
    const options = podExecOptions(new URLSearchParams('command=ls&stdout=true'));
    assert.equal(
      badRequestMessage(() => connectPodExec(request(''), pod(), options, running)),
      UPGRADE_REQUIRED,
    );
    const spdy = request('', { connection: 'Upgrade', upgrade: 'SPDY/3.1' });
    assert.equal(
      badRequestMessage(() => connectPodExec(spdy, pod(), options, running)),
      SPDY_UNSUPPORTED,
    );
    const tty = podExecOptions(new URLSearchParams('command=sh&stdin=true&stdout=true&tty=true'));
    assert.equal(
      badRequestMessage(() => connectPodExec(request('', WEBSOCKET), pod(), tty, running)),
      TTY_UNSUPPORTED,
    );
  });

  test('the container is checked before the upgrade is looked at', () => {
    const options = podExecOptions(new URLSearchParams('command=ls&stdout=true&container=nope'));
    assert.equal(
      badRequestMessage(() => connectPodExec(request(''), pod(), options, running)),
      'container nope is not valid for pod web',
    );
  });
});
