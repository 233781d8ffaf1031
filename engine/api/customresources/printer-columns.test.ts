import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { KubeObject } from '../types.ts';
import { customResourcePrinter, toJsonPathPlus } from './printer-columns.ts';

const NOW = Date.parse('2025-01-01T01:00:00Z');

describe('toJsonPathPlus', () => {
  const cases: Array<[string, string]> = [
    ['.spec.cronSpec', '$.spec.cronSpec'],
    ['.metadata.labels.app\\.kubernetes\\.io/name', '$.metadata.labels["app.kubernetes.io/name"]'],
    ['.status.conditions[?(@.type=="Ready")].status', '$.status.conditions[?(@.type=="Ready")].status'],
    ['.spec.containers[0].image', '$.spec.containers[0].image'],
    ['.spec.items[*].name', '$.spec.items[*].name'],
  ];
  for (const [path, expected] of cases) {
    it(path, () => {
      assert.equal(toJsonPathPlus(path), expected);
    });
  }
});

describe('customResourcePrinter', () => {
  const object = {
    apiVersion: 'stable.example.com/v1',
    kind: 'CronTab',
    metadata: { name: 'my-new-cron-object', creationTimestamp: '2025-01-01T00:55:00Z' },
    spec: { cronSpec: '* * * * */5', replicas: 3, ratio: 1.5, enabled: true, tags: { b: 1, a: 2 } },
    status: { conditions: [{ type: 'Ready', status: 'True' }], startedAt: 'not a time' },
  } as unknown as KubeObject;

  it('prints NAME and AGE without printer columns', () => {
    const printer = customResourcePrinter('stable.example.com', 'crontabs', undefined);
    assert.deepEqual(
      printer.columns.map((c) => [c.name, c.type, c.format, c.priority]),
      [
        ['Name', 'string', 'name', 0],
        ['Age', 'date', '', 0],
      ],
    );
    assert.deepEqual(printer.cells(object, { now: NOW }), ['my-new-cron-object', '5m']);
  });

  it('reads every column by its JSONPath and type', () => {
    const printer = customResourcePrinter('stable.example.com', 'crontabs', [
      { name: 'Spec', type: 'string', jsonPath: '.spec.cronSpec', description: 'The cron spec' },
      { name: 'Replicas', type: 'integer', jsonPath: '.spec.replicas' },
      { name: 'Ratio', type: 'number', jsonPath: '.spec.ratio', priority: 1 },
      { name: 'Enabled', type: 'boolean', jsonPath: '.spec.enabled' },
      { name: 'Ready', type: 'string', jsonPath: '.status.conditions[?(@.type=="Ready")].status' },
      { name: 'Tags', type: 'string', jsonPath: '.spec.tags' },
      { name: 'Missing', type: 'string', jsonPath: '.spec.nothing' },
      { name: 'WrongType', type: 'integer', jsonPath: '.spec.cronSpec' },
      { name: 'Started', type: 'date', jsonPath: '.status.startedAt' },
      { name: 'Age', type: 'date', jsonPath: '.metadata.creationTimestamp' },
    ]);
    assert.deepEqual(printer.columns[1], {
      name: 'Spec',
      type: 'string',
      format: '',
      description: 'The cron spec',
      priority: 0,
    });
    assert.equal(
      printer.columns[2]?.description,
      'Custom resource definition column (in JSONPath format): .spec.replicas',
    );
    assert.deepEqual(printer.cells(object, { now: NOW }), [
      'my-new-cron-object',
      '* * * * */5',
      3,
      1.5,
      true,
      'True',
      '{"a":2,"b":1}',
      null,
      null,
      '<invalid>',
      '5m',
    ]);
  });
});
