// exec through the shipped profiles: what kubectl exec and exec probes find in an image.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { BUNDLED_IMAGE_PROFILES_DIR } from './index.ts';
import { loadImageProfiles } from './loader.ts';
import { type ContainerSpec, resolveContainerBehaviour } from './resolve.ts';
import { userlandHasProgram } from './userland-programs.ts';

const set = loadImageProfiles(BUNDLED_IMAGE_PROFILES_DIR);
const files: Record<string, string> = { '/etc/config/app.properties': 'color=blue\n' };
const behaviour = (spec: ContainerSpec) =>
  resolveContainerBehaviour(set, spec, {
    hostname: 'web',
    readFile: (path) => files[path],
    listDir: (path) => (path === '/etc/config' ? ['app.properties'] : undefined),
  });
const NOT_FOUND = (program: string) =>
  `OCI runtime exec failed: exec failed: unable to start container process: exec: "${program}": executable file not found in $PATH: unknown`;

describe('which programs exec finds in an image', () => {
  const cases: Array<{ image: string; program: string; found: boolean }> = [
    { image: 'busybox', program: 'wget', found: true },
    { image: 'busybox', program: '/bin/sh', found: true },
    { image: 'busybox', program: 'bash', found: false },
    { image: 'busybox', program: 'foo', found: false },
    { image: 'alpine', program: 'apk', found: true },
    { image: 'nginx', program: 'nginx', found: true },
    { image: 'nginx', program: 'curl', found: true },
    { image: 'nginx', program: 'bash', found: true },
    { image: 'nginx', program: 'ps', found: false },
    { image: 'redis', program: 'redis-cli', found: true },
    { image: 'postgres', program: 'psql', found: true },
    { image: 'luksa/kubia', program: 'node', found: true },
    // Shell builtins are no programs: `kubectl exec web -- cd /` finds nothing.
    { image: 'busybox', program: 'cd', found: false },
    { image: 'debian', program: 'export', found: false },
  ];
  for (const { image, program, found } of cases) {
    test(`${image}: ${program} ${found ? 'is' : 'is not'} there`, () => {
      const answer = behaviour({ image, command: ['sleep', '3600'] }).exec([program], 1000);
      if (found) assert.equal(answer.startError, undefined);
      else {
        assert.equal(answer.startError, NOT_FOUND(program));
        assert.equal(answer.exitCode, 126);
      }
    });
  }

  test("a path that is not there is stat'ed, as runc does: /bin/bash in busybox", () => {
    const answer = behaviour({ image: 'busybox', command: ['sleep', '3600'] }).exec(['/bin/bash'], 1000);
    assert.equal(
      answer.startError,
      'OCI runtime exec failed: exec failed: unable to start container process: exec: "/bin/bash": stat /bin/bash: no such file or directory: unknown',
    );
  });

  test('the userland lists', () => {
    assert.equal(userlandHasProgram('busybox', new Set(), 'nslookup'), true);
    assert.equal(userlandHasProgram('gnu', new Set(), 'nslookup'), false);
    assert.equal(userlandHasProgram('gnu', new Set(['nslookup']), 'nslookup'), true);
    assert.equal(userlandHasProgram('none', new Set(), 'sh'), false);
  });
});

