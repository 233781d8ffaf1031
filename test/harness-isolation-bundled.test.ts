// Isolation on the bundled target: two scenarios that create the same names (a Deployment
// "web", a pod "solo") run at once in two workers, each with an engine of its own.
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { after, test } from 'node:test';
import { readReports, runKuke, sameNamesFeature, schedule, tempDir, writeFiles } from './harness-support.ts';

const tmp = tempDir('kuke-isolation-bundled');
after(() => tmp.cleanup());

test('on the bundled target, two scenarios with the same names run in parallel without colliding', async () => {
  // The late answer keeps the first scenario busy (in wall time) until the second worker is up;
  // otherwise a fast first worker can take both scenarios before the second has loaded.
  const slowCreate = 'the API answers create requests for deployments after 4 seconds';
  const features = writeFiles(tmp.dir, {
    'a/same-names.feature': sameNamesFeature('Team A', slowCreate),
    'b/same-names.feature': sameNamesFeature('Team B', slowCreate),
  });
  const reportsDir = join(tmp.dir, 'reports');
  const run = await runKuke(['run', ...features, '--parallel', '2', '--reports', reportsDir]);
  assert.equal(run.code, 0, `${run.stdout}\n${run.stderr}`);
  const { summary, envelopes } = readReports(reportsDir);
  assert.deepEqual(
    summary.scenarios.map((s) => [s.name, s.status]),
    [
      ['Team A creates web and solo', 'passed'],
      ['Team B creates web and solo', 'passed'],
    ],
  );
  const workers = new Set(schedule(envelopes).map((s) => s.workerId));
  assert.equal(workers.size, 2, 'each scenario ran in its own worker');
  console.log(`bundled --parallel 2: ${run.ms} ms`);
});
