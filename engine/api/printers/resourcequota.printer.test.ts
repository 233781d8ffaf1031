import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import type { KubeObject } from '../types.ts';
import { resourceQuotaPrinter } from './resourcequota.printer.ts';

const NOW = Date.parse('2024-05-01T12:00:00Z');

const quota = (status: object): KubeObject => ({
  apiVersion: 'v1',
  kind: 'ResourceQuota',
  metadata: { name: 'compute', namespace: 'default', creationTimestamp: '2024-05-01T11:58:00Z' },
  spec: {},
  status,
});

describe('resource quota printer', () => {
  const cases: Array<[name: string, status: object, request: string, limit: string]> = [
    ['pods at the limit', { hard: { pods: '2' }, used: { pods: '2' } }, 'pods: 2/2', ''],
    [
      'requests and limits, sorted by resource name',
      {
        hard: {
          'requests.memory': '1Gi',
          'limits.cpu': '2',
          pods: '10',
          'requests.cpu': '1',
          'limits.memory': '2Gi',
        },
        used: {
          'requests.cpu': '500m',
          'requests.memory': '256Mi',
          pods: '3',
          'limits.cpu': '1',
          'limits.memory': '512Mi',
        },
      },
      'pods: 3/10, requests.cpu: 500m/1, requests.memory: 256Mi/1Gi',
      'limits.cpu: 1/2, limits.memory: 512Mi/2Gi',
    ],
    ['usage not computed yet', { hard: { pods: '5', 'limits.cpu': '4' } }, 'pods: 0/5', 'limits.cpu: 0/4'],
    [
      'bare resource names go to the request column',
      { hard: { cpu: '2', limits: '1' }, used: {} },
      'cpu: 0/2, limits: 0/1',
      '',
    ],
    ['no status', {}, '', ''],
  ];
  for (const [name, status, request, limit] of cases) {
    test(name, () => {
      assert.deepEqual(resourceQuotaPrinter.cells(quota(status), { now: NOW }), [
        'compute',
        '2m',
        request,
        limit,
      ]);
    });
  }

  test('1.32 columns: Age before Request and Limit', () => {
    assert.deepEqual(
      resourceQuotaPrinter.columns.map((c) => [c.name, c.description.slice(0, 40)]),
      [
        ['Name', 'Name must be unique within a namespace. '],
        ['Age', 'CreationTimestamp is a timestamp represe'],
        ['Request', 'Request represents a minimum amount of c'],
        ['Limit', 'Limits control the maximum amount of cpu'],
      ],
    );
  });
});
