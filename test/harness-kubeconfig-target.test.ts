// The kubeconfig target against the bundled engine served as a separate process (`kuke engine
// serve --speed 50`, so cluster minutes take wall seconds): the headline features, one generated
// namespace per scenario, nothing left behind, `#context` selection and the $KUBECONFIG default.
import assert from 'node:assert/strict';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { parse, stringify } from 'yaml';
import { scenarioNamespace } from '../harness/targets/kubeconfig.target.ts';
import {
  leftoverNamespaces,
  readReports,
  runKuke,
  type ServedEngine,
  serveEngine,
  tempDir,
  waitFor,
  watchNamespaces,
  writeFiles,
} from './harness-support.ts';

const WHERE_AM_I = `Feature: Where the scenario runs
  Scenario: A config map in the scenario's namespace
    When I apply the manifest:
      """yaml
      apiVersion: v1
      kind: ConfigMap
      metadata:
        name: here
      data:
        namespace: \${namespace}
      """
    Then configmap "here" exists
`;

/** The namespace prefix a scenario id gets (without the process and sequence suffix). */
function namespacePrefix(scenarioId: string): string {
  return scenarioNamespace(scenarioId, 0, 0).replace(/-0-0$/, '-');
}

describe('kubeconfig target against `kuke engine serve`', () => {
  const tmp = tempDir('kuke-kubeconfig-target');
  let engine: ServedEngine;

  before(async () => {
    engine = await serveEngine(tmp.dir, { speed: 50 });
  });

  after(async () => {
    await engine?.stop();
    tmp.cleanup();
  });

  test('the headline features pass, each scenario in its own namespace, none left behind', async () => {
    const watch = await watchNamespaces(engine.kubeconfigPath);
    const reportsDir = join(tmp.dir, 'reports-headline');
    const run = await runKuke([
      'run',
      '--tags',
      '@headline',
      '--target',
      `kubeconfig:${engine.kubeconfigPath}`,
      '--reports',
      reportsDir,
    ]);
    try {
      assert.equal(run.code, 0, `${run.stdout}\n${run.stderr}`);
      const { summary } = readReports(reportsDir);
      const names = summary.scenarios.map((s) => s.name);
      for (const expected of [
        'A Deployment replaces a deleted pod',
        'A stress container over its 100Mi limit is OOMKilled and crash-loops',
        'A pod requesting 4Gi on a 2Gi node stays Pending',
        'A pod reader cannot delete a pod',
        'The third pod exceeds a quota of two pods',
      ])
        assert.ok(names.includes(expected), `missing headline scenario "${expected}" in ${names.join(', ')}`);
      for (const scenario of summary.scenarios) {
        const ok = scenario.status === 'passed' || (scenario.status === 'skipped' && !!scenario.message);
        assert.ok(ok, `${scenario.id} ${scenario.name}: ${scenario.status} ${scenario.message ?? ''}`);
      }
      // The served engine is minikube-shaped, so the Pending scenario's node check holds.
      const pending = summary.scenarios.find((s) => s.name.includes('stays Pending'));
      assert.equal(pending?.status, 'passed');

      await waitFor(
        async () => (await leftoverNamespaces(engine.client)).length === 0,
        10_000,
        'namespaces gone',
      );
      const added = [...new Set(watch.events.filter((e) => e.type === 'ADDED').map((e) => e.name))].filter(
        (name) => name.startsWith('kuke-'),
      );
      const deleted = new Set(watch.events.filter((e) => e.type === 'DELETED').map((e) => e.name));
      const ran = summary.scenarios.filter((s) => s.status === 'passed');
      assert.equal(added.length, ran.length, `one namespace per scenario, got ${added.join(', ')}`);
      for (const scenario of ran) {
        const own = added.filter((name) => name.startsWith(namespacePrefix(scenario.id)));
        assert.equal(own.length, 1, `${scenario.id} ran in ${own.join(', ') || 'no namespace of its own'}`);
        assert.ok(deleted.has(own[0]!), `namespace ${own[0]} was not deleted`);
      }
      assert.deepEqual(await leftoverNamespaces(engine.client), []);
      console.log(`headline features on the served engine: ${run.ms} ms`);
    } finally {
      watch.stop();
    }
  });

  test('#CONTEXT picks a context other than the current one', async () => {
    const config = parse(readFileSync(engine.kubeconfigPath, 'utf8')) as {
      clusters: Array<{ name: string; cluster: { server: string } }>;
      contexts: Array<{ name: string; context: { cluster: string; user: string } }>;
      'current-context': string;
    };
    const served = config.contexts.find((c) => c.name === config['current-context'])!;
    const realCluster = config.clusters.find((c) => c.name === served.context.cluster)!;
    config.clusters.push({
      name: 'closed',
      cluster: { ...realCluster.cluster, server: 'https://127.0.0.1:1' },
    });
    config.contexts.push({ name: 'broken', context: { cluster: 'closed', user: served.context.user } });
    config.contexts.push({ name: 'served', context: served.context });
    config['current-context'] = 'broken';
    const kubeconfig = join(tmp.dir, 'two-contexts.kubeconfig');
    writeFileSync(kubeconfig, stringify(config));
    const [feature] = writeFiles(tmp.dir, { 'context/where.feature': WHERE_AM_I });

    const chosen = await runKuke([
      'run',
      feature!,
      '--target',
      `kubeconfig:${kubeconfig}#served`,
      '--reports',
      join(tmp.dir, 'reports-context'),
    ]);
    assert.equal(chosen.code, 0, `${chosen.stdout}\n${chosen.stderr}`);
    assert.equal(readReports(join(tmp.dir, 'reports-context')).summary.counts.passed, 1);

    // Without #CONTEXT the file's current context (the closed port) is used, and the run stops.
    const current = await runKuke(['run', feature!, '--target', `kubeconfig:${kubeconfig}`]);
    assert.equal(current.code, 2);
    assert.match(
      current.stderr,
      new RegExp(
        `^kuke: target kubeconfig:${kubeconfig}: cannot reach the cluster at https://127\\.0\\.0\\.1:1: connect ECONNREFUSED 127\\.0\\.0\\.1:1$`,
        'm',
      ),
    );
  });

  test('a kubeconfig target without a path reads $KUBECONFIG, skipping files that do not exist', async () => {
    const [feature] = writeFiles(tmp.dir, { 'env/where.feature': WHERE_AM_I });
    const reportsDir = join(tmp.dir, 'reports-env');
    const run = await runKuke(['run', feature!, '--target', 'kubeconfig', '--reports', reportsDir], {
      env: { KUBECONFIG: `${join(tmp.dir, 'absent.kubeconfig')}:${engine.kubeconfigPath}` },
    });
    assert.equal(run.code, 0, `${run.stdout}\n${run.stderr}`);
    const { summary } = readReports(reportsDir);
    assert.equal(summary.target, 'kubeconfig');
    assert.deepEqual(
      summary.scenarios.map((s) => [s.name, s.status]),
      [["A config map in the scenario's namespace", 'passed']],
    );
    await waitFor(
      async () => (await leftoverNamespaces(engine.client)).length === 0,
      10_000,
      'namespaces gone',
    );
  });
});
