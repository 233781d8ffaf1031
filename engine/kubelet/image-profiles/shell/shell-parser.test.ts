import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { parseShell, ShellSyntaxError, tokenize } from './shell-parser.ts';

describe('tokenize', () => {
  const cases: Array<[string, string[]]> = [
    ['echo hello; sleep 3600', ['w:echo', 'w:hello', 'op:;', 'w:sleep', 'w:3600']],
    ['echo \'a b\' "c $X"', ['w:echo', "w:'a b'", 'w:"c $X"']],
    ['true && false || echo x &', ['w:true', 'op:&&', 'w:false', 'op:||', 'w:echo', 'w:x', 'op:&']],
    ['echo hi > /tmp/f 2>&1', ['w:echo', 'w:hi', 'op:>', 'w:/tmp/f', 'op:>&', 'w:1']],
    ['echo a # comment\necho b', ['w:echo', 'w:a', 'nl', 'w:echo', 'w:b']],
    ['echo $(date) `hostname`', ['w:echo', 'w:$(date)', 'w:`hostname`']],
  ];
  for (const [source, expected] of cases) {
    it(source, () => {
      const tokens = tokenize(source)
        .filter((t) => t.kind !== 'eof')
        .map((t) => (t.kind === 'word' ? `w:${t.raw}` : t.kind === 'op' ? `op:${t.op}` : 'nl'));
      assert.deepEqual(tokens, expected);
    });
  }
});

describe('parseShell', () => {
  it('parses sequences, and-or lists and background jobs', () => {
    const list = parseShell('a; b && c || d; e &');
    assert.equal(list.items.length, 3);
    assert.deepEqual(
      list.items[1]?.andOr.rest.map((r) => r.op),
      ['&&', '||'],
    );
    assert.equal(list.items[2]?.background, true);
  });

  it('parses compound commands', () => {
    const [loop, forLoop, ifThen, group] = parseShell(
      'while true; do echo x; sleep 1; done\nfor i in 1 2 3; do echo $i; done\nif [ -f /a ]; then echo y; elif false; then :; else echo n; fi\n{ echo a; echo b; }',
    ).items.map((i) => i.andOr.first.commands[0]);
    assert.equal(loop?.type, 'loop');
    assert.equal(forLoop?.type === 'for' && forLoop.items?.length, 3);
    assert.equal(ifThen?.type === 'if' && ifThen.branches.length, 2);
    assert.equal(ifThen?.type === 'if' && ifThen.otherwise?.items.length, 1);
    assert.equal(group?.type === 'group' && group.body.items.length, 2);
  });

  it('separates assignments from words', () => {
    const command = parseShell('A=1 B="x y" env').items[0]?.andOr.first.commands[0];
    assert.ok(command?.type === 'simple');
    assert.deepEqual(
      command.assignments.map((a) => a.name),
      ['A', 'B'],
    );
    assert.equal(command.words.length, 1);
  });

  const unsupported: Array<[string, string]> = [
    ['case $x in a) echo;; esac', 'case statements are not supported'],
    ['case x in esac', "'case' is not supported"],
    ['echo "unterminated', 'unterminated quoted string'],
    ['while true; do echo', "expected 'done' but found end of script"],
    [`echo $\{x/a/b}`, `unsupported substitution: $\{x/a/b}`],
  ];
  for (const [source, message] of unsupported) {
    it(`rejects ${source}`, () => {
      assert.throws(
        () => parseShell(source),
        (e: unknown) => e instanceof ShellSyntaxError && e.message === message,
      );
    });
  }
});
