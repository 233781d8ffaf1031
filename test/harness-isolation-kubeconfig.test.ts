// Isolation on a kubeconfig target: two scenarios that create the same names (a Deployment
// "web", a pod "solo") run at the same time in two workers against one served engine, each in a
// namespace of its own.
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import {
  leftoverNamespaces,
  readReports,
  runKuke,
  type ServedEngine,
  sameNamesFeature,
  schedule,
  serveEngine,
  tempDir,
  waitFor,
  writeFiles,
} from './harness-support.ts';

const tmp = tempDir('kuke-isolation-kubeconfig');
let engine: ServedEngine;

before(async () => {
  engine = await serveEngine(tmp.dir, { speed: 50 });
});

after(async () => {
  await engine?.stop();
  tmp.cleanup();
});

test('on a kubeconfig target, two scenarios with the same names run at the same time without colliding', async () => {
  const features = writeFiles(tmp.dir, {
    'a/same-names.feature': sameNamesFeature('Team A'),
    'b/same-names.feature': sameNamesFeature('Team B'),
  });
  const reportsDir = join(tmp.dir, 'reports');
  const run = await runKuke([
    'run',
    ...features,
    '--parallel',
    '2',
    '--target',
    `kubeconfig:${engine.kubeconfigPath}`,
    '--reports',
    reportsDir,
  ]);
  assert.equal(run.code, 0, `${run.stdout}\n${run.stderr}`);
  const { summary, envelopes } = readReports(reportsDir);
  assert.deepEqual(
    summary.scenarios.map((s) => [s.name, s.status]),
    [
      ['Team A creates web and solo', 'passed'],
      ['Team B creates web and solo', 'passed'],
    ],
  );
  const [first, second] = schedule(envelopes);
  assert.ok(first && second);
  assert.notEqual(first.workerId, second.workerId, 'each scenario ran in its own worker');
  assert.ok(
    first.start < second.end && second.start < first.end,
    `the scenarios overlapped in time (${JSON.stringify([first, second])})`,
  );
  await waitFor(
    async () => (await leftoverNamespaces(engine.client)).length === 0,
    10_000,
    'namespaces gone',
  );
  console.log(`kubeconfig --parallel 2: ${run.ms} ms`);
});
