import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import { loadImageProfiles, ProfileError } from './loader.ts';
import { resolveContainerBehaviour } from './resolve.ts';

const root = mkdtempSync(join(tmpdir(), 'image-profiles-'));
after(() => rmSync(root, { recursive: true, force: true }));

let counter = 0;
/** Writes the files into a fresh directory and returns its path. */
function directory(files: Record<string, string>): string {
  const dir = join(root, `d${counter++}`);
  mkdirSync(dir);
  for (const [name, text] of Object.entries(files)) writeFileSync(join(dir, name), text);
  return dir;
}

const header = (name: string) => `apiVersion: kuke.dev/v1alpha1
kind: ImageProfile
metadata:
  name: ${name}
`;

const valid = (name: string, image: string, extra = '') => `${header(name)}spec:
  images: [${image}]
${extra}`;

describe('loadImageProfiles errors name file, line and field path', () => {
  const cases: Array<{ name: string; text: string; error: string }> = [
    {
      name: 'wrong type in a rule',
      text: `${header('x')}spec:
  images: [x]
  rules:
    - name: big
      match:
        program: [x]
      behaviour:
        memory:
          bytes: 250
`,
      error: ':13: spec.rules[0].behaviour.memory.bytes: Expected string',
    },
    {
      name: 'missing required property',
      text: `${header('x')}spec:
  defaults: {}
`,
      error: ':5: spec.images: Expected required property',
    },
    {
      name: 'unknown property',
      text: `${header('x')}spec:
  images: [x]
  defaults:
    memroy:
      bytes: 1Mi
`,
      error: ':8: spec.defaults.memroy: Unexpected property',
    },
    {
      name: 'value outside an enumeration',
      text: `${header('x')}spec:
  images: [x]
  image:
    userland: windows
`,
      error: ':8: spec.image.userland: Expected one of: busybox, gnu, none',
    },
    {
      name: 'wrong apiVersion',
      text: `apiVersion: kuke.dev/v2
kind: ImageProfile
metadata:
  name: x
spec:
  images: [x]
`,
      error: ":1: apiVersion: Expected 'kuke.dev/v1alpha1'",
    },
    {
      name: 'malformed quantity',
      text: `${header('x')}spec:
  images: [x]
  defaults:
    memory:
      bytes: lots
`,
      error: ':9: spec.defaults.memory.bytes: Expected string to match',
    },
    {
      name: 'two memory models at once',
      text: `${header('x')}spec:
  images: [x]
  defaults:
    memory:
      bytes: 1Mi
      growth:
        perSecond: 1Mi
`,
      error: ':8: spec.defaults.memory: exactly one of bytes, growth, fromArgs must be set',
    },
    {
      name: 'invalid regular expression',
      text: `${header('x')}spec:
  images: [x]
  rules:
    - name: r
      match:
        args: '--vm('
      behaviour: {}
`,
      error: ':10: spec.rules[0].match.args: invalid regular expression:',
    },
    {
      name: 'unknown placeholder',
      text: `${header('x')}spec:
  images: [x]
  defaults:
    logs:
      - line: 'hello {{podName}}'
`,
      error: ':9: spec.defaults.logs[0].line: unknown placeholder {{podName}}',
    },
    {
      name: 'invalid image pattern',
      text: `${header('x')}spec:
  images: [x, Nginx]
`,
      error:
        ':6: spec.images[1]: image pattern "Nginx" is not an image name: invalid reference format: repository name (library/Nginx) must be lowercase',
    },
    {
      name: 'error in the second document',
      text: `${valid('a', 'a')}---
${header('b')}spec:
  images: [b]
  pull:
    duration: soon
`,
      error: ':15: spec.pull.duration: Expected string to match',
    },
    {
      name: 'YAML syntax error',
      text: `${header('x')}spec:
  images: [x
`,
      error: ':7: ',
    },
  ];
  for (const c of cases) {
    it(c.name, () => {
      const dir = directory({ 'profile.yaml': c.text });
      const file = join(dir, 'profile.yaml');
      assert.throws(
        () => loadImageProfiles(dir),
        (e: unknown) => {
          assert.ok(e instanceof ProfileError, `expected a ProfileError, got ${String(e)}`);
          assert.ok(e.message.startsWith(`${file}${c.error}`), `message was: ${e.message}`);
          return true;
        },
      );
    });
  }

  it('rejects the same profile name twice in one directory', () => {
    const dir = directory({ 'a.yaml': valid('web', 'a'), 'b.yaml': valid('web', 'b') });
    assert.throws(() => loadImageProfiles(dir), {
      message: `${join(dir, 'b.yaml')}:4: metadata.name: duplicate profile name "web" (also in ${join(dir, 'a.yaml')})`,
    });
  });

  it('rejects the same image pattern in two profiles of one directory', () => {
    const dir = directory({
      'a.yaml': valid('one', 'nginx'),
      'b.yaml': valid('two', 'docker.io/library/nginx'),
    });
    assert.throws(() => loadImageProfiles(dir), {
      message: `${join(dir, 'b.yaml')}:6: spec.images[0]: image pattern "docker.io/library/nginx" conflicts with profile "one"`,
    });
  });

  it('reports a missing directory', () => {
    const dir = join(root, 'absent');
    assert.throws(() => loadImageProfiles(dir), {
      message: `${dir}: not a readable directory of image profiles`,
    });
  });
});

