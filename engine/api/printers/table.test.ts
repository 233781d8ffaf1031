import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { ApiError } from '../errors.ts';
import type { KubeObject } from '../types.ts';
import { podPrinter } from './pod.printer.ts';
import { column, definePrinter } from './printer.ts';
import { PrinterRegistry } from './printer-registry.ts';
import { printTable } from './table.ts';

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
    labels: { app: 'web' },
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
        restartCount: 0,
        state: { running: { startedAt: '2024-05-01T11:55:03Z' } },
      },
    ],
  },
  ...extra,
});

describe('printTable', () => {
  test('serializes exactly like the API server for a pod list', () => {
    const table = printTable('pods', '', [pod('web')], { now: NOW, resourceVersion: '1234' });
    const json = JSON.parse(JSON.stringify(table));
    assert.equal(json.kind, 'Table');
    assert.equal(json.apiVersion, 'meta.k8s.io/v1');
    assert.deepEqual(json.metadata, { resourceVersion: '1234' });
    assert.deepEqual(Object.keys(json), ['kind', 'apiVersion', 'metadata', 'columnDefinitions', 'rows']);
    assert.deepEqual(Object.keys(json.columnDefinitions[0]), [
      'name',
      'type',
      'format',
      'description',
      'priority',
    ]);
    assert.deepEqual(json.rows, [
      {
        cells: ['web', '1/1', 'Running', '0', '5m', '10.244.0.5', 'node-1', '<none>', '<none>'],
        object: {
          kind: 'PartialObjectMetadata',
          apiVersion: 'meta.k8s.io/v1',
          metadata: {
            name: 'web',
            namespace: 'default',
            uid: 'uid-web',
            resourceVersion: '42',
            creationTimestamp: '2024-05-01T11:55:00Z',
            labels: { app: 'web' },
          },
        },
      },
    ]);
  });

  test('row conditions come before the object', () => {
    const done = pod('done', { status: { phase: 'Succeeded' } });
    const [row] = printTable('pods', '', [done], { now: NOW, resourceVersion: '1' }).rows ?? [];
    assert.deepEqual(Object.keys(row ?? {}), ['cells', 'conditions', 'object']);
    assert.deepEqual(row?.conditions, [
      {
        type: 'Completed',
        status: 'True',
        reason: 'Succeeded',
        message: 'The pod has completed successfully.',
      },
    ]);
  });

  const includeCases: Array<
    [policy: 'Metadata' | 'Object' | 'None' | undefined, check: (object: unknown) => void]
  > = [
    [undefined, (o) => assert.equal((o as { kind: string }).kind, 'PartialObjectMetadata')],
    ['Metadata', (o) => assert.equal((o as { kind: string }).kind, 'PartialObjectMetadata')],
    ['Object', (o) => assert.deepEqual(o, pod('web'))],
    ['None', (o) => assert.equal(o, null)],
  ];
  for (const [policy, check] of includeCases) {
    test(`includeObject=${policy ?? '(default)'}`, () => {
      const table = printTable('pods', '', [pod('web')], {
        now: NOW,
        resourceVersion: '1',
        includeObject: policy,
      });
      check(table.rows?.[0]?.object);
    });
  }

  test('an unknown includeObject value is a BadRequest', () => {
    assert.throws(
      () =>
        printTable('pods', '', [], {
          now: NOW,
          resourceVersion: '1',
          includeObject: 'Everything' as unknown as 'None',
        }),
      (error: unknown) =>
        error instanceof ApiError &&
        error.code === 400 &&
        error.status.message === 'unrecognized includeObject value: "Everything"',
    );
  });

  test('list metadata carries continue and remainingItemCount', () => {
    const table = printTable('pods', '', [pod('a')], {
      now: NOW,
      resourceVersion: '77',
      continueToken: 'eyJ2IjoibWV0YS5rOHMuaW8vdjEifQ',
      remainingItemCount: 12,
    });
    assert.deepEqual(table.metadata, {
      resourceVersion: '77',
      continue: 'eyJ2IjoibWV0YS5rOHMuaW8vdjEifQ',
      remainingItemCount: 12,
    });
  });

  test('an empty printed list has rows [] and keeps its columns', () => {
    const table = printTable('deployments', 'apps', [], { now: NOW, resourceVersion: '5' });
    assert.deepEqual(table.rows, []);
    assert.equal(table.columnDefinitions?.length, 8);
  });

  test('noHeaders drops the column definitions', () => {
    const table = printTable('pods', '', [pod('a')], { now: NOW, resourceVersion: '5', noHeaders: true });
    assert.equal(JSON.stringify(table).includes('"columnDefinitions":null'), true);
  });

  test('pod columns are copies the caller may not alter', () => {
    const table = printTable('pods', '', [], { now: NOW, resourceVersion: '1' });
    assert.deepEqual(table.columnDefinitions, podPrinter.columns);
    assert.notEqual(table.columnDefinitions?.[0], podPrinter.columns[0]);
  });
});

