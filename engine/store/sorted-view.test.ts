import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { KubeObject } from '../api/types.ts';
import { compareKeys, SortedView } from './sorted-view.ts';

type Op = ['add' | 'update' | 'remove', string] | ['list'];

const pod = (name: string, version: number): KubeObject => ({
  apiVersion: 'v1',
  kind: 'Pod',
  metadata: { name, resourceVersion: String(version) },
});

/** Applies `ops` to a view and a plain map; after every list, both must agree. */
function replay(ops: readonly Op[]): Array<Array<[string, string]>> {
  const view = new SortedView();
  const objects = new Map<string, KubeObject>();
  const answers: Array<Array<[string, string]>> = [];
  let version = 0;
  for (const op of ops) {
    if (op[0] === 'list') {
      const listed = view.list(objects);
      const expected = [...objects.keys()].sort(compareKeys).map((name) => objects.get(name));
      assert.deepEqual(listed, expected);
      answers.push(listed.map((o) => [o.metadata.name!, o.metadata.resourceVersion!]));
      continue;
    }
    const [kind, name] = op;
    if (kind === 'remove') {
      objects.delete(name);
      view.removed(name);
    } else {
      const existed = objects.has(name);
      const object = pod(name, ++version);
      objects.set(name, object);
      if (existed) view.replaced(name, object);
      else view.added(name);
    }
  }
  return answers;
}

describe('SortedView', () => {
  const cases: Array<{ name: string; ops: Op[]; last: Array<[string, string]> }> = [
    {
      name: 'lists names in code-unit order, not insertion or locale order',
      ops: [['add', 'web-10'], ['add', 'web-2'], ['add', 'Web-1'], ['list']],
      last: [
        ['Web-1', '3'],
        ['web-10', '1'],
        ['web-2', '2'],
      ],
    },
    {
      name: 'an update after a list shows the new object',
      ops: [['add', 'a'], ['add', 'b'], ['list'], ['update', 'a'], ['list']],
      last: [
        ['a', '3'],
        ['b', '2'],
      ],
    },
    {
      name: 'additions after a list are merged in place',
      ops: [['add', 'b'], ['add', 'd'], ['list'], ['add', 'c'], ['add', 'a'], ['add', 'e'], ['list']],
      last: [
        ['a', '4'],
        ['b', '1'],
        ['c', '3'],
        ['d', '2'],
        ['e', '5'],
      ],
    },
    {
      name: 'a removed name is gone; one that came back shows its new object',
      ops: [
        ['add', 'a'],
        ['add', 'b'],
        ['add', 'c'],
        ['list'],
        ['remove', 'b'],
        ['remove', 'a'],
        ['add', 'a'],
        ['list'],
      ],
      last: [
        ['a', '4'],
        ['c', '3'],
      ],
    },
    {
      name: 'added then removed before any list never shows',
      ops: [['add', 'a'], ['list'], ['add', 'z'], ['update', 'z'], ['remove', 'z'], ['list']],
      last: [['a', '1']],
    },
    {
      name: 'an update to a name added since the last list is taken from the map',
      ops: [['add', 'a'], ['list'], ['add', 'b'], ['update', 'b'], ['update', 'a'], ['list']],
      last: [
        ['a', '4'],
        ['b', '3'],
      ],
    },
  ];
  for (const { name, ops, last } of cases) {
    it(name, () => {
      assert.deepEqual(replay(ops).at(-1), last);
    });
  }

  it('never changes an answer already handed out', () => {
    const view = new SortedView();
    const objects = new Map<string, KubeObject>([['a', pod('a', 1)]]);
    view.added('a');
    const first = view.list(objects);
    const updated = pod('a', 2);
    objects.set('a', updated);
    view.replaced('a', updated);
    objects.set('b', pod('b', 3));
    view.added('b');
    assert.deepEqual(
      first.map((o) => o.metadata.resourceVersion),
      ['1'],
    );
    assert.deepEqual(
      view.list(objects).map((o) => o.metadata.resourceVersion),
      ['2', '3'],
    );
  });

  it('agrees with sorting after a long random sequence', () => {
    let seed = 42;
    const random = () => {
      seed = (seed * 1103515245 + 12345) % 2 ** 31;
      return seed / 2 ** 31;
    };
    const ops: Op[] = [];
    const live = new Set<string>();
    for (let i = 0; i < 3000; i++) {
      const roll = random();
      const name = `pod-${Math.floor(random() * 200)}`;
      if (roll < 0.1) ops.push(['list']);
      else if (roll < 0.3 && live.has(name)) {
        ops.push(['remove', name]);
        live.delete(name);
      } else {
        ops.push([live.has(name) ? 'update' : 'add', name]);
        live.add(name);
      }
    }
    ops.push(['list']);
    assert.equal(replay(ops).at(-1)?.length, live.size);
  });
});
