// Golden tests of the shipped profiles in fixtures/images: container specs → facts about their behaviour.
import assert from 'node:assert/strict';
import { readdirSync } from 'node:fs';
import { describe, it } from 'node:test';
import type { ContainerBehaviour } from './container-behaviour.ts';
import { BUNDLED_IMAGE_PROFILES_DIR } from './index.ts';
import { loadImageProfiles } from './loader.ts';
import { type ContainerSpec, type ResolveContext, resolveContainerBehaviour } from './resolve.ts';

const FIXTURES = BUNDLED_IMAGE_PROFILES_DIR;
const set = loadImageProfiles(FIXTURES);
const Mi = 2 ** 20;

const files: Record<string, string> = {
  '/etc/config/key': 'value\n',
  '/etc/config/something': 'else',
};
const dirs: Record<string, string[]> = { '/etc/config': ['key', 'something'] };
const context: ResolveContext = {
  hostname: 'pod-1',
  readFile: (path) => files[path],
  listDir: (path) => dirs[path],
};

interface Facts {
  profile: string;
  rule?: string;
  pull?:
    | { ok: true; durationMs?: number; imageSizeBytes?: number }
    | { ok: false; reason?: string; message: string | RegExp };
  /** null: never exits. */
  exit?: { afterMs: number; code: number } | null;
  startupDelayMs?: number;
  memoryAt?: Array<[ms: number, bytes: number]>;
  /** [limit, expected time or undefined], or [limit, [earliest, latest]]. */
  exceeds?: Array<[limit: number, at: number | undefined | [number, number]]>;
  /** The most memory the process ever uses. */
  peak?: number;
  cpu?: number;
  listens?: Array<[port: number, ms: number, listening: boolean]>;
  /** status undefined: connection refused. */
  http?: Array<[port: number, path: string, ms: number, status: number | undefined, body?: string | RegExp]>;
  exec?: Array<[command: string[], ms: number, exitCode: number, output?: string | RegExp]>;
  logs?: [untilMs: number, lines: Array<string | RegExp>];
  logTimes?: [untilMs: number, times: number[]];
}

interface Case {
  name: string;
  container: ContainerSpec;
  facts: Facts;
}

function matches(actual: string, expected: string | RegExp, what: string): void {
  if (typeof expected === 'string') assert.equal(actual, expected, what);
  else assert.match(actual, expected, what);
}

function check(b: ContainerBehaviour, f: Facts): void {
  assert.equal(b.profile, f.profile, 'profile');
  if (f.rule !== undefined) assert.equal(b.rule, f.rule, 'rule');
  if (f.pull) {
    assert.equal(b.pull.ok, f.pull.ok, `pull: ${JSON.stringify(b.pull)}`);
    for (const [key, value] of Object.entries(f.pull)) {
      const actual = (b.pull as Record<string, unknown>)[key];
      if (value instanceof RegExp) matches(String(actual), value, `pull.${key}`);
      else assert.equal(actual, value, `pull.${key}`);
    }
  }
  if (f.exit !== undefined) assert.deepEqual(b.exit, f.exit ?? undefined, 'exit');
  if (f.startupDelayMs !== undefined) assert.equal(b.startupDelayMs, f.startupDelayMs, 'startupDelayMs');
  for (const [ms, bytes] of f.memoryAt ?? []) assert.equal(b.memoryBytesAt(ms), bytes, `memory at ${ms}`);
  for (const [limit, at] of f.exceeds ?? []) {
    const actual = b.firstTimeMemoryExceeds(limit);
    if (Array.isArray(at)) {
      assert.ok(actual !== undefined && actual >= at[0] && actual <= at[1], `exceeds ${limit} at ${actual}`);
    } else assert.equal(actual, at, `exceeds ${limit}`);
  }
  if (f.peak !== undefined) assert.equal(b.peakMemoryBytes, f.peak, 'peak memory');
  if (f.cpu !== undefined) assert.equal(b.cpuMillicores, f.cpu, 'cpu');
  for (const [port, ms, listening] of f.listens ?? []) {
    assert.equal(b.listensOn(port, ms), listening, `listens on ${port} at ${ms}`);
  }
  for (const [port, path, ms, status, body] of f.http ?? []) {
    const answer = b.httpGet(port, path, ms);
    assert.equal(answer?.status, status, `GET :${port}${path} at ${ms}`);
    if (body !== undefined) matches(answer?.body ?? '', body, `body of GET :${port}${path}`);
  }
  for (const [command, ms, exitCode, output] of f.exec ?? []) {
    const answer = b.exec(command, ms);
    assert.equal(
      answer.exitCode,
      exitCode,
      `exit code of ${command.join(' ')} at ${ms}: ${JSON.stringify(answer)}`,
    );
    if (output !== undefined)
      matches(answer.stdout + answer.stderr, output, `output of ${command.join(' ')}`);
  }
  if (f.logs) {
    const lines = b.logs(f.logs[0]).map((l) => l.line);
    assert.equal(lines.length, f.logs[1].length, `log lines: ${JSON.stringify(lines)}`);
    f.logs[1].forEach((expected, i) => {
      matches(lines[i] ?? '', expected, `log line ${i}`);
    });
  }
  if (f.logTimes) {
    assert.deepEqual(
      b.logs(f.logTimes[0]).map((l) => l.atMs),
      f.logTimes[1],
      'log times',
    );
  }
  assert.deepEqual(b.warnings, [], 'warnings');
}

