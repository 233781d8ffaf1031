import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import type { ContainerStatus, Pod } from 'kubernetes-types/core/v1';
import type { KubeObject } from '../types.ts';
import { podPrinter } from './pod.printer.ts';

const NOW = Date.parse('2024-05-01T12:00:00Z');
const ago = (seconds: number): string => new Date(NOW - seconds * 1000).toISOString().replace('.000Z', 'Z');

type PodInput = {
  spec?: Pod['spec'];
  status?: Pod['status'];
  deletionTimestamp?: string;
};

function pod(input: PodInput): KubeObject {
  const metadata = {
    name: 'web',
    namespace: 'default',
    creationTimestamp: ago(300),
    ...(input.deletionTimestamp ? { deletionTimestamp: input.deletionTimestamp } : {}),
  };
  return {
    apiVersion: 'v1',
    kind: 'Pod',
    metadata,
    spec: input.spec ?? { containers: [{ name: 'app', image: 'nginx' }] },
    status: input.status ?? {},
  } as unknown as KubeObject;
}

const app = { name: 'app', image: 'nginx' };
const sidecar = { name: 'proxy', image: 'envoy', restartPolicy: 'Always' };
const init = { name: 'setup', image: 'busybox' };

const running = (name: string, ready = true, extra: Partial<ContainerStatus> = {}): ContainerStatus => ({
  name,
  image: 'img',
  imageID: '',
  ready,
  restartCount: 0,
  started: true,
  state: { running: { startedAt: ago(200) } },
  ...extra,
});

const waiting = (name: string, reason: string, extra: Partial<ContainerStatus> = {}): ContainerStatus => ({
  name,
  image: 'img',
  imageID: '',
  ready: false,
  restartCount: 0,
  state: { waiting: { reason } },
  ...extra,
});

const terminated = (
  name: string,
  state: { exitCode: number; reason?: string; signal?: number },
  extra: Partial<ContainerStatus> = {},
): ContainerStatus => ({
  name,
  image: 'img',
  imageID: '',
  ready: false,
  restartCount: 0,
  state: { terminated: state },
  ...extra,
});

const lastTerminated = (secondsAgo: number): Partial<ContainerStatus> => ({
  lastState: { terminated: { exitCode: 1, reason: 'Error', finishedAt: ago(secondsAgo) } },
});

interface PodCase {
  name: string;
  pod: KubeObject;
  /** READY, STATUS, RESTARTS. */
  expected: [string, string, string];
}

