import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { ContainerStatus, PodSpec } from 'kubernetes-types/core/v1';
import { podInitializedCondition, podReadyCondition } from './pod-conditions.ts';
import { podPhase } from './pod-phase.ts';

const running = (name: string, extra: Partial<ContainerStatus> = {}): ContainerStatus => ({
  name,
  image: 'x',
  imageID: '',
  ready: true,
  restartCount: 0,
  state: { running: { startedAt: '2025-01-01T00:00:00Z' } },
  started: true,
  ...extra,
});
const exited = (name: string, exitCode: number): ContainerStatus => ({
  name,
  image: 'x',
  imageID: '',
  ready: false,
  restartCount: 0,
  state: { terminated: { exitCode } },
});
const waiting = (name: string, reason: string, lastExit?: number): ContainerStatus => ({
  name,
  image: 'x',
  imageID: '',
  ready: false,
  restartCount: 0,
  state: { waiting: { reason } },
  ...(lastExit === undefined ? {} : { lastState: { terminated: { exitCode: lastExit } } }),
});

const spec = (extra: Partial<PodSpec> = {}): PodSpec => ({
  containers: [{ name: 'a' }, { name: 'b' }],
  ...extra,
});

test('pod phase as the kubelet computes it (getPhase)', () => {
  const cases: Array<[string, PodSpec, ContainerStatus[], string]> = [
    [
      'one container still being created',
      spec(),
      [running('a'), waiting('b', 'ContainerCreating')],
      'Pending',
    ],
    ['all running', spec(), [running('a'), running('b')], 'Running'],
    [
      'a crash-looping container counts as stopped',
      spec(),
      [running('a'), waiting('b', 'CrashLoopBackOff', 1)],
      'Running',
    ],
    ['Always: all exited is still Running', spec(), [exited('a', 0), exited('b', 0)], 'Running'],
    ['Never: all exited 0', spec({ restartPolicy: 'Never' }), [exited('a', 0), exited('b', 0)], 'Succeeded'],
    ['Never: one failure', spec({ restartPolicy: 'Never' }), [exited('a', 0), exited('b', 1)], 'Failed'],
    [
      'OnFailure: one failure restarts',
      spec({ restartPolicy: 'OnFailure' }),
      [exited('a', 0), exited('b', 1)],
      'Running',
    ],
    [
      'OnFailure: all succeeded',
      spec({ restartPolicy: 'OnFailure' }),
      [exited('a', 0), exited('b', 0)],
      'Succeeded',
    ],
    [
      'init container running',
      spec({ initContainers: [{ name: 'i' }] }),
      [running('i'), waiting('a', 'PodInitializing'), waiting('b', 'PodInitializing')],
      'Pending',
    ],
    [
      'failed init container, restartPolicy Never',
      spec({ initContainers: [{ name: 'i' }], restartPolicy: 'Never' }),
      [exited('i', 1), waiting('a', 'PodInitializing'), waiting('b', 'PodInitializing')],
      'Failed',
    ],
    [
      'sidecar running but not started',
      spec({ initContainers: [{ name: 's', restartPolicy: 'Always' }] }),
      [running('s', { started: false }), waiting('a', 'PodInitializing'), waiting('b', 'PodInitializing')],
      'Pending',
    ],
    ['no statuses yet', spec(), [], 'Pending'],
  ];
  for (const [name, podSpec, statuses, phase] of cases) {
    assert.equal(podPhase(podSpec, statuses), phase, name);
  }
});

test('Ready lists unready containers; terminal phases carry PodCompleted / PodFailed', () => {
  const s = spec();
  assert.deepEqual(podReadyCondition(s, [], [running('a'), waiting('b', 'ContainerCreating')], 'Pending'), {
    type: 'Ready',
    status: 'False',
    reason: 'ContainersNotReady',
    message: 'containers with unready status: [b]',
  });
  assert.deepEqual(podReadyCondition(s, [], [exited('a', 0), exited('b', 0)], 'Succeeded'), {
    type: 'Ready',
    status: 'False',
    reason: 'PodCompleted',
  });
  assert.deepEqual(podReadyCondition(s, [], [exited('a', 0), exited('b', 1)], 'Failed'), {
    type: 'Ready',
    status: 'False',
    reason: 'PodFailed',
  });
  const gated = spec({ readinessGates: [{ conditionType: 'example.com/lb' }] });
  assert.deepEqual(podReadyCondition(gated, [], [running('a'), running('b')], 'Running'), {
    type: 'Ready',
    status: 'False',
    reason: 'ReadinessGatesNotReady',
    message: 'corresponding condition of pod readiness gate "example.com/lb" does not exist.',
  });
});

test('Initialized: incomplete init containers, then True once a regular container ran', () => {
  const s = spec({ initContainers: [{ name: 'i1' }, { name: 'i2' }] });
  const inits = [{ ...exited('i1', 0), ready: true }, running('i2', { ready: false })];
  assert.deepEqual(
    podInitializedCondition(
      s,
      inits,
      [waiting('a', 'PodInitializing'), waiting('b', 'PodInitializing')],
      'Pending',
    ),
    {
      type: 'Initialized',
      status: 'False',
      reason: 'ContainersNotInitialized',
      message: 'containers with incomplete status: [i2]',
    },
  );
  assert.deepEqual(podInitializedCondition(s, inits, [running('a'), running('b')], 'Running'), {
    type: 'Initialized',
    status: 'True',
  });
});
