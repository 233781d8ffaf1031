// A step that no definition matches, or that several match, is reported so it can be fixed
// without opening the step files: cucumber's snippet and kuke's closest steps for the first, every
// candidate definition with its location for the second. And "Given a cluster like …" refuses to
// come after a step that already talked to the cluster.
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { after, test } from 'node:test';
import { readReports, runKuke, tempDir, writeFiles } from './harness-support.ts';

const tmp = tempDir('kuke-step-matching');
after(() => tmp.cleanup());

const FEATURE = `Feature: Step matching
  Scenario: A step two definitions match
    Then pod "web" is Running

  Scenario: An unknown step
    Then pod "web" is runing happily

  Scenario: A cluster chosen too late
    When I apply the manifest:
      """yaml
      apiVersion: v1
      kind: ConfigMap
      metadata:
        name: early
      """
    Given a cluster like "three-nodes"

  Scenario: A cluster chosen first
    Given a cluster like "three-nodes"
    Then the cluster has 3 nodes with 2 CPUs and 4Gi of memory each
`;

// The project's own step (--import) that clashes with kuke's `pod {string} is {phase}`.
const STEPS = `import { Then } from '${import.meta.resolve('@cucumber/cucumber')}';

Then('pod {string} is Running', function (name) {});
`;

test('undefined and ambiguous steps are reported with the closest steps or every candidate and its location', async () => {
  const [feature, steps] = writeFiles(tmp.dir, {
    'matching/matching.feature': FEATURE,
    'matching/own.steps.mjs': STEPS,
  });
  const reportsDir = join(tmp.dir, 'reports');
  const run = await runKuke(['run', feature!, '--import', steps!, '--reports', reportsDir]);
  assert.equal(run.code, 1, `${run.stdout}\n${run.stderr}`);
  const { summary } = readReports(reportsDir);
  const byName = new Map(summary.scenarios.map((s) => [s.name, s]));

  const ambiguous = byName.get('A step two definitions match');
  assert.equal(ambiguous?.status, 'ambiguous');
  assert.deepEqual(
    ambiguous?.candidates?.map((c) => c.pattern),
    ['pod {string} is {phase}', 'pod {string} is Running'],
  );
  assert.match(ambiguous?.candidates?.[0]?.location ?? '', /^steps\/pods\.steps\.ts:\d+$/);
  assert.match(ambiguous?.candidates?.[1]?.location ?? '', /own\.steps\.mjs:3$/);
  // The console summary names the step, then each candidate with where it is defined.
  assert.match(
    run.stdout,
    /"pod "web" is Running" matches 2 step definitions; remove or reword all but one:\n\s+pod \{string\} is \{phase\}\s+\(steps\/pods\.steps\.ts:\d+\)\n\s+pod \{string\} is Running\s+\(\S*own\.steps\.mjs:3\)\n/,
  );

  assert.equal(byName.get('An unknown step')?.status, 'undefined');
  // cucumber's snippet (with {string}, not kuke's catch-all {cluster}), then the closest steps.
  assert.match(run.stdout, /Then\('pod \{string\} is runing happily', function \(string\) \{/);
  assert.match(
    run.stdout,
    /no step matches "pod "web" is runing happily"; closest existing steps:\n\s+Then pod \{string\} is \{phase\}\s+\(e\.g\. Then /,
  );

  const late = byName.get('A cluster chosen too late');
  assert.equal(late?.status, 'failed');
  assert.match(
    late?.message ?? '',
    /^Error: a cluster like "three-nodes" must come before any step that talks to the cluster \(\d+ API request\(s\) and 0 kubectl run\(s\) so far\): put it first in the scenario or its Background/,
  );
  assert.equal(byName.get('A cluster chosen first')?.status, 'passed');
});
