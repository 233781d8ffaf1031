import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import type { KubeObject } from '../types.ts';
import { nodePrinter } from './node.printer.ts';

const NOW = Date.parse('2024-05-01T12:00:00Z');
const ctx = { now: NOW };

function node(input: {
  labels?: Record<string, string>;
  unschedulable?: boolean;
  conditions?: Array<{ type: string; status: string }>;
  addresses?: Array<{ type: string; address: string }>;
  nodeInfo?: Record<string, string>;
}): KubeObject {
  return {
    apiVersion: 'v1',
    kind: 'Node',
    metadata: { name: 'node-1', labels: input.labels ?? {}, creationTimestamp: '2024-04-21T12:00:00Z' },
    spec: input.unschedulable ? { unschedulable: true } : {},
    status: {
      conditions: input.conditions ?? [],
      addresses: input.addresses ?? [],
      nodeInfo: input.nodeInfo ?? { kubeletVersion: 'v1.32.4' },
    },
  };
}

const ready = { type: 'Ready', status: 'True' };

describe('node STATUS and ROLES', () => {
  const cases: Array<[name: string, input: Parameters<typeof node>[0], status: string, roles: string]> = [
    ['ready worker', { conditions: [ready] }, 'Ready', '<none>'],
    [
      'cordoned control plane',
      {
        conditions: [{ type: 'MemoryPressure', status: 'False' }, ready],
        unschedulable: true,
        labels: { 'node-role.kubernetes.io/control-plane': '', 'kubernetes.io/hostname': 'node-1' },
      },
      'Ready,SchedulingDisabled',
      'control-plane',
    ],
    ['not ready', { conditions: [{ type: 'Ready', status: 'False' }] }, 'NotReady', '<none>'],
    ['ready unknown', { conditions: [{ type: 'Ready', status: 'Unknown' }] }, 'NotReady', '<none>'],
    ['no conditions yet', {}, 'Unknown', '<none>'],
    ['no conditions and cordoned', { unschedulable: true }, 'Unknown,SchedulingDisabled', '<none>'],
    [
      'several roles, sorted and unique',
      {
        conditions: [ready],
        labels: {
          'node-role.kubernetes.io/worker': 'true',
          'node-role.kubernetes.io/ingress': '',
          'kubernetes.io/role': 'worker',
          'node-role.kubernetes.io/': '',
        },
      },
      'Ready',
      'ingress,worker',
    ],
    [
      'legacy role label',
      { conditions: [ready], labels: { 'kubernetes.io/role': 'master' } },
      'Ready',
      'master',
    ],
    [
      'empty legacy role label',
      { conditions: [ready], labels: { 'kubernetes.io/role': '' } },
      'Ready',
      '<none>',
    ],
  ];
  for (const [name, input, status, roles] of cases) {
    test(name, () => {
      const cells = nodePrinter.cells(node(input), ctx);
      assert.equal(cells[1], status);
      assert.equal(cells[2], roles);
    });
  }
});

describe('node cells', () => {
  test('wide cells from addresses and node info', () => {
    const cells = nodePrinter.cells(
      node({
        conditions: [ready],
        addresses: [
          { type: 'Hostname', address: 'node-1' },
          { type: 'InternalIP', address: '172.18.0.2' },
        ],
        nodeInfo: {
          kubeletVersion: 'v1.32.4',
          osImage: 'Debian GNU/Linux 12 (bookworm)',
          kernelVersion: '6.8.0-45-generic',
          containerRuntimeVersion: 'containerd://1.7.24',
        },
      }),
      ctx,
    );
    assert.deepEqual(cells, [
      'node-1',
      'Ready',
      '<none>',
      '10d',
      'v1.32.4',
      '172.18.0.2',
      '<none>',
      'Debian GNU/Linux 12 (bookworm)',
      '6.8.0-45-generic',
      'containerd://1.7.24',
    ]);
  });

  test('missing node info prints <unknown>', () => {
    const cells = nodePrinter.cells(node({ conditions: [ready], nodeInfo: {} }), ctx);
    assert.deepEqual(cells.slice(4), ['', '<none>', '<none>', '<unknown>', '<unknown>', '<unknown>']);
  });

  test('columns', () => {
    assert.deepEqual(
      nodePrinter.columns.map((c) => [c.name, c.priority]),
      [
        ['Name', 0],
        ['Status', 0],
        ['Roles', 0],
        ['Age', 0],
        ['Version', 0],
        ['Internal-IP', 1],
        ['External-IP', 1],
        ['OS-Image', 1],
        ['Kernel-Version', 1],
        ['Container-Runtime', 1],
      ],
    );
    assert.equal(nodePrinter.columns[1]?.description, 'The status of the node');
    assert.equal(nodePrinter.columns[4]?.description, 'Kubelet Version reported by the node.');
  });
});