const cases: PodCase[] = [
  {
    name: 'pending and unscheduled',
    pod: pod({
      status: {
        phase: 'Pending',
        conditions: [{ type: 'PodScheduled', status: 'False', reason: 'Unschedulable' }],
      },
    }),
    expected: ['0/1', 'Pending', '0'],
  },
  {
    name: 'scheduling gated',
    pod: pod({
      status: {
        phase: 'Pending',
        conditions: [{ type: 'PodScheduled', status: 'False', reason: 'SchedulingGated' }],
      },
    }),
    expected: ['0/1', 'SchedulingGated', '0'],
  },
  {
    name: 'container creating',
    pod: pod({ status: { phase: 'Pending', containerStatuses: [waiting('app', 'ContainerCreating')] } }),
    expected: ['0/1', 'ContainerCreating', '0'],
  },
  {
    name: 'image pull back-off',
    pod: pod({ status: { phase: 'Pending', containerStatuses: [waiting('app', 'ImagePullBackOff')] } }),
    expected: ['0/1', 'ImagePullBackOff', '0'],
  },
  {
    name: 'running and ready',
    pod: pod({ status: { phase: 'Running', containerStatuses: [running('app')] } }),
    expected: ['1/1', 'Running', '0'],
  },
  {
    name: 'running but not ready',
    pod: pod({ status: { phase: 'Running', containerStatuses: [running('app', false)] } }),
    expected: ['0/1', 'Running', '0'],
  },
  {
    name: 'OOMKilled with restarts',
    pod: pod({
      status: {
        phase: 'Running',
        containerStatuses: [
          terminated(
            'app',
            { exitCode: 137, reason: 'OOMKilled' },
            { restartCount: 2, ...lastTerminated(40) },
          ),
        ],
      },
    }),
    expected: ['0/1', 'OOMKilled', '2 (40s ago)'],
  },
  {
    name: 'crash loop back-off',
    pod: pod({
      status: {
        phase: 'Running',
        containerStatuses: [waiting('app', 'CrashLoopBackOff', { restartCount: 3, ...lastTerminated(25) })],
      },
    }),
    expected: ['0/1', 'CrashLoopBackOff', '3 (25s ago)'],
  },
  {
    name: 'restarted and running again',
    pod: pod({
      status: {
        phase: 'Running',
        containerStatuses: [running('app', true, { restartCount: 1, ...lastTerminated(3 * 3600 + 300) })],
      },
    }),
    expected: ['1/1', 'Running', '1 (3h5m ago)'],
  },
  {
    name: 'restart count without a last termination time',
    pod: pod({
      status: { phase: 'Running', containerStatuses: [running('app', true, { restartCount: 4 })] },
    }),
    expected: ['1/1', 'Running', '4'],
  },
  {
    name: 'completed',
    pod: pod({
      status: {
        phase: 'Succeeded',
        containerStatuses: [terminated('app', { exitCode: 0, reason: 'Completed' })],
      },
    }),
    expected: ['0/1', 'Completed', '0'],
  },
  {
    name: 'error',
    pod: pod({
      status: { phase: 'Failed', containerStatuses: [terminated('app', { exitCode: 1, reason: 'Error' })] },
    }),
    expected: ['0/1', 'Error', '0'],
  },
  {
    name: 'terminated by a signal without a reason',
    pod: pod({
      status: { phase: 'Failed', containerStatuses: [terminated('app', { exitCode: 137, signal: 9 })] },
    }),
    expected: ['0/1', 'Signal:9', '0'],
  },
  {
    name: 'terminated without a reason or signal',
    pod: pod({ status: { phase: 'Failed', containerStatuses: [terminated('app', { exitCode: 3 })] } }),
    expected: ['0/1', 'ExitCode:3', '0'],
  },
  {
    name: 'the first container in spec order wins',
    pod: pod({
      spec: { containers: [app, { name: 'b', image: 'b' }] },
      status: {
        phase: 'Pending',
        containerStatuses: [waiting('app', 'ErrImagePull'), waiting('b', 'ContainerCreating')],
      },
    }),
    expected: ['0/2', 'ErrImagePull', '0'],
  },
  {
    name: 'completed container beside a running one, pod not ready',
    pod: pod({
      spec: { containers: [app, { name: 'b', image: 'b' }] },
      status: {
        phase: 'Running',
        conditions: [{ type: 'Ready', status: 'False' }],
        containerStatuses: [terminated('app', { exitCode: 0, reason: 'Completed' }), running('b')],
      },
    }),
    expected: ['1/2', 'NotReady', '0'],
  },
  {
    name: 'completed container beside a running one, pod ready',
    pod: pod({
      spec: { containers: [app, { name: 'b', image: 'b' }] },
      status: {
        phase: 'Running',
        conditions: [{ type: 'Ready', status: 'True' }],
        containerStatuses: [terminated('app', { exitCode: 0, reason: 'Completed' }), running('b')],
      },
    }),
    expected: ['1/2', 'Running', '0'],
  },
  {
    name: 'init container running',
    pod: pod({
      spec: { initContainers: [init], containers: [app] },
      status: {
        phase: 'Pending',
        initContainerStatuses: [running('setup', false)],
        containerStatuses: [waiting('app', 'PodInitializing')],
      },
    }),
    expected: ['0/1', 'Init:0/1', '0'],
  },
  {
    name: 'second of two init containers waiting to initialize',
    pod: pod({
      spec: { initContainers: [init, { name: 'migrate', image: 'm' }], containers: [app] },
      status: {
        phase: 'Pending',
        initContainerStatuses: [
          terminated('setup', { exitCode: 0, reason: 'Completed' }),
          waiting('migrate', 'PodInitializing'),
        ],
      },
    }),
    expected: ['0/1', 'Init:1/2', '0'],
  },
  {
    name: 'init container crash loop',
    pod: pod({
      spec: { initContainers: [init], containers: [app] },
      status: {
        phase: 'Pending',
        initContainerStatuses: [
          waiting('setup', 'CrashLoopBackOff', { restartCount: 4, ...lastTerminated(60) }),
        ],
        containerStatuses: [waiting('app', 'PodInitializing')],
      },
    }),
    expected: ['0/1', 'Init:CrashLoopBackOff', '4 (60s ago)'],
  },
  {
    name: 'init container failed with a reason',
    pod: pod({
      spec: { initContainers: [init], containers: [app] },
      status: {
        phase: 'Pending',
        initContainerStatuses: [terminated('setup', { exitCode: 1, reason: 'Error' })],
      },
    }),
    expected: ['0/1', 'Init:Error', '0'],
  },
  {
    name: 'init container failed without a reason',
    pod: pod({
      spec: { initContainers: [init], containers: [app] },
      status: { phase: 'Pending', initContainerStatuses: [terminated('setup', { exitCode: 2 })] },
    }),
    expected: ['0/1', 'Init:ExitCode:2', '0'],
  },
  {
    name: 'init container killed by a signal',
    pod: pod({
      spec: { initContainers: [init], containers: [app] },
      status: {
        phase: 'Pending',
        initContainerStatuses: [terminated('setup', { exitCode: 137, signal: 9 })],
      },
    }),
    expected: ['0/1', 'Init:Signal:9', '0'],
  },
  {
    name: 'sidecar counts toward READY and its restarts stay',
    pod: pod({
      spec: { initContainers: [sidecar], containers: [app] },
      status: {
        phase: 'Running',
        conditions: [{ type: 'Initialized', status: 'True' }],
        initContainerStatuses: [running('proxy', true, { restartCount: 1, ...lastTerminated(120) })],
        containerStatuses: [running('app')],
      },
    }),
    expected: ['2/2', 'Running', '1 (2m ago)'],
  },
  {
    name: 'sidecar started but not ready, app still initializing',
    pod: pod({
      spec: { initContainers: [sidecar, init], containers: [app] },
      status: {
        phase: 'Pending',
        initContainerStatuses: [running('proxy', false), running('setup', false)],
        containerStatuses: [waiting('app', 'PodInitializing')],
      },
    }),
    expected: ['0/2', 'Init:1/2', '0'],
  },
  {
    name: 'terminating',
    pod: pod({
      deletionTimestamp: ago(-30),
      status: { phase: 'Running', containerStatuses: [running('app')] },
    }),
    expected: ['1/1', 'Terminating', '0'],
  },
  {
    name: 'deleted after it succeeded stays Completed',
    pod: pod({
      deletionTimestamp: ago(-30),
      status: {
        phase: 'Succeeded',
        containerStatuses: [terminated('app', { exitCode: 0, reason: 'Completed' })],
      },
    }),
    expected: ['0/1', 'Completed', '0'],
  },
  {
    name: 'node lost while deleting',
    pod: pod({
      deletionTimestamp: ago(10),
      status: { phase: 'Running', reason: 'NodeLost', containerStatuses: [running('app')] },
    }),
    expected: ['1/1', 'Unknown', '0'],
  },
  {
    name: 'evicted',
    pod: pod({
      status: { phase: 'Failed', reason: 'Evicted', message: 'The node was low on resource: memory.' },
    }),
    expected: ['0/1', 'Evicted', '0'],
  },
  {
    name: 'evicted with a container status that overrides the reason',
    pod: pod({
      status: {
        phase: 'Failed',
        reason: 'Evicted',
        containerStatuses: [terminated('app', { exitCode: 137, reason: 'ContainerStatusUnknown' })],
      },
    }),
    expected: ['0/1', 'ContainerStatusUnknown', '0'],
  },
];

