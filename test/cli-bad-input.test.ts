// Bad input gets a clear error naming the file, line or field, and the run fails at once:
// malformed manifests in doc strings, a Gherkin syntax error, an unknown step, and every way a
// --target can be wrong.
import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, describe, test } from 'node:test';
import { runFeatures } from '../harness/run/run-features.ts';
import { ROOT, readReports, reportsExist, runKuke, tempDir, writeFiles } from './harness-support.ts';

const tmp = tempDir('kuke-bad-input');
after(() => tmp.cleanup());

const MANIFESTS = `Feature: Broken manifests
  Scenario: Malformed YAML
    When I apply the manifest:
      """yaml
      apiVersion: v1
      kind: ConfigMap
      metadata:
        name: c
       data: [
      """

  Scenario: No kind
    When I apply the manifest:
      """yaml
      apiVersion: v1
      metadata:
        name: c
      """

  Scenario: No name, in the second document
    When I apply the manifest:
      """yaml
      apiVersion: v1
      kind: ConfigMap
      metadata:
        name: fine
      ---
      apiVersion: v1
      kind: ConfigMap
      metadata:
        labels:
          app: c
      """
`;

const UNDEFINED = `Feature: A typo
  Scenario: An unknown step
    Then pod "web" is runing happily
`;

const QUICK = `Feature: Quick
  Scenario: Nothing much
    Then namespace "default" exists
`;

