import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { runShellProgram, type ShellEffect, type ShellHost } from './shell-interpreter.ts';

const files: Record<string, string> = {
  '/etc/config/key': 'value\n',
  '/scripts/run.sh': 'echo from file; exit 4\n',
};
const host = (flavour: ShellHost['flavour'] = 'busybox', extra: Partial<ShellHost> = {}): ShellHost => ({
  flavour,
  hostname: 'pod-1',
  env: [['NAME', 'world']],
  readFile: (p) => files[p],
  listDir: (p) => (p === '/etc/config' ? ['key'] : undefined),
  ...extra,
});

/** The effects as short strings, up to `limit` of them. */
function trace(argv: string[], h: ShellHost = host(), limit = 20): string[] {
  const out: string[] = [];
  for (const e of runShellProgram(argv, h)) {
    out.push(show(e));
    if (out.length >= limit) break;
  }
  return out;
}

function show(e: ShellEffect): string {
  switch (e.kind) {
    case 'output':
      return `${e.atMs} ${e.stream === 'stderr' ? 'err' : 'out'} ${JSON.stringify(e.text)}`;
    case 'file':
      return `${e.atMs} file ${e.path} ${e.content === undefined ? 'removed' : JSON.stringify(e.content)}`;
    case 'exit':
      return `${e.atMs} exit ${e.code}`;
    default:
      return `${e.atMs} ${e.kind}`;
  }
}

const sh = (script: string) => ['sh', '-c', script];

