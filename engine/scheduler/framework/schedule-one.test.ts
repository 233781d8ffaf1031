import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { Node, Pod } from 'kubernetes-types/core/v1';
import { createDefaultProfile } from '../plugins/default-registry.ts';
import type { PluginHandle } from './interfaces.ts';
import { buildNodeInfos } from './node-info.ts';
import {
  isScheduled,
  numFeasibleNodesToFind,
  type ScheduleResult,
  scheduleOne,
  type UnschedulableResult,
} from './schedule-one.ts';
import { makeNode, makePod, seededRandom } from './testing.ts';

const CONTROL_PLANE_TAINT = { key: 'node-role.kubernetes.io/control-plane', effect: 'NoSchedule' };

function run(nodes: Node[], existing: Pod[], pod: Pod, handle: PluginHandle = {}, seed = 1): ScheduleResult {
  return scheduleOne(pod, buildNodeInfos(nodes, existing), createDefaultProfile(handle), seededRandom(seed));
}

function failed(result: ScheduleResult): UnschedulableResult {
  assert.ok(!isScheduled(result), `expected a failure, got node ${isScheduled(result) ? result.node : ''}`);
  return result;
}

describe('scheduleOne failure messages', () => {
  const cases: {
    name: string;
    nodes: Node[];
    existing?: Pod[];
    pod: Pod;
    handle?: PluginHandle;
    message: string;
  }[] = [
    {
      name: 'one node short of memory (the headline case)',
      nodes: [makeNode('node-1', { cpu: '2', memory: '2Gi' })],
      pod: makePod('big', { requests: { memory: '4Gi' } }),
      message:
        '0/1 nodes are available: 1 Insufficient memory. preemption: 0/1 nodes are available: 1 No preemption victims found for incoming pod.',
    },
    {
      name: 'a worker short of memory and two tainted control-plane nodes',
      nodes: [
        makeNode('worker-1', { memory: '2Gi' }),
        makeNode('cp-1', { memory: '8Gi', taints: [CONTROL_PLANE_TAINT] }),
        makeNode('cp-2', { memory: '8Gi', taints: [CONTROL_PLANE_TAINT] }),
      ],
      pod: makePod('big', { requests: { memory: '4Gi' } }),
      message:
        '0/3 nodes are available: 1 Insufficient memory, 2 node(s) had untolerated taint {node-role.kubernetes.io/control-plane: }. preemption: 0/3 nodes are available: 1 No preemption victims found for incoming pod, 2 Preemption is not helpful for scheduling.',
    },
    {
      name: 'the histogram sorts as strings (10 before 2)',
      nodes: [
        ...Array.from({ length: 10 }, (_, i) => makeNode(`worker-${i}`, { cpu: '1' })),
        makeNode('cp-1', { taints: [CONTROL_PLANE_TAINT] }),
        makeNode('cp-2', { taints: [CONTROL_PLANE_TAINT] }),
      ],
      pod: makePod('cpu-hungry', { requests: { cpu: '1500m' } }),
      message:
        '0/12 nodes are available: 10 Insufficient cpu, 2 node(s) had untolerated taint {node-role.kubernetes.io/control-plane: }. preemption: 0/12 nodes are available: 10 No preemption victims found for incoming pod, 2 Preemption is not helpful for scheduling.',
    },
    {
      name: 'both cpu and memory short',
      nodes: [makeNode('node-1')],
      pod: makePod('huge', { requests: { cpu: '3', memory: '3Gi' } }),
      message:
        '0/1 nodes are available: 1 Insufficient cpu, 1 Insufficient memory. preemption: 0/1 nodes are available: 1 No preemption victims found for incoming pod.',
    },
    {
      name: 'too many pods (allocatable pods 110)',
      nodes: [makeNode('node-1', { pods: '110' })],
      existing: Array.from({ length: 110 }, (_, i) => makePod(`p${i}`, { nodeName: 'node-1' })),
      pod: makePod('one-more'),
      message:
        '0/1 nodes are available: 1 Too many pods. preemption: 0/1 nodes are available: 1 No preemption victims found for incoming pod.',
    },
    {
      name: 'existing pods use the memory',
      nodes: [makeNode('node-1', { memory: '2Gi' })],
      existing: [makePod('a', { nodeName: 'node-1', requests: { memory: '1536Mi' } })],
      pod: makePod('b', { requests: { memory: '1Gi' } }),
      message:
        '0/1 nodes are available: 1 Insufficient memory. preemption: 0/1 nodes are available: 1 No preemption victims found for incoming pod.',
    },
    {
      name: 'lower-priority pods exist but evicting them is not enough',
      nodes: [makeNode('node-1', { memory: '2Gi' })],
      existing: [makePod('low', { nodeName: 'node-1', priority: 0, requests: { memory: '1Gi' } })],
      pod: makePod('big', { priority: 1000, requests: { memory: '4Gi' } }),
      message:
        '0/1 nodes are available: 1 Insufficient memory. preemption: 0/1 nodes are available: 1 Insufficient memory.',
    },
    {
      name: 'preemptionPolicy Never',
      nodes: [makeNode('node-1', { memory: '2Gi' })],
      pod: makePod('big', { requests: { memory: '4Gi' }, spec: { preemptionPolicy: 'Never' } }),
      message:
        '0/1 nodes are available: 1 Insufficient memory. preemption: not eligible due to preemptionPolicy=Never.',
    },
    {
      name: 'a PreFilter rejection (missing claim) replaces the histogram',
      nodes: [makeNode('node-1')],
      pod: makePod('with-claim', {
        spec: { volumes: [{ name: 'data', persistentVolumeClaim: { claimName: 'data' } }] },
      }),
      handle: { getPersistentVolumeClaim: () => undefined },
      message:
        '0/1 nodes are available: persistentvolumeclaim "data" not found. preemption: 0/1 nodes are available: 1 Preemption is not helpful for scheduling.',
    },
    {
      name: 'unbound immediate claims',
      nodes: [makeNode('node-1'), makeNode('node-2')],
      pod: makePod('with-claim', {
        spec: { volumes: [{ name: 'data', persistentVolumeClaim: { claimName: 'data' } }] },
      }),
      handle: {
        getPersistentVolumeClaim: (namespace, name) => ({
          metadata: { namespace, name },
          spec: {},
          status: { phase: 'Pending' },
        }),
      },
      message:
        '0/2 nodes are available: pod has unbound immediate PersistentVolumeClaims. preemption: 0/2 nodes are available: 2 Preemption is not helpful for scheduling.',
    },
    {
      name: 'a node selector no node matches, and a cordoned node',
      nodes: [makeNode('node-1'), makeNode('node-2', { unschedulable: true })],
      pod: makePod('picky', { spec: { nodeSelector: { disktype: 'ssd' } } }),
      message:
        "0/2 nodes are available: 1 node(s) didn't match Pod's node affinity/selector, 1 node(s) were unschedulable. preemption: 0/2 nodes are available: 2 Preemption is not helpful for scheduling.",
    },
    {
      name: 'node affinity pinned to a node by metadata.name that does not fit',
      nodes: [makeNode('node-1'), makeNode('node-2'), makeNode('node-3')],
      pod: makePod('pinned', {
        requests: { cpu: '3' },
        spec: {
          affinity: {
            nodeAffinity: {
              requiredDuringSchedulingIgnoredDuringExecution: {
                nodeSelectorTerms: [
                  { matchFields: [{ key: 'metadata.name', operator: 'In', values: ['node-2'] }] },
                ],
              },
            },
          },
        },
      }),
      message:
        "0/3 nodes are available: 1 Insufficient cpu, 2 node(s) didn't satisfy plugin(s) [NodeAffinity]. preemption: 0/3 nodes are available: 1 No preemption victims found for incoming pod, 2 Preemption is not helpful for scheduling.",
    },
  ];

  for (const c of cases) {
    it(c.name, () => {
      const result = failed(run(c.nodes, c.existing ?? [], c.pod, c.handle));
      assert.equal(result.message, c.message);
      assert.equal(result.reason, 'Unschedulable');
    });
  }

  it('reports no nodes at all', () => {
    const result = failed(run([], [], makePod('p')));
    assert.equal(result.message, 'no nodes available to schedule pods');
  });

  it('clears the nomination when preemption cannot help', () => {
    const result = failed(run([makeNode('node-1')], [], makePod('big', { requests: { memory: '4Gi' } })));
    assert.equal(result.nominatedNode, '');
    assert.deepEqual(result.unschedulablePlugins, ['NodeResourcesFit']);
  });
});