describe('default table (resources without a printer)', () => {
  const role: KubeObject = {
    apiVersion: 'rbac.authorization.k8s.io/v1',
    kind: 'Role',
    metadata: { name: 'reader', namespace: 'default', creationTimestamp: '2024-05-01T11:55:00Z' },
    rules: [],
  };
  const cases: Array<[resource: string, group: string]> = [
    ['roles', 'rbac.authorization.k8s.io'],
    ['clusterroles', 'rbac.authorization.k8s.io'],
    ['limitranges', ''],
    ['widgets', 'example.com'],
  ];
  for (const [resource, group] of cases) {
    test(`${resource}.${group} gets Name and Created At`, () => {
      const table = printTable(resource, group, [role], { now: NOW, resourceVersion: '9' });
      assert.deepEqual(
        table.columnDefinitions?.map((c) => [c.name, c.type, c.format, c.priority]),
        [
          ['Name', 'string', 'name', 0],
          ['Created At', 'date', '', 0],
        ],
      );
      assert.deepEqual(table.rows?.[0]?.cells, ['reader', '2024-05-01T11:55:00Z']);
    });
  }

  test('descriptions are the ObjectMeta docs', () => {
    const table = printTable('roles', 'rbac.authorization.k8s.io', [], { now: NOW, resourceVersion: '9' });
    assert.equal(
      table.columnDefinitions?.[1]?.description,
      'CreationTimestamp is a timestamp representing the server time when this object was created. It is not guaranteed to be set in happens-before order across separate operations. Clients may not set this value. It is represented in RFC3339 form and is in UTC.\n\nPopulated by the system. Read-only. Null for lists. More info: https://git.k8s.io/community/contributors/devel/sig-architecture/api-conventions.md#metadata',
    );
  });

  test('an empty list serializes rows as null, like the Go nil slice', () => {
    const table = printTable('roles', 'rbac.authorization.k8s.io', [], { now: NOW, resourceVersion: '9' });
    assert.equal(table.rows, null);
    assert.match(JSON.stringify(table), /"rows":null/);
  });

  test('creation times are reformatted to whole-second UTC RFC3339', () => {
    const odd: KubeObject = {
      ...role,
      metadata: { name: 'r', creationTimestamp: '2024-05-01T13:55:00.250+02:00' },
    };
    const missing: KubeObject = { ...role, metadata: { name: 'm' } };
    const table = printTable('roles', 'rbac.authorization.k8s.io', [odd, missing], {
      now: NOW,
      resourceVersion: '9',
    });
    assert.deepEqual(
      table.rows?.map((r) => r.cells),
      [
        ['r', '2024-05-01T11:55:00Z'],
        ['m', '0001-01-01T00:00:00Z'],
      ],
    );
  });
});