describe('exec output and standard input', () => {
  const web = behaviour({
    image: 'busybox:1.36',
    command: ['sh', '-c', 'sleep 3600'],
    env: { MODE: 'fast' },
  });

  test('output keeps the order of stdout and stderr', () => {
    const answer = web.exec(['sh', '-c', 'echo one; echo two >&2; echo three'], 1000);
    assert.deepEqual(answer.output, [
      { stream: 'stdout', text: 'one\n' },
      { stream: 'stderr', text: 'two\n' },
      { stream: 'stdout', text: 'three\n' },
    ]);
    assert.equal(answer.stdout, 'one\nthree\n');
    assert.equal(answer.stderr, 'two\n');
  });

  test('a mounted ConfigMap file and the environment', () => {
    assert.equal(web.exec(['cat', '/etc/config/app.properties'], 1000).stdout, 'color=blue\n');
    assert.equal(web.exec(['printenv', 'MODE'], 1000).stdout, 'fast\n');
  });

  test('cat over an open stdin waits; over an ended one it echoes', () => {
    assert.equal(
      web.exec(['cat'], 1000, { stdin: { text: '', open: true } }).durationMs,
      Number.POSITIVE_INFINITY,
    );
    const answer = web.exec(['cat'], 1000, { stdin: { text: 'a\nb\n', open: false } });
    assert.deepEqual([answer.stdout, answer.exitCode, answer.durationMs], ['a\nb\n', 0, 0]);
  });

  test('a shell reads its script from stdin, and sh -c passes stdin on', () => {
    assert.equal(
      web.exec(['sh'], 1000, { stdin: { text: 'echo $MODE\nexit 2\n', open: false } }).exitCode,
      2,
    );
    assert.equal(
      web.exec(['sh', '-c', 'cat; echo done'], 1000, { stdin: { text: 'x\n', open: false } }).stdout,
      'x\ndone\n',
    );
    assert.equal(web.exec(['wc', '-l'], 1000, { stdin: { text: 'x\n', open: false } }).startError, undefined);
  });

  test('without stdin a command that reads it finds it empty', () => {
    const answer = web.exec(['cat'], 1000);
    assert.deepEqual([answer.stdout, answer.exitCode], ['', 0]);
  });
});

describe('ps', () => {
  test('busybox lists the main process as PID 1 and itself', () => {
    const web = behaviour({ image: 'busybox:1.36', command: ['sh', '-c', 'sleep 3600'] });
    assert.equal(
      web.exec(['ps', 'aux'], 1000).stdout,
      'PID   USER     TIME  COMMAND\n    1 root      0:00 sh -c sleep 3600\n    7 root      0:00 ps aux\n',
    );
  });

  test('a GNU image without procps has no ps; one that has it is not simulated', () => {
    assert.equal(behaviour({ image: 'nginx' }).exec(['ps'], 1000).startError, NOT_FOUND('ps'));
    const kubia = behaviour({ image: 'luksa/kubia' });
    const answer = kubia.exec(['ps'], 1000);
    assert.deepEqual([answer.startError, answer.exitCode, answer.stdout], [undefined, 0, '']);
    assert.ok(kubia.warnings.some((w) => w.includes('ps is simulated for busybox only')));
  });
});

describe("the container's writable layer", () => {
  test('a file one command writes is there for the next, and gone once removed', () => {
    const kubia = behaviour({ image: 'luksa/kubia' });
    // GNU ls (the kubia image is Debian-based) exits 2 for a path that is not there.
    assert.equal(kubia.exec(['ls', '/var/ready'], 1000).exitCode, 2);
    assert.equal(kubia.exec(['touch', '/var/ready'], 2000).exitCode, 0);
    assert.equal(kubia.exec(['ls', '/var/ready'], 3000).exitCode, 0);
    assert.equal(kubia.exec(['sh', '-c', 'echo ok > /tmp/state'], 4000).exitCode, 0);
    assert.equal(kubia.exec(['cat', '/tmp/state'], 5000).stdout, 'ok\n');
    assert.equal(kubia.exec(['rm', '/var/ready'], 6000).exitCode, 0);
    assert.equal(kubia.exec(['ls', '/var/ready'], 7000).exitCode, 2);
  });

  test('a new container does not see the files of the one before (a fresh behaviour per start)', () => {
    behaviour({ image: 'busybox', command: ['sleep', '3600'] }).exec(['touch', '/tmp/x'], 1000);
    assert.equal(
      behaviour({ image: 'busybox', command: ['sleep', '3600'] }).exec(['cat', '/tmp/x'], 2000).exitCode,
      1,
    );
  });

  test('files the main process writes later win over earlier writes by exec', () => {
    const writer = behaviour({
      image: 'busybox',
      command: ['sh', '-c', 'sleep 10; echo main > /tmp/who; sleep 3600'],
    });
    writer.exec(['sh', '-c', 'echo exec > /tmp/who'], 5000);
    assert.equal(writer.exec(['cat', '/tmp/who'], 6000).stdout, 'exec\n');
    assert.equal(writer.exec(['cat', '/tmp/who'], 11_000).stdout, 'main\n');
  });
});
