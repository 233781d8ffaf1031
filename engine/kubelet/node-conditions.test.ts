import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import type { NodeCondition } from 'kubernetes-types/core/v1';
import { kubeletNodeConditions } from './node-conditions.ts';

const T0 = '2025-01-01T00:00:00Z';
const T1 = '2025-01-01T00:00:10Z';

function memory(status: string, since = T0): NodeCondition {
  return { type: 'MemoryPressure', status, lastHeartbeatTime: since, lastTransitionTime: since };
}

describe('MemoryPressure as the kubelet posts it', () => {
  const cases: Array<{
    name: string;
    previous: NodeCondition[];
    pressure: boolean;
    expected: Pick<NodeCondition, 'status' | 'reason' | 'message' | 'lastTransitionTime'>;
    events: string[];
  }> = [
    {
      name: 'a new node without pressure',
      previous: [],
      pressure: false,
      expected: {
        status: 'False',
        reason: 'KubeletHasSufficientMemory',
        message: 'kubelet has sufficient memory available',
        lastTransitionTime: T1,
      },
      events: [],
    },
    {
      name: 'pressure begins',
      previous: [memory('False')],
      pressure: true,
      expected: {
        status: 'True',
        reason: 'KubeletHasInsufficientMemory',
        message: 'kubelet has insufficient memory available',
        lastTransitionTime: T1,
      },
      events: ['NodeHasInsufficientMemory'],
    },
    {
      name: 'pressure goes on: the transition time stays',
      previous: [memory('True')],
      pressure: true,
      expected: {
        status: 'True',
        reason: 'KubeletHasInsufficientMemory',
        message: 'kubelet has insufficient memory available',
        lastTransitionTime: T0,
      },
      events: [],
    },
    {
      name: 'pressure ends',
      previous: [memory('True')],
      pressure: false,
      expected: {
        status: 'False',
        reason: 'KubeletHasSufficientMemory',
        message: 'kubelet has sufficient memory available',
        lastTransitionTime: T1,
      },
      events: ['NodeHasSufficientMemory'],
    },
    {
      name: 'back from Unknown (the node controller marked it): no memory event',
      previous: [memory('Unknown')],
      pressure: false,
      expected: {
        status: 'False',
        reason: 'KubeletHasSufficientMemory',
        message: 'kubelet has sufficient memory available',
        lastTransitionTime: T1,
      },
      events: [],
    },
  ];
  for (const c of cases) {
    test(c.name, () => {
      const { conditions, events } = kubeletNodeConditions(c.previous, T1, { memoryPressure: c.pressure });
      assert.deepEqual(
        conditions.map((condition) => condition.type),
        ['MemoryPressure', 'DiskPressure', 'PIDPressure', 'Ready'],
      );
      const condition = conditions[0];
      assert.deepEqual(
        {
          status: condition?.status,
          reason: condition?.reason,
          message: condition?.message,
          lastTransitionTime: condition?.lastTransitionTime,
        },
        c.expected,
      );
      assert.equal(condition?.lastHeartbeatTime, T1);
      assert.deepEqual(events, c.events);
    });
  }
});

describe('conditions a cluster fixture declares', () => {
  test('disk and PID pressure and NotReady are posted with the kubelet reasons, and their turns recorded', () => {
    const { conditions } = kubeletNodeConditions([], T1, {
      memoryPressure: false,
      reported: { DiskPressure: 'True', PIDPressure: 'True', Ready: 'False' },
    });
    assert.deepEqual(
      conditions.map((c) => [c.type, c.status, c.reason, c.message]),
      [
        ['MemoryPressure', 'False', 'KubeletHasSufficientMemory', 'kubelet has sufficient memory available'],
        ['DiskPressure', 'True', 'KubeletHasDiskPressure', 'kubelet has disk pressure'],
        ['PIDPressure', 'True', 'KubeletHasInsufficientPID', 'kubelet has insufficient PID available'],
        [
          'Ready',
          'False',
          'KubeletNotReady',
          'container runtime network not ready: NetworkReady=false reason:NetworkPluginNotReady message:Network plugin returns error: cni plugin not initialized',
        ],
      ],
    );
    const { events } = kubeletNodeConditions(conditions, T1, { memoryPressure: true });
    assert.deepEqual(events, [
      'NodeHasInsufficientMemory',
      'NodeHasNoDiskPressure',
      'NodeHasSufficientPID',
      'NodeReady',
    ]);
  });
});