const stress = (...args: string[]): ContainerSpec => ({ image: 'polinux/stress', command: ['stress'], args });
const sh = (image: string, script: string, extra: Partial<ContainerSpec> = {}): ContainerSpec => ({
  image,
  command: ['sh', '-c', script],
  ...extra,
});

const WELCOME = /<title>Welcome to nginx!<\/title>/;
const PI_START = /^3\.14159265358979323846264338327950288419716939937510/;

const cases: Record<string, Case[]> = {
  default: [
    {
      name: 'an unknown image runs forever on little memory and listens on nothing',
      container: { image: 'example.com/team/app:1.0' },
      facts: {
        profile: 'default',
        pull: { ok: true, durationMs: 1000, imageSizeBytes: 10 * Mi },
        exit: null,
        memoryAt: [[60_000, 2 * Mi]],
        exceeds: [[Mi, 0]],
        peak: 2 * Mi,
        listens: [[80, 1000, false]],
        http: [[80, '/', 1000, undefined]],
        logs: [600_000, []],
      },
    },
  ],
  missing: [
    {
      name: 'a repository that does not exist',
      container: { image: 'does-not-exist' },
      facts: {
        profile: 'missing-repository',
        pull: {
          ok: false,
          reason: 'ErrImagePull',
          message:
            'rpc error: code = Unknown desc = failed to pull and unpack image "docker.io/library/does-not-exist:latest": failed to resolve reference "docker.io/library/does-not-exist:latest": pull access denied, repository does not exist or may require authorization: server message: insufficient_scope: authorization failed',
        },
      },
    },
    {
      name: 'a user repository that does not exist',
      container: { image: 'acme/app-nonexistent:1.0' },
      facts: {
        profile: 'missing-repository',
        pull: {
          ok: false,
          reason: 'ErrImagePull',
          message:
            /^rpc error: code = Unknown desc = failed to pull and unpack image "docker.io\/acme\/app-nonexistent:1.0": /,
        },
      },
    },
    {
      name: 'a tag that does not exist',
      container: { image: 'nginx:does-not-exist' },
      facts: {
        profile: 'missing-tag',
        pull: {
          ok: false,
          message:
            'rpc error: code = NotFound desc = failed to pull and unpack image "docker.io/library/nginx:does-not-exist": failed to resolve reference "docker.io/library/nginx:does-not-exist": docker.io/library/nginx:does-not-exist: not found',
        },
      },
    },
    {
      name: 'an invalid image name',
      container: { image: 'busyBOX' },
      facts: {
        profile: 'builtin-default',
        pull: {
          ok: false,
          reason: 'InvalidImageName',
          message:
            'Failed to apply default image tag "busyBOX": couldn\'t parse image name "busyBOX": invalid reference format: repository name (library/busyBOX) must be lowercase',
        },
      },
    },
  ],
  nginx: [
    {
      name: 'serves its welcome page on port 80 after startup',
      container: { image: 'nginx:1.7.9' },
      facts: {
        profile: 'nginx',
        pull: { ok: true, durationMs: 2000 },
        exit: null,
        startupDelayMs: 500,
        memoryAt: [[1000, 6 * Mi]],
        listens: [
          [80, 499, false],
          [80, 500, true],
          [8080, 1000, false],
        ],
        http: [
          [80, '/', 100, undefined],
          [80, '/', 1000, 200, WELCOME],
          [80, '/index.html?x=1', 1000, 200, WELCOME],
          [80, '/missing', 1000, 404, /<center><h1>404 Not Found<\/h1><\/center>/],
        ],
        exec: [[['nginx', '-v'], 1000, 0, 'nginx version: nginx/1.27.5\n']],
        logs: [
          1000,
          [
            /is not empty/,
            /Looking for shell scripts/,
            /10-listen-on-ipv6/,
            /checksum/,
            /Enabled listen/,
            /15-local-resolvers/,
            /20-envsubst/,
            /30-tune-worker/,
            '/docker-entrypoint.sh: Configuration complete; ready for start up',
          ],
        ],
      },
    },
    {
      name: 'a tag that was never released fails to pull (the rollback example)',
      container: { image: 'nginx:1.161' },
      facts: {
        profile: 'nginx',
        pull: {
          ok: false,
          message:
            'rpc error: code = NotFound desc = failed to pull and unpack image "docker.io/library/nginx:1.161": failed to resolve reference "docker.io/library/nginx:1.161": docker.io/library/nginx:1.161: not found',
        },
      },
    },
    {
      name: 'released tags and variants pull',
      container: { image: 'docker.io/library/nginx:1.25.3-alpine' },
      facts: { profile: 'nginx', pull: { ok: true } },
    },
    {
      name: 'a shell command replaces the server',
      container: { image: 'nginx', command: ['sleep', '10'] },
      facts: {
        profile: 'nginx',
        rule: 'shell-command',
        exit: { afterMs: 10_000, code: 0 },
        listens: [[80, 1000, false]],
      },
    },
  ],
  busybox: [
    {
      name: 'sleeps, then exits with the given code',
      container: sh('busybox', 'sleep 5; exit 3'),
      facts: {
        profile: 'busybox',
        exit: { afterMs: 5000, code: 3 },
        memoryAt: [
          [1000, 512 * 1024],
          [5000, 0],
        ],
      },
    },
    {
      name: 'echo goes to the log, then it sleeps an hour',
      container: sh('busybox', 'echo hello; sleep 3600'),
      facts: { profile: 'busybox', exit: { afterMs: 3_600_000, code: 0 }, logs: [10_000, ['hello']] },
    },
    {
      name: 'exit 1 fails at once',
      container: sh('busybox:1.36', 'exit 1'),
      facts: { profile: 'busybox', exit: { afterMs: 0, code: 1 } },
    },
    {
      name: 'a plain command without a shell',
      container: { image: 'busybox', command: ['sleep', '10'] },
      facts: { profile: 'busybox', exit: { afterMs: 10_000, code: 0 } },
    },
    {
      name: 'cat of a mounted ConfigMap key',
      container: { image: 'busybox', command: ['cat', '/etc/config/key'] },
      facts: { profile: 'busybox', exit: { afterMs: 0, code: 0 }, logs: [0, ['value']] },
    },
    {
      name: 'cat of a missing file fails with busybox wording',
      container: { image: 'busybox', command: ['cat', '/etc/config/nope'] },
      facts: {
        profile: 'busybox',
        exit: { afterMs: 0, code: 1 },
        logs: [0, ["cat: can't open '/etc/config/nope': No such file or directory"]],
      },
    },
    {
      name: 'without a command the shell finds no input and exits 0',
      container: { image: 'busybox' },
      facts: { profile: 'busybox', exit: { afterMs: 0, code: 0 } },
    },
    {
      name: 'with stdin open the shell waits',
      container: { image: 'busybox', stdin: true },
      facts: { profile: 'busybox', exit: null },
    },
    {
      name: 'a loop of echo and sleep logs forever',
      container: sh('busybox', 'while true; do echo tick; sleep 5; done'),
      facts: {
        profile: 'busybox',
        exit: null,
        logs: [12_000, ['tick', 'tick', 'tick']],
        logTimes: [12_000, [0, 5000, 10_000]],
      },
    },
    {
      name: 'the counter example of the logging documentation',
      container: sh('busybox', 'i=0; while true; do echo "$i: tick"; i=$((i+1)); sleep 1; done'),
      facts: { profile: 'busybox', exit: null, logs: [2500, ['0: tick', '1: tick', '2: tick']] },
    },
    {
      name: 'tail -f /dev/null never exits',
      container: { image: 'busybox', command: ['tail', '-f', '/dev/null'] },
      facts: { profile: 'busybox', exit: null },
    },
    {
      name: 'environment variables and the hostname expand',
      container: sh('busybox', 'echo "$GREETING from $HOSTNAME"', { env: { GREETING: 'hi' } }),
      facts: {
        profile: 'busybox',
        logs: [0, ['hi from pod-1']],
        exec: [[['printenv', 'GREETING'], 0, 0, 'hi\n']],
      },
    },
    {
      name: 'the exec liveness example: /tmp/healthy exists for 30 s',
      container: {
        image: 'registry.k8s.io/busybox',
        args: ['/bin/sh', '-c', 'touch /tmp/healthy; sleep 30; rm -f /tmp/healthy; sleep 600'],
      },
      facts: {
        profile: 'busybox',
        exit: { afterMs: 630_000, code: 0 },
        exec: [
          [['cat', '/tmp/healthy'], 29_999, 0, ''],
          [['cat', '/tmp/healthy'], 30_000, 1, "cat: can't open '/tmp/healthy': No such file or directory\n"],
        ],
      },
    },
  ],
  alpine: [
    {
      name: 'sleep from the ConfigMap chapter, with exec into mounted files',
      container: { image: 'alpine', command: ['sleep'], args: ['100000'] },
      facts: {
        profile: 'alpine',
        exit: { afterMs: 100_000_000, code: 0 },
        exec: [
          [['ls', '/etc/config'], 1000, 0, 'key\nsomething\n'],
          [['cat', '/etc/config/something'], 1000, 0, 'else'],
          [['sh', '-c', 'test -f /etc/config/key && echo yes'], 1000, 0, 'yes\n'],
        ],
      },
    },
  ],
  debian: [
    {
      name: 'ubuntu without a command: bash finds no input and exits 0',
      container: { image: 'ubuntu:22.04' },
      facts: { profile: 'ubuntu', exit: { afterMs: 0, code: 0 } },
    },
    {
      name: 'GNU wording for a missing file',
      container: { image: 'debian', command: ['cat', '/nope'] },
      facts: {
        profile: 'debian',
        exit: { afterMs: 0, code: 1 },
        logs: [0, ['cat: /nope: No such file or directory']],
      },
    },
  ],
  stress: [
    {
      name: '250M under a 100Mi limit is exceeded within the first second',
      container: stress('--vm', '1', '--vm-bytes', '250M', '--vm-hang', '1'),
      facts: {
        profile: 'stress',
        rule: 'stress',
        exit: null,
        memoryAt: [[1000, Mi + 250 * Mi]],
        exceeds: [[100 * Mi, [0, 1000]]],
        peak: Mi + 250 * Mi,
        logs: [0, ['stress: info: [1] dispatching hogs: 0 cpu, 0 io, 1 vm, 0 hdd']],
      },
    },
    {
      name: '50M never exceeds 100Mi',
      container: stress('--vm', '1', '--vm-bytes', '50M', '--vm-hang', '1'),
      facts: { profile: 'stress', exceeds: [[100 * Mi, undefined]] },
    },
    {
      name: '150M fits 200Mi but not 100Mi',
      container: stress('--vm', '1', '--vm-bytes', '150M', '--vm-hang', '1'),
      facts: {
        profile: 'stress',
        exceeds: [
          [200 * Mi, undefined],
          [100 * Mi, [0, 1000]],
        ],
      },
    },
    {
      name: '--vm multiplies the size',
      container: stress('--vm=2', '--vm-bytes=60M'),
      facts: {
        profile: 'stress',
        memoryAt: [[1000, Mi + 120 * Mi]],
        exceeds: [[100 * Mi, [0, 1000]]],
        peak: Mi + 120 * Mi,
      },
    },
    {
      name: 'CPU workers and a timeout',
      container: stress('--cpu', '2', '--timeout', '10s'),
      facts: {
        profile: 'stress',
        cpu: 2000,
        exit: { afterMs: 10_000, code: 0 },
        logs: [0, ['stress: info: [1] dispatching hogs: 2 cpu, 0 io, 0 vm, 0 hdd']],
      },
    },
    {
      name: "the image's own CMD is a broken shell command",
      container: { image: 'polinux/stress' },
      facts: { profile: 'stress', rule: 'image-default-command', exit: { afterMs: 10, code: 127 } },
    },
    {
      name: 'progrium/stress takes only args',
      container: { image: 'progrium/stress', args: ['--vm', '1', '--vm-bytes', '128M', '--timeout', '10'] },
      facts: { profile: 'progrium-stress', memoryAt: [[1000, 129 * Mi]], exit: { afterMs: 10_000, code: 0 } },
    },
    {
      name: 'vish/stress -cpus 2',
      container: { image: 'vish/stress', args: ['-cpus', '2'] },
      facts: { profile: 'vish-stress', cpu: 2000, peak: 2 * Mi, exit: null },
    },
  ],
  mongo: [
    {
      name: 'listens on 27017 after startup with about 40Mi',
      container: { image: 'mongo:3.3' },
      facts: {
        profile: 'mongo',
        memoryAt: [[5000, 40 * Mi]],
        listens: [
          [27017, 1999, false],
          [27017, 2000, true],
          [28017, 5000, false],
        ],
        http: [[27017, '/', 5000, 0]],
        exec: [[['mongo', '--quiet', '--eval', "db.adminCommand('ping')"], 5000, 0, '{ ok: 1 }\n']],
      },
    },
    {
      name: 'the HTTP interface of the DevOps Toolkit examples',
      container: { image: 'mongo:3.3', command: ['mongod'], args: ['--rest', '--httpinterface'] },
      facts: {
        profile: 'mongo',
        rule: 'http-interface',
        listens: [[28017, 3000, true]],
        http: [[28017, '/', 3000, 200, /mongod pod-1/]],
      },
    },
  ],
  redis: [
    {
      name: 'listens on 6379 and answers PING',
      container: { image: 'redis:7' },
      facts: {
        profile: 'redis',
        listens: [[6379, 200, true]],
        exec: [[['redis-cli', 'ping'], 1000, 0, 'PONG\n']],
        logs: [1000, [/Redis is starting/, /Ready to accept connections/]],
      },
    },
    {
      name: 'flags go to redis-server through the entrypoint',
      container: { image: 'redis', args: ['--port', '6380'] },
      facts: {
        profile: 'redis',
        listens: [
          [6380, 1000, true],
          [6379, 1000, false],
        ],
      },
    },
  ],
  perl: [
    {
      name: 'the pi Job runs about 10 s and prints 2000 digits',
      container: { image: 'perl:5.34.0', command: ['perl', '-Mbignum=bpi', '-wle', 'print bpi(2000)'] },
      facts: {
        profile: 'perl',
        rule: 'pi',
        exit: { afterMs: 10_000, code: 0 },
        logs: [10_000, [PI_START]],
      },
    },
  ],
  'go-demo-2': [
    {
      name: '/demo/hello answers after startup; other paths 404',
      container: { image: 'vfarcic/go-demo-2', env: { DB: 'localhost' } },
      facts: {
        profile: 'go-demo-2',
        http: [
          [8080, '/demo/hello', 999, undefined],
          [8080, '/demo/hello', 1000, 200, 'hello, world!\n'],
          [8080, '/this/path/does/not/exist', 1000, 404, '404 page not found\n'],
        ],
      },
    },
  ],
  kubia: [
    {
      name: 'answers with its hostname on every path',
      container: { image: 'luksa/kubia' },
      facts: {
        profile: 'kubia',
        http: [[8080, '/anything', 1000, 200, "You've hit pod-1\n"]],
        logs: [0, ['Kubia server starting...']],
      },
    },
    {
      name: 'kubia-unhealthy turns to 500 after about five probe periods',
      container: { image: 'luksa/kubia-unhealthy' },
      facts: {
        profile: 'kubia-unhealthy',
        http: [
          [8080, '/', 40_000, 200],
          [8080, '/', 45_000, 500, "I'm not well. Please restart me!"],
        ],
      },
    },
    {
      name: 'v3 fails from about its fifth request',
      container: { image: 'luksa/kubia:v3' },
      facts: {
        profile: 'kubia-v3',
        http: [
          [8080, '/', 39_999, 200, 'This is v3 running in pod pod-1\n'],
          [8080, '/', 40_000, 500, 'Some internal error has occurred! This is pod pod-1\n'],
        ],
      },
    },
    {
      name: 'tagged versions',
      container: { image: 'luksa/kubia:v2' },
      facts: { profile: 'kubia-v2', http: [[8080, '/', 1000, 200, 'This is v2 running in pod pod-1\n']] },
    },
  ],
  httpd: [
    {
      name: 'It works!',
      container: { image: 'httpd:2.4' },
      facts: {
        profile: 'httpd',
        http: [
          [80, '/', 1000, 200, '<html><body><h1>It works!</h1></body></html>\n'],
          [80, '/nope', 1000, 404, /<h1>Not Found<\/h1>/],
        ],
      },
    },
  ],
  postgres: [
    {
      name: 'without a password it exits 1',
      container: { image: 'postgres:16' },
      facts: {
        profile: 'postgres',
        rule: 'no-password',
        exit: { afterMs: 100, code: 1 },
        listens: [[5432, 50, false]],
        logs: [
          100,
          [
            /^Error: Database is uninitialized/,
            /POSTGRES_PASSWORD/,
            /superuser/,
            '',
            /trust/,
            /recommended/,
            '',
            /trust/,
            /auth-trust/,
          ],
        ],
      },
    },
    {
      name: 'with a password it listens on 5432',
      container: { image: 'postgres:16', env: { POSTGRES_PASSWORD: 'secret' } },
      facts: {
        profile: 'postgres',
        exit: null,
        listens: [[5432, 3000, true]],
        exec: [
          [['pg_isready'], 1000, 2],
          [['pg_isready', '-U', 'postgres'], 4000, 0, '/var/run/postgresql:5432 - accepting connections\n'],
        ],
      },
    },
  ],
  mysql: [
    {
      name: 'without a password option it exits 1',
      container: { image: 'mysql:8' },
      facts: { profile: 'mysql', rule: 'no-password', exit: { afterMs: 200, code: 1 } },
    },
    {
      name: 'with MYSQL_ROOT_PASSWORD it listens on 3306',
      container: { image: 'mysql:8', env: { MYSQL_ROOT_PASSWORD: 'secret' } },
      facts: {
        profile: 'mysql',
        exit: null,
        listens: [[3306, 10_000, true]],
        exec: [[['mysqladmin', 'ping'], 11_000, 0, 'mysqld is alive\n']],
      },
    },
  ],
  pause: [
    {
      name: 'runs forever and has no shell',
      container: { image: 'registry.k8s.io/pause:3.9' },
      facts: {
        profile: 'pause',
        exit: null,
        memoryAt: [[1000, 256 * 1024]],
        exec: [
          [
            ['sh'],
            1000,
            126,
            'OCI runtime exec failed: exec failed: unable to start container process: exec: "sh": executable file not found in $PATH: unknown\r\n',
          ],
        ],
      },
    },
  ],
  echoserver: [
    {
      name: 'echoes the request',
      container: { image: 'k8s.gcr.io/echoserver:1.10' },
      facts: {
        profile: 'echoserver',
        http: [[8080, '/foo', 1000, 200, /Hostname: pod-1\n[\s\S]*real path=\/foo\n/]],
      },
    },
  ],
  agnhost: [
    {
      name: 'liveness: /healthz is 200 for 10 s, then 500',
      container: { image: 'registry.k8s.io/e2e-test-images/agnhost:2.40', args: ['liveness'] },
      facts: {
        profile: 'agnhost',
        rule: 'liveness',
        http: [
          [8080, '/healthz', 9999, 200, 'ok'],
          [8080, '/healthz', 10_000, 500],
        ],
      },
    },
    {
      name: 'netexec listens on --http-port',
      container: {
        image: 'registry.k8s.io/e2e-test-images/agnhost:2.40',
        args: ['netexec', '--http-port=8081'],
      },
      facts: { profile: 'agnhost', rule: 'netexec', http: [[8081, '/hostname', 1000, 200, 'pod-1']] },
    },
    {
      name: 'without a subcommand it prints help and exits',
      container: { image: 'registry.k8s.io/e2e-test-images/agnhost:2.40' },
      facts: { profile: 'agnhost', rule: 'help', exit: { afterMs: 50, code: 0 } },
    },
    {
      name: 'the older liveness image',
      container: { image: 'registry.k8s.io/liveness', args: ['/server'] },
      facts: { profile: 'liveness', http: [[8080, '/healthz', 11_000, 500]] },
    },
    {
      name: 'goproxy listens for the TCP probe example',
      container: { image: 'registry.k8s.io/goproxy:0.1' },
      facts: { profile: 'goproxy', listens: [[8080, 1000, true]] },
    },
  ],
};

