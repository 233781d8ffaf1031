// --retry N: a scenario that passes only on a later attempt is reported as flaky, never as
// passed; one that keeps failing is failed after N + 1 attempts. --shard i/n: the shards of a
// run partition its scenarios.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, describe, test } from 'node:test';
import { parseXmlElements, readReports, runKuke, tempDir, writeFiles } from './harness-support.ts';

const tmp = tempDir('kuke-retry-shard');
after(() => tmp.cleanup());

// A step library of the project's own (--import): fails on the first attempt of the run only.
const FLAKY_STEPS = `import { existsSync, writeFileSync } from 'node:fs';
import { Then } from '${import.meta.resolve('@cucumber/cucumber')}';

Then('a step that fails the first time', function () {
  const marker = process.env.KUKE_TEST_FLAKY_MARKER;
  if (!existsSync(marker)) {
    writeFileSync(marker, 'failed once');
    throw new Error('the first attempt fails');
  }
});

Then('a step that always fails', function () {
  throw new Error('this always fails');
});
`;

describe('retries and shards', { concurrency: true }, () => {
  test('--retry 2: passing on a later attempt is flaky, never passed; failing every time is failed', async () => {
    const [feature, steps] = writeFiles(tmp.dir, {
      'retry/retry.feature': `Feature: Retries
  Scenario: Flaky
    Given namespace "default" exists
    Then a step that fails the first time

  Scenario: Broken
    Then a step that always fails

  Scenario: Steady
    Then namespace "default" exists
`,
      'retry/flaky.steps.mjs': FLAKY_STEPS,
    });
    const reportsDir = join(tmp.dir, 'reports-retry');
    const run = await runKuke(
      ['run', feature!, '--retry', '2', '--import', steps!, '--reports', reportsDir],
      {
        env: { KUKE_TEST_FLAKY_MARKER: join(tmp.dir, 'flaky-marker') },
      },
    );
    assert.equal(run.code, 1, `${run.stdout}\n${run.stderr}`);
    const { summary, envelopes, junit } = readReports(reportsDir);
    assert.deepEqual(
      summary.scenarios.map((s) => [s.name, s.status, s.attempts]),
      [
        ['Flaky', 'flaky', 2],
        ['Broken', 'failed', 3],
        ['Steady', 'passed', 1],
      ],
    );
    assert.equal(summary.counts.passed, 1);
    assert.equal(summary.counts.flaky, 1);
    assert.equal(summary.counts.failed, 1);
    assert.match(run.stdout, /kuke on bundled: 3 scenarios: 1 passed, 1 flaky, 1 failed/);
    assert.match(run.stdout, /^ {2}flaky {5}\S+retry\.feature:2 Flaky$/m);

    // The message stream keeps every attempt: the first of Flaky failed and was retried.
    const retried = envelopes.filter((e) => e.testCaseFinished?.willBeRetried).length;
    assert.equal(retried, 3, 'Flaky once, Broken twice');

    // JUnit has one test case per scenario; the flaky one carries its failed first attempt as a
    // <flakyFailure> (Surefire's rerun convention), the steady one has nothing of the kind.
    const elements = parseXmlElements(junit);
    assert.deepEqual(
      elements.filter((e) => e.name === 'testcase').map((e) => e.attributes.name),
      ['Flaky', 'Broken', 'Steady'],
    );
    const children = (testcase: string) => {
      const start = elements.findIndex((e) => e.name === 'testcase' && e.attributes.name === testcase);
      const end = elements.findIndex((e, i) => i > start && e.name === 'testcase');
      return elements.slice(start + 1, end < 0 ? undefined : end);
    };
    assert.deepEqual(
      children('Flaky')
        .filter((e) => e.name === 'flakyFailure')
        .map((e) => e.attributes.message),
      ['Error: the first attempt fails'],
    );
    assert.deepEqual(
      children('Steady').map((e) => e.name),
      ['system-out'],
    );
    const conformance = JSON.parse(readFileSync(join(reportsDir, 'conformance.json'), 'utf8')) as {
      totals: Record<string, number>;
    };
    assert.deepEqual(
      [conformance.totals.passed, conformance.totals.flaky, conformance.totals.failed],
      [1, 1, 1],
    );
    console.log(`--retry 2: ${run.ms} ms`);
  });

  test('--shard 1/2 and 2/2 partition the scenarios', async () => {
    const scenarios = ['One', 'Two', 'Three', 'Four', 'Five'];
    const [feature] = writeFiles(tmp.dir, {
      'shard/shard.feature': `Feature: Shards\n${scenarios
        .map((name) => `  Scenario: ${name}\n    Then namespace "default" exists\n`)
        .join('\n')}`,
    });
    const runs = await Promise.all(
      ['1/2', '2/2'].map((shard, i) =>
        runKuke(['run', feature!, '--shard', shard, '--reports', join(tmp.dir, `reports-shard-${i}`)]),
      ),
    );
    const names = runs.map((run, i) => {
      assert.equal(run.code, 0, `${run.stdout}\n${run.stderr}`);
      return readReports(join(tmp.dir, `reports-shard-${i}`)).summary.scenarios.map((s) => s.name);
    });
    const [first, second] = names as [string[], string[]];
    assert.ok(first.length > 0 && second.length > 0, `both shards ran something: ${JSON.stringify(names)}`);
    assert.deepEqual(
      first.filter((name) => second.includes(name)),
      [],
      'no scenario in both shards',
    );
    assert.deepEqual([...first, ...second].sort(), [...scenarios].sort(), 'every scenario in one shard');
    console.log(`--shard: ${runs.map((r) => r.ms).join(' ms, ')} ms`);
  });

  test('a shard that is not INDEX/TOTAL is refused', async () => {
    const [feature] = writeFiles(tmp.dir, {
      'shard-bad/x.feature': 'Feature: X\n  Scenario: Y\n    Then namespace "default" exists\n',
    });
    const run = await runKuke([
      'run',
      feature!,
      '--shard',
      '3',
      '--reports',
      join(tmp.dir, 'reports-shard-bad'),
    ]);
    assert.equal(run.code, 2);
    assert.equal(run.stderr.trim(), 'kuke: --shard: expected INDEX/TOTAL such as 2/4, got 3');
  });
});
