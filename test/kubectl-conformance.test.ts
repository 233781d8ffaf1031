/**
 * The real kubectl against `kuke engine serve`: every command's output is compared with what
 * kubectl prints against a v1.32 API server, literally where Kubernetes defines it (table
 * columns and alignment, status lines, error messages) and by pattern only for ages, generated
 * names, IPs and uids. One served engine for the whole file, one namespace per test.
 */
import assert from 'node:assert/strict';
import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { request } from 'node:https';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it, type TestContext } from 'node:test';
import { execa } from 'execa';
import type { Deployment } from 'kubernetes-types/apps/v1';
import type { Pod } from 'kubernetes-types/core/v1';
import type { ManagedFieldsEntry } from 'kubernetes-types/meta/v1';
import { parse as parseYaml } from 'yaml';

const ROOT = new URL('..', import.meta.url).pathname;
const AGE = /^(\d+s|\d+m(\d+s)?|\d+h(\d+m)?|\d+d(\d+h)?|\d+y(\d+d)?|<invalid>)$/;
const POD_HASH_NAME = (prefix: string) => new RegExp(`^${prefix}-[bcdfghjklmnpqrstvwxz2456789]{1,10}$`);
const IP = /^\d+\.\d+\.\d+\.\d+$/;

interface Result {
  stdout: string;
  stderr: string;
  exitCode: number;
}

let kubectlPath: string | undefined;
let server: ChildProcess | undefined;
let workDir = '';
let kubeconfigPath = '';

async function findKubectl(): Promise<string | undefined> {
  const found = await execa('sh', ['-c', 'command -v kubectl'], { reject: false });
  return found.exitCode === 0 && found.stdout ? found.stdout.trim() : undefined;
}

