import assert from 'node:assert/strict';
import { test } from 'node:test';
import { ObjectStore } from '../../store/store.ts';
import type { KubeList, KubeObject } from '../types.ts';
import { itemBytes, listBody } from './object-json.ts';

const pod = (name: string): KubeObject => ({
  apiVersion: 'v1',
  kind: 'Pod',
  metadata: { name, namespace: 'default', resourceVersion: '7' },
  spec: { containers: [{ name: 'app', image: 'nginx' }] },
});

const podList = (items: KubeObject[], resourceVersion = '9'): KubeList => ({
  apiVersion: 'v1',
  kind: 'PodList',
  metadata: { resourceVersion },
  items,
});

/** What a list body must be: JSON.stringify of the list with kind-less items, plus a newline. */
const expectedBody = (list: KubeList): string =>
  `${JSON.stringify({ ...list, items: list.items.map(({ apiVersion: _a, kind: _k, ...rest }) => rest) })}\n`;

test('a list body is what JSON.stringify gives for the list with kind-less items, plus a newline', () => {
  const list: KubeList = {
    apiVersion: 'v1',
    kind: 'PodList',
    metadata: { resourceVersion: '9', continue: 'abc', remainingItemCount: 3 },
    items: [pod('a'), pod('b')],
  };
  assert.equal(listBody(list).toString('utf8'), expectedBody(list));
});

test('an empty list keeps an empty items array', () => {
  assert.equal(
    listBody({
      apiVersion: 'apps/v1',
      kind: 'DeploymentList',
      metadata: { resourceVersion: '1' },
      items: [],
    }).toString('utf8'),
    '{"apiVersion":"apps/v1","kind":"DeploymentList","metadata":{"resourceVersion":"1"},"items":[]}\n',
  );
});

test('non-ASCII text is counted and written as UTF-8 bytes', () => {
  const object = { ...pod('ünïcode'), metadata: { name: 'x', annotations: { note: 'größe ✓ 😀' } } };
  const body = listBody(podList([object]));
  assert.equal(body.toString('utf8'), expectedBody(podList([object])));
  assert.equal(body.length, Buffer.byteLength(expectedBody(podList([object]))));
});

test('an item is serialised once and reused', () => {
  const object = pod('c');
  const first = itemBytes(object);
  assert.equal(first.toString('utf8'), JSON.stringify({ metadata: object.metadata, spec: object.spec }));
  assert.equal(itemBytes(object), first);
});

test('a list after a write shows the new version, and a deleted object is gone', () => {
  const store = new ObjectStore();
  store.create('/pods', pod('a'));
  store.create('/pods', pod('b'));
  const before = listBody(podList(store.list('/pods', 'default'), '2')).toString('utf8');
  assert.match(before, /"name":"a"/);

  const current = store.get('/pods', 'default', 'a')!;
  store.update('/pods', { ...current, metadata: { ...current.metadata, labels: { tier: 'web' } } });
  const updated = podList(store.list('/pods', 'default'), '3');
  const afterUpdate = listBody(updated).toString('utf8');
  assert.equal(afterUpdate, expectedBody(updated));
  assert.match(
    afterUpdate,
    /"name":"a","namespace":"default","resourceVersion":"3","labels":\{"tier":"web"\}/,
  );
  assert.doesNotMatch(afterUpdate, /"resourceVersion":"1"/);

  store.delete('/pods', 'default', 'b');
  const deleted = podList(store.list('/pods', 'default'), '4');
  assert.equal(listBody(deleted).toString('utf8'), expectedBody(deleted));
  assert.doesNotMatch(listBody(deleted).toString('utf8'), /"name":"b"/);
});