describe('loadImageProfiles over several directories', () => {
  const memory = (bytes: string) => `  defaults:\n    memory:\n      bytes: ${bytes}\n`;
  const base = directory({
    'nginx.yaml': valid('nginx', 'nginx', memory('6Mi')),
    'default.yaml': valid('default', "'*'", memory('2Mi')),
    'stress.yaml': valid('stress', 'polinux/stress', memory('1Mi')),
  });
  const resolveMemory = (dirs: string[], image: string) => {
    const set = loadImageProfiles(dirs);
    const b = resolveContainerBehaviour(set, { image }, { hostname: 'h' });
    return [b.profile, b.memoryBytesAt(1000)];
  };

  it('reads multi-document files and keeps every profile', () => {
    const dir = directory({ 'all.yaml': `${valid('a', 'a')}---\n${valid('b', 'b')}` });
    assert.deepEqual(
      loadImageProfiles(dir).profiles.map((p) => p.name),
      ['a', 'b'],
    );
  });

  const cases: Array<{
    name: string;
    user: Record<string, string>;
    image: string;
    expected: [string, number];
  }> = [
    {
      name: 'a later profile of the same name replaces the earlier one',
      user: { 'nginx.yaml': valid('nginx', 'nginx', memory('64Mi')) },
      image: 'nginx:1.25',
      expected: ['nginx', 64 * 2 ** 20],
    },
    {
      name: 'an equally specific pattern in a later directory wins',
      user: { 'web.yaml': valid('my-nginx', 'docker.io/library/nginx', memory('32Mi')) },
      image: 'nginx',
      expected: ['my-nginx', 32 * 2 ** 20],
    },
    {
      name: 'a more specific pattern in an earlier directory still wins',
      user: { 'web.yaml': valid('nginx-like', "'nginx*'", memory('32Mi')) },
      image: 'nginx',
      expected: ['nginx', 6 * 2 ** 20],
    },
    {
      name: 'a wildcard pattern of a later directory covers names the earlier ones do not',
      user: { 'web.yaml': valid('nginx-like', "'nginx*'", memory('32Mi')) },
      image: 'nginx-custom:2',
      expected: ['nginx-like', 32 * 2 ** 20],
    },
    {
      name: 'a tag pattern is more specific than the repository',
      user: { 'old.yaml': valid('old-nginx', "'nginx:1.7.*'", memory('3Mi')) },
      image: 'nginx:1.7.9',
      expected: ['old-nginx', 3 * 2 ** 20],
    },
    {
      name: 'unknown images fall back to the * profile',
      user: {},
      image: 'example.com/team/app:1',
      expected: ['default', 2 * 2 ** 20],
    },
  ];
  for (const c of cases) {
    it(c.name, () => {
      assert.deepEqual(resolveMemory([base, directory(c.user)], c.image), c.expected);
    });
  }
});
