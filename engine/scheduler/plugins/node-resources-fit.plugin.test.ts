import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { Pod } from 'kubernetes-types/core/v1';
import { buildNodeInfos } from '../framework/node-info.ts';
import { filterResults, makeNode, makePod, scoreResults } from '../framework/testing.ts';
import {
  createNodeResourcesFitPlugin,
  insufficientResourceReason,
  REASON_INSUFFICIENT_CPU,
  REASON_INSUFFICIENT_EPHEMERAL_STORAGE,
  REASON_INSUFFICIENT_MEMORY,
  REASON_TOO_MANY_PODS,
} from './node-resources-fit.plugin.ts';
import { leastRequestedScore, mostRequestedScore } from './node-resources-least-allocated.ts';

const plugin = createNodeResourcesFitPlugin();
const node = makeNode('n', {
  cpu: '2',
  memory: '2Gi',
  pods: '3',
  allocatable: { 'ephemeral-storage': '10Gi', 'example.com/gpu': '1' },
});
const existing = [
  makePod('e', { nodeName: 'n', requests: { cpu: '1', memory: '1Gi', 'ephemeral-storage': '5Gi' } }),
];

describe('NodeResourcesFit filter', () => {
  const cases: { name: string; requests?: Record<string, string>; existing?: Pod[]; expected: string }[] = [
    { name: 'fits', requests: { cpu: '1', memory: '1Gi' }, expected: 'Success' },
    { name: 'no requests fit while pods remain', expected: 'Success' },
    { name: 'cpu short', requests: { cpu: '1100m' }, expected: `Unschedulable: ${REASON_INSUFFICIENT_CPU}` },
    {
      name: 'memory short',
      requests: { memory: '1025Mi' },
      expected: `Unschedulable: ${REASON_INSUFFICIENT_MEMORY}`,
    },
    {
      name: 'ephemeral storage short',
      requests: { 'ephemeral-storage': '6Gi' },
      expected: `Unschedulable: ${REASON_INSUFFICIENT_EPHEMERAL_STORAGE}`,
    },
    {
      name: 'extended resource short',
      requests: { 'example.com/gpu': '2' },
      expected: 'Unschedulable: Insufficient example.com/gpu',
    },
    {
      name: 'extended resource the node lacks',
      requests: { 'vendor.io/fpga': '1' },
      expected: 'Unschedulable: Insufficient vendor.io/fpga',
    },
    {
      name: 'all shortfalls are reported',
      requests: { cpu: '2', memory: '2Gi' },
      expected: `Unschedulable: ${REASON_INSUFFICIENT_CPU}, ${REASON_INSUFFICIENT_MEMORY}`,
    },
    {
      name: 'too many pods',
      existing: [...existing, makePod('f', { nodeName: 'n' }), makePod('g', { nodeName: 'n' })],
      expected: `Unschedulable: ${REASON_TOO_MANY_PODS}`,
    },
    {
      name: 'too many pods and cpu',
      requests: { cpu: '2' },
      existing: [...existing, makePod('f', { nodeName: 'n' }), makePod('g', { nodeName: 'n' })],
      expected: `Unschedulable: ${REASON_TOO_MANY_PODS}, ${REASON_INSUFFICIENT_CPU}`,
    },
  ];
  for (const c of cases) {
    it(c.name, () => {
      const nodes = buildNodeInfos([node], c.existing ?? existing);
      const pod = makePod('p', c.requests ? { requests: c.requests } : {});
      assert.deepEqual(filterResults(plugin, pod, nodes), { n: c.expected });
    });
  }

  it('uses the init container maximum', () => {
    const nodes = buildNodeInfos([node], existing);
    const pod = makePod('p', {
      requests: { cpu: '100m' },
      spec: { initContainers: [{ name: 'init', resources: { requests: { cpu: '1500m' } } }] },
    });
    assert.deepEqual(filterResults(plugin, pod, nodes), { n: `Unschedulable: ${REASON_INSUFFICIENT_CPU}` });
  });

  it('ignores configured extended resources', () => {
    const nodes = buildNodeInfos([node], existing);
    const lenient = createNodeResourcesFitPlugin({ ignoredResources: ['vendor.io/fpga'] });
    assert.deepEqual(filterResults(lenient, makePod('p', { requests: { 'vendor.io/fpga': '1' } }), nodes), {
      n: 'Success',
    });
  });

  it('formats reasons as upstream', () => {
    assert.equal(insufficientResourceReason('nvidia.com/gpu'), 'Insufficient nvidia.com/gpu');
    assert.equal(REASON_TOO_MANY_PODS, 'Too many pods');
  });
});

describe('NodeResourcesFit LeastAllocated score', () => {
  it('a container without requests counts as 100m cpu and 200Mi memory', () => {
    const nodes = buildNodeInfos(
      [makeNode('node1', { cpu: '4', memory: '10000' }), makeNode('node2', { cpu: '4', memory: '10000' })],
      [],
    );
    // Non-zero defaults: 100m of 4000m and 200Mi of 10000 bytes (over capacity → 0): (97 + 0) / 2.
    assert.deepEqual(scoreResults(plugin, makePod('p'), nodes), { node1: 48, node2: 48 });
  });

  // From upstream least_allocated_test.go.
  it('nothing scheduled, resources requested, differently sized nodes', () => {
    const nodes = buildNodeInfos(
      [makeNode('node1', { cpu: '4', memory: '10000' }), makeNode('node2', { cpu: '6', memory: '10000' })],
      [],
    );
    const pod = makePod('p', { requests: { cpu: '3', memory: '5000' } });
    assert.deepEqual(scoreResults(plugin, pod, nodes), { node1: 37, node2: 50 });
  });

  it('existing pods count with their non-zero requests', () => {
    const nodes = buildNodeInfos(
      [makeNode('node1', { cpu: '10', memory: '20000' }), makeNode('node2', { cpu: '10', memory: '20000' })],
      [makePod('a', { nodeName: 'node1', requests: { cpu: '3', memory: '5000' } })],
    );
    const pod = makePod('p', { requests: { cpu: '1', memory: '2000' } });
    // node1: cpu (10000-4000)*100/10000 = 60, memory (20000-7000)*100/20000 = 65 → 62.
    // node2: cpu 90, memory 90 → 90.
    assert.deepEqual(scoreResults(plugin, pod, nodes), { node1: 62, node2: 90 });
  });

  const scoreCases: [number, number, number, number][] = [
    [0, 100, 100, 0],
    [50, 100, 50, 50],
    [150, 100, 0, 100],
    [1, 3, 66, 33],
    [0, 0, 0, 0],
  ];
  for (const [requested, capacity, least, most] of scoreCases) {
    it(`${requested}/${capacity} → least ${least}, most ${most}`, () => {
      assert.equal(leastRequestedScore(requested, capacity), least);
      assert.equal(mostRequestedScore(requested, capacity), most);
    });
  }
});