describe('printer registry', () => {
  const widgetPrinter = definePrinter<KubeObject>({
    group: 'example.com',
    resource: 'widgets',
    columns: [column('Name', 'string', 'n', { format: 'name' })],
    cells: (object) => [object.metadata.name ?? ''],
  });

  test('rejects a second printer for the same group and resource', () => {
    const registry = new PrinterRegistry([widgetPrinter]);
    assert.throws(() => registry.register(widgetPrinter), {
      message: 'a table printer for widgets in group "example.com" is already registered',
    });
  });

  test('the same resource name in another group is a different key', () => {
    const registry = new PrinterRegistry([widgetPrinter, { ...widgetPrinter, group: 'other.example.com' }]);
    assert.equal(registry.size, 2);
    assert.equal(registry.has('example.com', 'widgets'), true);
    assert.equal(registry.has('', 'widgets'), false);
  });

  test('a custom registry is used when given', () => {
    const registry = new PrinterRegistry([widgetPrinter]);
    const widget: KubeObject = { apiVersion: 'example.com/v1', kind: 'Widget', metadata: { name: 'w' } };
    const table = printTable('widgets', 'example.com', [widget], {
      now: NOW,
      resourceVersion: '1',
      registry,
    });
    assert.deepEqual(table.rows?.[0]?.cells, ['w']);
  });

  test('the built-in registry knows every resource the brief lists', () => {
    const table = (resource: string, group: string) =>
      printTable(resource, group, [], { now: NOW, resourceVersion: '1' }).columnDefinitions?.map(
        (c) => c.name,
      );
    assert.deepEqual(table('events', ''), [
      'Last Seen',
      'Type',
      'Reason',
      'Object',
      'Subobject',
      'Source',
      'Message',
      'First Seen',
      'Count',
      'Name',
    ]);
    assert.deepEqual(table('namespaces', ''), ['Name', 'Status', 'Age']);
    assert.deepEqual(table('services', ''), [
      'Name',
      'Type',
      'Cluster-IP',
      'External-IP',
      'Port(s)',
      'Age',
      'Selector',
    ]);
    assert.deepEqual(table('configmaps', ''), ['Name', 'Data', 'Age']);
    assert.deepEqual(table('secrets', ''), ['Name', 'Type', 'Data', 'Age']);
    assert.deepEqual(table('serviceaccounts', ''), ['Name', 'Secrets', 'Age']);
    assert.deepEqual(table('cronjobs', 'batch'), [
      'Name',
      'Schedule',
      'Timezone',
      'Suspend',
      'Active',
      'Last Schedule',
      'Age',
      'Containers',
      'Images',
      'Selector',
    ]);
    assert.deepEqual(table('daemonsets', 'apps'), [
      'Name',
      'Desired',
      'Current',
      'Ready',
      'Up-to-date',
      'Available',
      'Node Selector',
      'Age',
      'Containers',
      'Images',
      'Selector',
    ]);
    assert.deepEqual(table('statefulsets', 'apps'), ['Name', 'Ready', 'Age', 'Containers', 'Images']);
    assert.deepEqual(table('replicasets', 'apps'), [
      'Name',
      'Desired',
      'Current',
      'Ready',
      'Age',
      'Containers',
      'Images',
      'Selector',
    ]);
    assert.deepEqual(table('persistentvolumes', ''), [
      'Name',
      'Capacity',
      'Access Modes',
      'Reclaim Policy',
      'Status',
      'Claim',
      'StorageClass',
      'VolumeAttributesClass',
      'Reason',
      'Age',
      'VolumeMode',
    ]);
    assert.deepEqual(table('persistentvolumeclaims', ''), [
      'Name',
      'Status',
      'Volume',
      'Capacity',
      'Access Modes',
      'StorageClass',
      'VolumeAttributesClass',
      'Age',
      'VolumeMode',
    ]);
    assert.deepEqual(table('horizontalpodautoscalers', 'autoscaling'), [
      'Name',
      'Reference',
      'Targets',
      'MinPods',
      'MaxPods',
      'Replicas',
      'Age',
    ]);
    assert.deepEqual(table('poddisruptionbudgets', 'policy'), [
      'Name',
      'Min Available',
      'Max Unavailable',
      'Allowed Disruptions',
      'Age',
    ]);
    assert.deepEqual(table('leases', 'coordination.k8s.io'), ['Name', 'Holder', 'Age']);
    assert.deepEqual(table('storageclasses', 'storage.k8s.io'), [
      'Name',
      'Provisioner',
      'ReclaimPolicy',
      'VolumeBindingMode',
      'AllowVolumeExpansion',
      'Age',
    ]);
    assert.deepEqual(table('ingresses', 'networking.k8s.io'), [
      'Name',
      'Class',
      'Hosts',
      'Address',
      'Ports',
      'Age',
    ]);
    assert.deepEqual(table('endpointslices', 'discovery.k8s.io'), [
      'Name',
      'AddressType',
      'Ports',
      'Endpoints',
      'Age',
    ]);
    assert.deepEqual(table('priorityclasses', 'scheduling.k8s.io'), [
      'Name',
      'Value',
      'Global-Default',
      'Age',
      'PreemptionPolicy',
    ]);
    assert.deepEqual(table('controllerrevisions', 'apps'), ['Name', 'Controller', 'Revision', 'Age']);
    assert.deepEqual(table('rolebindings', 'rbac.authorization.k8s.io'), [
      'Name',
      'Role',
      'Age',
      'Users',
      'Groups',
      'ServiceAccounts',
    ]);
    assert.deepEqual(table('endpoints', ''), ['Name', 'Endpoints', 'Age']);
    assert.deepEqual(table('resourcequotas', ''), ['Name', 'Age', 'Request', 'Limit']);
  });
});

describe('performance', () => {
  test('10,000 pods print as 10,000 rows with the right cells', () => {
    const pods = Array.from({ length: 10_000 }, (_, i) =>
      pod(`web-${i}`, {
        status: {
          phase: 'Running',
          podIP: `10.244.${i >> 8}.${i & 255}`,
          conditions: [{ type: 'Ready', status: 'True' }],
          containerStatuses: [
            {
              name: 'app',
              image: 'nginx',
              imageID: '',
              ready: true,
              restartCount: i % 3,
              lastState: i % 3 ? { terminated: { exitCode: 1, finishedAt: '2024-05-01T11:58:00Z' } } : {},
              state: { running: { startedAt: '2024-05-01T11:58:01Z' } },
            },
          ],
        },
      }),
    );
    const table = printTable('pods', '', pods, { now: NOW, resourceVersion: '1' });
    assert.equal(table.rows?.length, 10_000);
    assert.deepEqual(table.rows?.[1]?.cells.slice(0, 5), ['web-1', '1/1', 'Running', '1 (2m ago)', '5m']);
  });
});
