import assert from 'node:assert/strict';
import { chmodSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { KubectlMissing, kubectlArguments, parseKubectlTable, runKubectl } from './kubectl.ts';

test('command lines are split as a shell splits them, without the leading kubectl', () => {
  const cases: Array<[string, string[]]> = [
    ['kubectl get pods', ['get', 'pods']],
    ['get pods -o wide', ['get', 'pods', '-o', 'wide']],
    [
      'kubectl get pods -o jsonpath="{.items[0].metadata.name}"',
      ['get', 'pods', '-o', 'jsonpath={.items[0].metadata.name}'],
    ],
    [
      'kubectl get pods -o jsonpath={.items[*].metadata.name}',
      ['get', 'pods', '-o', 'jsonpath={.items[*].metadata.name}'],
    ],
    [
      `kubectl get pods -o 'jsonpath={range .items[*]}{.metadata.name}{"\\n"}{end}'`,
      ['get', 'pods', '-o', 'jsonpath={range .items[*]}{.metadata.name}{"\\n"}{end}'],
    ],
    ["kubectl get pods -l 'app in (web, api)'", ['get', 'pods', '-l', 'app in (web, api)']],
    ["kubectl exec web -- sh -c 'echo $HOME'", ['exec', 'web', '--', 'sh', '-c', 'echo $HOME']],
    [
      'kubectl run x --image=busybox -- sh -c "echo hi && sleep 1"',
      ['run', 'x', '--image=busybox', '--', 'sh', '-c', 'echo hi && sleep 1'],
    ],
    ['  kubectl   get   pods   # every pod', ['get', 'pods']],
    ['kubectl get configmap my\\ config', ['get', 'configmap', 'my config']],
  ];
  for (const [line, args] of cases) assert.deepEqual(kubectlArguments(line), args, line);
});

test('what only a shell can do is refused with the reason', () => {
  const cases: Array<[string, string]> = [
    [
      'kubectl get pods | grep web',
      'kubectl step: shell operators such as | are not supported in "kubectl get pods | grep web"',
    ],
    [
      'kubectl get pods > pods.txt',
      'kubectl step: shell operators such as > are not supported in "kubectl get pods > pods.txt"',
    ],
    [
      'kubectl delete pod web && kubectl get pods',
      'kubectl step: shell operators such as && are not supported in "kubectl delete pod web && kubectl get pods"',
    ],
    [
      'kubectl exec web -- sh -c "echo $HOME"',
      'kubectl step: "kubectl exec web -- sh -c "echo $HOME"" uses $HOME, which only a shell would expand; write the value, or single-quote it to pass it on as is',
    ],
  ];
  for (const [line, message] of cases) assert.throws(() => kubectlArguments(line), { message }, line);
});

test("kubectl's tables are read by column, including headers with spaces and the last column's spaces", () => {
  const stdout = `NAME    READY   STATUS             RESTARTS      AGE   IP           NODE       NOMINATED NODE   READINESS GATES
web-1   1/1     Running            0             5m    10.244.0.5   minikube   <none>           <none>
hog     0/1     CrashLoopBackOff   4 (30s ago)   3m    10.244.0.6   minikube   <none>           <none>
`;
  assert.deepEqual(parseKubectlTable(stdout), [
    {
      NAME: 'web-1',
      READY: '1/1',
      STATUS: 'Running',
      RESTARTS: '0',
      AGE: '5m',
      IP: '10.244.0.5',
      NODE: 'minikube',
      'NOMINATED NODE': '<none>',
      'READINESS GATES': '<none>',
    },
    {
      NAME: 'hog',
      READY: '0/1',
      STATUS: 'CrashLoopBackOff',
      RESTARTS: '4 (30s ago)',
      AGE: '3m',
      IP: '10.244.0.6',
      NODE: 'minikube',
      'NOMINATED NODE': '<none>',
      'READINESS GATES': '<none>',
    },
  ]);
  const events = `LAST SEEN   TYPE      REASON             OBJECT    MESSAGE
10s         Warning   FailedScheduling   pod/big   0/1 nodes are available: 1 Insufficient memory.
`;
  assert.deepEqual(parseKubectlTable(events), [
    {
      'LAST SEEN': '10s',
      TYPE: 'Warning',
      REASON: 'FailedScheduling',
      OBJECT: 'pod/big',
      MESSAGE: '0/1 nodes are available: 1 Insufficient memory.',
    },
  ]);
  assert.deepEqual(parseKubectlTable(''), []);
  assert.deepEqual(parseKubectlTable('NAME   STATUS\n'), []);
});

describe('runKubectl', () => {
  let dir: string;
  let path: string | undefined;

  before(() => {
    dir = mkdtempSync(join(tmpdir(), 'kuke-kubectl-'));
    // A stand-in kubectl that shows what it was given.
    writeFileSync(
      join(dir, 'kubectl'),
      `#!/bin/sh
echo "KUBECONFIG=$KUBECONFIG"
for arg in "$@"; do echo "arg:$arg"; done
if [ "$1" = "fail" ]; then echo "error: it failed" >&2; exit 3; fi
`,
    );
    chmodSync(join(dir, 'kubectl'), 0o755);
    path = process.env.PATH;
    process.env.PATH = `${dir}:${path ?? ''}`;
  });

  after(() => {
    process.env.PATH = path;
    rmSync(dir, { recursive: true, force: true });
  });

  test('runs kubectl with the session kubeconfig and the identity as --as/--as-group', async () => {
    const result = await runKubectl(
      'kubectl get pods -o jsonpath="{.items[0].metadata.name}"',
      '/tmp/k.yaml',
      {
        user: 'jane',
        groups: ['devs', 'ops'],
      },
    );
    assert.equal(result.exitCode, 0);
    assert.equal(result.command, 'kubectl get pods -o jsonpath="{.items[0].metadata.name}"');
    assert.equal(
      result.stdout,
      [
        'KUBECONFIG=/tmp/k.yaml',
        'arg:get',
        'arg:pods',
        'arg:-o',
        'arg:jsonpath={.items[0].metadata.name}',
        'arg:--as',
        'arg:jane',
        'arg:--as-group',
        'arg:devs',
        'arg:--as-group',
        'arg:ops',
      ].join('\n'),
    );
    assert.equal(result.stderr, '');
  });

  test("keeps kubectl's exit code and stderr", async () => {
    const result = await runKubectl('kubectl fail now', '/tmp/k.yaml');
    assert.equal(result.exitCode, 3);
    assert.equal(result.stderr, 'error: it failed');
  });

  test('without kubectl on the PATH, says so (the step is skipped with this reason)', async () => {
    const saved = process.env.PATH;
    process.env.PATH = dir.replace(/kubectl-.*/, 'nowhere');
    try {
      await assert.rejects(runKubectl('kubectl get pods', '/tmp/k.yaml'), (error: unknown) => {
        assert.ok(error instanceof KubectlMissing);
        assert.equal(error.message, 'kubectl is not on the PATH');
        return true;
      });
    } finally {
      process.env.PATH = saved;
    }
  });
});
