import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import type { KubeObject } from '../types.ts';
import { controllerRevisionPrinter } from './controllerrevision.printer.ts';
import { cronJobPrinter } from './cronjob.printer.ts';
import { daemonSetPrinter } from './daemonset.printer.ts';
import { deploymentPrinter } from './deployment.printer.ts';
import { jobPrinter } from './job.printer.ts';
import { replicaSetPrinter } from './replicaset.printer.ts';
import { replicationControllerPrinter } from './replicationcontroller.printer.ts';
import { statefulSetPrinter } from './statefulset.printer.ts';

const NOW = Date.parse('2024-05-01T12:00:00Z');
const ago = (seconds: number): string => new Date(NOW - seconds * 1000).toISOString().replace('.000Z', 'Z');
const ctx = { now: NOW };

function object(
  apiVersion: string,
  kind: string,
  body: Record<string, unknown>,
  meta: object = {},
): KubeObject {
  return {
    apiVersion,
    kind,
    metadata: { name: 'web', namespace: 'default', creationTimestamp: ago(3 * 86400 + 4 * 3600), ...meta },
    ...body,
  };
}

const template = {
  metadata: { labels: { app: 'web' } },
  spec: {
    containers: [
      { name: 'nginx', image: 'nginx:1.25' },
      { name: 'sidecar', image: 'busybox' },
    ],
  },
};

describe('deployment printer', () => {
  const cases: Array<[name: string, spec: object, status: object, expected: unknown[]]> = [
    [
      'fully available',
      { replicas: 3 },
      { replicas: 3, readyReplicas: 3, updatedReplicas: 3, availableReplicas: 3 },
      ['web', '3/3', 3, 3, '3d4h'],
    ],
    [
      'rolling out',
      { replicas: 3 },
      { replicas: 4, readyReplicas: 2, updatedReplicas: 1, availableReplicas: 2 },
      ['web', '2/3', 1, 2, '3d4h'],
    ],
    ['no status yet', { replicas: 2 }, {}, ['web', '0/2', 0, 0, '3d4h']],
    ['scaled to zero', { replicas: 0 }, { observedGeneration: 2 }, ['web', '0/0', 0, 0, '3d4h']],
  ];
  for (const [name, spec, status, expected] of cases) {
    test(name, () => {
      const deployment = object('apps/v1', 'Deployment', {
        spec: { ...spec, selector: { matchLabels: { app: 'web' } }, template },
        status,
      });
      const cells = deploymentPrinter.cells(deployment, ctx);
      assert.deepEqual(cells.slice(0, 5), expected);
      assert.deepEqual(cells.slice(5), ['nginx,sidecar', 'nginx:1.25,busybox', 'app=web']);
    });
  }

  test('selector with expressions is printed in key order', () => {
    const deployment = object('apps/v1', 'Deployment', {
      spec: {
        replicas: 1,
        selector: {
          matchLabels: { tier: 'front', app: 'web' },
          matchExpressions: [
            { key: 'env', operator: 'In', values: ['prod', 'canary'] },
            { key: 'legacy', operator: 'DoesNotExist' },
          ],
        },
        template,
      },
    });
    assert.equal(
      deploymentPrinter.cells(deployment, ctx)[7],
      'app=web,env in (canary,prod),!legacy,tier=front',
    );
  });

  test('columns', () => {
    assert.deepEqual(
      deploymentPrinter.columns.map((c) => [c.name, c.type, c.priority]),
      [
        ['Name', 'string', 0],
        ['Ready', 'string', 0],
        ['Up-to-date', 'string', 0],
        ['Available', 'string', 0],
        ['Age', 'string', 0],
        ['Containers', 'string', 1],
        ['Images', 'string', 1],
        ['Selector', 'string', 1],
      ],
    );
    assert.equal(deploymentPrinter.columns[1]?.description, 'Number of the pod with ready state');
  });
});