describe('pod printer READY / STATUS / RESTARTS', () => {
  for (const c of cases) {
    test(c.name, () => {
      const cells = podPrinter.cells(c.pod, { now: NOW });
      assert.deepEqual(cells.slice(1, 4), c.expected);
    });
  }
});

describe('pod printer cells', () => {
  test('all nine cells, wide ones with <none> placeholders', () => {
    const cells = podPrinter.cells(pod({ status: { phase: 'Pending' } }), { now: NOW });
    assert.deepEqual(cells, ['web', '0/1', 'Pending', '0', '5m', '<none>', '<none>', '<none>', '<none>']);
  });

  test('IP, node, nominated node and readiness gates', () => {
    const cells = podPrinter.cells(
      pod({
        spec: {
          containers: [app],
          nodeName: 'node-1',
          readinessGates: [{ conditionType: 'example.com/lb' }, { conditionType: 'example.com/dns' }],
        },
        status: {
          phase: 'Running',
          podIP: '10.244.1.7',
          podIPs: [{ ip: '10.244.1.7' }, { ip: 'fd00::7' }],
          nominatedNodeName: 'node-2',
          conditions: [
            { type: 'example.com/lb', status: 'True' },
            { type: 'example.com/dns', status: 'False' },
          ],
          containerStatuses: [running('app')],
        },
      }),
      { now: NOW },
    );
    assert.deepEqual(cells, ['web', '1/1', 'Running', '0', '5m', '10.244.1.7', 'node-1', 'node-2', '1/2']);
  });

  test('a pod without a creation timestamp has an unknown age', () => {
    const object = pod({});
    const { creationTimestamp: _, ...metadata } = object.metadata;
    assert.equal(podPrinter.cells({ ...object, metadata }, { now: NOW })[4], '<unknown>');
  });
});

