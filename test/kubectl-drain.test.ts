/**
 * The real kubectl cordons, drains and uncordons nodes of `kuke engine serve`: drain evicts
 * through pods/eviction, so a PodDisruptionBudget holds it back (kubectl retries every 5 s and
 * prints why) until the workload has room, and kubectl's own checks (unmanaged pods, emptyDir
 * data) see what they see on a real cluster. Skipped, visibly, without kubectl on the PATH.
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

let kubectlPath: string | undefined;
let engine: ServedEngine | undefined;
let kubeconfigPath = '';
const work = tempDir('kuke-drain');

async function kubectl(args: string[], input?: string): Promise<Result> {
  const result = await execa(kubectlPath!, args, {
    env: { KUBECONFIG: kubeconfigPath },
    reject: false,
    stripFinalNewline: false,
    timeout: 60_000,
    ...(input !== undefined ? { input } : {}),
  });
  return { stdout: String(result.stdout), stderr: String(result.stderr), exitCode: result.exitCode ?? -1 };
}

async function ok(args: string[], input?: string): Promise<string> {
  const result = await kubectl(args, input);
  assert.equal(result.exitCode, 0, `kubectl ${args.join(' ')} failed:\n${result.stderr}${result.stdout}`);
  return result.stdout;
}

/** Polls `kubectl get -o jsonpath` until it prints `want`. */
async function until(args: string[], want: string, timeoutMs = 20_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const result = await kubectl(args);
    if (result.exitCode === 0 && result.stdout === want) return;
    if (Date.now() > deadline)
      assert.fail(`kubectl ${args.join(' ')} never printed ${want}: ${result.stdout}`);
    await new Promise((resolve) => setTimeout(resolve, 150));
  }
}

function skipWithoutKubectl(t: TestContext): boolean {
  if (kubectlPath) return false;
  t.skip('kubectl not found on PATH');
  return true;
}

const NS = 'kc-drain';

const web = (replicas: number) => `apiVersion: apps/v1
kind: Deployment
metadata:
  name: web
  namespace: ${NS}
spec:
  replicas: ${replicas}
  selector:
    matchLabels:
      app: web
  template:
    metadata:
      labels:
        app: web
    spec:
      containers:
      - name: nginx
        image: nginx:1.25
`;

const budget = `apiVersion: policy/v1
kind: PodDisruptionBudget
metadata:
  name: web
  namespace: ${NS}
spec:
  minAvailable: 1
  selector:
    matchLabels:
      app: web
`;

/** A pod put straight onto `node`, with no controller, optionally with an emptyDir volume. */
const podOn = (name: string, node: string, emptyDir = false) => `apiVersion: v1
kind: Pod
metadata:
  name: ${name}
  namespace: ${NS}
spec:
  nodeName: ${node}
  containers:
  - name: main
    image: busybox:1.36
    command: ["sh", "-c", "sleep 3600"]${
      emptyDir
        ? `
    volumeMounts:
    - name: scratch
      mountPath: /scratch
  volumes:
  - name: scratch
    emptyDir: {}`
        : ''
    }
`;

/** A DaemonSet whose pods carry no `app` label, so the drains below (`--pod-selector=!app`) see them. */
const agents = `apiVersion: apps/v1
kind: DaemonSet
metadata:
  name: agent
  namespace: ${NS}
spec:
  selector:
    matchLabels:
      tier: agent
  template:
    metadata:
      labels:
        tier: agent
    spec:
      containers:
      - name: main
        image: busybox:1.36
        command: ["sh", "-c", "sleep 3600"]
`;