describe('replica set printer', () => {
  test('desired, current, ready as integers', () => {
    const rs = object('apps/v1', 'ReplicaSet', {
      spec: {
        replicas: 3,
        selector: { matchLabels: { app: 'web', 'pod-template-hash': '7d4b9c8f5' } },
        template,
      },
      status: { replicas: 3, readyReplicas: 1 },
    });
    assert.deepEqual(replicaSetPrinter.cells(rs, ctx), [
      'web',
      3,
      3,
      1,
      '3d4h',
      'nginx,sidecar',
      'nginx:1.25,busybox',
      'app=web,pod-template-hash=7d4b9c8f5',
    ]);
  });

  test('a missing selector prints <none>', () => {
    const rs = object('apps/v1', 'ReplicaSet', { spec: { replicas: 1, template }, status: {} });
    assert.equal(replicaSetPrinter.cells(rs, ctx)[7], '<none>');
  });
});

describe('replication controller printer', () => {
  test('map selector', () => {
    const rc = object('v1', 'ReplicationController', {
      spec: { replicas: 2, selector: { app: 'web' }, template },
      status: { replicas: 2, readyReplicas: 2 },
    });
    assert.deepEqual(replicationControllerPrinter.cells(rc, ctx), [
      'web',
      2,
      2,
      2,
      '3d4h',
      'nginx,sidecar',
      'nginx:1.25,busybox',
      'app=web',
    ]);
  });
});

describe('stateful set printer', () => {
  test('ready/replicas', () => {
    const sts = object('apps/v1', 'StatefulSet', {
      spec: { replicas: 3, serviceName: 'web', selector: { matchLabels: { app: 'web' } }, template },
      status: { replicas: 2, readyReplicas: 1 },
    });
    assert.deepEqual(statefulSetPrinter.cells(sts, ctx), [
      'web',
      '1/3',
      '3d4h',
      'nginx,sidecar',
      'nginx:1.25,busybox',
    ]);
  });
});

describe('daemon set printer', () => {
  test('counts and node selector', () => {
    const ds = object('apps/v1', 'DaemonSet', {
      spec: {
        selector: { matchLabels: { app: 'agent' } },
        template: { ...template, spec: { ...template.spec, nodeSelector: { 'kubernetes.io/os': 'linux' } } },
      },
      status: {
        desiredNumberScheduled: 3,
        currentNumberScheduled: 3,
        numberReady: 2,
        updatedNumberScheduled: 3,
        numberAvailable: 2,
      },
    });
    assert.deepEqual(daemonSetPrinter.cells(ds, ctx), [
      'web',
      3,
      3,
      2,
      3,
      2,
      'kubernetes.io/os=linux',
      '3d4h',
      'nginx,sidecar',
      'nginx:1.25,busybox',
      'app=agent',
    ]);
  });

  test('no node selector prints <none>', () => {
    const ds = object('apps/v1', 'DaemonSet', { spec: { template }, status: {} });
    assert.equal(daemonSetPrinter.cells(ds, ctx)[6], '<none>');
  });
});