describe('scheduleOne preemption', () => {
  it('evicts only the lowest-priority pods needed and nominates the node', () => {
    const nodes = [makeNode('node-1', { cpu: '2' })];
    const existing = [
      makePod('important', { nodeName: 'node-1', priority: 10, requests: { cpu: '1' } }),
      makePod('expendable', { nodeName: 'node-1', priority: 5, requests: { cpu: '1' } }),
    ];
    const result = failed(run(nodes, existing, makePod('urgent', { priority: 100, requests: { cpu: '1' } })));
    assert.equal(result.nominatedNode, 'node-1');
    assert.deepEqual(
      result.victims?.map((pod) => pod.metadata?.name),
      ['expendable'],
    );
    // A successful preemption adds no PostFilter message.
    assert.equal(result.message, '0/1 nodes are available: 1 Insufficient cpu.');
  });

  it('never evicts pods of equal or higher priority', () => {
    const nodes = [makeNode('node-1', { cpu: '2' })];
    const existing = [makePod('peer', { nodeName: 'node-1', priority: 100, requests: { cpu: '2' } })];
    const result = failed(run(nodes, existing, makePod('urgent', { priority: 100, requests: { cpu: '1' } })));
    assert.equal(result.victims, undefined);
    assert.equal(
      result.message,
      '0/1 nodes are available: 1 Insufficient cpu. preemption: 0/1 nodes are available: 1 No preemption victims found for incoming pod.',
    );
  });

  it('prefers the node whose highest-priority victim is lowest', () => {
    const nodes = [makeNode('node-a', { cpu: '1' }), makeNode('node-b', { cpu: '1' })];
    const existing = [
      makePod('on-a', { nodeName: 'node-a', priority: 50, requests: { cpu: '1' } }),
      makePod('on-b', { nodeName: 'node-b', priority: 20, requests: { cpu: '1' } }),
    ];
    const result = failed(run(nodes, existing, makePod('urgent', { priority: 100, requests: { cpu: '1' } })));
    assert.equal(result.nominatedNode, 'node-b');
    assert.deepEqual(
      result.victims?.map((pod) => pod.metadata?.name),
      ['on-b'],
    );
  });

  it('goes to its nominated node once room is free', () => {
    const nodes = [makeNode('node-1'), makeNode('node-2')];
    const pod = makePod('urgent', { requests: { cpu: '1' } });
    const nominated: Pod = { ...pod, status: { ...pod.status, nominatedNodeName: 'node-2' } };
    const result = run(nodes, [], nominated);
    assert.ok(isScheduled(result));
    assert.equal(result.node, 'node-2');
  });
});