describe('kubectl cordon, drain and uncordon against kuke engine serve', () => {
  before(async () => {
    const found = await execa('sh', ['-c', 'command -v kubectl'], { reject: false });
    kubectlPath = found.exitCode === 0 && found.stdout ? found.stdout.trim() : undefined;
    if (!kubectlPath) return;
    // Three nodes, 60 times faster than the wall clock.
    engine = await serveEngine(work.dir, { cluster: 'three-nodes', speed: 60, seed: 'kubectl-drain' });
    kubeconfigPath = engine.kubeconfigPath;
  });
  after(async () => {
    await engine?.stop();
    work.cleanup();
  });

  it('a drain waits on the budget, then evicts once the Deployment has room', async (t) => {
    if (skipWithoutKubectl(t)) return;
    await ok(['create', 'namespace', NS]);
    await ok(['apply', '-f', '-'], `${web(1)}---\n${budget}`);
    await until(['get', 'pdb', 'web', '-n', NS, '-o', 'jsonpath={.status.currentHealthy}'], '1');
    const pod = await ok(['get', 'pods', '-n', NS, '-o', 'jsonpath={.items[0].metadata.name}']);
    const node = await ok(['get', 'pod', pod, '-n', NS, '-o', 'jsonpath={.spec.nodeName}']);

    assert.equal(await ok(['cordon', node]), `node/${node} cordoned\n`);
    assert.equal(await ok(['get', 'node', node, '-o', 'jsonpath={.spec.unschedulable}']), 'true');

    // The budget allows no disruption: kubectl retries after 5 s, then gives up at its timeout.
    const held = await kubectl(['drain', node, '--ignore-daemonsets', '--timeout=1s']);
    assert.equal(held.exitCode, 1);
    assert.equal(
      held.stdout,
      `node/${node} already cordoned\nevicting pod ${NS}/${pod}\nevicting pod ${NS}/${pod}\n`,
    );
    const evicting = `error when evicting pods/"${pod}" -n "${NS}"`;
    assert.equal(
      held.stderr,
      [
        `${evicting} (will retry after 5s): Cannot evict pod as it would violate the pod's disruption budget.`,
        `There are pending pods in node "${node}" when an error occurred: ${evicting}: global timeout reached: 1s`,
        `pod/${pod}`,
        `error: unable to drain node "${node}" due to error: ${evicting}: global timeout reached: 1s, continuing command...`,
        'There are pending nodes to be drained:',
        ` ${node}`,
        `${evicting}: global timeout reached: 1s`,
        '',
      ].join('\n'),
    );
    assert.equal(await ok(['get', 'pod', pod, '-n', NS, '-o', 'jsonpath={.metadata.deletionTimestamp}']), '');

    // A second replica (on another node: this one is cordoned) gives the budget room.
    await ok(['scale', 'deployment', 'web', '-n', NS, '--replicas=2']);
    await until(['get', 'pdb', 'web', '-n', NS, '-o', 'jsonpath={.status.disruptionsAllowed}'], '1');
    const drained = await kubectl(['drain', node, '--ignore-daemonsets']);
    assert.equal(drained.stderr, '');
    assert.equal(
      drained.stdout,
      `node/${node} already cordoned\nevicting pod ${NS}/${pod}\npod/${pod} evicted\nnode/${node} drained\n`,
    );
    assert.equal(drained.exitCode, 0);
    await until(['get', 'pdb', 'web', '-n', NS, '-o', 'jsonpath={.status.currentHealthy}'], '2');
    assert.equal(await ok(['uncordon', node]), `node/${node} uncordoned\n`);
    assert.equal(await ok(['uncordon', node]), `node/${node} already uncordoned\n`);
  });

  it('unmanaged pods need --force, emptyDir data needs --delete-emptydir-data, DaemonSet pods stay', async (t) => {
    if (skipWithoutKubectl(t)) return;
    const node = 'worker-2';
    await ok(
      ['apply', '-f', '-'],
      `${podOn('loner', node)}---\n${podOn('scratcher', node, true)}---\n${agents}`,
    );
    await until(['get', 'pod', 'scratcher', '-n', NS, '-o', 'jsonpath={.status.phase}'], 'Running');
    await until(['get', 'daemonset', 'agent', '-n', NS, '-o', 'jsonpath={.status.numberReady}'], '2');
    const agent = await ok([
      'get',
      'pods',
      '-n',
      NS,
      '-l',
      'tier=agent',
      '--field-selector',
      `spec.nodeName=${node}`,
      '-o',
      'jsonpath={.items[0].metadata.name}',
    ]);
    const refused = await kubectl(['drain', node, '--ignore-daemonsets', '--pod-selector=!app']);
    assert.equal(refused.exitCode, 1);
    assert.equal(refused.stdout, `node/${node} cordoned\n`);
    // kubectl's own wording, doubled "cannot delete" included, in the order of a Go map.
    const unmanaged = `cannot delete cannot delete Pods that declare no controller (use --force to override): ${NS}/loner`;
    const local = `cannot delete Pods with local storage (use --delete-emptydir-data to override): ${NS}/scratcher`;
    const [first, ...rest] = refused.stderr.split('\n');
    assert.ok(
      [`[${unmanaged}, ${local}]`, `[${local}, ${unmanaged}]`].some(
        (errors) =>
          first === `error: unable to drain node "${node}" due to error: ${errors}, continuing command...`,
      ),
      first,
    );
    assert.deepEqual(rest.slice(0, 2), ['There are pending nodes to be drained:', ` ${node}`]);
    assert.deepEqual(rest.slice(2, 4).sort(), [unmanaged, local].sort());
    assert.deepEqual(rest.slice(4), ['']);
    const forced = await kubectl([
      'drain',
      node,
      '--ignore-daemonsets',
      '--pod-selector=!app',
      '--force',
      '--delete-emptydir-data',
    ]);
    assert.equal(forced.exitCode, 0, forced.stderr);
    // Warnings are grouped by message, the groups in the order of a Go map.
    const ignored = `ignoring DaemonSet-managed Pods: ${NS}/${agent}`;
    const deleting = `deleting Pods that declare no controller: ${NS}/loner, ${NS}/scratcher`;
    assert.ok(
      [`Warning: ${ignored}; ${deleting}\n`, `Warning: ${deleting}; ${ignored}\n`].includes(forced.stderr),
      forced.stderr,
    );
    const lines = forced.stdout.split('\n');
    assert.equal(lines[0], `node/${node} already cordoned`);
    assert.deepEqual(lines.slice(1, 3).sort(), [`evicting pod ${NS}/loner`, `evicting pod ${NS}/scratcher`]);
    assert.deepEqual(lines.slice(3, 5).sort(), ['pod/loner evicted', 'pod/scratcher evicted']);
    assert.deepEqual(lines.slice(5), [`node/${node} drained`, '']);
    assert.equal(
      await ok(['get', 'pod', agent, '-n', NS, '-o', 'jsonpath={.metadata.deletionTimestamp}']),
      '',
      'the DaemonSet pod stays',
    );
    assert.equal(await ok(['uncordon', node]), `node/${node} uncordoned\n`);
  });
});
