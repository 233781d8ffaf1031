import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { Pod } from 'kubernetes-types/core/v1';
import {
  calculatePodRequests,
  type PodMetricsInfo,
  rawResourceReplicas,
  resourceReplicas,
} from './replica-calculator.ts';

const NOW = Date.parse('2026-01-01T01:00:00Z');
const iso = (ms: number) => new Date(ms).toISOString().replace('.000Z', 'Z');

interface PodCase {
  name: string;
  request?: string;
  phase?: 'Running' | 'Pending' | 'Failed';
  ready?: boolean;
  /** When the pod started and turned ready, counted back from NOW. */
  startedAgoMs?: number;
  readyAgoMs?: number;
  deleting?: boolean;
}

function pod(c: PodCase): Pod {
  const started = NOW - (c.startedAgoMs ?? 10 * 60_000);
  const transition = NOW - (c.readyAgoMs ?? 9 * 60_000);
  return {
    metadata: { name: c.name, ...(c.deleting ? { deletionTimestamp: iso(NOW) } : {}) },
    spec: {
      containers: [
        {
          name: 'app',
          ...(c.request ? { resources: { requests: { cpu: c.request, memory: c.request } } } : {}),
        },
      ],
    },
    status: {
      phase: c.phase ?? 'Running',
      startTime: iso(started),
      conditions: [
        { type: 'Ready', status: c.ready === false ? 'False' : 'True', lastTransitionTime: iso(transition) },
      ],
    },
  };
}

function metrics(values: Record<string, number>, timestamp = NOW): PodMetricsInfo {
  return new Map(
    Object.entries(values).map(([name, value]) => [name, { timestamp, windowMs: 15_000, value }]),
  );
}

describe('resourceReplicas (GetResourceReplicas)', () => {
  const cases: Array<{
    name: string;
    current: number;
    target: number;
    pods: PodCase[];
    usage: Record<string, number>;
    replicas: number;
    utilization: number;
  }> = [
    {
      name: 'scales up in proportion to the usage over the requests',
      current: 1,
      target: 50,
      pods: [{ name: 'a', request: '200m' }],
      usage: { a: 500 },
      replicas: 5,
      utilization: 250,
    },
    {
      name: 'within the 10% tolerance nothing changes',
      current: 3,
      target: 50,
      pods: [
        { name: 'a', request: '200m' },
        { name: 'b', request: '200m' },
        { name: 'c', request: '200m' },
      ],
      usage: { a: 105, b: 105, c: 105 },
      replicas: 3,
      utilization: 52,
    },
    {
      name: 'scales down to what the usage needs',
      current: 4,
      target: 50,
      pods: [
        { name: 'a', request: '200m' },
        { name: 'b', request: '200m' },
        { name: 'c', request: '200m' },
        { name: 'd', request: '200m' },
      ],
      usage: { a: 20, b: 20, c: 20, d: 20 },
      replicas: 1,
      utilization: 10,
    },
    {
      name: 'on a scale-up, unready pods count as using nothing',
      current: 2,
      target: 50,
      pods: [
        { name: 'a', request: '200m' },
        { name: 'b', request: '200m', ready: false, startedAgoMs: 10_000, readyAgoMs: 10_000 },
      ],
      usage: { a: 300, b: 300 },
      // a alone: 150% → ratio 3; with b at 0: 75% → ratio 1.5 → ceil(1.5 × 2).
      replicas: 3,
      utilization: 150,
    },
    {
      name: 'a pod ready for less than a metric window is still unready for cpu',
      current: 2,
      target: 50,
      pods: [
        { name: 'a', request: '200m' },
        { name: 'b', request: '200m', startedAgoMs: 20_000, readyAgoMs: 10_000 },
      ],
      usage: { a: 300, b: 300 },
      replicas: 3,
      utilization: 150,
    },
    {
      name: 'pending pods are unready, deleted and failed ones ignored',
      current: 3,
      target: 50,
      pods: [
        { name: 'a', request: '200m' },
        { name: 'b', request: '200m', phase: 'Pending' },
        { name: 'c', request: '200m', deleting: true },
        { name: 'd', request: '200m', phase: 'Failed' },
      ],
      usage: { a: 200, c: 200, d: 200 },
      // a: 100% → ratio 2; b counts as 0: 50% → ratio 1 (within tolerance): no change.
      replicas: 3,
      utilization: 100,
    },
    {
      name: 'on a scale-down, pods without metrics count as using their whole request',
      current: 3,
      target: 50,
      pods: [
        { name: 'a', request: '200m' },
        { name: 'b', request: '200m' },
        { name: 'c', request: '200m' },
      ],
      usage: { a: 20, b: 20 },
      // a, b: 10% → ratio 0.2; c at 100%: 40% → ratio 0.8 → ceil(0.8 × 3).
      replicas: 3,
      utilization: 10,
    },
    {
      name: 'on a scale-up, pods without metrics count as using nothing',
      current: 3,
      target: 50,
      pods: [
        { name: 'a', request: '200m' },
        { name: 'b', request: '200m' },
        { name: 'c', request: '200m' },
      ],
      usage: { a: 400, b: 400 },
      // a, b: 200% → ratio 4; c at 0: 133% → ratio 2.66 → ceil(2.66 × 3).
      replicas: 8,
      utilization: 200,
    },
  ];
  for (const c of cases) {
    it(c.name, () => {
      const result = resourceReplicas({
        currentReplicas: c.current,
        targetUtilization: c.target,
        resource: 'cpu',
        pods: c.pods.map(pod),
        metrics: metrics(c.usage),
        now: NOW,
      });
      assert.deepEqual([result.replicas, result.utilization], [c.replicas, c.utilization]);
    });
  }

  it('fails without metrics for any ready pod, and without requests', () => {
    assert.throws(
      () =>
        resourceReplicas({
          currentReplicas: 1,
          targetUtilization: 50,
          resource: 'cpu',
          pods: [pod({ name: 'a', request: '100m', phase: 'Pending' })],
          metrics: metrics({}),
          now: NOW,
        }),
      { message: 'did not receive metrics for targeted pods (pods might be unready)' },
    );
    assert.throws(() => calculatePodRequests([pod({ name: 'web-1' })], '', 'cpu'), {
      message: 'missing request for cpu in container app of Pod web-1',
    });
    assert.throws(
      () =>
        resourceReplicas({
          currentReplicas: 1,
          targetUtilization: 50,
          resource: 'cpu',
          pods: [],
          metrics: metrics({}),
          now: NOW,
        }),
      { message: 'no pods returned by selector while calculating replica count' },
    );
  });
});

describe('rawResourceReplicas (GetRawResourceReplicas)', () => {
  it('compares the average usage with the target average value', () => {
    const pods = [pod({ name: 'a', request: '64Mi' }), pod({ name: 'b', request: '64Mi' })];
    const mi = 1024 * 1024 * 1000;
    const result = rawResourceReplicas({
      currentReplicas: 2,
      targetUsage: 100 * mi,
      resource: 'memory',
      pods,
      metrics: metrics({ a: 150 * mi, b: 250 * mi }),
      now: NOW,
    });
    assert.deepEqual(result, { replicas: 4, usage: 200 * mi });
  });
});