describe('shipped image profiles', () => {
  for (const [family, list] of Object.entries(cases)) {
    describe(family, () => {
      for (const c of list)
        it(c.name, () => check(resolveContainerBehaviour(set, c.container, context), c.facts));
    });
  }

  it('every fixture file has golden cases', () => {
    const profiles = new Set(Object.values(cases).flatMap((list) => list.map((c) => c.facts.profile)));
    const untested = set.profiles.map((p) => p.name).filter((name) => !profiles.has(name));
    assert.deepEqual(untested, []);
    assert.ok(readdirSync(FIXTURES).includes('schema.json'));
  });

  it('warns when a command replaces the program a profile describes', () => {
    const nginx = resolveContainerBehaviour(set, { image: 'nginx', command: ['/usr/bin/myserver'] }, context);
    assert.deepEqual(nginx.warnings, [
      'program "/usr/bin/myserver" is not described by image profile "nginx"; its defaults apply',
    ]);
    const unknown = resolveContainerBehaviour(
      set,
      { image: 'acme/app', command: ['/app', '--serve'] },
      context,
    );
    assert.deepEqual(unknown.warnings, []);
  });

  it('the pi Job prints pi rounded to 2000 digits', () => {
    const b = resolveContainerBehaviour(
      set,
      { image: 'perl', command: ['perl', '-Mbignum=bpi', '-wle', 'print bpi(2000)'] },
      context,
    );
    const [line] = b.logs(10_000);
    assert.equal(line?.line.length, 2001);
    assert.ok(line?.line.endsWith('58326459958133904780275901'));
  });
});
