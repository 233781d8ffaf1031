import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { Taint, Toleration } from 'kubernetes-types/core/v1';
import { buildNodeInfos } from '../framework/node-info.ts';
import { filterResults, makeNode, makePod, scoreResults } from '../framework/testing.ts';
import { createTaintTolerationPlugin, untoleratedTaintReason } from './taint-toleration.plugin.ts';

const plugin = createTaintTolerationPlugin();

describe('TaintToleration filter', () => {
  const cases: { name: string; taints: Taint[]; tolerations?: Toleration[]; expected: string }[] = [
    { name: 'no taints', taints: [], expected: 'Success' },
    {
      name: 'untolerated NoSchedule taint with a value',
      taints: [{ key: 'dedicated', value: 'gpu', effect: 'NoSchedule' }],
      expected: 'UnschedulableAndUnresolvable: node(s) had untolerated taint {dedicated: gpu}',
    },
    {
      name: 'untolerated taint without a value prints an empty value',
      taints: [{ key: 'node-role.kubernetes.io/control-plane', effect: 'NoSchedule' }],
      expected:
        'UnschedulableAndUnresolvable: node(s) had untolerated taint {node-role.kubernetes.io/control-plane: }',
    },
    {
      name: 'untolerated NoExecute taint',
      taints: [{ key: 'node.kubernetes.io/not-ready', effect: 'NoExecute' }],
      expected:
        'UnschedulableAndUnresolvable: node(s) had untolerated taint {node.kubernetes.io/not-ready: }',
    },
    {
      name: 'PreferNoSchedule does not filter',
      taints: [{ key: 'soft', value: 'x', effect: 'PreferNoSchedule' }],
      expected: 'Success',
    },
    {
      name: 'Equal toleration with the same value',
      taints: [{ key: 'dedicated', value: 'gpu', effect: 'NoSchedule' }],
      tolerations: [{ key: 'dedicated', operator: 'Equal', value: 'gpu', effect: 'NoSchedule' }],
      expected: 'Success',
    },
    {
      name: 'default operator is Equal',
      taints: [{ key: 'dedicated', value: 'gpu', effect: 'NoSchedule' }],
      tolerations: [{ key: 'dedicated', value: 'cpu' }],
      expected: 'UnschedulableAndUnresolvable: node(s) had untolerated taint {dedicated: gpu}',
    },
    {
      name: 'Exists toleration ignores the value; empty effect matches every effect',
      taints: [{ key: 'dedicated', value: 'gpu', effect: 'NoExecute' }],
      tolerations: [{ key: 'dedicated', operator: 'Exists' }],
      expected: 'Success',
    },
    {
      name: 'Exists with an empty key tolerates every taint',
      taints: [
        { key: 'a', effect: 'NoSchedule' },
        { key: 'b', value: 'c', effect: 'NoExecute' },
      ],
      tolerations: [{ operator: 'Exists' }],
      expected: 'Success',
    },
    {
      name: 'toleration for another effect',
      taints: [{ key: 'dedicated', value: 'gpu', effect: 'NoSchedule' }],
      tolerations: [{ key: 'dedicated', operator: 'Exists', effect: 'NoExecute' }],
      expected: 'UnschedulableAndUnresolvable: node(s) had untolerated taint {dedicated: gpu}',
    },
    {
      name: 'the first untolerated taint is reported',
      taints: [
        { key: 'tolerated', effect: 'NoSchedule' },
        { key: 'second', value: '2', effect: 'NoSchedule' },
        { key: 'third', value: '3', effect: 'NoSchedule' },
      ],
      tolerations: [{ key: 'tolerated', operator: 'Exists' }],
      expected: 'UnschedulableAndUnresolvable: node(s) had untolerated taint {second: 2}',
    },
  ];
  for (const c of cases) {
    it(c.name, () => {
      const nodes = buildNodeInfos([makeNode('n', { taints: c.taints })], []);
      const pod = makePod('p', c.tolerations ? { spec: { tolerations: c.tolerations } } : {});
      assert.deepEqual(filterResults(plugin, pod, nodes), { n: c.expected });
    });
  }

  it('formats the reason as upstream', () => {
    assert.equal(
      untoleratedTaintReason({ key: 'k', effect: 'NoSchedule' }),
      'node(s) had untolerated taint {k: }',
    );
  });
});

describe('TaintToleration score', () => {
  it('ranks nodes by untolerated PreferNoSchedule taints, reversed', () => {
    const soft = (key: string): Taint => ({ key, value: 'v', effect: 'PreferNoSchedule' });
    const nodes = buildNodeInfos(
      [
        makeNode('clean'),
        makeNode('one', { taints: [soft('a')] }),
        makeNode('two', { taints: [soft('a'), soft('b')] }),
        makeNode('tolerated', { taints: [soft('c')] }),
      ],
      [],
    );
    const pod = makePod('p', {
      spec: { tolerations: [{ key: 'c', operator: 'Exists', effect: 'PreferNoSchedule' }] },
    });
    assert.deepEqual(scoreResults(plugin, pod, nodes), { clean: 100, one: 50, two: 0, tolerated: 100 });
  });

  it('gives every node the maximum when no node has such taints', () => {
    const nodes = buildNodeInfos([makeNode('a'), makeNode('b')], []);
    assert.deepEqual(scoreResults(plugin, makePod('p'), nodes), { a: 100, b: 100 });
  });
});