describe('runShellProgram', () => {
  const cases: Array<{ argv: string[]; expected: string[]; host?: ShellHost; limit?: number }> = [
    { argv: sh('echo hello; sleep 3600'), expected: ['0 out "hello\\n"', '3600000 exit 0'] },
    { argv: sh('sleep 5; exit 3'), expected: ['5000 exit 3'] },
    { argv: sh('sleep 1.5 && echo done'), expected: ['1500 out "done\\n"', '1500 exit 0'] },
    { argv: sh('false && echo no; echo $?'), expected: ['0 out "1\\n"', '0 exit 0'] },
    { argv: sh('false || exit 7; echo unreachable'), expected: ['0 exit 7'] },
    { argv: ['sleep', '2m'], expected: ['120000 exit 0'] },
    { argv: ['sleep', 'infinity'], expected: ['0 block'] },
    { argv: ['tail', '-f', '/dev/null'], expected: ['0 block'] },
    {
      argv: sh(`echo 'single $NAME' "double $NAME" $\{NAME}s $\{MISSING:-fallback}`),
      expected: ['0 out "single $NAME double world worlds fallback\\n"', '0 exit 0'],
    },
    { argv: sh('echo -n a; echo b'), expected: ['0 out "a"', '0 out "b\\n"', '0 exit 0'] },
    { argv: sh('printf "%s=%d\\n" a 1 b 2'), expected: ['0 out "a=1\\nb=2\\n"', '0 exit 0'] },
    { argv: sh('cat /etc/config/key'), expected: ['0 out "value\\n"', '0 exit 0'] },
    {
      argv: sh('cat /missing'),
      expected: ["0 err \"cat: can't open '/missing': No such file or directory\\n\"", '0 exit 1'],
    },
    {
      argv: sh('cat /missing'),
      host: host('gnu'),
      expected: ['0 err "cat: /missing: No such file or directory\\n"', '0 exit 1'],
    },
    {
      argv: sh('rm /missing'),
      host: host('gnu'),
      expected: ['0 err "rm: cannot remove \'/missing\': No such file or directory\\n"', '0 exit 1'],
    },
    { argv: sh('x=$(cat /etc/config/key); echo "[$x]"'), expected: ['0 out "[value]\\n"', '0 exit 0'] },
    { argv: sh('echo $((2 * (3 + 4) % 5))'), expected: ['0 out "4\\n"', '0 exit 0'] },
    {
      argv: sh('for i in $(seq 3); do echo $i; done'),
      expected: ['0 out "1\\n"', '0 out "2\\n"', '0 out "3\\n"', '0 exit 0'],
    },
    {
      argv: sh('if [ "$NAME" = world ]; then echo yes; else echo no; fi'),
      expected: ['0 out "yes\\n"', '0 exit 0'],
    },
    {
      argv: sh('n=0; while [ $n -lt 3 ]; do n=$((n+1)); sleep 1; done; echo $n'),
      expected: ['3000 out "3\\n"', '3000 exit 0'],
    },
    {
      argv: sh('while true; do echo tick; sleep 5; done'),
      limit: 4,
      expected: ['0 endless', '0 out "tick\\n"', '5000 out "tick\\n"', '10000 out "tick\\n"'],
    },
    {
      argv: sh('while :; do sleep 1; break; done; echo out'),
      expected: ['1000 out "out\\n"', '1000 exit 0'],
    },
    {
      argv: sh('touch /tmp/healthy; sleep 30; rm -f /tmp/healthy'),
      expected: ['0 file /tmp/healthy ""', '30000 file /tmp/healthy removed', '30000 exit 0'],
    },
    {
      argv: sh('echo hi > /tmp/f; cat /tmp/f >&2'),
      expected: ['0 file /tmp/f ""', '0 file /tmp/f "hi\\n"', '0 err "hi\\n"', '0 exit 0'],
    },
    { argv: sh('echo quiet > /dev/null; echo loud'), expected: ['0 out "loud\\n"', '0 exit 0'] },
    { argv: sh('trap : TERM INT; sleep infinity & wait'), expected: ['0 block'] },
    {
      argv: sh('sleep 10 & echo started; wait; echo done'),
      expected: ['0 out "started\\n"', '10000 out "done\\n"', '10000 exit 0'],
    },
    { argv: ['sh', '/scripts/run.sh'], expected: ['0 out "from file\\n"', '0 exit 4'] },
    { argv: sh('sh -c "exit 2"; echo $?'), expected: ['0 out "2\\n"', '0 exit 0'] },
    { argv: sh('exec sleep 3'), expected: ['3000 exit 0'] },
    { argv: sh('echo $HOSTNAME; hostname'), expected: ['0 out "pod-1\\n"', '0 out "pod-1\\n"', '0 exit 0'] },
    { argv: sh('ls /etc/config'), expected: ['0 out "key\\n"', '0 exit 0'] },
    { argv: sh('echo abc | cat'), expected: ['0 out "abc\\n"', '0 exit 0'] },
    {
      argv: sh('sleep 2; date'),
      host: host('busybox', { startTimeMs: Date.UTC(2024, 0, 1) }),
      expected: ['2000 out "Mon Jan  1 00:00:02 UTC 2024\\n"', '2000 exit 0'],
    },
    { argv: ['sh'], expected: ['0 exit 0'] },
    { argv: ['sh'], host: host('busybox', { stdinOpen: true }), expected: ['0 block'] },
  ];
  for (const c of cases) {
    it(c.argv.join(' '), () => assert.deepEqual(trace(c.argv, c.host, c.limit), c.expected));
  }

  it('treats unknown programs as successful and warns', () => {
    const warnings: string[] = [];
    const effects = [...runShellProgram(sh('apk add curl && echo ok'), host(), { warnings })].map(show);
    assert.deepEqual(effects, ['0 out "ok\\n"', '0 exit 0']);
    assert.deepEqual(warnings, ['program "apk" is not simulated; it is taken to succeed with no output']);
  });

  it('runs forever, with a warning, when the script is outside the subset', () => {
    const warnings: string[] = [];
    const effects = [...runShellProgram(sh('case $x in a) ;; esac'), host(), { warnings })].map(show);
    assert.deepEqual(effects, ['0 block']);
    assert.deepEqual(warnings, [
      'the shell command is outside the supported subset (case statements are not supported); it is taken to run forever',
    ]);
  });

  it('stops a busy loop after its step budget', () => {
    const warnings: string[] = [];
    const effects = [...runShellProgram(sh('while [ 1 ]; do :; done'), host(), { warnings })].map(show);
    assert.deepEqual(effects, ['0 block']);
    assert.equal(warnings.length, 1);
  });
});