describe('scheduleOne placement', () => {
  it('picks the least allocated node', () => {
    const nodes = [makeNode('busy'), makeNode('idle')];
    const existing = [makePod('x', { nodeName: 'busy', requests: { cpu: '1500m', memory: '1Gi' } })];
    const result = run(nodes, existing, makePod('p', { requests: { cpu: '100m', memory: '128Mi' } }));
    assert.ok(isScheduled(result));
    assert.equal(result.node, 'idle');
  });

  it('skips nodes with untolerated taints but uses tolerated ones', () => {
    const nodes = [makeNode('cp-1', { taints: [CONTROL_PLANE_TAINT] })];
    const tolerant = makePod('p', {
      spec: { tolerations: [{ key: 'node-role.kubernetes.io/control-plane', operator: 'Exists' }] },
    });
    const result = run(nodes, [], tolerant);
    assert.ok(isScheduled(result));
    assert.equal(result.node, 'cp-1');
  });

  it('breaks ties the same way for the same seed', () => {
    const nodes = Array.from({ length: 10 }, (_, i) => makeNode(`node-${i}`));
    const pod = makePod('p', { requests: { cpu: '100m' } });
    const chosen = new Set<string>();
    for (let seed = 1; seed <= 20; seed++) {
      const first = run(nodes, [], pod, {}, seed);
      const second = run(nodes, [], pod, {}, seed);
      assert.ok(isScheduled(first) && isScheduled(second));
      assert.equal(first.node, second.node);
      chosen.add(first.node);
    }
    assert.ok(chosen.size > 1, 'different seeds should spread ties over several nodes');
  });

  it('stops filtering once enough feasible nodes are found and resumes there next cycle', () => {
    const nodes = Array.from({ length: 500 }, (_, i) => makeNode(`node-${i}`));
    const snapshot = buildNodeInfos(nodes, []);
    const profile = createDefaultProfile();
    const cursor = { nextStartNodeIndex: 0 };
    const result = scheduleOne(makePod('p'), snapshot, profile, seededRandom(1), { cursor });
    assert.ok(isScheduled(result));
    assert.equal(result.feasibleNodes, numFeasibleNodesToFind(0, 500));
    assert.equal(cursor.nextStartNodeIndex, 230);
  });
});

describe('numFeasibleNodesToFind', () => {
  const cases: [percentage: number, nodes: number, expected: number][] = [
    [0, 50, 50],
    [0, 100, 100],
    [0, 500, 230],
    [0, 1000, 420],
    [0, 5000, 500],
    [0, 6000, 300],
    [0, 10000, 500],
    [30, 1000, 300],
    [100, 5000, 5000],
    [1, 1000, 100],
  ];
  for (const [percentage, nodes, expected] of cases) {
    it(`${nodes} nodes at ${percentage}% → ${expected}`, () => {
      assert.equal(numFeasibleNodesToFind(percentage, nodes), expected);
    });
  }
});
