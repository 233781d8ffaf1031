import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { KubeList, KubeObject } from '../types.ts';
import { itemJson, listJson } from './object-json.ts';

const pod = (name: string): KubeObject => ({
  apiVersion: 'v1',
  kind: 'Pod',
  metadata: { name, namespace: 'default', resourceVersion: '7' },
  spec: { containers: [{ name: 'app', image: 'nginx' }] },
});

test('a list body is what JSON.stringify gives for the list with kind-less items, plus a newline', () => {
  const list: KubeList = {
    apiVersion: 'v1',
    kind: 'PodList',
    metadata: { resourceVersion: '9', continue: 'abc', remainingItemCount: 3 },
    items: [pod('a'), pod('b')],
  };
  const expected = {
    apiVersion: 'v1',
    kind: 'PodList',
    metadata: { resourceVersion: '9', continue: 'abc', remainingItemCount: 3 },
    items: list.items.map(({ apiVersion: _a, kind: _k, ...rest }) => rest),
  };
  assert.equal(listJson(list), `${JSON.stringify(expected)}\n`);
});

test('an empty list keeps an empty items array', () => {
  assert.equal(
    listJson({
      apiVersion: 'apps/v1',
      kind: 'DeploymentList',
      metadata: { resourceVersion: '1' },
      items: [],
    }),
    '{"apiVersion":"apps/v1","kind":"DeploymentList","metadata":{"resourceVersion":"1"},"items":[]}\n',
  );
});

test('an item is serialised once and reused', () => {
  const object = pod('c');
  const first = itemJson(object);
  assert.equal(first, JSON.stringify({ metadata: object.metadata, spec: object.spec }));
  assert.equal(itemJson(object), first);
});
