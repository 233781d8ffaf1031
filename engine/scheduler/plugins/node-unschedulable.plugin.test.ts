import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { Toleration } from 'kubernetes-types/core/v1';
import { buildNodeInfos } from '../framework/node-info.ts';
import { filterResults, makeNode, makePod } from '../framework/testing.ts';
import { createNodeUnschedulablePlugin, ERR_REASON_UNSCHEDULABLE } from './node-unschedulable.plugin.ts';

describe('NodeUnschedulable', () => {
  const rejected = `UnschedulableAndUnresolvable: ${ERR_REASON_UNSCHEDULABLE}`;
  const cases: { name: string; unschedulable: boolean; tolerations?: Toleration[]; expected: string }[] = [
    { name: 'schedulable node', unschedulable: false, expected: 'Success' },
    { name: 'cordoned node', unschedulable: true, expected: rejected },
    {
      name: 'cordoned node, pod tolerates the unschedulable taint',
      unschedulable: true,
      tolerations: [{ key: 'node.kubernetes.io/unschedulable', operator: 'Exists', effect: 'NoSchedule' }],
      expected: 'Success',
    },
    {
      name: 'cordoned node, pod tolerates everything',
      unschedulable: true,
      tolerations: [{ operator: 'Exists' }],
      expected: 'Success',
    },
    {
      name: 'cordoned node, toleration for another effect',
      unschedulable: true,
      tolerations: [{ key: 'node.kubernetes.io/unschedulable', operator: 'Exists', effect: 'NoExecute' }],
      expected: rejected,
    },
  ];
  for (const c of cases) {
    it(c.name, () => {
      const nodes = buildNodeInfos([makeNode('n', { unschedulable: c.unschedulable })], []);
      const pod = makePod('p', c.tolerations ? { spec: { tolerations: c.tolerations } } : {});
      assert.deepEqual(filterResults(createNodeUnschedulablePlugin(), pod, nodes), { n: c.expected });
    });
  }

  it('uses the upstream reason text', () => {
    assert.equal(ERR_REASON_UNSCHEDULABLE, 'node(s) were unschedulable');
  });
});
