/**
 * The real kubectl's `exec` against `kuke engine serve`: kubectl 1.32 upgrades to a WebSocket
 * (v5.channel.k8s.io) and falls back to SPDY when that fails, so what it prints and its exit code
 * must come out as against a v1.32 API server — for output, exit codes, stdin, RBAC and errors.
 * Skips, saying so, when kubectl is not on the PATH.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it, type TestContext } from 'node:test';
import { execa } from 'execa';
import { type ServedEngine, serveEngine, tempDir } from './harness-support.ts';

interface Result {
  stdout: string;
  stderr: string;
  exitCode: number;
}

const NS = 'kc-exec';
let kubectlPath: string | undefined;
let served: ServedEngine | undefined;
let cleanup = () => {};

async function kubectl(args: string[], input?: string): Promise<Result> {
  const result = await execa(kubectlPath!, args, {
    env: { KUBECONFIG: served!.kubeconfigPath },
    reject: false,
    stripFinalNewline: false,
    timeout: 30_000,
    ...(input !== undefined ? { input } : { stdin: 'ignore' }),
  });
  return { stdout: String(result.stdout), stderr: String(result.stderr), exitCode: result.exitCode ?? -1 };
}

async function ok(args: string[], input?: string): Promise<string> {
  const result = await kubectl(args, input);
  assert.equal(result.exitCode, 0, `kubectl ${args.join(' ')} failed:\n${result.stderr}${result.stdout}`);
  return result.stdout;
}

function skipWithoutKubectl(t: TestContext): boolean {
  if (kubectlPath) return false;
  t.skip('kubectl not found on PATH');
  return true;
}

const MANIFEST = `apiVersion: v1
kind: ConfigMap
metadata:
  name: web-config
  namespace: ${NS}
data:
  app.properties: |
    color=blue
    size=10
---
apiVersion: v1
kind: Pod
metadata:
  name: web
  namespace: ${NS}
spec:
  containers:
  - name: app
    image: busybox:1.36
    command: ["sh", "-c", "sleep 3600"]
    env:
    - name: GREETING
      value: hello from env
    volumeMounts:
    - name: config
      mountPath: /etc/config
  - name: proxy
    image: nginx:1.27
  volumes:
  - name: config
    configMap:
      name: web-config
`;

describe('kubectl exec against kuke engine serve', () => {
  before(async () => {
    const found = await execa('sh', ['-c', 'command -v kubectl'], { reject: false });
    kubectlPath = found.exitCode === 0 && found.stdout ? found.stdout.trim() : undefined;
    if (!kubectlPath) return;
    const temp = tempDir('kuke-kubectl-exec');
    cleanup = temp.cleanup;
    served = await serveEngine(temp.dir, { speed: 60 });
    await ok(['create', 'namespace', NS]);
    await ok(['apply', '-f', '-'], MANIFEST);
    for (let attempt = 0; ; attempt++) {
      const ready = await kubectl([
        'get',
        'pod',
        'web',
        '-n',
        NS,
        '-o',
        'jsonpath={.status.containerStatuses[*].ready}',
      ]);
      if (ready.stdout === 'true true') break;
      if (attempt > 100) assert.fail(`pod web never became ready: ${ready.stdout}${ready.stderr}`);
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
  });
  after(async () => {
    await served?.stop();
    cleanup();
  });

  it('echo hello prints hello; with two containers kubectl says which it chose', async (t) => {
    if (skipWithoutKubectl(t)) return;
    assert.deepEqual(await kubectl(['exec', 'web', '-n', NS, '--', 'echo', 'hello']), {
      stdout: 'hello\n',
      stderr: 'Defaulted container "app" out of: app, proxy\n',
      exitCode: 0,
    });
  });

  it('-c names the container; a mounted ConfigMap and the environment are there', async (t) => {
    if (skipWithoutKubectl(t)) return;
    assert.equal(
      await ok(['exec', 'web', '-n', NS, '-c', 'app', '--', 'cat', '/etc/config/app.properties']),
      'color=blue\nsize=10\n',
    );
    assert.equal(
      await ok(['exec', 'web', '-n', NS, '-c', 'app', '--', 'printenv', 'GREETING']),
      'hello from env\n',
    );
    assert.equal(
      await ok(['exec', 'web', '-n', NS, '-c', 'app', '--', 'ls', '/etc/config']),
      'app.properties\n',
    );
    assert.equal(await ok(['exec', 'web', '-n', NS, '-c', 'proxy', '--', 'hostname']), 'web\n');
  });

  it("sh -c 'exit 3' exits 3 with kubectl's message; stderr stays on stderr", async (t) => {
    if (skipWithoutKubectl(t)) return;
    assert.deepEqual(await kubectl(['exec', 'web', '-n', NS, '-c', 'app', '--', 'sh', '-c', 'exit 3']), {
      stdout: '',
      stderr: 'command terminated with exit code 3\n',
      exitCode: 3,
    });
    assert.deepEqual(
      await kubectl([
        'exec',
        'web',
        '-n',
        NS,
        '-c',
        'app',
        '--',
        'sh',
        '-c',
        'echo out; echo err >&2; exit 1',
      ]),
      { stdout: 'out\n', stderr: 'err\ncommand terminated with exit code 1\n', exitCode: 1 },
    );
  });

  it('-i passes stdin to the command: cat echoes it, sh runs it', async (t) => {
    if (skipWithoutKubectl(t)) return;
    assert.equal(
      await ok(['exec', '-i', 'web', '-n', NS, '-c', 'app', '--', 'cat'], 'one\ntwo\n'),
      'one\ntwo\n',
    );
    assert.deepEqual(
      await kubectl(['exec', '-i', 'web', '-n', NS, '-c', 'app', '--', 'sh'], 'echo $GREETING\nexit 5\n'),
      {
        stdout: 'hello from env\n',
        stderr: 'command terminated with exit code 5\n',
        exitCode: 5,
      },
    );
  });

  it('a program the image lacks fails as the runtime reports it', async (t) => {
    if (skipWithoutKubectl(t)) return;
    const result = await kubectl(['exec', 'web', '-n', NS, '-c', 'proxy', '--', 'ps', 'aux']);
    assert.equal(result.exitCode, 1);
    assert.equal(result.stdout, '');
    assert.match(
      result.stderr,
      /^error: Internal error occurred: Internal error occurred: error executing command in container: failed to exec in container: failed to start exec "[0-9a-f]{64}": OCI runtime exec failed: exec failed: unable to start container process: exec: "ps": executable file not found in \$PATH: unknown\n$/,
    );
  });

  it('errors before the stream: a missing container, a missing pod', async (t) => {
    if (skipWithoutKubectl(t)) return;
    assert.deepEqual(await kubectl(['exec', 'web', '-n', NS, '-c', 'nope', '--', 'ls']), {
      stdout: '',
      stderr: 'Error from server (BadRequest): container nope is not valid for pod web\n',
      exitCode: 1,
    });
    assert.deepEqual(await kubectl(['exec', 'nope', '-n', NS, '--', 'ls']), {
      stdout: '',
      stderr: 'Error from server (NotFound): pods "nope" not found\n',
      exitCode: 1,
    });
  });

  it("a user without pods/exec is refused with the API server's 403", async (t) => {
    if (skipWithoutKubectl(t)) return;
    await ok(['create', 'role', 'pod-reader', '--verb=get', '--resource=pods', '-n', NS]);
    await ok(['create', 'rolebinding', 'jane-reads', '--role=pod-reader', '--user=jane', '-n', NS]);
    // The WebSocket GET is refused (get pods/exec); kubectl falls back to SPDY, whose POST is refused too.
    assert.deepEqual(await kubectl(['exec', 'web', '-n', NS, '-c', 'app', '--as', 'jane', '--', 'ls']), {
      stdout: '',
      stderr:
        'Error from server (Forbidden): pods "web" is forbidden: User "jane" cannot create resource "pods/exec" in API group "" in the namespace "kc-exec"\n',
      exitCode: 1,
    });
    await ok(['create', 'role', 'pod-exec', '--verb=create,get', '--resource=pods/exec', '-n', NS]);
    await ok(['create', 'rolebinding', 'jane-execs', '--role=pod-exec', '--user=jane', '-n', NS]);
    assert.equal(
      await ok(['exec', 'web', '-n', NS, '-c', 'app', '--as', 'jane', '--', 'echo', 'allowed']),
      'allowed\n',
    );
  });

  it('a container that is not running: the kubelet does not find it', async (t) => {
    if (skipWithoutKubectl(t)) return;
    await ok(['run', 'unpulled', '-n', NS, '--image=busybox:does-not-exist']);
    for (let attempt = 0; ; attempt++) {
      const waiting = await kubectl([
        'get',
        'pod',
        'unpulled',
        '-n',
        NS,
        '-o',
        'jsonpath={.status.containerStatuses[0].state.waiting.reason}',
      ]);
      if (/ErrImagePull|ImagePullBackOff/.test(waiting.stdout)) break;
      if (attempt > 100) assert.fail(`pod unpulled never failed to pull: ${waiting.stdout}`);
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    assert.deepEqual(await kubectl(['exec', 'unpulled', '-n', NS, '--', 'ls']), {
      stdout: '',
      stderr:
        'error: Internal error occurred: unable to upgrade connection: container not found ("unpulled")\n',
      exitCode: 1,
    });
  });
});
