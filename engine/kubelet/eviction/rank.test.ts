import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import type { Pod } from 'kubernetes-types/core/v1';
import { podMemoryRequestBytes, rankMemoryPressure } from './rank.ts';

const Mi = 2 ** 20;

interface PodCase {
  name: string;
  /** Memory request and limit of its one container. */
  request?: string;
  limit?: string;
  priority?: number;
  /** Working set in Mi; undefined: no stats. */
  usageMi: number | undefined;
}

function pod(c: PodCase): Pod {
  const requests = c.request ? { memory: c.request } : undefined;
  const limits = c.limit ? { memory: c.limit } : undefined;
  return {
    metadata: { name: c.name },
    spec: {
      ...(c.priority !== undefined ? { priority: c.priority } : {}),
      containers: [
        { name: 'app', resources: { ...(requests ? { requests } : {}), ...(limits ? { limits } : {}) } },
      ],
    },
  };
}

function rank(pods: PodCase[]): string[] {
  return rankMemoryPressure(
    pods.map((c) => ({ pod: pod(c), workingSetBytes: c.usageMi === undefined ? undefined : c.usageMi * Mi })),
  ).map((r) => r.pod.metadata?.name ?? '');
}

describe('rankMemoryPressure', () => {
  const cases: Array<{ name: string; pods: PodCase[]; order: string[] }> = [
    {
      name: 'BestEffort, then Burstable within its request, then Guaranteed',
      pods: [
        { name: 'guaranteed', request: '64Mi', limit: '64Mi', usageMi: 6 },
        { name: 'burstable', request: '960Mi', usageMi: 951 },
        { name: 'best-effort', usageMi: 1 },
      ],
      order: ['best-effort', 'burstable', 'guaranteed'],
    },
    {
      name: 'over its request goes first, whatever its QoS: the larger excess first',
      pods: [
        { name: 'best-effort', usageMi: 1 },
        { name: 'burstable-over', request: '100Mi', usageMi: 400 },
        { name: 'guaranteed', request: '64Mi', limit: '64Mi', usageMi: 60 },
      ],
      order: ['burstable-over', 'best-effort', 'guaranteed'],
    },
    {
      name: 'among pods over their requests, lower priority first',
      pods: [
        { name: 'important', priority: 1000, usageMi: 900 },
        { name: 'ordinary', usageMi: 10 },
      ],
      order: ['ordinary', 'important'],
    },
    {
      name: 'priority does not save a pod over its request from one within it',
      pods: [
        { name: 'within', request: '500Mi', usageMi: 100, priority: -10 },
        { name: 'over', request: '10Mi', usageMi: 20, priority: 1000 },
      ],
      order: ['over', 'within'],
    },
    {
      name: 'pods the summary has no stats for come first',
      pods: [
        { name: 'hog', usageMi: 900 },
        { name: 'starting', usageMi: undefined },
      ],
      order: ['starting', 'hog'],
    },
    {
      name: 'usage equal to the request does not exceed it',
      pods: [
        { name: 'at-request', request: '100Mi', usageMi: 100 },
        { name: 'over', request: '100Mi', usageMi: 101 },
      ],
      order: ['over', 'at-request'],
    },
    {
      name: 'ties keep their order',
      pods: [
        { name: 'a', usageMi: 5 },
        { name: 'b', usageMi: 5 },
        { name: 'c', usageMi: 5 },
      ],
      order: ['a', 'b', 'c'],
    },
  ];
  for (const c of cases) {
    test(c.name, () => assert.deepEqual(rank(c.pods), c.order));
  }
});

describe('the memory request the ranking uses', () => {
  const cases: Array<{ name: string; pod: Pod; bytes: number }> = [
    { name: 'no requests', pod: { spec: { containers: [{ name: 'a' }] } }, bytes: 0 },
    {
      name: 'containers add up',
      pod: {
        spec: {
          containers: [
            { name: 'a', resources: { requests: { memory: '64Mi' } } },
            { name: 'b', resources: { requests: { memory: '32Mi' } } },
          ],
        },
      },
      bytes: 96 * Mi,
    },
    {
      name: 'a larger init container wins',
      pod: {
        spec: {
          initContainers: [{ name: 'i', resources: { requests: { memory: '256Mi' } } }],
          containers: [{ name: 'a', resources: { requests: { memory: '64Mi' } } }],
        },
      },
      bytes: 256 * Mi,
    },
    {
      name: 'overhead is added to a request that is not zero',
      pod: {
        spec: {
          overhead: { memory: '10Mi' },
          containers: [{ name: 'a', resources: { requests: { memory: '64Mi' } } }],
        },
      },
      bytes: 74 * Mi,
    },
    {
      name: 'but not to a zero request',
      pod: { spec: { overhead: { memory: '10Mi' }, containers: [{ name: 'a' }] } },
      bytes: 0,
    },
  ];
  for (const c of cases) test(c.name, () => assert.equal(podMemoryRequestBytes(c.pod), c.bytes));
});
