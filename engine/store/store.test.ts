import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { KubeObject } from '../api/types.ts';
import {
  ObjectStore,
  StoreAlreadyExistsError,
  StoreConflictError,
  type StoreEvent,
  StoreExpiredError,
} from './store.ts';

const pod = (namespace: string, name: string, extra: Record<string, unknown> = {}): KubeObject => ({
  apiVersion: 'v1',
  kind: 'Pod',
  metadata: { name, namespace },
  ...extra,
});

const names = (objects: readonly KubeObject[]) =>
  objects.map((o) => `${o.metadata.namespace}/${o.metadata.name}`);

describe('ObjectStore', () => {
  it('lists in key order: namespace, then name, by code units', () => {
    const store = new ObjectStore();
    for (const [ns, name] of [
      ['kube-system', 'b'],
      ['default', 'web-10'],
      ['default', 'web-2'],
      ['default', 'Web-1'],
      ['kube-system', 'a'],
    ] as const) {
      store.create('/pods', pod(ns, name));
    }
    assert.deepEqual(names(store.list('/pods')), [
      'default/Web-1',
      'default/web-10',
      'default/web-2',
      'kube-system/a',
      'kube-system/b',
    ]);
    assert.deepEqual(names(store.list('/pods', 'kube-system')), ['kube-system/a', 'kube-system/b']);
    assert.deepEqual(store.list('/pods', 'missing'), []);
  });

  const writes: Array<{
    name: string;
    write: (store: ObjectStore) => void;
    all: string[];
    defaults: string[];
  }> = [
    {
      name: 'update',
      write: (s) => s.update('/pods', { ...s.get('/pods', 'default', 'b')!, spec: { x: 1 } }),
      all: ['default/a', 'default/b', 'other/c'],
      defaults: ['default/a', 'default/b'],
    },
    {
      name: 'create',
      write: (s) => s.create('/pods', pod('default', 'aa')),
      all: ['default/a', 'default/aa', 'default/b', 'other/c'],
      defaults: ['default/a', 'default/aa', 'default/b'],
    },
    {
      name: 'delete',
      write: (s) => s.delete('/pods', 'default', 'a'),
      all: ['default/b', 'other/c'],
      defaults: ['default/b'],
    },
    {
      name: 'delete of the last object of a namespace',
      write: (s) => s.delete('/pods', 'other', 'c'),
      all: ['default/a', 'default/b'],
      defaults: ['default/a', 'default/b'],
    },
  ];
  for (const { name, write, all, defaults } of writes) {
    it(`a list after ${name} shows it, and earlier answers stay as they were`, () => {
      const store = new ObjectStore();
      store.create('/pods', pod('default', 'b'));
      store.create('/pods', pod('other', 'c'));
      store.create('/pods', pod('default', 'a'));
      const allBefore = store.list('/pods');
      const defaultBefore = store.list('/pods', 'default');
      const snapshot = [allBefore.slice(), defaultBefore.slice()];
      write(store);
      assert.deepEqual(names(store.list('/pods')), all);
      assert.deepEqual(names(store.list('/pods', 'default')), defaults);
      assert.deepEqual([allBefore, defaultBefore], snapshot);
      for (const object of store.list('/pods')) {
        assert.equal(
          object,
          store.get('/pods', object.metadata.namespace!, object.metadata.name!),
          'a list holds the current objects',
        );
      }
    });
  }

  it('stamps every write with the next resourceVersion and checks expected versions', () => {
    const store = new ObjectStore();
    const created = store.create('/pods', pod('default', 'a'));
    assert.equal(created.metadata.resourceVersion, '1');
    assert.throws(() => store.create('/pods', pod('default', 'a')), StoreAlreadyExistsError);
    assert.throws(() => store.update('/pods', created, '7'), StoreConflictError);
    const updated = store.update('/pods', created, '1');
    assert.equal(updated.metadata.resourceVersion, '2');
    assert.equal(store.delete('/pods', 'default', 'a').metadata.resourceVersion, '3');
    assert.equal(store.resourceVersion, 3);
  });

  it('replays history after a version, and expires what it no longer keeps', () => {
    const store = new ObjectStore(3);
    for (const name of ['a', 'b', 'c', 'd']) store.create('/pods', pod('default', name));
    const seen: string[] = [];
    const stop = store.watch('/pods', { sinceVersion: 2 }, (e) =>
      seen.push(`${e.type} ${e.object.metadata.name}`),
    );
    assert.deepEqual(seen, ['ADDED c', 'ADDED d']);
    stop();
    assert.throws(
      () => store.watch('/pods', { sinceVersion: 0 }, () => {}),
      (error: unknown) =>
        error instanceof StoreExpiredError && error.message === 'too old resource version: 0 (1)',
    );
  });

  it('releases the shared watch line once every watcher has it', () => {
    const store = new ObjectStore();
    const lines: string[] = [];
    let delivered: StoreEvent | undefined;
    for (let i = 0; i < 3; i++) {
      store.watch('/pods', {}, (event) => {
        event.serialized ??= Buffer.from(`{"type":"${event.type}"}\n`);
        lines.push(Buffer.from(event.serialized).toString('utf8'));
        delivered = event;
      });
    }
    store.create('/pods', pod('default', 'a'));
    assert.deepEqual(lines, Array(3).fill('{"type":"ADDED"}\n'));
    assert.equal(delivered?.serialized, undefined);
  });
});
