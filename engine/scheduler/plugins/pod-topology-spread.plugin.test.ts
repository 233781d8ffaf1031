import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { Pod, TopologySpreadConstraint } from 'kubernetes-types/core/v1';
import { buildNodeInfos } from '../framework/node-info.ts';
import { filterResults, makeNode, makePod, scoreResults } from '../framework/testing.ts';
import {
  createPodTopologySpreadPlugin,
  ERR_REASON_CONSTRAINTS_NOT_MATCH,
  ERR_REASON_NODE_LABEL_NOT_MATCH,
} from './pod-topology-spread.plugin.ts';

const ZONE = 'topology.kubernetes.io/zone';
const plugin = createPodTopologySpreadPlugin();
const nodes = [
  makeNode('a1', { labels: { [ZONE]: 'a' } }),
  makeNode('a2', { labels: { [ZONE]: 'a' } }),
  makeNode('b1', { labels: { [ZONE]: 'b' } }),
  makeNode('c1', { labels: { [ZONE]: 'c' } }),
];

const web = (name: string, nodeName?: string, constraints?: TopologySpreadConstraint[]): Pod =>
  makePod(name, {
    labels: { app: 'web' },
    ...(nodeName ? { nodeName } : {}),
    ...(constraints ? { spec: { topologySpreadConstraints: constraints } } : {}),
  });

const zoneSpread = (extra: Partial<TopologySpreadConstraint> = {}): TopologySpreadConstraint => ({
  maxSkew: 1,
  topologyKey: ZONE,
  whenUnsatisfiable: 'DoNotSchedule',
  labelSelector: { matchLabels: { app: 'web' } },
  ...extra,
});

describe('PodTopologySpread filter', () => {
  const SKEW = `Unschedulable: ${ERR_REASON_CONSTRAINTS_NOT_MATCH}`;
  const cases: {
    name: string;
    existing: Pod[];
    nodes?: typeof nodes;
    constraint?: Partial<TopologySpreadConstraint>;
    expected: Record<string, string>;
  }[] = [
    {
      name: 'no existing pods: every zone is at the minimum',
      existing: [],
      expected: { a1: 'Success', a2: 'Success', b1: 'Success', c1: 'Success' },
    },
    {
      name: 'zone a already has one more pod than the minimum',
      existing: [web('w0', 'a1')],
      expected: { a1: SKEW, a2: SKEW, b1: 'Success', c1: 'Success' },
    },
    {
      name: 'maxSkew 2 allows it',
      existing: [web('w0', 'a1')],
      constraint: { maxSkew: 2 },
      expected: { a1: 'Success', a2: 'Success', b1: 'Success', c1: 'Success' },
    },
    {
      name: 'pods of other apps do not count',
      existing: [makePod('db', { labels: { app: 'db' }, nodeName: 'a1' })],
      expected: { a1: 'Success', a2: 'Success', b1: 'Success', c1: 'Success' },
    },
    {
      name: 'nodes without the topology label are rejected',
      existing: [],
      nodes: [...nodes, makeNode('bare')],
      expected: {
        a1: 'Success',
        a2: 'Success',
        b1: 'Success',
        c1: 'Success',
        bare: `UnschedulableAndUnresolvable: ${ERR_REASON_NODE_LABEL_NOT_MATCH}`,
      },
    },
    {
      name: 'minDomains above the domain count makes the global minimum 0',
      existing: [web('w0', 'a1'), web('w1', 'b1'), web('w2', 'c1')],
      constraint: { minDomains: 4 },
      expected: { a1: SKEW, a2: SKEW, b1: SKEW, c1: SKEW },
    },
    {
      name: 'ScheduleAnyway constraints do not filter',
      existing: [web('w0', 'a1'), web('w1', 'a2')],
      constraint: { whenUnsatisfiable: 'ScheduleAnyway' },
      expected: { a1: 'Skip', a2: 'Skip', b1: 'Skip', c1: 'Skip' },
    },
    {
      name: 'matchLabelKeys narrows the selector to the same revision',
      existing: [makePod('old', { labels: { app: 'web', rev: '1' }, nodeName: 'a1' })],
      constraint: { matchLabelKeys: ['rev'] },
      expected: { a1: 'Success', a2: 'Success', b1: 'Success', c1: 'Success' },
    },
  ];
  for (const c of cases) {
    it(c.name, () => {
      const snapshot = buildNodeInfos(c.nodes ?? nodes, c.existing);
      const incoming = makePod('new', {
        labels: { app: 'web', rev: '2' },
        spec: { topologySpreadConstraints: [zoneSpread(c.constraint)] },
      });
      assert.deepEqual(filterResults(plugin, incoming, snapshot), c.expected);
    });
  }

  it('uses the upstream reason texts', () => {
    assert.equal(ERR_REASON_CONSTRAINTS_NOT_MATCH, "node(s) didn't match pod topology spread constraints");
    assert.equal(
      ERR_REASON_NODE_LABEL_NOT_MATCH,
      "node(s) didn't match pod topology spread constraints (missing required label)",
    );
  });
});

describe('PodTopologySpread score', () => {
  it('prefers the least crowded zones', () => {
    const snapshot = buildNodeInfos(nodes, [web('w0', 'a1'), web('w1', 'a2'), web('w2', 'b1')]);
    const incoming = web('new', undefined, [zoneSpread({ whenUnsatisfiable: 'ScheduleAnyway' })]);
    // Weight log(3 + 2); zone a 2 pods, b 1, c 0: raw 3, 2, 0 (rounded) → 100 × (3 + 0 − s) / 3.
    assert.deepEqual(scoreResults(plugin, incoming, snapshot), { a1: 0, a2: 0, b1: 33, c1: 100 });
  });

  it('skips pods without soft constraints', () => {
    const snapshot = buildNodeInfos(nodes, []);
    assert.equal(scoreResults(plugin, web('new'), snapshot), 'Skip');
  });

  it('applies the system defaults when the handle gives the owner selector', () => {
    const defaulted = createPodTopologySpreadPlugin({
      defaultSpreadSelector: () => ({ matchLabels: { app: 'web' } }),
    });
    const snapshot = buildNodeInfos(nodes, [web('w0', 'a1'), web('w1', 'a1')]);
    const scores = scoreResults(defaulted, web('new'), snapshot);
    assert.notEqual(scores, 'Skip');
    if (scores === 'Skip') return;
    assert.ok(scores.c1! > scores.a1!, `c1 ${scores.c1} should beat a1 ${scores.a1}`);
    assert.ok(scores.b1! > scores.a2!, `b1 ${scores.b1} should beat a2 ${scores.a2}`);
  });
});
