// Interruption: Ctrl-C (SIGINT) in the middle of a run on a kubeconfig target (a served engine on
// the real clock, so each scenario takes seconds). The scenario under way stops waiting and cleans
// up, it and the rest are skipped because the run was interrupted, the reports are complete and parseable,
// the exit code is non-zero, and no scenario namespace is left behind.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import {
  leftoverNamespaces,
  parseXmlElements,
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

const tmp = tempDir('kuke-interruption');
let engine: ServedEngine;

before(async () => {
  engine = await serveEngine(tmp.dir, { speed: 1 });
});

after(async () => {
  await engine?.stop();
  tmp.cleanup();
});

test('Ctrl-C mid-run: the current scenario stops waiting, all are skipped, reports are complete, nothing is left behind', async () => {
  const [feature] = writeFiles(tmp.dir, { 'slow.feature': slowScenarios(4) });
  const reportsDir = join(tmp.dir, 'reports');
  const watch = await watchNamespaces(engine.kubeconfigPath);
  let signalledAt = 0;
  const run = await runKuke(
    ['run', feature!, '--target', `kubeconfig:${engine.kubeconfigPath}`, '--reports', reportsDir],
    {
      onStart: (child) => {
        // Interrupt once the first scenario is under way (its namespace exists).
        void waitFor(
          () => watch.events.some((e) => e.type === 'ADDED' && e.name.startsWith('kuke-')),
          60_000,
          'the first scenario namespace',
        ).then(() => {
          signalledAt = Date.now();
          child.kill('SIGINT');
        });
      },
    },
  );
  try {
    assert.ok(signalledAt > 0, 'the run was interrupted while it ran');
    assert.equal(run.code, 1, `${run.stdout}\n${run.stderr}`);
    assert.match(
      run.stderr,
      /kuke: interrupted; ending the current scenario, skipping the rest and writing reports/,
    );
    assert.match(run.stdout, /kuke on kubeconfig:\S+: 4 scenarios: 0 passed, 4 skipped \(interrupted\)/);

    const { summary, envelopes, junit } = readReports(reportsDir);
    assert.deepEqual(
      summary.scenarios.map((s) => [s.name, s.status]),
      [
        ['Slow 1', 'skipped'],
        ['Slow 2', 'skipped'],
        ['Slow 3', 'skipped'],
        ['Slow 4', 'skipped'],
      ],
    );
    assert.deepEqual(summary.counts, {
      total: 4,
      passed: 0,
      failed: 0,
      skipped: 4,
      undefined: 0,
      ambiguous: 0,
      pending: 0,
      flaky: 0,
    });

    // The message stream is whole: every started scenario finished, and the run finished.
    const started = envelopes.filter((e) => e.testCaseStarted).length;
    const finished = envelopes.filter((e) => e.testCaseFinished).length;
    assert.equal(started, 4);
    assert.equal(finished, 4);
    assert.equal(envelopes.at(-1)?.testRunFinished?.success, true);

    const elements = parseXmlElements(junit);
    const cases = elements.filter((e) => e.name === 'testcase');
    assert.deepEqual(
      cases.map((c) => c.attributes.name),
      ['Slow 1', 'Slow 2', 'Slow 3', 'Slow 4'],
    );
    assert.equal(elements.filter((e) => e.name === 'skipped').length, 4);
    assert.equal(elements.find((e) => e.name === 'testsuite')?.attributes.tests, '4');

    const cucumberJson = JSON.parse(readFileSync(join(reportsDir, 'cucumber.json'), 'utf8')) as Array<{
      elements: unknown[];
    }>;
    assert.equal(cucumberJson[0]?.elements.length, 4);
    assert.match(readFileSync(join(reportsDir, 'cucumber.html'), 'utf8'), /<\/html>\s*$/);

    // Only the scenario that ran had a namespace, and it is gone.
    await waitFor(
      async () => (await leftoverNamespaces(engine.client)).length === 0,
      10_000,
      'namespaces gone',
    );
    const added = new Set(
      watch.events.filter((e) => e.type === 'ADDED' && e.name.startsWith('kuke-')).map((e) => e.name),
    );
    assert.equal(added.size, 1, [...added].join(', '));
    console.log(`interrupted run: ${run.ms} ms, ${Date.now() - signalledAt} ms from Ctrl-C to checks`);
  } finally {
    watch.stop();
  }
});

test('the skipped scenarios say the run was interrupted', () => {
  const { summary } = readReports(join(tmp.dir, 'reports'));
  const reasons = summary.scenarios.map((s) => [s.name, s.message]);
  assert.deepEqual(reasons, [
    // The scenario under way stops waiting at once, so a CI runner's grace period is enough to clean up.
    ['Slow 1', 'the run was interrupted while waiting'],
    ['Slow 2', 'the run was interrupted'],
    ['Slow 3', 'the run was interrupted'],
    ['Slow 4', 'the run was interrupted'],
  ]);
});