describe('bad input', { concurrency: true }, () => {
  test('malformed manifests and unknown steps fail their scenario, naming file and line or the closest steps', async () => {
    const [manifests, undefinedStep] = writeFiles(tmp.dir, {
      'manifests/broken.feature': MANIFESTS,
      'undefined/typo.feature': UNDEFINED,
    });
    const reportsDir = join(tmp.dir, 'reports-scenarios');
    const run = await runKuke(['run', manifests!, undefinedStep!, '--reports', reportsDir]);
    assert.equal(run.code, 1, run.stderr);
    const { summary } = readReports(reportsDir);
    const byName = new Map(summary.scenarios.map((s) => [s.name, s]));
    const expectations: Array<[string, string, string]> = [
      [
        'Malformed YAML',
        'failed',
        `${manifests}:9: invalid YAML: All mapping items must start at the same column`,
      ],
      ['No kind', 'failed', `${manifests}:15: kind: required`],
      [
        'No name, in the second document',
        'failed',
        `${manifests}:28: metadata.name: required (or metadata.generateName)`,
      ],
    ];
    for (const [name, status, message] of expectations) {
      const scenario = byName.get(name);
      assert.equal(scenario?.status, status, name);
      // The report's uri is relative to the working directory; the message names the same file.
      const relative = scenario!.uri;
      assert.equal(
        scenario?.message?.split('\n')[0],
        `ManifestError: ${message.replace(manifests!, relative)}`,
      );
    }
    assert.equal(byName.get('An unknown step')?.status, 'undefined');
    // cucumber's snippet, then kuke's closest existing steps.
    assert.match(run.stdout, /Undefined\. Implement with the following snippet:/);
    assert.match(run.stdout, /Then\('pod \{string\} is runing happily', function \(string\) \{/);
    assert.match(
      run.stdout,
      /no step matches "pod "web" is runing happily"; closest existing steps:\n(\s+Then .+\n)+/,
    );
  });

  test('a Gherkin syntax error stops the run before anything runs, naming file, line and problem', async () => {
    const [feature] = writeFiles(tmp.dir, {
      'syntax/broken.feature': `Feature: Unfinished
  Scenario: A doc string never closed
    When I apply the manifest:
      """yaml
      apiVersion: v1
`,
    });
    const reportsDir = join(tmp.dir, 'reports-syntax');
    await assert.rejects(runFeatures({ paths: [feature!], reportsDir, quiet: true }), {
      message: `a feature file is not valid Gherkin:\n  ${feature}:6: unexpected end of file, expected: #DocStringSeparator, #Other`,
    });
    assert.equal(reportsExist(reportsDir), false);
  });

  test('a step file that throws while it loads is named with its line', async () => {
    const [feature, steps] = writeFiles(tmp.dir, {
      'load/quick.feature': QUICK,
      'load/broken.steps.mjs': 'const known = 1;\nexport const value = unknown + known;\n',
    });
    await assert.rejects(
      runFeatures({
        paths: [feature!],
        imports: [steps!],
        reportsDir: join(tmp.dir, 'reports-load'),
        quiet: true,
      }),
      { message: `cannot load the step definitions: unknown is not defined (at ${steps}:2:22)` },
    );
  });

  const closedPort = join(tmp.dir, 'closed.kubeconfig');
  writeFileSync(
    closedPort,
    `apiVersion: v1
kind: Config
clusters:
  - name: nowhere
    cluster:
      server: https://127.0.0.1:1
      insecure-skip-tls-verify: true
users:
  - name: someone
    user:
      token: abc
contexts:
  - name: nowhere
    context:
      cluster: nowhere
      user: someone
current-context: nowhere
`,
  );
  const [quick] = writeFiles(tmp.dir, { 'quick/quick.feature': QUICK });
  const targetCases: Array<{ what: string; target: string; message: string }> = [
    {
      what: 'an unknown target kind',
      target: 'kind:kind-kind',
      message:
        'unknown target "kind:kind-kind": use bundled[:CLUSTER], kubeconfig[:PATH][#CONTEXT] or k3s[:IMAGE]',
    },
    {
      what: 'a kubeconfig file that does not exist',
      target: `kubeconfig:${join(tmp.dir, 'absent.kubeconfig')}`,
      message: `kubeconfig not found: ${join(tmp.dir, 'absent.kubeconfig')}`,
    },
    {
      what: 'a context the kubeconfig does not have',
      target: `kubeconfig:${closedPort}#kind-kind`,
      message: `kubeconfig ${closedPort} has no context "kind-kind" (it has: nowhere)`,
    },
    {
      what: 'a cluster that does not answer',
      target: `kubeconfig:${closedPort}`,
      message: `target kubeconfig:${closedPort}: cannot reach the cluster at https://127.0.0.1:1: connect ECONNREFUSED 127.0.0.1:1`,
    },
    {
      what: 'a bundled cluster fixture that does not exist',
      target: 'bundled:minikub',
      message: `unknown cluster "minikub": no minikub.yaml in ${join(ROOT, 'fixtures/clusters')}`,
    },
  ];
  // These fail before cucumber loads any step file, so they can run in this process.
  for (const { what, target, message } of targetCases) {
    test(`${what} stops the run at once with a message naming it`, async () => {
      const reportsDir = join(tmp.dir, `reports-${what.replace(/\W+/g, '-')}`);
      const started = Date.now();
      await assert.rejects(runFeatures({ paths: [quick!], target, reportsDir, quiet: true }), { message });
      // Well under the 60 s request timeout: the run must not hang on a bad target.
      assert.ok(Date.now() - started < 20_000, `${what}: took ${Date.now() - started} ms`);
      assert.equal(reportsExist(reportsDir), false);
    });
  }

  test('on the command line, a bad target exits with code 2 and the message alone', async () => {
    const reportsDir = join(tmp.dir, 'reports-cli-target');
    const run = await runKuke(['run', quick!, '--target', 'kind:kind-kind', '--reports', reportsDir]);
    assert.equal(run.code, 2, run.stdout);
    assert.equal(
      run.stderr.trim(),
      'kuke: unknown target "kind:kind-kind": use bundled[:CLUSTER], kubeconfig[:PATH][#CONTEXT] or k3s[:IMAGE]',
    );
    assert.equal(run.stdout, '');
    assert.equal(reportsExist(reportsDir), false);
    console.log(`unknown target on the command line: failed in ${run.ms} ms`);
  });
});
