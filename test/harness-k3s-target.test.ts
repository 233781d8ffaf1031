// The k3s target up to the container runtime check: without Docker, `kuke run --target k3s` stops
// at once with the k3s message, writes no reports and reports no scenario as passed.
import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { after, describe, test } from 'node:test';
import { reportsExist, runKuke, tempDir, writeFiles } from './harness-support.ts';

const tmp = tempDir('kuke-k3s-target');
after(() => tmp.cleanup());

const dockerPresent = existsSync('/var/run/docker.sock') || !!process.env.DOCKER_HOST;

const FEATURE = `Feature: Anything
  Scenario: A config map
    When I apply the manifest:
      """yaml
      apiVersion: v1
      kind: ConfigMap
      metadata:
        name: c
      """
    Then configmap "c" exists
`;

const NO_DOCKER =
  /^kuke: the k3s target needs a running Docker engine, and none was found \(testcontainers: Could not find a working container runtime strategy\)$/m;

// The runs are independent: run them side by side.
describe('the k3s target', { concurrency: true }, () => {
  test('without Docker, --target k3s stops at once with a clear message and no scenario passes', {
    skip: dockerPresent ? 'a Docker engine is present here: the k3s target would really start' : false,
  }, async () => {
    const [feature] = writeFiles(tmp.dir, { 'k3s.feature': FEATURE });
    const reportsDir = join(tmp.dir, 'reports');
    const targets = ['k3s', 'k3s:v1.31.4-k3s1'];
    const runs = await Promise.all(
      targets.map((target, i) =>
        runKuke(['run', feature!, '--target', target, '--reports', `${reportsDir}-${i}`]),
      ),
    );
    for (const [i, target] of targets.entries()) {
      const run = runs[i]!;
      assert.equal(run.code, 2, `${target}: ${run.stdout}\n${run.stderr}`);
      assert.match(run.stderr, NO_DOCKER);
      assert.ok(run.ms < 25_000, `${target} took ${run.ms} ms to fail`);
      assert.doesNotMatch(run.stdout, /passed/);
      assert.equal(reportsExist(`${reportsDir}-${i}`), false, 'no reports for a run that never started');
      console.log(`--target ${target} failed in ${run.ms} ms`);
    }
  });

  test('a Docker host that refuses connections is reported the same way, as quickly', {
    skip: dockerPresent ? 'a Docker engine is present here' : false,
  }, async () => {
    const [feature] = writeFiles(tmp.dir, { 'k3s-host.feature': FEATURE });
    const run = await runKuke(
      ['run', feature!, '--target', 'k3s', '--reports', join(tmp.dir, 'reports-host')],
      {
        env: { DOCKER_HOST: 'tcp://127.0.0.1:1' },
      },
    );
    assert.equal(run.code, 2, `${run.stdout}\n${run.stderr}`);
    assert.match(run.stderr, NO_DOCKER);
    assert.ok(run.ms < 25_000, `took ${run.ms} ms to fail`);
  });

  test('a k3s image that is not an image reference is refused before anything starts', async () => {
    const [feature] = writeFiles(tmp.dir, { 'k3s-image.feature': FEATURE });
    const run = await runKuke([
      'run',
      feature!,
      '--target',
      'k3s:Rancher/K3s',
      '--reports',
      join(tmp.dir, 'r'),
    ]);
    assert.equal(run.code, 2);
    assert.equal(
      run.stderr.trim(),
      'kuke: k3s target: "Rancher/K3s" is not an image reference (e.g. k3s:rancher/k3s:v1.32.1-k3s1 or k3s:v1.32.1-k3s1)',
    );
  });
});
