import assert from 'node:assert/strict';
import { test } from 'node:test';
import { BundledTarget } from './bundled.target.ts';
import { DEFAULT_K3S_IMAGE, K3sTarget, k3sImage, k3sStartFailure } from './k3s.target.ts';
import { KubeconfigTarget } from './kubeconfig.target.ts';
import { parseTarget } from './target-spec.ts';

test('target specs name the kind, the target and what support code reaches', () => {
  const cases: Array<{ spec: string; kind: string; name: string; type: unknown }> = [
    { spec: 'bundled', kind: 'bundled', name: 'bundled', type: BundledTarget },
    { spec: 'bundled:three-nodes', kind: 'bundled', name: 'bundled:three-nodes', type: BundledTarget },
    { spec: 'kubeconfig', kind: 'kubeconfig', name: 'kubeconfig', type: KubeconfigTarget },
    {
      spec: 'kubeconfig:./kind.kubeconfig',
      kind: 'kubeconfig',
      name: 'kubeconfig:./kind.kubeconfig',
      type: KubeconfigTarget,
    },
    {
      spec: 'kubeconfig:./kind.kubeconfig#kind-kind',
      kind: 'kubeconfig',
      name: 'kubeconfig:./kind.kubeconfig#kind-kind',
      type: KubeconfigTarget,
    },
    {
      spec: 'kubeconfig:#kind-kind',
      kind: 'kubeconfig',
      name: 'kubeconfig#kind-kind',
      type: KubeconfigTarget,
    },
    { spec: 'k3s', kind: 'k3s', name: `k3s:${DEFAULT_K3S_IMAGE}`, type: K3sTarget },
    { spec: 'k3s:v1.31.4-k3s1', kind: 'k3s', name: 'k3s:rancher/k3s:v1.31.4-k3s1', type: K3sTarget },
  ];
  for (const { spec, kind, name, type } of cases) {
    const target = parseTarget(spec);
    assert.ok(target instanceof (type as typeof BundledTarget), spec);
    assert.equal(target.kind, kind, spec);
    assert.equal(target.name, name, spec);
  }
  assert.deepEqual(parseTarget('bundled:minikube').shared(), {
    spec: 'bundled:minikube',
    name: 'bundled:minikube',
  });
  assert.deepEqual(parseTarget('kubeconfig:/x/k.yaml#ctx').shared(), {
    spec: 'kubeconfig:/x/k.yaml#ctx',
    name: 'kubeconfig:/x/k.yaml#ctx',
  });
  assert.equal(
    parseTarget('kubeconfig:/tmp/k3s/kubeconfig', {}, 'k3s:rancher/k3s:v1.32.1-k3s1').name,
    'k3s:rancher/k3s:v1.32.1-k3s1',
  );
});

test('an unknown target kind is refused with the forms that exist', () => {
  for (const spec of ['kind', 'minikube:x', '', 'Bundled']) {
    assert.throws(() => parseTarget(spec), {
      message: `unknown target "${spec}": use bundled[:CLUSTER], kubeconfig[:PATH][#CONTEXT] or k3s[:IMAGE]`,
    });
  }
});

test('k3s[:IMAGE]: the default image, bare k3s tags, full references, and nonsense', () => {
  const cases: Array<[string, string]> = [
    ['', DEFAULT_K3S_IMAGE],
    ['  ', DEFAULT_K3S_IMAGE],
    ['v1.31.4-k3s1', 'rancher/k3s:v1.31.4-k3s1'],
    ['v1.30.0+k3s1', 'rancher/k3s:v1.30.0+k3s1'],
    ['rancher/k3s:v1.30.8-k3s1', 'rancher/k3s:v1.30.8-k3s1'],
    ['rancher/k3s', 'rancher/k3s'],
    ['localhost:5000/mirror/k3s:v1.32.1-k3s1', 'localhost:5000/mirror/k3s:v1.32.1-k3s1'],
    [`ghcr.io/acme/k3s@sha256:${'a'.repeat(64)}`, `ghcr.io/acme/k3s@sha256:${'a'.repeat(64)}`],
  ];
  for (const [argument, image] of cases) assert.equal(k3sImage(argument), image, argument);
  for (const bad of ['Rancher/K3s', 'rancher/k3s:', 'two words', 'rancher/k3s:v1;rm -rf']) {
    assert.throws(() => k3sImage(bad), {
      message: `k3s target: "${bad.trim()}" is not an image reference (e.g. k3s:rancher/k3s:v1.32.1-k3s1 or k3s:v1.32.1-k3s1)`,
    });
  }
});

test('why a k3s container did not start, in words', () => {
  assert.equal(
    k3sStartFailure(new Error('Could not find a working container runtime strategy')),
    'the k3s target needs a running Docker engine, and none was found (testcontainers: Could not find a working container runtime strategy)',
  );
  assert.equal(
    k3sStartFailure(new Error('connect ENOENT /var/run/docker.sock\n    at …')),
    'the k3s target needs a running Docker engine, and none was found (testcontainers: connect ENOENT /var/run/docker.sock)',
  );
  assert.equal(
    k3sStartFailure(new Error('(HTTP code 404) no such image - pull access denied for rancher/k3s:v0')),
    'the k3s target could not start its container: (HTTP code 404) no such image - pull access denied for rancher/k3s:v0',
  );
});
