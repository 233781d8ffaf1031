// On a kubeconfig target (the bundled engine served as a separate process, which kuke treats as
// any other cluster), a scenario tagged @bundled and scenarios using bundled-only steps are
// skipped, never counted as passed, and every report says why: the console summary, JUnit
// (<skipped message=…>) and the conformance summary.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import type { ConformanceSummary } from '../harness/reports/conformance-summary.ts';
import { escapeHtml } from '../harness/reports/html.ts';
import {
  parseXmlElements,
  readReports,
  runKuke,
  type ServedEngine,
  serveEngine,
  tempDir,
  writeFiles,
} from './harness-support.ts';

const FEATURE = `Feature: Bundled-only scenarios elsewhere
  @bundled
  Scenario: Tagged for the bundled engine
    Then namespace "default" exists

  Scenario: A node fails
    When node "worker-1" fails
    Then namespace "default" exists

  Scenario: A chosen cluster fixture
    Given a cluster like "three-nodes"
    Then namespace "default" exists

  Scenario: Anywhere
    Then namespace "default" exists
`;

const tmp = tempDir('kuke-bundled-skips');
let engine: ServedEngine;

before(async () => {
  engine = await serveEngine(tmp.dir, { speed: 50 });
});

after(async () => {
  await engine?.stop();
  tmp.cleanup();
});

test('@bundled scenarios and bundled-only steps are skipped on a kubeconfig target, with the reason in every report', async () => {
  const [feature] = writeFiles(tmp.dir, { 'skips/bundled-only.feature': FEATURE });
  const reportsDir = join(tmp.dir, 'reports');
  const run = await runKuke([
    'run',
    feature!,
    '--target',
    `kubeconfig:${engine.kubeconfigPath}`,
    '--reports',
    reportsDir,
  ]);
  assert.equal(run.code, 0, `${run.stdout}\n${run.stderr}`);
  const { summary, junit } = readReports(reportsDir);
  const target = summary.target;
  assert.match(target, /^kubeconfig/);
  const reasons: Record<string, string> = {
    'Tagged for the bundled engine': `skipped on ${target}: the scenario is tagged @bundled (it needs the bundled engine)`,
    'A node fails': `skipped on ${target}: needs the bundled engine to fail node "worker-1"`,
    'A chosen cluster fixture': `skipped on ${target}: needs a cluster like "three-nodes" (a bundled cluster fixture)`,
  };
  assert.deepEqual(
    summary.scenarios.map((s) => [s.name, s.status, s.message]),
    [
      ['Tagged for the bundled engine', 'skipped', reasons['Tagged for the bundled engine']],
      ['A node fails', 'skipped', reasons['A node fails']],
      ['A chosen cluster fixture', 'skipped', reasons['A chosen cluster fixture']],
      ['Anywhere', 'passed', undefined],
    ],
  );
  assert.deepEqual(
    { passed: summary.counts.passed, skipped: summary.counts.skipped, total: summary.counts.total },
    { passed: 1, skipped: 3, total: 4 },
  );

  // Console: the totals, then each skipped scenario with its reason.
  assert.match(run.stdout, /kuke on kubeconfig\S*: 4 scenarios: 1 passed, 3 skipped\n/);
  for (const [name, reason] of Object.entries(reasons)) {
    const id = summary.scenarios.find((s) => s.name === name)!.id;
    assert.ok(
      run.stdout.includes(`  skipped   ${id} ${name}: ${reason}\n`),
      `console summary lacks the reason for "${name}":\n${run.stdout}`,
    );
  }

  // JUnit: one <skipped message=…> per skipped test case, with the reason; the passing one has none.
  const elements = parseXmlElements(junit);
  const suite = elements.find((e) => e.name === 'testsuite');
  assert.equal(suite?.attributes.skipped, '3', junit);
  assert.equal(suite?.attributes.tests, '4', junit);
  const skippedIn = new Map<string, string | undefined>();
  let testCase: string | undefined;
  for (const element of elements) {
    if (element.name === 'testcase') {
      testCase = element.attributes.name;
      skippedIn.set(testCase ?? '', undefined);
    }
    if (element.name === 'skipped' && testCase) skippedIn.set(testCase, element.attributes.message);
  }
  for (const [name, reason] of Object.entries(reasons)) {
    const message = [...skippedIn].find(([caseName]) => caseName.includes(name))?.[1];
    assert.equal(message, reason, `JUnit <skipped message> of "${name}"`);
  }
  const anywhere = [...skippedIn].find(([caseName]) => caseName.includes('Anywhere'));
  assert.ok(anywhere, junit);
  assert.equal(anywhere[1], undefined, 'the passing scenario has no <skipped>');

  // Conformance summary: counted as skipped (never passed), and the page shows each reason.
  const conformance = JSON.parse(
    readFileSync(join(reportsDir, 'conformance.json'), 'utf8'),
  ) as ConformanceSummary;
  assert.equal(conformance.totals.passed, 1);
  assert.equal(conformance.totals.skipped, 3);
  assert.equal(conformance.byTag['@bundled']?.skipped, 1);
  assert.equal(conformance.byTag['@bundled']?.passed, 0);
  const page = readFileSync(join(reportsDir, 'conformance.html'), 'utf8');
  assert.match(page, /1 passed, 0 flaky, 0 failed, 3 skipped of 4 scenarios/);
  for (const [name, reason] of Object.entries(reasons)) {
    const row = page.split(/(?=<tr )/).find((tr) => tr.includes(`<td>${name}</td>`));
    assert.ok(
      row?.startsWith('<tr class="skipped"><td>skipped</td>'),
      `conformance row of "${name}": ${row}`,
    );
    assert.ok(row?.includes(escapeHtml(reason)), `conformance row of "${name}" lacks its reason: ${row}`);
  }
});
