import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { ApiError } from '../errors.ts';
import type { KubeObject } from '../types.ts';
import { column, definePrinter } from './printer.ts';
import { type PrintTableOptions, printTable, printTableBody } from './table.ts';

const NOW = Date.parse('2024-05-01T12:00:00Z');

const pod = (name: string, extra: Record<string, unknown> = {}): KubeObject => ({
  apiVersion: 'v1',
  kind: 'Pod',
  metadata: {
    name,
    namespace: 'default',
    uid: `uid-${name}`,
    resourceVersion: '42',
    creationTimestamp: '2024-05-01T11:55:00Z',
    labels: { app: 'wéb ✓' },
  },
  spec: { containers: [{ name: 'app', image: 'nginx' }], nodeName: 'node-1' },
  status: {
    phase: 'Running',
    podIP: '10.244.0.5',
    containerStatuses: [
      {
        name: 'app',
        image: 'nginx',
        imageID: '',
        ready: true,
        restartCount: 2,
        state: { running: { startedAt: '2024-05-01T11:55:03Z' } },
        lastState: { terminated: { exitCode: 1, finishedAt: '2024-05-01T11:58:00Z' } },
      },
    ],
  },
  ...extra,
});

const role: KubeObject = {
  apiVersion: 'rbac.authorization.k8s.io/v1',
  kind: 'Role',
  metadata: { name: 'reader', namespace: 'default', creationTimestamp: '2024-05-01T11:55:00Z' },
  rules: [],
};

/** The body as the handler sent it before: the whole Table through JSON.stringify. */
const stringified = (resource: string, group: string, objects: KubeObject[], options: PrintTableOptions) =>
  `${JSON.stringify(printTable(resource, group, objects, options))}\n`;

const body = (resource: string, group: string, objects: KubeObject[], options: PrintTableOptions) =>
  printTableBody(resource, group, objects, options).toString('utf8');

describe('printTableBody', () => {
  const cases: Array<[string, string, string, KubeObject[], PrintTableOptions]> = [
    ['pods', 'pods', '', [pod('a'), pod('b')], { now: NOW, resourceVersion: '7' }],
    [
      'a pod with row conditions',
      'pods',
      '',
      [pod('done', { status: { phase: 'Succeeded' } }), pod('running')],
      { now: NOW, resourceVersion: '7' },
    ],
    [
      'includeObject=Metadata',
      'pods',
      '',
      [pod('a')],
      { now: NOW, resourceVersion: '1', includeObject: 'Metadata' },
    ],
    [
      'includeObject=Object',
      'pods',
      '',
      [pod('a')],
      { now: NOW, resourceVersion: '1', includeObject: 'Object' },
    ],
    ['includeObject=None', 'pods', '', [pod('a')], { now: NOW, resourceVersion: '1', includeObject: 'None' }],
    [
      'continue and remainingItemCount',
      'pods',
      '',
      [pod('a')],
      { now: NOW, resourceVersion: '77', continueToken: 'eyJ2IjoxfQ', remainingItemCount: 12 },
    ],
    ['noHeaders', 'pods', '', [pod('a')], { now: NOW, resourceVersion: '5', noHeaders: true }],
    ['an empty printed list', 'deployments', 'apps', [], { now: NOW, resourceVersion: '5' }],
    ['the default table', 'roles', 'rbac.authorization.k8s.io', [role], { now: NOW, resourceVersion: '3' }],
    ['an empty default table', 'roles', 'rbac.authorization.k8s.io', [], { now: NOW, resourceVersion: '3' }],
  ];
  for (const [name, resource, group, objects, options] of cases) {
    test(`is byte for byte the stringified Table: ${name}`, () => {
      assert.equal(body(resource, group, objects, options), stringified(resource, group, objects, options));
    });
  }

  test('an unknown includeObject value is a BadRequest', () => {
    assert.throws(
      () =>
        printTableBody('pods', '', [], { now: NOW, resourceVersion: '1', includeObject: 'All' as 'None' }),
      (error: unknown) => error instanceof ApiError && error.code === 400,
    );
  });

  test('AGE and RESTARTS advance with the clock for the same stored object', () => {
    const object = pod('web');
    const cells = (now: number) =>
      (
        JSON.parse(body('pods', '', [object], { now, resourceVersion: '1' })) as {
          rows: { cells: unknown[] }[];
        }
      ).rows[0]?.cells ?? [];
    assert.deepEqual(cells(NOW).slice(3, 5), ['2 (2m ago)', '5m']);
    assert.deepEqual(cells(NOW + 3_600_000).slice(3, 5), ['2 (62m ago)', '65m']);
    assert.deepEqual(cells(NOW).slice(3, 5), ['2 (2m ago)', '5m']);
    assert.equal(
      body('pods', '', [object], { now: NOW + 60_000, resourceVersion: '1' }),
      stringified('pods', '', [object], { now: NOW + 60_000, resourceVersion: '1' }),
    );
  });

  test('a new version of an object is printed anew, never from the old bytes', () => {
    const first = pod('web');
    const options = { now: NOW, resourceVersion: '1' };
    body('pods', '', [first], options);
    const second = pod('web', {
      metadata: { ...first.metadata, resourceVersion: '43', labels: { app: 'api' } },
      status: { phase: 'Failed' },
    });
    const printed = body('pods', '', [second], options);
    assert.equal(printed, stringified('pods', '', [second], options));
    assert.match(printed, /"Failed"/);
    assert.match(printed, /"resourceVersion":"43"/);
    assert.doesNotMatch(printed, /"resourceVersion":"42"/);
  });

  test('each includeObject policy keeps its own bytes for the same object', () => {
    const object = pod('web');
    for (const includeObject of ['Object', 'Metadata', 'None', 'Object'] as const) {
      const options = { now: NOW, resourceVersion: '1', includeObject };
      assert.equal(body('pods', '', [object], options), stringified('pods', '', [object], options));
    }
  });

  test('another printer for the same object prints its own cells', () => {
    const widget: KubeObject = {
      apiVersion: 'example.com/v1',
      kind: 'Widget',
      metadata: { name: 'w' },
      size: 3,
    };
    const printer = (field: string) =>
      definePrinter<KubeObject>({
        group: 'example.com',
        resource: 'widgets',
        columns: [column('Value', 'string', '')],
        cells: (object) => [
          String((object as Record<string, unknown>)[field] ?? (object.metadata.name as string)),
        ],
      });
    const options = { now: NOW, resourceVersion: '1' };
    const byName = body('widgets', 'example.com', [widget], { ...options, printer: printer('name') });
    const bySize = body('widgets', 'example.com', [widget], { ...options, printer: printer('size') });
    assert.match(byName, /"cells":\["w"\]/);
    assert.match(bySize, /"cells":\["3"\]/);
  });
});
