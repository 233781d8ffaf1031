import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { test } from 'node:test';
import { K3sTarget } from './k3s.target.ts';

const dockerPresent = existsSync('/var/run/docker.sock') || !!process.env.DOCKER_HOST;

test('preparing a k3s target without a container runtime fails within seconds, naming Docker', {
  skip: dockerPresent ? 'a Docker engine is present here: the container would really start' : false,
}, async () => {
  const target = new K3sTarget('rancher/k3s:v1.31.4-k3s1');
  const started = Date.now();
  await assert.rejects(target.prepare(), {
    message:
      'the k3s target needs a running Docker engine, and none was found (testcontainers: Could not find a working container runtime strategy)',
  });
  const ms = Date.now() - started;
  assert.ok(ms < 10_000, `took ${ms} ms`);
  assert.throws(() => target.shared(), { message: 'target k3s:rancher/k3s:v1.31.4-k3s1 is not prepared' });
  await target.dispose();
});