describe('pod row conditions', () => {
  const cases: Array<[phase: string, expected: unknown]> = [
    [
      'Succeeded',
      [
        {
          type: 'Completed',
          status: 'True',
          reason: 'Succeeded',
          message: 'The pod has completed successfully.',
        },
      ],
    ],
    ['Failed', [{ type: 'Completed', status: 'True', reason: 'Failed', message: 'The pod failed.' }]],
    ['Running', undefined],
    ['Pending', undefined],
  ];
  for (const [phase, expected] of cases) {
    test(phase, () => assert.deepEqual(podPrinter.conditions?.(pod({ status: { phase } })), expected));
  }
});

describe('pod columns', () => {
  test('names, types and priorities as the 1.32 server sends them', () => {
    assert.deepEqual(
      podPrinter.columns.map((c) => [c.name, c.type, c.format, c.priority]),
      [
        ['Name', 'string', 'name', 0],
        ['Ready', 'string', '', 0],
        ['Status', 'string', '', 0],
        ['Restarts', 'string', '', 0],
        ['Age', 'string', '', 0],
        ['IP', 'string', '', 1],
        ['Node', 'string', '', 1],
        ['Nominated Node', 'string', '', 1],
        ['Readiness Gates', 'string', '', 1],
      ],
    );
  });

  test('descriptions come from the API types', () => {
    const byName = new Map(podPrinter.columns.map((c) => [c.name, c.description]));
    assert.equal(byName.get('Ready'), 'The aggregate readiness state of this pod for accepting traffic.');
    assert.equal(
      byName.get('Restarts'),
      'The number of times the containers in this pod have been restarted and when the last container in this pod has restarted.',
    );
    assert.equal(
      byName.get('IP'),
      'podIP address allocated to the pod. Routable at least within the cluster. Empty if not yet allocated.',
    );
    assert.match(byName.get('Name') ?? '', /^Name must be unique within a namespace\./);
    assert.match(byName.get('Age') ?? '', /^CreationTimestamp is a timestamp representing the server time/);
  });
});
