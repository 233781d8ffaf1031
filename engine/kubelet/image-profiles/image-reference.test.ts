import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { compileImagePattern, type ImagePattern, parseImageReference } from './image-reference.ts';

describe('parseImageReference', () => {
  const cases: Array<[string, string]> = [
    ['nginx', 'docker.io/library/nginx:latest'],
    ['nginx:1.25', 'docker.io/library/nginx:1.25'],
    ['docker.io/nginx', 'docker.io/library/nginx:latest'],
    ['index.docker.io/library/nginx:1', 'docker.io/library/nginx:1'],
    ['polinux/stress', 'docker.io/polinux/stress:latest'],
    ['registry.k8s.io/pause:3.9', 'registry.k8s.io/pause:3.9'],
    ['localhost:5000/app', 'localhost:5000/app:latest'],
    [`busybox@sha256:${'a'.repeat(64)}`, `docker.io/library/busybox@sha256:${'a'.repeat(64)}`],
  ];
  for (const [image, canonical] of cases) {
    it(image, () => {
      const ref = parseImageReference(image);
      assert.ok(!('error' in ref));
      assert.equal(ref.canonical, canonical);
    });
  }

  const invalid: Array<[string, string]> = [
    ['busyBOX', 'invalid reference format: repository name (library/busyBOX) must be lowercase'],
    ['nginx:', 'invalid reference format'],
    [
      'THIS IS NOT AN IMAGE',
      'invalid reference format: repository name (library/THIS IS NOT AN IMAGE) must be lowercase',
    ],
    ['registry.example.com//nginx', 'invalid reference format'],
  ];
  for (const [image, error] of invalid) {
    it(`rejects ${image}`, () => assert.deepEqual(parseImageReference(image), { error }));
  }
});

describe('compileImagePattern', () => {
  const pattern = (source: string): ImagePattern => {
    const compiled = compileImagePattern(source);
    assert.ok(!('error' in compiled), `pattern ${source}`);
    return compiled;
  };
  const matches = (source: string, image: string): boolean => {
    const ref = parseImageReference(image);
    assert.ok(!('error' in ref));
    return pattern(source).matches(ref);
  };
  const table: Array<[string, string, boolean]> = [
    ['nginx', 'nginx', true],
    ['nginx', 'nginx:1.25', true],
    ['nginx', 'docker.io/library/nginx:1.25-alpine', true],
    ['nginx', 'nginxinc/nginx-unprivileged', false],
    ['nginx', 'nginx-custom', false],
    ['docker.io/library/nginx:*', 'nginx:1.7.9', true],
    ['nginx:1.7.*', 'nginx:1.7.9', true],
    ['nginx:1.7.*', 'nginx:1.25', false],
    ['polinux/stress*', 'polinux/stress', true],
    ['polinux/stress*', 'polinux/stress-ng:latest', true],
    ['registry.k8s.io/pause', 'registry.k8s.io/pause:3.9', true],
    ['registry.k8s.io/pause', 'k8s.gcr.io/pause:3.9', false],
    ['*', 'example.com/a/b:c', true],
    ['*/*does-not-exist*:*', 'does-not-exist', true],
    ['*/*does-not-exist*:*', 'nginx:does-not-exist', false],
    ['*:*does-not-exist*', 'nginx:does-not-exist', true],
  ];
  for (const [source, image, expected] of table) {
    it(`${source} ${expected ? 'matches' : 'does not match'} ${image}`, () =>
      assert.equal(matches(source, image), expected));
  }

  it('orders patterns by specificity', () => {
    const order = ['*', 'nginx*', 'nginx', 'nginx:1.*', 'nginx:1.25'].map((p) => pattern(p).specificity);
    assert.deepEqual(
      [...order].sort((a, b) => a - b),
      order,
    );
  });

  it('rejects what is not an image name', () => {
    assert.deepEqual(compileImagePattern('Nginx'), {
      error:
        'image pattern "Nginx" is not an image name: invalid reference format: repository name (library/Nginx) must be lowercase',
    });
  });
});
