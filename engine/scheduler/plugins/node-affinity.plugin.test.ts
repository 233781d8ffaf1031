import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { Affinity, NodeSelectorTerm, PreferredSchedulingTerm } from 'kubernetes-types/core/v1';
import { buildNodeInfos } from '../framework/node-info.ts';
import { filterResults, makeNode, makePod, scoreResults } from '../framework/testing.ts';
import { createNodeAffinityPlugin, ERR_REASON_CONFLICT, ERR_REASON_POD } from './node-affinity.plugin.ts';

const plugin = createNodeAffinityPlugin();
const REJECTED = `UnschedulableAndUnresolvable: ${ERR_REASON_POD}`;
const required = (...nodeSelectorTerms: NodeSelectorTerm[]): Affinity => ({
  nodeAffinity: { requiredDuringSchedulingIgnoredDuringExecution: { nodeSelectorTerms } },
});

describe('NodeAffinity filter', () => {
  const labels = { zone: 'a', disk: 'ssd', cores: '8' };
  const cases: {
    name: string;
    nodeSelector?: Record<string, string>;
    affinity?: Affinity;
    expected: string;
  }[] = [
    { name: 'no constraints skip the plugin', expected: 'Skip' },
    { name: 'matching nodeSelector', nodeSelector: { zone: 'a' }, expected: 'Success' },
    { name: 'nodeSelector with a different value', nodeSelector: { zone: 'b' }, expected: REJECTED },
    { name: 'nodeSelector on a missing label', nodeSelector: { gpu: 'true' }, expected: REJECTED },
    {
      name: 'In',
      affinity: required({ matchExpressions: [{ key: 'zone', operator: 'In', values: ['a', 'b'] }] }),
      expected: 'Success',
    },
    {
      name: 'In without the value',
      affinity: required({ matchExpressions: [{ key: 'zone', operator: 'In', values: ['b'] }] }),
      expected: REJECTED,
    },
    {
      name: 'NotIn',
      affinity: required({ matchExpressions: [{ key: 'zone', operator: 'NotIn', values: ['b'] }] }),
      expected: 'Success',
    },
    {
      name: 'NotIn with the value',
      affinity: required({ matchExpressions: [{ key: 'zone', operator: 'NotIn', values: ['a'] }] }),
      expected: REJECTED,
    },
    {
      name: 'NotIn on a missing label',
      affinity: required({ matchExpressions: [{ key: 'gpu', operator: 'NotIn', values: ['x'] }] }),
      expected: 'Success',
    },
    {
      name: 'Exists',
      affinity: required({ matchExpressions: [{ key: 'disk', operator: 'Exists' }] }),
      expected: 'Success',
    },
    {
      name: 'DoesNotExist',
      affinity: required({ matchExpressions: [{ key: 'disk', operator: 'DoesNotExist' }] }),
      expected: REJECTED,
    },
    {
      name: 'Gt',
      affinity: required({ matchExpressions: [{ key: 'cores', operator: 'Gt', values: ['4'] }] }),
      expected: 'Success',
    },
    {
      name: 'Gt equal fails',
      affinity: required({ matchExpressions: [{ key: 'cores', operator: 'Gt', values: ['8'] }] }),
      expected: REJECTED,
    },
    {
      name: 'Lt',
      affinity: required({ matchExpressions: [{ key: 'cores', operator: 'Lt', values: ['16'] }] }),
      expected: 'Success',
    },
    {
      name: 'Lt on a non-integer label value',
      affinity: required({ matchExpressions: [{ key: 'zone', operator: 'Lt', values: ['16'] }] }),
      expected: REJECTED,
    },
    {
      name: 'requirements in one term are ANDed',
      affinity: required({
        matchExpressions: [
          { key: 'zone', operator: 'In', values: ['a'] },
          { key: 'disk', operator: 'In', values: ['hdd'] },
        ],
      }),
      expected: REJECTED,
    },
    {
      name: 'terms are ORed',
      affinity: required(
        { matchExpressions: [{ key: 'disk', operator: 'In', values: ['hdd'] }] },
        { matchExpressions: [{ key: 'zone', operator: 'In', values: ['a'] }] },
      ),
      expected: 'Success',
    },
    { name: 'an empty term matches nothing', affinity: required({}), expected: REJECTED },
    {
      name: 'nodeSelector and affinity are ANDed',
      nodeSelector: { zone: 'b' },
      affinity: required({ matchExpressions: [{ key: 'zone', operator: 'Exists' }] }),
      expected: REJECTED,
    },
    {
      name: 'matchFields metadata.name NotIn',
      affinity: required({ matchFields: [{ key: 'metadata.name', operator: 'NotIn', values: ['other'] }] }),
      expected: 'Success',
    },
  ];
  for (const c of cases) {
    it(c.name, () => {
      const nodes = buildNodeInfos([makeNode('n', { labels })], []);
      const pod = makePod('p', {
        spec: {
          ...(c.nodeSelector ? { nodeSelector: c.nodeSelector } : {}),
          ...(c.affinity ? { affinity: c.affinity } : {}),
        },
      });
      assert.deepEqual(filterResults(plugin, pod, nodes), { n: c.expected });
    });
  }

  it('narrows the cycle to nodes named by matchFields metadata.name In', () => {
    const nodes = buildNodeInfos([makeNode('a'), makeNode('b'), makeNode('c')], []);
    const pod = makePod('p', {
      spec: {
        affinity: required(
          { matchFields: [{ key: 'metadata.name', operator: 'In', values: ['a'] }] },
          { matchFields: [{ key: 'metadata.name', operator: 'In', values: ['c', 'd'] }] },
        ),
      },
    });
    assert.deepEqual(filterResults(plugin, pod, nodes), { a: 'Success', b: 'Excluded', c: 'Success' });
  });

  it('rejects conflicting node name terms in PreFilter', () => {
    const nodes = buildNodeInfos([makeNode('a')], []);
    const pod = makePod('p', {
      spec: {
        affinity: required({
          matchFields: [
            { key: 'metadata.name', operator: 'In', values: ['a'] },
            { key: 'metadata.name', operator: 'In', values: ['b'] },
          ],
        }),
      },
    });
    assert.deepEqual(filterResults(plugin, pod, nodes), {
      a: `UnschedulableAndUnresolvable: ${ERR_REASON_CONFLICT}`,
    });
  });
});

describe('NodeAffinity score', () => {
  it('sums the weights of matching preferred terms, normalized to 100', () => {
    const preferred: PreferredSchedulingTerm[] = [
      { weight: 2, preference: { matchExpressions: [{ key: 'zone', operator: 'In', values: ['a'] }] } },
      { weight: 8, preference: { matchExpressions: [{ key: 'disk', operator: 'In', values: ['ssd'] }] } },
    ];
    const nodes = buildNodeInfos(
      [
        makeNode('both', { labels: { zone: 'a', disk: 'ssd' } }),
        makeNode('ssd', { labels: { disk: 'ssd' } }),
        makeNode('zone', { labels: { zone: 'a' } }),
        makeNode('none'),
      ],
      [],
    );
    const pod = makePod('p', {
      spec: { affinity: { nodeAffinity: { preferredDuringSchedulingIgnoredDuringExecution: preferred } } },
    });
    assert.deepEqual(scoreResults(plugin, pod, nodes), { both: 100, ssd: 80, zone: 20, none: 0 });
  });

  it('skips scoring without preferred terms', () => {
    const nodes = buildNodeInfos([makeNode('a')], []);
    assert.equal(scoreResults(plugin, makePod('p'), nodes), 'Skip');
  });
});
