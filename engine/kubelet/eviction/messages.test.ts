import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import type { Pod } from 'kubernetes-types/core/v1';
import { parseQuantity } from '../../api/quantity.ts';
import { availableQuantity, evictionMessage, thresholdMetMessage } from './messages.ts';

const Mi = 2 ** 20;
const Gi = 2 ** 30;

const stressPod: Pod = {
  metadata: { name: 'hog' },
  spec: {
    initContainers: [{ name: 'setup', resources: { requests: { memory: '10Mi' } } }],
    containers: [
      { name: 'stress', image: 'polinux/stress' },
      { name: 'sidecar', resources: { requests: { memory: '64Mi' } } },
      { name: 'cache', resources: { requests: { memory: '500M' } } },
    ],
  },
};

describe('evictionMessage', () => {
  const cases: Array<{
    name: string;
    available: number;
    containers: Array<{ name: string; workingSetBytes: number }> | undefined;
    message: string;
    annotations: Record<string, string>;
  }> = [
    {
      name: 'one container over its (absent) request',
      available: 48 * Mi,
      containers: [{ name: 'stress', workingSetBytes: 1500 * Mi }],
      message:
        'The node was low on resource: memory. Threshold quantity: 100Mi, available: 48Mi. ' +
        'Container stress was using 1500Mi, request is 0, has larger consumption of memory. ',
      annotations: {
        offending_containers: 'stress',
        offending_containers_usage: '1500Mi',
        starved_resource: 'memory',
      },
    },
    {
      name: 'every container over its request, in the order of the stats; requests as written',
      available: 0,
      containers: [
        { name: 'cache', workingSetBytes: 600 * Mi },
        { name: 'sidecar', workingSetBytes: 10 * Mi },
        { name: 'stress', workingSetBytes: 1536 * 1024 + 512 },
      ],
      message:
        'The node was low on resource: memory. Threshold quantity: 100Mi, available: 0. ' +
        'Container cache was using 600Mi, request is 500M, has larger consumption of memory. ' +
        'Container stress was using 1573376, request is 0, has larger consumption of memory. ',
      annotations: {
        offending_containers: 'cache,stress',
        offending_containers_usage: '600Mi,1573376',
        starved_resource: 'memory',
      },
    },
    {
      name: 'init containers are looked at too',
      available: 99 * Mi + 512 * 1024,
      containers: [{ name: 'setup', workingSetBytes: 20 * Mi }],
      message:
        'The node was low on resource: memory. Threshold quantity: 100Mi, available: 101888Ki. ' +
        'Container setup was using 20Mi, request is 10Mi, has larger consumption of memory. ',
      annotations: {
        offending_containers: 'setup',
        offending_containers_usage: '20Mi',
        starved_resource: 'memory',
      },
    },
    {
      name: 'nobody over a request: the node sentence only',
      available: 67 * Mi,
      containers: [{ name: 'sidecar', workingSetBytes: 64 * Mi }],
      message: 'The node was low on resource: memory. Threshold quantity: 100Mi, available: 67Mi. ',
      annotations: { offending_containers: '', offending_containers_usage: '', starved_resource: 'memory' },
    },
    {
      name: 'no stats for the pod: no annotations',
      available: 12 * Mi,
      containers: undefined,
      message: 'The node was low on resource: memory. Threshold quantity: 100Mi, available: 12Mi. ',
      annotations: {},
    },
  ];
  for (const c of cases) {
    test(c.name, () => {
      const result = evictionMessage({
        resource: 'memory',
        pod: stressPod,
        threshold: parseQuantity('100Mi'),
        available: availableQuantity(Gi, Gi - c.available),
        containers: c.containers,
      });
      assert.equal(result.message, c.message);
      assert.deepEqual(result.annotations, c.annotations);
    });
  }

  test('available memory never goes below zero', () => {
    assert.equal(availableQuantity(Gi, 2 * Gi).value, 0n);
  });

  test('the node event', () => assert.equal(thresholdMetMessage('memory'), 'Attempting to reclaim memory'));
});
