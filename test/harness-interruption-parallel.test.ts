// Interruption with parallel workers: SIGTERM reaches only the main `kuke run` process (as when a
// CI runner cancels a job), which tells the workers through the run's interrupt file; the
// scenarios under way finish and clean up, the rest are skipped.
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import {
  leftoverNamespaces,
  readReports,
  runKuke,
  type ServedEngine,
  serveEngine,
  slowScenarios,
  tempDir,
  waitFor,
  watchNamespaces,
  writeFiles,
} from './harness-support.ts';

const tmp = tempDir('kuke-interruption-parallel');
let engine: ServedEngine;

before(async () => {
  engine = await serveEngine(tmp.dir, { speed: 1 });
});

after(async () => {
  await engine?.stop();
  tmp.cleanup();
});

test('SIGTERM to the main process of a parallel run stops the workers after their current scenario', async () => {
  const [feature] = writeFiles(tmp.dir, { 'slow.feature': slowScenarios(6, 2) });
  const reportsDir = join(tmp.dir, 'reports');
  const watch = await watchNamespaces(engine.kubeconfigPath);
  const run = await runKuke(
    [
      'run',
      feature!,
      '--parallel',
      '2',
      '--target',
      `kubeconfig:${engine.kubeconfigPath}`,
      '--reports',
      reportsDir,
    ],
    {
      onStart: (child) => {
        void waitFor(
          () => watch.events.filter((e) => e.type === 'ADDED' && e.name.startsWith('kuke-')).length >= 2,
          60_000,
          'two scenarios under way',
        ).then(() => child.kill('SIGTERM'));
      },
    },
  );
  try {
    assert.equal(run.code, 1, `${run.stdout}\n${run.stderr}`);
    assert.match(run.stderr, /kuke: interrupted; ending the current scenario/);
    const { summary } = readReports(reportsDir);
    assert.equal(summary.counts.total, 6);
    assert.equal(summary.counts.failed, 0);
    assert.ok(summary.counts.skipped >= 2, JSON.stringify(summary.counts));
    assert.equal(summary.counts.passed + summary.counts.skipped, 6);
    for (const scenario of summary.scenarios.filter((s) => s.status === 'skipped'))
      assert.match(scenario.message ?? '', /^the run was interrupted( while waiting)?$/, scenario.name);
    await waitFor(
      async () => (await leftoverNamespaces(engine.client)).length === 0,
      10_000,
      'namespaces gone',
    );
    console.log(`interrupted parallel run: ${run.ms} ms`);
  } finally {
    watch.stop();
  }
});
