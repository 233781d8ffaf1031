import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { buildNodeInfos } from '../framework/node-info.ts';
import { filterResults, makeNode, makePod } from '../framework/testing.ts';
import { createNodeNamePlugin, ERR_REASON_NODE_NAME } from './node-name.plugin.ts';

describe('NodeName', () => {
  const nodes = buildNodeInfos([makeNode('node-a'), makeNode('node-b')], []);
  const cases: { name: string; nodeName?: string; expected: Record<string, string> }[] = [
    { name: 'no node name fits everywhere', expected: { 'node-a': 'Success', 'node-b': 'Success' } },
    {
      name: 'a node name fits only that node',
      nodeName: 'node-b',
      expected: {
        'node-a': "UnschedulableAndUnresolvable: node(s) didn't match the requested node name",
        'node-b': 'Success',
      },
    },
  ];
  for (const c of cases) {
    it(c.name, () => {
      const pod = makePod('p', c.nodeName ? { spec: { nodeName: c.nodeName } } : {});
      assert.deepEqual(filterResults(createNodeNamePlugin(), pod, nodes), c.expected);
    });
  }

  it('uses the upstream reason text', () => {
    assert.equal(ERR_REASON_NODE_NAME, "node(s) didn't match the requested node name");
  });
});
