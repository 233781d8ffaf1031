import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { buildNodeInfos } from '../framework/node-info.ts';
import { makeNode, makePod, scoreResults } from '../framework/testing.ts';
import {
  balancedResourceScorer,
  createBalancedAllocationPlugin,
} from './node-resources-balanced-allocation.plugin.ts';

const plugin = createBalancedAllocationPlugin();

describe('NodeResourcesBalancedAllocation', () => {
  // Cases from upstream balanced_allocation_test.go.
  it('nothing scheduled, resources requested, differently sized nodes', () => {
    const nodes = buildNodeInfos(
      [makeNode('node1', { cpu: '4', memory: '10000' }), makeNode('node2', { cpu: '6', memory: '10000' })],
      [],
    );
    const pod = makePod('p', { requests: { cpu: '3', memory: '5000' } });
    // node1: fractions 0.75 and 0.5 → std 0.125 → 87; node2: 0.5 and 0.5 → 100.
    assert.deepEqual(scoreResults(plugin, pod, nodes), { node1: 87, node2: 100 });
  });

  it('uses actual requests, not the non-zero defaults', () => {
    const nodes = buildNodeInfos([makeNode('node1', { cpu: '4', memory: '10000' })], []);
    assert.deepEqual(scoreResults(plugin, makePod('p'), nodes), { node1: 100 });
  });

  it('counts existing pods', () => {
    const nodes = buildNodeInfos(
      [makeNode('node1', { cpu: '10', memory: '20000' })],
      [makePod('a', { nodeName: 'node1', requests: { cpu: '3', memory: '0' } })],
    );
    const pod = makePod('p', { requests: { cpu: '3', memory: '5000' } });
    // fractions 0.6 and 0.25 → std 0.175 → 82.
    assert.deepEqual(scoreResults(plugin, pod, nodes), { node1: 82 });
  });

  const cases: [number[], number[], number][] = [
    [[3000, 5000], [4000, 10000], 87],
    [[5000, 5000], [4000, 10000], 75],
    [[1, 2, 3], [2, 4, 6], 100],
    [[1000], [4000], 100],
    [[0, 0], [0, 0], 100],
  ];
  for (const [requested, allocatable, expected] of cases) {
    it(`${requested.join('/')} of ${allocatable.join('/')} → ${expected}`, () => {
      assert.equal(balancedResourceScorer(requested, allocatable), expected);
    });
  }
});