describe('job printer', () => {
  const job = (spec: object, status: object, meta: object = {}): KubeObject =>
    object(
      'batch/v1',
      'Job',
      {
        spec: {
          template,
          selector: { matchLabels: { 'batch.kubernetes.io/controller-uid': 'abc' } },
          ...spec,
        },
        status,
      },
      meta,
    );
  const cases: Array<[name: string, object: KubeObject, expected: unknown[]]> = [
    [
      'running',
      job({ completions: 1 }, { active: 1, startTime: ago(45) }),
      ['web', 'Running', '0/1', '45s', '3d4h'],
    ],
    [
      'complete',
      job(
        { completions: 3, parallelism: 3 },
        {
          succeeded: 3,
          startTime: ago(600),
          completionTime: ago(200),
          conditions: [
            { type: 'SuccessCriteriaMet', status: 'True' },
            { type: 'Complete', status: 'True' },
          ],
        },
      ),
      ['web', 'Complete', '3/3', '6m40s', '3d4h'],
    ],
    [
      'failed',
      job(
        { completions: 1 },
        {
          failed: 7,
          startTime: ago(3600),
          conditions: [
            { type: 'FailureTarget', status: 'True' },
            { type: 'Failed', status: 'True' },
          ],
        },
      ),
      ['web', 'Failed', '0/1', '60m', '3d4h'],
    ],
    [
      'failure target reached, pods still terminating',
      job(
        { completions: 1 },
        { startTime: ago(30), conditions: [{ type: 'FailureTarget', status: 'True' }] },
      ),
      ['web', 'FailureTarget', '0/1', '30s', '3d4h'],
    ],
    [
      'suspended, never started',
      job({ completions: 2, suspend: true }, { conditions: [{ type: 'Suspended', status: 'True' }] }),
      ['web', 'Suspended', '0/2', '', '3d4h'],
    ],
    [
      'terminating',
      job({ completions: 1 }, { startTime: ago(30) }, { deletionTimestamp: ago(1) }),
      ['web', 'Terminating', '0/1', '30s', '3d4h'],
    ],
    [
      'work queue with parallelism',
      job({ parallelism: 4 }, { succeeded: 1 }),
      ['web', 'Running', '1/1 of 4', '', '3d4h'],
    ],
    ['work queue without parallelism', job({ parallelism: 1 }, {}), ['web', 'Running', '0/1', '', '3d4h']],
    [
      'a False condition does not count',
      job({ completions: 1 }, { conditions: [{ type: 'Complete', status: 'False' }] }),
      ['web', 'Running', '0/1', '', '3d4h'],
    ],
  ];
  for (const [name, input, expected] of cases) {
    test(name, () => {
      const cells = jobPrinter.cells(input, ctx);
      assert.deepEqual(cells.slice(0, 5), expected);
      assert.deepEqual(cells.slice(5), [
        'nginx,sidecar',
        'nginx:1.25,busybox',
        'batch.kubernetes.io/controller-uid=abc',
      ]);
    });
  }

  test('columns include the 1.30+ Status column', () => {
    assert.deepEqual(
      jobPrinter.columns.map((c) => c.name),
      ['Name', 'Status', 'Completions', 'Duration', 'Age', 'Containers', 'Images', 'Selector'],
    );
  });
});

describe('cron job printer', () => {
  test('never scheduled', () => {
    const cronJob = object('batch/v1', 'CronJob', {
      spec: { schedule: '*/5 * * * *', suspend: false, jobTemplate: { spec: { template } } },
      status: {},
    });
    assert.deepEqual(cronJobPrinter.cells(cronJob, ctx), [
      'web',
      '*/5 * * * *',
      '<none>',
      'False',
      0,
      '<none>',
      '3d4h',
      'nginx,sidecar',
      'nginx:1.25,busybox',
      '<none>',
    ]);
  });

  test('active with a time zone and a last schedule', () => {
    const cronJob = object('batch/v1', 'CronJob', {
      spec: { schedule: '0 * * * *', timeZone: 'Etc/UTC', jobTemplate: { spec: { template } } },
      status: { active: [{ name: 'web-28585440' }], lastScheduleTime: ago(150) },
    });
    assert.deepEqual(cronJobPrinter.cells(cronJob, ctx).slice(0, 7), [
      'web',
      '0 * * * *',
      'Etc/UTC',
      '<unset>',
      1,
      '2m30s',
      '3d4h',
    ]);
  });
});

describe('controller revision printer', () => {
  const cases: Array<[name: string, owners: object[], expected: string]> = [
    [
      'owned by a daemon set',
      [{ apiVersion: 'apps/v1', kind: 'DaemonSet', name: 'agent', uid: 'u', controller: true }],
      'daemonset.apps/agent',
    ],
    [
      'owned by a core kind',
      [{ apiVersion: 'v1', kind: 'Pod', name: 'p', uid: 'u', controller: true }],
      'pod/p',
    ],
    ['no controller', [{ apiVersion: 'apps/v1', kind: 'StatefulSet', name: 's', uid: 'u' }], '<none>'],
  ];
  for (const [name, owners, expected] of cases) {
    test(name, () => {
      const revision = object(
        'apps/v1',
        'ControllerRevision',
        { revision: 2, data: {} },
        { ownerReferences: owners },
      );
      assert.deepEqual(controllerRevisionPrinter.cells(revision, ctx), ['web', expected, 2, '3d4h']);
    });
  }
});