/** Starts `kuke engine serve` on a free port and resolves once /readyz answers 200. */
async function serveEngine(): Promise<void> {
  workDir = mkdtempSync(join(tmpdir(), 'kuke-kubectl-'));
  kubeconfigPath = join(workDir, 'engine.kubeconfig');
  const child = spawn(
    process.execPath,
    [
      join(ROOT, 'bin/kuke.js'),
      'engine',
      'serve',
      '--port',
      '0',
      '--kubeconfig',
      kubeconfigPath,
      '--speed',
      '60',
      '--seed',
      'kubectl-conformance',
    ],
    { cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe'] },
  );
  server = child;
  const url = await new Promise<string>((resolve, reject) => {
    let output = '';
    const onData = (chunk: Buffer) => {
      output += chunk.toString();
      const match = /serving (https?:\/\/\S+)/.exec(output);
      if (match) {
        child.stdout?.off('data', onData);
        resolve(match[1]!);
      }
    };
    child.stdout?.on('data', onData);
    child.stderr?.on('data', (chunk: Buffer) => {
      output += chunk.toString();
    });
    child.once('exit', (code) => reject(new Error(`kuke engine serve exited with ${code}:\n${output}`)));
  });
  const config = parseYaml(readFileSync(kubeconfigPath, 'utf8')) as {
    clusters: { cluster: { 'certificate-authority-data': string } }[];
  };
  const ca = Buffer.from(config.clusters[0]!.cluster['certificate-authority-data'], 'base64');
  for (let attempt = 0; ; attempt++) {
    const status = await new Promise<number>((resolve) => {
      const req = request(`${url}/readyz`, { ca }, (res) => {
        res.resume();
        resolve(res.statusCode ?? 0);
      });
      req.on('error', () => resolve(0));
      req.end();
    });
    if (status === 200) return;
    if (attempt > 100) throw new Error(`${url}/readyz never answered 200`);
    await sleep(100);
  }
}

async function stopEngine(): Promise<void> {
  if (server && server.exitCode === null) {
    const exited = new Promise((resolve) => server?.once('exit', resolve));
    server.kill('SIGTERM');
    await exited;
  }
  if (workDir) rmSync(workDir, { recursive: true, force: true });
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

/** Runs kubectl against the served engine; never throws on a non-zero exit. */
async function kubectl(
  args: string[],
  options: { input?: string; env?: Record<string, string> } = {},
): Promise<Result> {
  const result = await execa(kubectlPath!, args, {
    env: { KUBECONFIG: kubeconfigPath, ...options.env },
    reject: false,
    stripFinalNewline: false,
    timeout: 30_000,
    ...(options.input !== undefined ? { input: options.input } : {}),
  });
  return { stdout: String(result.stdout), stderr: String(result.stderr), exitCode: result.exitCode ?? -1 };
}

/** kubectl that must succeed; returns stdout. */
async function ok(args: string[], options: { input?: string; env?: Record<string, string> } = {}) {
  const result = await kubectl(args, options);
  assert.equal(
    result.exitCode,
    0,
    `kubectl ${args.join(' ')} failed (${result.exitCode}):\n${result.stderr}${result.stdout}`,
  );
  return result.stdout;
}

/** Polls `kubectl get -o jsonpath` until the value satisfies `accept`. */
async function until(
  args: string[],
  accept: (value: string) => boolean,
  timeoutMs = 15_000,
): Promise<string> {
  const deadline = Date.now() + timeoutMs;
  let last = '';
  for (;;) {
    const result = await kubectl(args);
    last = result.stdout;
    if (result.exitCode === 0 && accept(last)) return last;
    if (Date.now() > deadline) assert.fail(`timed out waiting on kubectl ${args.join(' ')}; last: ${last}`);
    await sleep(150);
  }
}

/** Splits kubectl's tab-aligned output into cells (columns are at least three spaces apart). */
function cells(text: string): string[][] {
  return text
    .replace(/\n$/, '')
    .split('\n')
    .map((line) => line.split(/ {3,}/));
}

/** Renders rows as kubectl's tabwriter does (minwidth 6, padding 3, last column unpadded). */
function renderTable(rows: string[][]): string {
  const columns = Math.max(...rows.map((row) => row.length));
  const widths = Array.from({ length: columns }, (_, i) =>
    Math.max(6, ...rows.map((row) => (row[i]?.length ?? 0) + 3)),
  );
  return `${rows
    .map((row) => row.map((cell, i) => (i === row.length - 1 ? cell : cell.padEnd(widths[i]!))).join(''))
    .join('\n')}\n`;
}

/**
 * Asserts a kubectl table: the exact alignment kubectl's tabwriter gives its cells, and each cell
 * equal to the expected string or matching the expected pattern (ages, generated names, IPs).
 */
function assertTable(actual: string, expected: (string | RegExp)[][]): void {
  const parsed = cells(actual);
  assert.equal(actual, renderTable(parsed), 'table alignment');
  assert.equal(parsed.length, expected.length, `row count of\n${actual}`);
  parsed.forEach((row, r) => {
    const want = expected[r]!;
    assert.equal(row.length, want.length, `cells of row ${r}: ${JSON.stringify(row)}`);
    row.forEach((cell, c) => {
      const pattern = want[c]!;
      if (typeof pattern === 'string') assert.equal(cell, pattern, `row ${r} cell ${c} of\n${actual}`);
      else assert.match(cell, pattern, `row ${r} cell ${c} of\n${actual}`);
    });
  });
}

function skipWithoutKubectl(t: TestContext): boolean {
  if (kubectlPath) return false;
  t.skip('kubectl not found on PATH');
  return true;
}

function file(name: string, content: string): string {
  const path = join(workDir, name);
  writeFileSync(path, content);
  return path;
}

const sleeper = (name: string, labels: Record<string, string>, namespace: string) => `apiVersion: v1
kind: Pod
metadata:
  name: ${name}
  namespace: ${namespace}
  labels: ${JSON.stringify(labels)}
spec:
  containers:
  - name: main
    image: busybox
    command: ["sh", "-c", "sleep 3600"]
`;

const deployment = (
  name: string,
  namespace: string,
  replicas: number,
  image = 'nginx:1.25',
) => `apiVersion: apps/v1
kind: Deployment
metadata:
  name: ${name}
  namespace: ${namespace}
  labels:
    app: ${name}
spec:
  replicas: ${replicas}
  selector:
    matchLabels:
      app: ${name}
  template:
    metadata:
      labels:
        app: ${name}
    spec:
      containers:
      - name: nginx
        image: ${image}
        ports:
        - containerPort: 80
`;

describe('kubectl against kuke engine serve', () => {
  before(async () => {
    kubectlPath = await findKubectl();
    if (kubectlPath) await serveEngine();
  });
  after(stopEngine);

  it('apply -f of a multi-document manifest, and again: unchanged', async (t) => {
    if (skipWithoutKubectl(t)) return;
    const manifest = file(
      'apply.yaml',
      `apiVersion: v1
kind: Namespace
metadata:
  name: kc-apply
---
apiVersion: v1
kind: ConfigMap
metadata:
  name: settings
  namespace: kc-apply
data:
  mode: fast
---
${deployment('web', 'kc-apply', 2)}---
apiVersion: v1
kind: Service
metadata:
  name: web
  namespace: kc-apply
spec:
  selector:
    app: web
  ports:
  - port: 80
    targetPort: 80
`,
    );
    assert.equal(
      await ok(['apply', '-f', manifest]),
      'namespace/kc-apply created\nconfigmap/settings created\ndeployment.apps/web created\nservice/web created\n',
    );
    // The deployment's status moves its resourceVersion until the rollout is done; only apply must not.
    await ok(['rollout', 'status', 'deployment/web', '-n', 'kc-apply', '--timeout=30s']);
    const rv = await ok([
      'get',
      'deployment/web',
      '-n',
      'kc-apply',
      '-o',
      'jsonpath={.metadata.resourceVersion}',
    ]);
    assert.equal(
      await ok(['apply', '-f', manifest]),
      'namespace/kc-apply unchanged\nconfigmap/settings unchanged\ndeployment.apps/web unchanged\nservice/web unchanged\n',
    );
    assert.equal(
      await ok(['get', 'deployment/web', '-n', 'kc-apply', '-o', 'jsonpath={.metadata.resourceVersion}']),
      rv,
    );
    assert.equal(
      await ok([
        'get',
        'configmap/settings',
        '-n',
        'kc-apply',
        '-o',
        'jsonpath={.metadata.annotations.kubectl\\.kubernetes\\.io/last-applied-configuration}',
      ]),
      '{"apiVersion":"v1","data":{"mode":"fast"},"kind":"ConfigMap","metadata":{"annotations":{},"name":"settings","namespace":"kc-apply"}}\n',
    );
    // A changed manifest is patched; the last-applied annotation follows it.
    const changed = file('apply-changed.yaml', deployment('web', 'kc-apply', 3));
    assert.equal(await ok(['apply', '-f', changed]), 'deployment.apps/web configured\n');
    assert.equal(
      await ok(['get', 'deployment/web', '-n', 'kc-apply', '-o', 'jsonpath={.spec.replicas}']),
      '3',
    );
  });

  it('get pods: table, wide, json, yaml, jsonpath, custom-columns, labels, -A, -l', async (t) => {
    if (skipWithoutKubectl(t)) return;
    const ns = 'kc-get';
    await ok(['create', 'namespace', ns]);
    await ok(['create', '-f', '-'], {
      input: `${sleeper('front', { app: 'kc-get', tier: 'front' }, ns)}---\n${sleeper('back', { app: 'kc-get', tier: 'back' }, ns)}`,
    });
    await ok(['wait', '--for=condition=Ready', 'pod/front', 'pod/back', '-n', ns, '--timeout=20s']);

    assertTable(await ok(['get', 'pods', '-n', ns]), [
      ['NAME', 'READY', 'STATUS', 'RESTARTS', 'AGE'],
      ['back', '1/1', 'Running', '0', AGE],
      ['front', '1/1', 'Running', '0', AGE],
    ]);
    assertTable(await ok(['get', 'pods', '-n', ns, '-o', 'wide']), [
      ['NAME', 'READY', 'STATUS', 'RESTARTS', 'AGE', 'IP', 'NODE', 'NOMINATED NODE', 'READINESS GATES'],
      ['back', '1/1', 'Running', '0', AGE, IP, 'minikube', '<none>', '<none>'],
      ['front', '1/1', 'Running', '0', AGE, IP, 'minikube', '<none>', '<none>'],
    ]);
    assertTable(await ok(['get', 'pods', '-n', ns, '--show-labels']), [
      ['NAME', 'READY', 'STATUS', 'RESTARTS', 'AGE', 'LABELS'],
      ['back', '1/1', 'Running', '0', AGE, 'app=kc-get,tier=back'],
      ['front', '1/1', 'Running', '0', AGE, 'app=kc-get,tier=front'],
    ]);
    assertTable(await ok(['get', 'pods', '-A', '-l', 'app=kc-get']), [
      ['NAMESPACE', 'NAME', 'READY', 'STATUS', 'RESTARTS', 'AGE'],
      [ns, 'back', '1/1', 'Running', '0', AGE],
      [ns, 'front', '1/1', 'Running', '0', AGE],
    ]);
    assertTable(await ok(['get', 'pods', '-n', ns, '-l', 'tier=front']), [
      ['NAME', 'READY', 'STATUS', 'RESTARTS', 'AGE'],
      ['front', '1/1', 'Running', '0', AGE],
    ]);
    const none = await kubectl(['get', 'pods', '-n', ns, '-l', 'tier=middle']);
    assert.deepEqual(none, { stdout: '', stderr: `No resources found in ${ns} namespace.\n`, exitCode: 0 });

    const one = JSON.parse(await ok(['get', 'pod', 'front', '-n', ns, '-o', 'json'])) as Pod;
    assert.equal(one.apiVersion, 'v1');
    assert.equal(one.kind, 'Pod');
    assert.deepEqual(Object.keys(one), ['apiVersion', 'kind', 'metadata', 'spec', 'status']);
    assert.equal(one.metadata?.name, 'front');
    assert.equal(one.spec?.nodeName, 'minikube');
    assert.equal(one.status?.phase, 'Running');
    const list = JSON.parse(await ok(['get', 'pods', '-n', ns, '-o', 'json'])) as {
      kind: string;
      metadata: object;
      items: Pod[];
    };
    assert.deepEqual(Object.keys(list), ['apiVersion', 'items', 'kind', 'metadata']);
    assert.equal(list.kind, 'List');
    assert.deepEqual(list.metadata, { resourceVersion: '' });
    assert.deepEqual(
      list.items.map((item) => [item.apiVersion, item.kind, item.metadata?.name]),
      [
        ['v1', 'Pod', 'back'],
        ['v1', 'Pod', 'front'],
      ],
    );
    const yaml = await ok(['get', 'pod', 'front', '-n', ns, '-o', 'yaml']);
    assert.match(
      yaml,
      /^apiVersion: v1\nkind: Pod\nmetadata:\n {2}creationTimestamp: "\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ"\n/,
    );
    assert.match(
      yaml,
      /\n {2}labels:\n {4}app: kc-get\n {4}tier: front\n {2}name: front\n {2}namespace: kc-get\n/,
    );
    assert.match(yaml, /\nstatus:\n {2}conditions:\n/);
    assert.equal(
      await ok(['get', 'pods', '-n', ns, '-o', 'jsonpath={.items[*].metadata.name}']),
      'back front',
    );
    assert.equal(
      await ok([
        'get',
        'pods',
        '-n',
        ns,
        '-o',
        'jsonpath={range .items[*]}{.metadata.name}={.status.phase}{"\\n"}{end}',
      ]),
      'back=Running\nfront=Running\n',
    );
    assertTable(
      await ok([
        'get',
        'pods',
        '-n',
        ns,
        '-o',
        'custom-columns=NAME:.metadata.name,IMAGE:.spec.containers[0].image,NODE:.spec.nodeName,TIER:.metadata.labels.tier',
      ]),
      [
        ['NAME', 'IMAGE', 'NODE', 'TIER'],
        ['back', 'busybox', 'minikube', 'back'],
        ['front', 'busybox', 'minikube', 'front'],
      ],
    );
    assert.equal(await ok(['get', 'pods', '-n', ns, '-o', 'name']), 'pod/back\npod/front\n');
    const missing = await kubectl(['get', 'pod', 'nope', '-n', ns]);
    assert.deepEqual(missing, {
      stdout: '',
      stderr: 'Error from server (NotFound): pods "nope" not found\n',
      exitCode: 1,
    });
  });

  it('describe pod shows an OOMKilled last state and the events', async (t) => {
    if (skipWithoutKubectl(t)) return;
    const ns = 'kc-oom';
    await ok(['create', 'namespace', ns]);
    await ok(['apply', '-f', '-'], {
      input: `apiVersion: v1
kind: Pod
metadata:
  name: memory-demo
  namespace: ${ns}
spec:
  containers:
  - name: memory-demo-ctr
    image: polinux/stress
    resources:
      requests:
        memory: 50Mi
      limits:
        memory: 100Mi
    command: ["stress"]
    args: ["--vm", "1", "--vm-bytes", "250M", "--vm-hang", "1"]
`,
    });
    assert.equal(
      await ok([
        'wait',
        'pod/memory-demo',
        '-n',
        ns,
        '--for=jsonpath={.status.containerStatuses[0].lastState.terminated.reason}=OOMKilled',
        '--timeout=20s',
      ]),
      'pod/memory-demo condition met\n',
    );
    const uid = await ok(['get', 'pod', 'memory-demo', '-n', ns, '-o', 'jsonpath={.metadata.uid}']);
    const described = await ok(['describe', 'pod', 'memory-demo', '-n', ns]);
    const lines = described.split('\n');
    for (const line of [
      'Name:             memory-demo',
      `Namespace:        ${ns}`,
      'Priority:         0',
      'Service Account:  default',
      'Status:           Running',
      '  memory-demo-ctr:',
      '    Image:         polinux/stress',
      '    Last State:     Terminated',
      '      Reason:       OOMKilled',
      '      Exit Code:    137',
      '    Ready:          False',
      '    Limits:',
      '      memory:  100Mi',
      '    Requests:',
      '      memory:     50Mi',
      'QoS Class:                   Burstable',
    ]) {
      assert.ok(lines.includes(line), `describe lacks ${JSON.stringify(line)}:\n${described}`);
    }
    assert.match(described, /\n {4}Restart Count: {2}[1-9]\d*\n/);
    assert.match(
      described,
      /\nEvents:\n {2}Type +Reason +Age +From +Message\n {2}---- +------ +---- +---- +-------\n/,
    );
    const events = described.slice(described.indexOf('\nEvents:\n'));
    assert.match(
      events,
      new RegExp(
        `\\n {2}Normal {3}Scheduled +.+ {2}default-scheduler {2}Successfully assigned ${ns}/memory-demo to minikube\\n`,
      ),
    );
    assert.match(events, /\n {2}Normal {3}Pulling +.+ {2}kubelet +Pulling image "polinux\/stress"\n/);
    assert.match(events, /\n {2}Normal {3}Created +.+ {2}kubelet +Created container: memory-demo-ctr\n/);
    assert.match(events, /\n {2}Normal {3}Started +.+ {2}kubelet +Started container memory-demo-ctr\n/);
    assert.ok(
      events.includes(
        `  kubelet            Back-off restarting failed container memory-demo-ctr in pod memory-demo_${ns}(${uid})\n`,
      ),
      events,
    );
  });
  it('describe deployment, node, namespace and quota', async (t) => {
    if (skipWithoutKubectl(t)) return;
    const ns = 'kc-describe';
    await ok(['create', 'namespace', ns]);
    await ok(['create', 'quota', 'objects', '--hard=pods=10,configmaps=5', '-n', ns]);
    await ok(['apply', '-f', '-'], { input: deployment('web', ns, 2) });
    await ok(['rollout', 'status', 'deployment/web', '-n', ns, '--timeout=20s']);
    const rs = await ok(['get', 'rs', '-n', ns, '-l', 'app=web', '-o', 'jsonpath={.items[0].metadata.name}']);
    assert.match(rs, POD_HASH_NAME('web'));

    const dep = await ok(['describe', 'deployment', 'web', '-n', ns]);
    for (const line of [
      'Name:                   web',
      `Namespace:              ${ns}`,
      'Labels:                 app=web',
      'Annotations:            deployment.kubernetes.io/revision: 1',
      'Selector:               app=web',
      'Replicas:               2 desired | 2 updated | 2 total | 2 available | 0 unavailable',
      'StrategyType:           RollingUpdate',
      'MinReadySeconds:        0',
      'RollingUpdateStrategy:  25% max unavailable, 25% max surge',
      'Pod Template:',
      '  Labels:  app=web',
      '  Containers:',
      '   nginx:',
      '    Image:         nginx:1.25',
      '    Port:          80/TCP',
      '    Host Port:     0/TCP',
      '  Type           Status  Reason',
      '  ----           ------  ------',
      '  Available      True    MinimumReplicasAvailable',
      '  Progressing    True    NewReplicaSetAvailable',
      'OldReplicaSets:  <none>',
      `NewReplicaSet:   ${rs} (2/2 replicas created)`,
    ]) {
      assert.ok(dep.split('\n').includes(line), `describe deployment lacks ${JSON.stringify(line)}:\n${dep}`);
    }
    assert.match(
      dep,
      new RegExp(
        `\\n {2}Normal {2}ScalingReplicaSet {2}.+ {2}deployment-controller {2}Scaled up replica set ${rs} from 0 to 2\\n`,
      ),
    );

    const node = await ok(['describe', 'node', 'minikube']);
    for (const line of [
      'Name:               minikube',
      'Roles:              control-plane',
      'Taints:             <none>',
      'Unschedulable:      false',
      '  Ready            True    ',
      'Capacity:',
      '  cpu:                2',
      '  memory:             2Gi',
      '  pods:               110',
    ]) {
      assert.ok(
        node.split('\n').some((l) => l === line || (line.endsWith(' ') && l.startsWith(line))),
        `describe node lacks ${JSON.stringify(line)}:\n${node}`,
      );
    }
    assert.match(node, /\nNon-terminated Pods: {10}\(\d+ in total\)\n/);
    assert.match(
      node,
      /\nAllocated resources:\n {2}\(Total limits may be over 100 percent, i\.e\., overcommitted\.\)\n/,
    );

    const quota = await ok(['describe', 'quota', 'objects', '-n', ns]);
    assert.equal(
      quota,
      `Name:       objects\nNamespace:  ${ns}\nResource    Used  Hard\n--------    ----  ----\nconfigmaps  1     5\npods        2     10\n`,
    );
    const namespace = await ok(['describe', 'namespace', ns]);
    assert.equal(
      namespace,
      `Name:         ${ns}\nLabels:       kubernetes.io/metadata.name=${ns}\nAnnotations:  <none>\nStatus:       Active\n\nResource Quotas\n  Name:       objects\n  Resource    Used  Hard\n  --------    ---   ---\n  configmaps  1     5\n  pods        2     10\n\nNo LimitRange resource.\n`,
    );
  });

  it('create: the typed generators (protobuf bodies)', async (t) => {
    if (skipWithoutKubectl(t)) return;
    const ns = 'kc-create';
    const cases: [string[], string][] = [
      [['create', 'namespace', ns], `namespace/${ns} created\n`],
      [
        ['create', 'deployment', 'web', '--image=nginx:1.25', '--replicas=2', '-n', ns],
        'deployment.apps/web created\n',
      ],
      [
        ['create', 'configmap', 'settings', '--from-literal=mode=fast', '-n', ns],
        'configmap/settings created\n',
      ],
      [
        ['create', 'secret', 'generic', 'creds', '--from-literal=password=s3cr3t', '-n', ns],
        'secret/creds created\n',
      ],
      [['create', 'quota', 'small', '--hard=pods=10,services=5', '-n', ns], 'resourcequota/small created\n'],
      [
        ['create', 'role', 'reader', '--verb=get,list', '--resource=pods', '-n', ns],
        'role.rbac.authorization.k8s.io/reader created\n',
      ],
      [
        ['create', 'rolebinding', 'jane-reads', '--role=reader', '--user=jane', '-n', ns],
        'rolebinding.rbac.authorization.k8s.io/jane-reads created\n',
      ],
      [['create', 'serviceaccount', 'robot', '-n', ns], 'serviceaccount/robot created\n'],
      [
        ['create', 'job', 'once', '--image=busybox', '-n', ns, '--', 'echo', 'hi'],
        'job.batch/once created\n',
      ],
      [['create', 'service', 'clusterip', 'api', '--tcp=80:8080', '-n', ns], 'service/api created\n'],
    ];
    for (const [args, expected] of cases) assert.equal(await ok(args), expected, args.join(' '));
    const get = (args: string[]) => ok(['get', ...args, '-n', ns]);
    assert.equal(
      await get(['secret', 'creds', '-o', 'jsonpath={.type} {.data.password}']),
      'Opaque czNjcjN0',
    );
    assert.equal(await get(['configmap', 'settings', '-o', 'jsonpath={.data.mode}']), 'fast');
    assert.equal(
      await get(['quota', 'small', '-o', 'jsonpath={.spec.hard}']),
      '{"pods":"10","services":"5"}',
    );
    assert.equal(
      await get(['role', 'reader', '-o', 'jsonpath={.rules}']),
      '[{"apiGroups":[""],"resources":["pods"],"verbs":["get","list"]}]',
    );
    assert.equal(
      await get(['rolebinding', 'jane-reads', '-o', 'jsonpath={.roleRef.kind}/{.roleRef.name} {.subjects}']),
      'Role/reader [{"apiGroup":"rbac.authorization.k8s.io","kind":"User","name":"jane"}]',
    );
    assert.equal(
      await get([
        'job',
        'once',
        '-o',
        'jsonpath={.spec.template.spec.restartPolicy} {.spec.template.spec.containers[0].command}',
      ]),
      'Never ["echo","hi"]',
    );
    assert.match(await get(['service', 'api', '-o', 'jsonpath={.spec.clusterIP}']), IP);
    assert.equal(
      await get(['service', 'api', '-o', 'jsonpath={.spec.type} {.spec.ports}']),
      'ClusterIP [{"name":"80-8080","port":80,"protocol":"TCP","targetPort":8080}]',
    );
    assert.equal(
      await get([
        'deployment',
        'web',
        '-o',
        'jsonpath={.spec.replicas} {.spec.template.spec.containers[0].image}',
      ]),
      '2 nginx:1.25',
    );
    // Creating again: AlreadyExists, as kubectl words it.
    const again = await kubectl(['create', 'configmap', 'settings', '--from-literal=mode=slow', '-n', ns]);
    assert.deepEqual(again, {
      stdout: '',
      stderr: 'error: failed to create configmap: configmaps "settings" already exists\n',
      exitCode: 1,
    });
    // Server-side dry run: the answer is printed, nothing is stored.
    assert.equal(
      await ok([
        'create',
        'deployment',
        'ghost',
        '--image=nginx',
        '-n',
        ns,
        '--dry-run=server',
        '-o',
        'name',
      ]),
      'deployment.apps/ghost\n',
    );
    assert.deepEqual(await kubectl(['get', 'deployment', 'ghost', '-n', ns]), {
      stdout: '',
      stderr: 'Error from server (NotFound): deployments.apps "ghost" not found\n',
      exitCode: 1,
    });
  });

  it('patch (strategic, merge, json), label and annotate', async (t) => {
    if (skipWithoutKubectl(t)) return;
    const ns = 'kc-patch';
    await ok(['create', 'namespace', ns]);
    await ok(['create', '-f', '-'], {
      input: `apiVersion: v1
kind: Pod
metadata:
  name: duo
  namespace: ${ns}
spec:
  containers:
  - name: app
    image: nginx:1.25
    env:
    - name: A
      value: "1"
  - name: sidecar
    image: busybox
    command: ["sh", "-c", "sleep 3600"]
`,
    });
    const get = (path: string) => ok(['get', 'pod', 'duo', '-n', ns, '-o', `jsonpath=${path}`]);
    // Strategic merge: containers merge by name; the other fields of the container stay.
    assert.equal(
      await ok([
        'patch',
        'pod',
        'duo',
        '-n',
        ns,
        '-p',
        '{"spec":{"containers":[{"name":"app","image":"nginx:1.26"}]}}',
      ]),
      'pod/duo patched\n',
    );
    assert.equal(await get('{.spec.containers[*].name}'), 'app sidecar');
    assert.equal(
      await get('{.spec.containers[0].image} {.spec.containers[0].env}'),
      'nginx:1.26 [{"name":"A","value":"1"}]',
    );
    // A pod's env cannot change after creation (ValidatePodUpdate): the merged patch is refused.
    const envPatch = await kubectl([
      'patch',
      'pod',
      'duo',
      '-n',
      ns,
      '-p',
      '{"spec":{"containers":[{"name":"app","env":[{"name":"B","value":"2"}]}]}}',
    ]);
    assert.equal(envPatch.exitCode, 1);
    assert.match(
      envPatch.stderr,
      /^The Pod "duo" is invalid: spec: Forbidden: pod updates may not change fields other than /,
    );
    // Merge patch: lists are replaced; maps merge; null removes.
    assert.equal(
      await ok([
        'patch',
        'pod',
        'duo',
        '-n',
        ns,
        '--type=merge',
        '-p',
        '{"metadata":{"labels":{"a":"1","b":"2"}}}',
      ]),
      'pod/duo patched\n',
    );
    assert.equal(
      await ok(['patch', 'pod', 'duo', '-n', ns, '--type=merge', '-p', '{"metadata":{"labels":{"a":null}}}']),
      'pod/duo patched\n',
    );
    assert.equal(await get('{.metadata.labels}'), '{"b":"2"}');
    // JSON patch.
    assert.equal(
      await ok([
        'patch',
        'pod',
        'duo',
        '-n',
        ns,
        '--type=json',
        '-p',
        '[{"op":"add","path":"/metadata/annotations","value":{"x":"y"}},{"op":"replace","path":"/spec/containers/1/image","value":"busybox:1.36"}]',
      ]),
      'pod/duo patched\n',
    );
    assert.equal(await get('{.metadata.annotations.x} {.spec.containers[1].image}'), 'y busybox:1.36');
    assert.equal(
      await ok(['patch', 'pod', 'duo', '-n', ns, '--type=merge', '-p', '{"metadata":{"labels":{"b":"2"}}}']),
      'pod/duo patched (no change)\n',
    );
    const failed = await kubectl([
      'patch',
      'pod',
      'duo',
      '-n',
      ns,
      '--type=json',
      '-p',
      '[{"op":"test","path":"/metadata/name","value":"other"}]',
    ]);
    assert.equal(failed.exitCode, 1);
    assert.match(
      failed.stderr,
      /^The request is invalid: the server rejected our request due to an error in our request\n$/,
    );

    assert.equal(await ok(['label', 'pod', 'duo', '-n', ns, 'tier=web']), 'pod/duo labeled\n');
    assert.deepEqual(await kubectl(['label', 'pod', 'duo', '-n', ns, 'tier=db']), {
      stdout: '',
      stderr: "error: 'tier' already has a value (web), and --overwrite is false\n",
      exitCode: 1,
    });
    assert.equal(await ok(['label', 'pod', 'duo', '-n', ns, 'tier=db', '--overwrite']), 'pod/duo labeled\n');
    assert.equal(await ok(['label', 'pod', 'duo', '-n', ns, 'tier-']), 'pod/duo unlabeled\n');
    assert.equal(await get('{.metadata.labels}'), '{"b":"2"}');
    assert.equal(await ok(['annotate', 'pod', 'duo', '-n', ns, 'owner=team-a']), 'pod/duo annotated\n');
    assert.equal(
      await ok(['annotate', 'pod', 'duo', '-n', ns, 'owner=team-b', '--overwrite']),
      'pod/duo annotated\n',
    );
    assert.equal(await ok(['annotate', 'pod', 'duo', '-n', ns, 'x-']), 'pod/duo annotated\n');
    assert.equal(await get('{.metadata.annotations}'), '{"owner":"team-b"}');
  });

  it('scale, set image and rollout status/history/undo/pause/resume/restart', async (t) => {
    if (skipWithoutKubectl(t)) return;
    const ns = 'kc-rollout';
    await ok(['create', 'namespace', ns]);
    await ok(['apply', '-f', '-'], { input: deployment('web', ns, 2) });
    assert.match(
      await ok(['rollout', 'status', 'deployment/web', '-n', ns, '--timeout=20s']),
      /deployment "web" successfully rolled out\n$/,
    );
    assert.equal(
      await ok(['scale', 'deployment/web', '-n', ns, '--replicas=3']),
      'deployment.apps/web scaled\n',
    );
    assert.equal(await ok(['get', 'deployment/web', '-n', ns, '-o', 'jsonpath={.spec.replicas}']), '3');
    assert.equal(
      await ok(['set', 'image', 'deployment/web', '-n', ns, 'nginx=nginx:1.26']),
      'deployment.apps/web image updated\n',
    );
    assert.equal(
      await ok(['annotate', 'deployment/web', '-n', ns, 'kubernetes.io/change-cause=nginx 1.26']),
      'deployment.apps/web annotated\n',
    );
    await ok(['rollout', 'status', 'deployment/web', '-n', ns, '--timeout=20s']);
    assert.equal(
      await ok(['rollout', 'history', 'deployment/web', '-n', ns]),
      'deployment.apps/web \nREVISION  CHANGE-CAUSE\n1         <none>\n2         nginx 1.26\n\n',
    );
    const revision2 = await ok(['rollout', 'history', 'deployment/web', '-n', ns, '--revision=2']);
    assert.match(
      revision2,
      /^deployment\.apps\/web with revision #2\nPod Template:\n {2}Labels:\tapp=web\n\tpod-template-hash=\w+\n {2}Annotations:\tkubernetes\.io\/change-cause: nginx 1\.26\n/,
    );
    assert.equal(
      await ok(['rollout', 'undo', 'deployment/web', '-n', ns]),
      'deployment.apps/web rolled back\n',
    );
    await ok(['rollout', 'status', 'deployment/web', '-n', ns, '--timeout=20s']);
    assert.equal(
      await ok([
        'get',
        'deployment/web',
        '-n',
        ns,
        '-o',
        'jsonpath={.spec.template.spec.containers[0].image}',
      ]),
      'nginx:1.25',
    );
    assert.equal(
      await ok(['rollout', 'history', 'deployment/web', '-n', ns]),
      'deployment.apps/web \nREVISION  CHANGE-CAUSE\n2         nginx 1.26\n3         <none>\n\n',
    );
    assert.equal(await ok(['rollout', 'pause', 'deployment/web', '-n', ns]), 'deployment.apps/web paused\n');
    assert.deepEqual(await kubectl(['rollout', 'pause', 'deployment/web', '-n', ns]), {
      stdout: '',
      stderr: 'error: deployments.apps "web" is already paused\n',
      exitCode: 1,
    });
    assert.equal(
      await ok(['rollout', 'resume', 'deployment/web', '-n', ns]),
      'deployment.apps/web resumed\n',
    );
    assert.equal(
      await ok(['rollout', 'restart', 'deployment/web', '-n', ns]),
      'deployment.apps/web restarted\n',
    );
    assert.match(
      await ok([
        'get',
        'deployment/web',
        '-n',
        ns,
        '-o',
        'jsonpath={.spec.template.metadata.annotations.kubectl\\.kubernetes\\.io/restartedAt}',
      ]),
      /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/,
    );
    assert.equal(
      await ok(['wait', '--for=condition=Available', 'deployment/web', '-n', ns, '--timeout=20s']),
      'deployment.apps/web condition met\n',
    );
    assertTable(await ok(['get', 'deployment', 'web', '-n', ns]), [
      ['NAME', 'READY', 'UP-TO-DATE', 'AVAILABLE', 'AGE'],
      ['web', '3/3', '3', '3', AGE],
    ]);
  });

  it('replace, edit with KUBE_EDITOR, diff', async (t) => {
    if (skipWithoutKubectl(t)) return;
    const ns = 'kc-edit';
    await ok(['create', 'namespace', ns]);
    await ok(['create', 'configmap', 'settings', '--from-literal=mode=fast', '-n', ns]);
    const live = await ok(['get', 'configmap', 'settings', '-n', ns, '-o', 'yaml']);
    const replaced = file('replace.yaml', live.replace('mode: fast', 'mode: slow'));
    assert.equal(await ok(['replace', '-f', replaced]), 'configmap/settings replaced\n');
    assert.equal(await ok(['get', 'configmap', 'settings', '-n', ns, '-o', 'jsonpath={.data.mode}']), 'slow');
    // A stale resourceVersion: the optimistic-concurrency conflict.
    const stale = await kubectl(['replace', '-f', replaced]);
    assert.equal(stale.exitCode, 1);
    assert.equal(
      stale.stderr,
      `Error from server (Conflict): error when replacing "${replaced}": Operation cannot be fulfilled on configmaps "settings": the object has been modified; please apply your changes to the latest version and try again\n`,
    );

    const editor = file('editor.sh', '#!/bin/sh\nsed -i "s/mode: slow/mode: edited/" "$1"\n');
    await execa('chmod', ['+x', editor]);
    assert.equal(
      await ok(['edit', 'configmap/settings', '-n', ns], { env: { KUBE_EDITOR: editor } }),
      'configmap/settings edited\n',
    );
    assert.equal(
      await ok(['get', 'configmap', 'settings', '-n', ns, '-o', 'jsonpath={.data.mode}']),
      'edited',
    );
    const noop = file('noop.sh', '#!/bin/sh\ntrue\n');
    await execa('chmod', ['+x', noop]);
    assert.deepEqual(
      await kubectl(['edit', 'configmap/settings', '-n', ns], { env: { KUBE_EDITOR: noop } }),
      {
        stdout: '',
        stderr: 'Edit cancelled, no changes made.\n',
        exitCode: 0,
      },
    );

    const desired = file(
      'diff.yaml',
      `apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: settings\n  namespace: ${ns}\ndata:\n  mode: diffed\n`,
    );
    const diff = await kubectl(['diff', '-f', desired]);
    assert.equal(diff.exitCode, 1, diff.stderr);
    assert.match(
      diff.stdout,
      /^diff -u -N \S+\/v1\.ConfigMap\.kc-edit\.settings \S+\/v1\.ConfigMap\.kc-edit\.settings\n/,
    );
    assert.match(diff.stdout, /\n- {2}mode: edited\n\+ {2}mode: diffed\n/);
    assert.equal(
      await ok(['get', 'configmap', 'settings', '-n', ns, '-o', 'jsonpath={.data.mode}']),
      'edited',
    );
    const same = file(
      'same.yaml',
      `apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: settings\n  namespace: ${ns}\ndata:\n  mode: edited\n`,
    );
    assert.deepEqual(await kubectl(['diff', '-f', same]), { stdout: '', stderr: '', exitCode: 0 });
  });

  it('logs with -c, --previous and --tail', async (t) => {
    if (skipWithoutKubectl(t)) return;
    const ns = 'kc-logs';
    await ok(['create', 'namespace', ns]);
    await ok(['create', '-f', '-'], {
      input: `apiVersion: v1
kind: Pod
metadata:
  name: chatty
  namespace: ${ns}
spec:
  containers:
  - name: talker
    image: busybox
    command: ["sh", "-c", "echo one; echo two; echo three; sleep 3600"]
  - name: crasher
    image: busybox
    command: ["sh", "-c", "echo about to fail; exit 1"]
`,
    });
    await until(
      [
        'get',
        'pod',
        'chatty',
        '-n',
        ns,
        '-o',
        'jsonpath={.status.containerStatuses[?(@.name=="crasher")].restartCount}',
      ],
      (count) => Number(count) >= 1,
    );
    assert.deepEqual(await kubectl(['logs', 'chatty', '-n', ns]), {
      stdout: 'one\ntwo\nthree\n',
      stderr: 'Defaulted container "talker" out of: talker, crasher\n',
      exitCode: 0,
    });
    assert.equal(await ok(['logs', 'chatty', '-n', ns, '-c', 'talker', '--tail=2']), 'two\nthree\n');
    assert.equal(await ok(['logs', 'chatty', '-n', ns, '-c', 'crasher', '--previous']), 'about to fail\n');
    assert.deepEqual(await kubectl(['logs', 'chatty', '-n', ns, '-c', 'talker', '--previous']), {
      stdout: '',
      stderr:
        'Error from server (BadRequest): previous terminated container "talker" in pod "chatty" not found\n',
      exitCode: 1,
    });
    assert.deepEqual(await kubectl(['logs', 'chatty', '-n', ns, '-c', 'nope']), {
      stdout: '',
      stderr: 'error: container nope is not valid for pod chatty\n',
      exitCode: 1,
    });
  });

  it('get events --field-selector and get -w', async (t) => {
    if (skipWithoutKubectl(t)) return;
    const ns = 'kc-watch';
    await ok(['create', 'namespace', ns]);
    await ok(['create', '-f', '-'], { input: sleeper('watched', { app: 'watched' }, ns) });
    await ok(['wait', '--for=condition=Ready', 'pod/watched', '-n', ns, '--timeout=20s']);
    const events = cells(
      await ok(['get', 'events', '-n', ns, '--field-selector', 'involvedObject.name=watched']),
    );
    assert.deepEqual(events[0], ['LAST SEEN', 'TYPE', 'REASON', 'OBJECT', 'MESSAGE']);
    assert.ok(
      events.some(
        (row) =>
          AGE.test(row[0]!) &&
          row.slice(1).join('|') ===
            `Normal|Scheduled|pod/watched|Successfully assigned ${ns}/watched to minikube`,
      ),
      JSON.stringify(events),
    );
    assert.ok(events.slice(1).every((row) => row[3] === 'pod/watched'));
    assert.deepEqual(
      await kubectl(['get', 'events', '-n', ns, '--field-selector', 'involvedObject.name=nothing']),
      { stdout: '', stderr: `No resources found in ${ns} namespace.\n`, exitCode: 0 },
    );
    const bad = await kubectl(['get', 'pods', '-n', ns, '--field-selector', 'spec.unknown=x']);
    assert.deepEqual(bad, {
      stdout: '',
      stderr:
        'Error from server (BadRequest): Unable to find "/v1, Resource=pods" that match label selector "", field selector "spec.unknown=x": field label not supported: spec.unknown\n',
      exitCode: 1,
    });

    const watcher = execa(kubectlPath!, ['get', 'pods', '-n', ns, '-w'], {
      env: { KUBECONFIG: kubeconfigPath },
      reject: false,
    });
    let seen = '';
    watcher.stdout?.on('data', (chunk: Buffer) => {
      seen += chunk.toString();
    });
    const waitFor = async (lines: number) => {
      const deadline = Date.now() + 10_000;
      while (seen.split('\n').length <= lines) {
        if (Date.now() > deadline) assert.fail(`get -w printed only:\n${seen}`);
        await sleep(50);
      }
    };
    await waitFor(2);
    await ok(['create', '-f', '-'], { input: sleeper('newcomer', { app: 'newcomer' }, ns) });
    await waitFor(3);
    watcher.kill();
    await watcher;
    const rows = cells(seen);
    assert.deepEqual(rows[0], ['NAME', 'READY', 'STATUS', 'RESTARTS', 'AGE']);
    assert.equal(rows[1]![0], 'watched');
    assert.deepEqual(rows[2]!.slice(0, 4), ['newcomer', '0/1', 'Pending', '0']);
    assert.match(rows[2]![4]!, AGE);
  });

  it('delete by name, by label, --all, --cascade', async (t) => {
    if (skipWithoutKubectl(t)) return;
    const ns = 'kc-delete';
    await ok(['create', 'namespace', ns]);
    await ok(['create', '-f', '-'], {
      input: ['a', 'b', 'c']
        .map((name) => sleeper(name, { group: name === 'a' ? 'one' : 'two' }, ns))
        .join('---\n'),
    });
    assert.equal(await ok(['delete', 'pod', 'a', '-n', ns, '--wait=false']), 'pod "a" deleted\n');
    assert.equal(
      await ok(['delete', 'pods', '-l', 'group=two', '-n', ns, '--grace-period=0', '--force']),
      'pod "b" force deleted\npod "c" force deleted\n',
    );
    await ok(['create', 'configmap', 'one', '--from-literal=a=b', '-n', ns]);
    await ok(['create', 'configmap', 'two', '--from-literal=a=b', '-n', ns]);
    assert.equal(
      await ok(['delete', 'configmap', 'one', '-n', ns, '--dry-run=server']),
      'configmap "one" deleted (server dry run)\n',
    );
    assert.equal(
      await ok(['delete', 'configmaps', '--all', '-n', ns]),
      'configmap "kube-root-ca.crt" deleted\nconfigmap "one" deleted\nconfigmap "two" deleted\n',
    );
    assert.deepEqual(await kubectl(['delete', 'configmap', 'one', '-n', ns]), {
      stdout: '',
      stderr: 'Error from server (NotFound): configmaps "one" not found\n',
      exitCode: 1,
    });

    await ok(['apply', '-f', '-'], { input: deployment('orphaner', ns, 1) });
    await ok(['rollout', 'status', 'deployment/orphaner', '-n', ns, '--timeout=20s']);
    assert.equal(
      await ok(['delete', 'deployment', 'orphaner', '-n', ns, '--cascade=orphan']),
      'deployment.apps "orphaner" deleted\n',
    );
    const orphans = await until(
      ['get', 'rs', '-n', ns, '-l', 'app=orphaner', '-o', 'jsonpath={.items[*].metadata.ownerReferences}'],
      (refs) => refs === '',
    );
    assert.equal(orphans, '');
    assert.match(
      await ok(['get', 'rs', '-n', ns, '-l', 'app=orphaner', '-o', 'name']),
      /^replicaset\.apps\/orphaner-\w+\n$/,
    );

    await ok(['apply', '-f', '-'], { input: deployment('fg', ns, 1) });
    await ok(['rollout', 'status', 'deployment/fg', '-n', ns, '--timeout=20s']);
    assert.equal(
      await ok(['delete', 'deployment', 'fg', '-n', ns, '--cascade=foreground']),
      'deployment.apps "fg" deleted\n',
    );
    assert.equal(await ok(['get', 'rs', '-n', ns, '-l', 'app=fg', '-o', 'name']), '');
  });

  it('apply --server-side: idempotent, managed fields, conflicts', async (t) => {
    if (skipWithoutKubectl(t)) return;
    const ns = 'kc-ssa';
    await ok(['create', 'namespace', ns]);
    const manifest = file('ssa.yaml', deployment('web', ns, 2));
    assert.equal(
      await ok(['apply', '--server-side', '-f', manifest]),
      'deployment.apps/web serverside-applied\n',
    );
    const rv = await ok(['get', 'deployment/web', '-n', ns, '-o', 'jsonpath={.metadata.resourceVersion}']);
    assert.equal(
      await ok(['apply', '--server-side', '-f', manifest]),
      'deployment.apps/web serverside-applied\n',
    );
    assert.equal(
      await ok(['get', 'deployment/web', '-n', ns, '-o', 'jsonpath={.metadata.resourceVersion}']),
      rv,
    );
    const managed = JSON.parse(
      await ok(['get', 'deployment/web', '-n', ns, '-o', 'jsonpath={.metadata.managedFields}']),
    ) as ManagedFieldsEntry[];
    const applied = managed.find((entry) => entry.manager === 'kubectl');
    assert.ok(applied, JSON.stringify(managed));
    assert.equal(applied.operation, 'Apply');
    assert.equal(applied.apiVersion, 'apps/v1');
    assert.equal(applied.fieldsType, 'FieldsV1');
    assert.deepEqual(applied.fieldsV1, {
      'f:metadata': { 'f:labels': { 'f:app': {} } },
      'f:spec': {
        'f:replicas': {},
        'f:selector': {},
        'f:template': {
          'f:metadata': { 'f:labels': { 'f:app': {} } },
          'f:spec': {
            'f:containers': {
              'k:{"name":"nginx"}': {
                '.': {},
                'f:image': {},
                'f:name': {},
                'f:ports': {
                  'k:{"containerPort":80,"protocol":"TCP"}': { '.': {}, 'f:containerPort': {} },
                },
              },
            },
          },
        },
      },
    });
    assert.equal(
      await ok(['patch', 'deployment/web', '-n', ns, '--type=merge', '-p', '{"spec":{"replicas":4}}']),
      'deployment.apps/web patched\n',
    );
    const conflict = await kubectl(['apply', '--server-side', '-f', manifest]);
    assert.equal(conflict.exitCode, 1);
    assert.equal(
      conflict.stderr.split('\n')[0],
      'error: Apply failed with 1 conflict: conflict with "kubectl-patch" using apps/v1: .spec.replicas',
    );
    assert.equal(
      await ok(['apply', '--server-side', '--force-conflicts', '-f', manifest]),
      'deployment.apps/web serverside-applied\n',
    );
    assert.equal(await ok(['get', 'deployment/web', '-n', ns, '-o', 'jsonpath={.spec.replicas}']), '2');

    // An object kubectl client-side applied is taken over without conflicts on the fields its
    // last-applied configuration still describes, and that annotation follows the new configuration.
    assert.equal(
      await ok(['apply', '-f', file('csa.yaml', deployment('csa', ns, 1))]),
      'deployment.apps/csa created\n',
    );
    assert.equal(
      await ok(['apply', '--server-side', '-f', file('csa-ssa.yaml', deployment('csa', ns, 3))]),
      'deployment.apps/csa serverside-applied\n',
    );
    const csa = JSON.parse(
      await ok(['get', 'deployment/csa', '-n', ns, '-o', 'json', '--show-managed-fields']),
    ) as Deployment;
    assert.equal(csa.spec?.replicas, 3);
    const lastApplied = JSON.parse(
      csa.metadata?.annotations?.['kubectl.kubernetes.io/last-applied-configuration'] ?? '',
    ) as Deployment;
    assert.equal(lastApplied.spec?.replicas, 3);
    // kubectl moves the client-side apply ownership to its own Apply entry (csaupgrade) and keeps
    // the annotation under "kubectl-last-applied"; Update entries follow in time order.
    assert.deepEqual(
      (csa.metadata?.managedFields ?? [])
        .map((entry) => `${entry.manager} ${entry.operation} ${entry.subresource ?? ''}`)
        .sort(),
      [
        'kube-controller-manager Update ',
        'kube-controller-manager Update status',
        'kubectl Apply ',
        'kubectl-last-applied Apply ',
      ],
    );
    assert.deepEqual(csa.metadata?.managedFields?.[0]?.fieldsV1, {
      'f:metadata': { 'f:annotations': { 'f:kubectl.kubernetes.io/last-applied-configuration': {} } },
    });
  });

  it('auth can-i, api-resources, api-versions, explain, top', async (t) => {
    if (skipWithoutKubectl(t)) return;
    assert.deepEqual(await kubectl(['auth', 'can-i', 'delete', 'pods', '--as', 'jane']), {
      stdout: 'no\n',
      stderr: '',
      exitCode: 1,
    });
    assert.deepEqual(await kubectl(['auth', 'can-i', 'delete', 'pods']), {
      stdout: 'yes\n',
      stderr: '',
      exitCode: 0,
    });
    const ns = 'kc-auth';
    await ok(['create', 'namespace', ns]);
    await ok(['create', 'role', 'reader', '--verb=get,list,watch', '--resource=pods,configmaps', '-n', ns]);
    await ok(['create', 'rolebinding', 'jane-reads', '--role=reader', '--user=jane', '-n', ns]);
    assert.deepEqual(await kubectl(['auth', 'can-i', 'list', 'pods', '--as', 'jane', '-n', ns]), {
      stdout: 'yes\n',
      stderr: '',
      exitCode: 0,
    });
    const nonResource = (url: string, count = 1) =>
      Array.from({ length: count }, () => ['', `[${url}]`, '[]', '[get]']);
    assertTable(await ok(['auth', 'can-i', '--list', '--as', 'jane', '-n', ns]), [
      ['Resources', 'Non-Resource URLs', 'Resource Names', 'Verbs'],
      ['selfsubjectreviews.authentication.k8s.io', '[]', '[]', '[create]'],
      ['selfsubjectaccessreviews.authorization.k8s.io', '[]', '[]', '[create]'],
      ['selfsubjectrulesreviews.authorization.k8s.io', '[]', '[]', '[create]'],
      ['configmaps', '[]', '[]', '[get list watch]'],
      ['pods', '[]', '[]', '[get list watch]'],
      ...nonResource('/api/*'),
      ...nonResource('/api'),
      ...nonResource('/apis/*'),
      ...nonResource('/apis'),
      ...nonResource('/healthz', 2),
      ...nonResource('/livez', 2),
      ...nonResource('/openapi/*'),
      ...nonResource('/openapi'),
      ...nonResource('/readyz', 2),
      ...nonResource('/version/', 2),
      ...nonResource('/version', 2),
    ]);

    const resources = cells(await ok(['api-resources']));
    assert.deepEqual(resources[0], ['NAME', 'SHORTNAMES', 'APIVERSION', 'NAMESPACED', 'KIND']);
    const row = (name: string, group = '') =>
      resources.find((r) => r[0] === name && (r[2] === group || r[1] === group))?.join('|');
    assert.equal(row('pods', 'v1'), 'pods|po|v1|true|Pod');
    assert.equal(row('deployments', 'apps/v1'), 'deployments|deploy|apps/v1|true|Deployment');
    assert.equal(row('nodes', 'v1'), 'nodes|no|v1|false|Node');
    assert.equal(row('events', 'events.k8s.io/v1'), 'events|ev|events.k8s.io/v1|true|Event');
    assert.equal(
      await ok(['api-resources', '--api-group=apps', '-o', 'name']),
      'controllerrevisions.apps\ndaemonsets.apps\ndeployments.apps\nreplicasets.apps\nstatefulsets.apps\n',
    );
    const versions = (await ok(['api-versions'])).split('\n').filter(Boolean);
    for (const required of [
      'apiextensions.k8s.io/v1',
      'apps/v1',
      'authentication.k8s.io/v1',
      'authorization.k8s.io/v1',
      'autoscaling/v2',
      'batch/v1',
      'coordination.k8s.io/v1',
      'discovery.k8s.io/v1',
      'events.k8s.io/v1',
      'networking.k8s.io/v1',
      'policy/v1',
      'rbac.authorization.k8s.io/v1',
      'storage.k8s.io/v1',
      'v1',
    ]) {
      assert.ok(versions.includes(required), `api-versions lacks ${required}: ${versions.join(' ')}`);
    }
    assert.deepEqual(versions, [...versions].sort());

    const explained = await ok(['explain', 'pods.spec']);
    assert.ok(
      explained.startsWith(
        'KIND:       Pod\nVERSION:    v1\n\nFIELD: spec <PodSpec>\n\n\nDESCRIPTION:\n    Specification of the desired behavior of the pod.',
      ),
      explained,
    );
    assert.match(explained, /\n {2}containers\t<\[\]Container> -required-\n/);
    // metrics.k8s.io: what the kubelets measure, throttled at the CPU limit (stress --cpu 1 wants 1000m).
    await ok(['apply', '-n', ns, '-f', '-'], {
      input: `apiVersion: v1
kind: Pod
metadata:
  name: burner
spec:
  containers:
  - name: stress
    image: polinux/stress
    command: ["stress", "--cpu", "1"]
    resources:
      limits: { cpu: 250m }
`,
    });
    const top = await until(['top', 'pods', '-n', ns, '--containers'], (out) => out.includes('burner'));
    assert.deepEqual(cells(top), [
      ['POD', 'NAME', 'CPU(cores)', 'MEMORY(bytes)', ''],
      ['burner', 'stress', '250m', '1Mi', ''],
    ]);
    assert.deepEqual(cells(await ok(['top', 'pods', '-n', ns])), [
      ['NAME', 'CPU(cores)', 'MEMORY(bytes)', ''],
      ['burner', '250m', '1Mi', ''],
    ]);
    const nodes = cells(await ok(['top', 'nodes']));
    assert.deepEqual(nodes[0]?.slice(0, 5), ['NAME', 'CPU(cores)', 'CPU(%)', 'MEMORY(bytes)', 'MEMORY(%)']);
    assert.ok(nodes.length > 1, JSON.stringify(nodes));
    assert.deepEqual(await kubectl(['top', 'pod', 'nothing', '-n', ns]), {
      stdout: '',
      stderr: 'Error from server (NotFound): pods "nothing" not found\n',
      exitCode: 1,
    });
  });

  it('create token: the token authenticates as the service account, under its RBAC', async (t) => {
    if (skipWithoutKubectl(t)) return;
    const ns = 'kc-token';
    await ok(['create', 'namespace', ns]);
    await ok(['create', 'serviceaccount', 'robot', '-n', ns]);
    const token = (await ok(['create', 'token', 'robot', '-n', ns])).trim();
    assert.match(token, /^[\w-]+\.[\w-]+\.[\w-]+$/);
    const whoami = cells(await ok(['auth', 'whoami', '--token', token]));
    assert.deepEqual(whoami.slice(0, 4), [
      ['ATTRIBUTE', 'VALUE'],
      ['Username', 'system:serviceaccount:kc-token:robot'],
      ['UID', await ok(['get', 'sa', 'robot', '-n', ns, '-o', 'jsonpath={.metadata.uid}'])],
      ['Groups', '[system:serviceaccounts system:serviceaccounts:kc-token system:authenticated]'],
    ]);
    assert.match(
      whoami[4]?.join('|') ?? '',
      /^Extra: authentication\.kubernetes\.io\/credential-id\|\[JTI=[\w-]+\]$/,
    );
    assert.deepEqual(await kubectl(['get', 'pods', '-n', ns, '--token', token]), {
      stdout: '',
      stderr:
        'Error from server (Forbidden): pods is forbidden: User "system:serviceaccount:kc-token:robot" cannot list resource "pods" in API group "" in the namespace "kc-token"\n',
      exitCode: 1,
    });
    await ok([
      'create',
      'rolebinding',
      'robot-view',
      '--clusterrole=view',
      `--serviceaccount=${ns}:robot`,
      '-n',
      ns,
    ]);
    assert.deepEqual(await kubectl(['get', 'pods', '-n', ns, '--token', token]), {
      stdout: '',
      stderr: 'No resources found in kc-token namespace.\n',
      exitCode: 0,
    });
    assert.deepEqual(await kubectl(['create', 'token', 'robot', '-n', ns, '--duration', '5m']), {
      stdout: '',
      stderr:
        'error: failed to create token: TokenRequest.authentication.k8s.io "" is invalid: spec.expirationSeconds: Invalid value: 300: may not specify a duration less than 10 minutes\n',
      exitCode: 1,
    });
    assert.deepEqual(await kubectl(['create', 'token', 'ghost', '-n', ns]), {
      stdout: '',
      stderr: 'error: failed to create token: serviceaccounts "ghost" not found\n',
      exitCode: 1,
    });
    const vault = (await ok(['create', 'token', 'robot', '-n', ns, '--audience', 'vault'])).trim();
    assert.deepEqual(await kubectl(['get', 'pods', '-n', ns, '--token', vault]), {
      stdout: '',
      stderr: 'error: You must be logged in to the server (Unauthorized)\n',
      exitCode: 1,
    });
  });

  it('patch pod: only images, activeDeadlineSeconds and added tolerations may change', async (t) => {
    if (skipWithoutKubectl(t)) return;
    const ns = 'kc-pod-update';
    await ok(['create', 'namespace', ns]);
    await ok(['create', '-f', '-'], { input: sleeper('fixed', { app: 'fixed' }, ns) });
    assert.equal(
      await ok(['patch', 'pod', 'fixed', '-n', ns, '-p', '{"spec":{"activeDeadlineSeconds":600}}']),
      'pod/fixed patched\n',
    );
    assert.deepEqual(
      await kubectl(['patch', 'pod', 'fixed', '-n', ns, '-p', '{"spec":{"restartPolicy":"Never"}}']),
      {
        stdout: '',
        stderr:
          'The Pod "fixed" is invalid: spec: Forbidden: pod updates may not change fields other than `spec.containers[*].image`,`spec.initContainers[*].image`,`spec.activeDeadlineSeconds`,`spec.tolerations` (only additions to existing tolerations),`spec.terminationGracePeriodSeconds` (allow it to be set to 1 if it was previously negative)\n' +
          '  core.PodSpec{\n  \t... // 4 identical fields\n- \tRestartPolicy: "Always",\n+ \tRestartPolicy: "Never",\n  \t... // 34 identical fields\n  }\n\n',
        exitCode: 1,
      },
    );
    assert.deepEqual(
      await kubectl(['patch', 'pod', 'fixed', '-n', ns, '-p', '{"spec":{"activeDeadlineSeconds":900}}']),
      {
        stdout: '',
        stderr:
          'The Pod "fixed" is invalid: spec.activeDeadlineSeconds: Invalid value: 900: must be less than or equal to previous value\n',
        exitCode: 1,
      },
    );
  });

  it('fieldValidation: unknown fields are rejected, or warned about with --validate=warn', async (t) => {
    if (skipWithoutKubectl(t)) return;
    const ns = 'kc-validate';
    await ok(['create', 'namespace', ns]);
    const bad = file(
      'unknown-field.yaml',
      `apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: typo\n  namespace: ${ns}\ndata:\n  a: b\nspec:\n  foo: 1\n`,
    );
    assert.deepEqual(await kubectl(['apply', '-f', bad]), {
      stdout: '',
      stderr: `Error from server (BadRequest): error when creating "${bad}": ConfigMap in version "v1" cannot be handled as a ConfigMap: strict decoding error: unknown field "spec"\n`,
      exitCode: 1,
    });
    assert.deepEqual(await kubectl(['create', '-f', bad, '--validate=warn']), {
      stdout: 'configmap/typo created\n',
      stderr: 'Warning: unknown field "spec"\n',
      exitCode: 0,
    });
    assert.deepEqual(
      await kubectl(['create', '-f', bad, '--validate=false', '--dry-run=server', '-o', 'name']),
      {
        stdout: 'configmap/typo\n',
        stderr: '',
        exitCode: 0,
      },
    );
  });
  it('CustomResourceDefinition: established, custom resources applied, printed, explained, validated, deleted with it', async (t) => {
    if (skipWithoutKubectl(t)) return;
    const ns = 'kc-crd';
    await ok(['create', 'namespace', ns]);
    // The CronTab example of the Kubernetes documentation, with printer columns and a category.
    const crd = file(
      'crontab-crd.yaml',
      `apiVersion: apiextensions.k8s.io/v1
kind: CustomResourceDefinition
metadata:
  name: crontabs.stable.example.com
spec:
  group: stable.example.com
  versions:
    - name: v1
      served: true
      storage: true
      schema:
        openAPIV3Schema:
          type: object
          properties:
            spec:
              type: object
              properties:
                cronSpec:
                  type: string
                image:
                  type: string
                replicas:
                  type: integer
      additionalPrinterColumns:
      - name: Spec
        type: string
        description: The cron spec defining the interval a CronJob is run
        jsonPath: .spec.cronSpec
      - name: Replicas
        type: integer
        description: The number of jobs launched by the CronJob
        jsonPath: .spec.replicas
      - name: Age
        type: date
        jsonPath: .metadata.creationTimestamp
  scope: Namespaced
  names:
    plural: crontabs
    singular: crontab
    kind: CronTab
    categories:
    - all
    shortNames:
    - ct
`,
    );
    assert.equal(
      await ok(['apply', '-f', crd]),
      'customresourcedefinition.apiextensions.k8s.io/crontabs.stable.example.com created\n',
    );
    assert.equal(
      await ok([
        'wait',
        '--for',
        'condition=established',
        '--timeout=30s',
        'crd/crontabs.stable.example.com',
      ]),
      'customresourcedefinition.apiextensions.k8s.io/crontabs.stable.example.com condition met\n',
    );
    const cronTab = (name: string, replicas: string) => `apiVersion: "stable.example.com/v1"
kind: CronTab
metadata:
  name: ${name}
spec:
  cronSpec: "* * * * */5"
  image: my-awesome-cron-image
  replicas: ${replicas}
`;
    const manifest = file('crontab.yaml', cronTab('my-new-cron-object', '1'));
    assert.equal(
      await ok(['apply', '-f', manifest, '-n', ns]),
      'crontab.stable.example.com/my-new-cron-object created\n',
    );
    assert.equal(
      await ok(['apply', '-f', manifest, '-n', ns]),
      'crontab.stable.example.com/my-new-cron-object unchanged\n',
    );
    assertTable(await ok(['get', 'crontabs', '-n', ns]), [
      ['NAME', 'SPEC', 'REPLICAS', 'AGE'],
      ['my-new-cron-object', '* * * * */5', '1', AGE],
    ]);
    assertTable(await ok(['get', 'all', '-n', ns]), [
      ['NAME', 'SPEC', 'REPLICAS', 'AGE'],
      ['crontab.stable.example.com/my-new-cron-object', '* * * * */5', '1', AGE],
    ]);
    const listed = parseYaml(await ok(['get', 'ct', '-n', ns, '-o', 'yaml'])) as {
      kind: string;
      items: Array<{ apiVersion: string; kind: string; metadata: Record<string, unknown>; spec: unknown }>;
    };
    assert.equal(listed.kind, 'List');
    assert.equal(listed.items.length, 1);
    const item = listed.items[0]!;
    assert.deepEqual([item.apiVersion, item.kind], ['stable.example.com/v1', 'CronTab']);
    assert.deepEqual(item.spec, { cronSpec: '* * * * */5', image: 'my-awesome-cron-image', replicas: 1 });
    assert.deepEqual(Object.keys(item.metadata).sort(), [
      'annotations',
      'creationTimestamp',
      'generation',
      'name',
      'namespace',
      'resourceVersion',
      'uid',
    ]);
    assert.equal(item.metadata.generation, 1);
    assert.equal(
      await ok(['explain', 'crontab.spec']),
      'GROUP:      stable.example.com\nKIND:       CronTab\nVERSION:    v1\n\nFIELD: spec <Object>\n\n\nDESCRIPTION:\n    <empty>\nFIELDS:\n  cronSpec\t<string>\n    <no description>\n\n  image\t<string>\n    <no description>\n\n  replicas\t<integer>\n    <no description>\n\n\n',
    );
    const bad = file('crontab-bad.yaml', cronTab('bad', '"three"'));
    assert.deepEqual(await kubectl(['apply', '-f', bad, '-n', ns]), {
      stdout: '',
      stderr:
        'The CronTab "bad" is invalid: spec.replicas: Invalid value: "string": spec.replicas in body must be of type integer: "string"\n',
      exitCode: 1,
    });
    const unknown = file('crontab-unknown.yaml', `${cronTab('typo', '2')}  schedule: daily\n`);
    assert.deepEqual(await kubectl(['apply', '-f', unknown, '-n', ns]), {
      stdout: '',
      stderr: `Error from server (BadRequest): error when creating "${unknown}": CronTab in version "v1" cannot be handled as a CronTab: strict decoding error: unknown field "spec.schedule"\n`,
      exitCode: 1,
    });
    assert.deepEqual(
      await kubectl(['patch', 'ct', 'my-new-cron-object', '-n', ns, '-p', '{"spec":{"replicas":2}}']),
      {
        stdout: '',
        stderr:
          'error: application/strategic-merge-patch+json is not supported by stable.example.com/v1, Kind=CronTab: the body of the request was in an unknown format - accepted media types include: application/json-patch+json, application/merge-patch+json, application/apply-patch+yaml\n',
        exitCode: 1,
      },
    );
    assert.equal(
      await ok([
        'patch',
        'ct',
        'my-new-cron-object',
        '-n',
        ns,
        '--type=merge',
        '-p',
        '{"spec":{"replicas":2}}',
      ]),
      'crontab.stable.example.com/my-new-cron-object patched\n',
    );
    assert.equal(
      await ok([
        'get',
        'ct',
        'my-new-cron-object',
        '-n',
        ns,
        '-o',
        'jsonpath={.spec.replicas} {.metadata.generation}',
      ]),
      '2 2',
    );
    assert.equal(
      await ok(['delete', 'crd', 'crontabs.stable.example.com']),
      'customresourcedefinition.apiextensions.k8s.io "crontabs.stable.example.com" deleted\n',
    );
    assert.deepEqual(await kubectl(['get', 'crd', 'crontabs.stable.example.com']), {
      stdout: '',
      stderr:
        'Error from server (NotFound): customresourcedefinitions.apiextensions.k8s.io "crontabs.stable.example.com" not found\n',
      exitCode: 1,
    });
    assert.deepEqual(
      await kubectl(['get', '--raw', `/apis/stable.example.com/v1/namespaces/${ns}/crontabs`]),
      {
        stdout: '',
        stderr: 'Error from server (NotFound): the server could not find the requested resource\n',
        exitCode: 1,
      },
    );
  });
});
