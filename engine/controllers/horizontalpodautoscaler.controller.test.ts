import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { Deployment } from 'kubernetes-types/apps/v1';
import type { HorizontalPodAutoscaler } from 'kubernetes-types/autoscaling/v2';
import { TestEngine } from '../cluster/testing.ts';

function deployment(requests: Record<string, string> | undefined, replicas = 1) {
  return {
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata: { name: 'php-apache', namespace: 'default' },
    spec: {
      replicas,
      selector: { matchLabels: { app: 'php-apache' } },
      template: {
        metadata: { labels: { app: 'php-apache' } },
        spec: {
          containers: [
            {
              name: 'php-apache',
              image: 'registry.k8s.io/hpa-example',
              ...(requests ? { resources: { requests, limits: { cpu: '1' } } } : {}),
            },
          ],
        },
      },
    },
  };
}

const hpa = (minReplicas: number, maxReplicas: number) => ({
  apiVersion: 'autoscaling/v2',
  kind: 'HorizontalPodAutoscaler',
  metadata: { name: 'php-apache', namespace: 'default' },
  spec: {
    scaleTargetRef: { apiVersion: 'apps/v1', kind: 'Deployment', name: 'php-apache' },
    minReplicas,
    maxReplicas,
    metrics: [
      {
        type: 'Resource',
        resource: { name: 'cpu', target: { type: 'Utilization', averageUtilization: 50 } },
      },
    ],
  },
});

const replicas = (t: TestEngine) =>
  t.get<Deployment>('apps/v1', 'Deployment', 'default', 'php-apache')?.spec?.replicas;
const status = (t: TestEngine) =>
  t.get<HorizontalPodAutoscaler>('autoscaling/v2', 'HorizontalPodAutoscaler', 'default', 'php-apache')
    ?.status;

test('a load scales the target up to what it needs, and down only after the stabilization window', async () => {
  const t = await TestEngine.start();
  try {
    t.create(deployment({ cpu: '200m' }));
    t.advanceTo(30_000);
    t.create(hpa(1, 10));
    t.engine.fleet.loads.set('default', 'app=php-apache', 900);
    // 900m on one pod of 200m: 450% → 9 pods, limited to max(2 × 1, 4) at the first sync (15 s).
    t.advanceTo(45_000);
    assert.equal(replicas(t), 4);
    const first = status(t);
    assert.equal(first?.currentMetrics?.[0]?.resource?.current.averageUtilization, 450);
    assert.deepEqual(
      first?.conditions?.map((c) => [c.type, c.status, c.reason]),
      [
        ['AbleToScale', 'True', 'SucceededRescale'],
        ['ScalingActive', 'True', 'ValidMetricFound'],
        ['ScalingLimited', 'True', 'ScaleUpLimit'],
      ],
    );
    const settledAt = t.until(
      () => status(t)?.currentMetrics?.[0]?.resource?.current.averageUtilization === 50,
      180_000,
    );
    assert.equal(replicas(t), 9);
    assert.ok(
      t
        .eventLines('default', 'php-apache')
        .some((line) =>
          line.includes(
            'SuccessfulRescale: New size: 4; reason: cpu resource utilization (percentage of request) above target',
          ),
        ),
      t.eventLines('default', 'php-apache').join('\n'),
    );

    t.engine.fleet.loads.set('default', 'app=php-apache', 0);
    t.advance(4 * 60_000);
    assert.equal(replicas(t), 9, 'held by the 5-minute stabilization window');
    const downAt = t.until(() => replicas(t) === 1, 3 * 60_000);
    assert.ok(
      downAt - settledAt >= 5 * 60_000 - 15_000,
      `scaled down ${downAt - settledAt} ms after settling`,
    );
    assert.equal(status(t)?.conditions?.find((c) => c.type === 'ScalingLimited')?.reason, 'TooFewReplicas');
  } finally {
    await t.stop();
  }
});

test('pods without cpu requests: FailedGetResourceMetric and FailedComputeMetricsReplicas, nothing scaled', async () => {
  const t = await TestEngine.start();
  try {
    t.create(deployment(undefined));
    t.advanceTo(30_000);
    t.create(hpa(1, 5));
    t.advanceTo(45_000);
    const pod = t.pods()[0]?.metadata?.name ?? '';
    const lines = t.eventLines('default', 'php-apache');
    const detail = `failed to get cpu utilization: missing request for cpu in container php-apache of Pod ${pod}`;
    assert.ok(
      lines.some((l) => l.includes(`FailedGetResourceMetric: ${detail}`)),
      lines.join('\n'),
    );
    assert.ok(
      lines.some((l) =>
        l.includes(
          `FailedComputeMetricsReplicas: invalid metrics (1 invalid out of 1), first error is: failed to get cpu resource metric value: ${detail}`,
        ),
      ),
      lines.join('\n'),
    );
    const active = status(t)?.conditions?.find((c) => c.type === 'ScalingActive');
    assert.deepEqual(
      [active?.status, active?.reason, active?.message],
      ['False', 'FailedGetResourceMetric', `the HPA was unable to compute the replica count: ${detail}`],
    );
    assert.equal(replicas(t), 1);
  } finally {
    await t.stop();
  }
});

test('a target below minReplicas or above maxReplicas is brought within them', async () => {
  const t = await TestEngine.start();
  try {
    t.create(deployment({ cpu: '200m' }, 6));
    t.advanceTo(30_000);
    t.create(hpa(2, 3));
    t.advanceTo(45_000);
    assert.equal(replicas(t), 3);
    assert.ok(
      t
        .eventLines('default', 'php-apache')
        .some((l) =>
          l.includes(
            'SuccessfulRescale: New size: 3; reason: Current number of replicas above Spec.MaxReplicas',
          ),
        ),
    );
  } finally {
    await t.stop();
  }
});

test('two HPAs over the same pods: AmbiguousSelector, and neither computes a size', async () => {
  const t = await TestEngine.start();
  try {
    t.create(deployment({ cpu: '200m' }));
    t.advanceTo(30_000);
    t.create({ ...hpa(1, 5), metadata: { name: 'first', namespace: 'default' } });
    t.create({ ...hpa(1, 5), metadata: { name: 'second', namespace: 'default' } });
    // At the first sync (15 s) "second" sees "first"'s selector; at the next, "first" sees "second"'s.
    t.advanceTo(60_000);
    const message =
      'pods by selector app=php-apache are controlled by multiple HPAs: [{first default} {second default}]';
    for (const name of ['first', 'second']) {
      assert.ok(
        t.eventLines('default', name).includes(`AmbiguousSelector: ${message}`),
        t.eventLines('default', name).join('\n'),
      );
      const active = t
        .get<HorizontalPodAutoscaler>('autoscaling/v2', 'HorizontalPodAutoscaler', 'default', name)
        ?.status?.conditions?.find((c) => c.type === 'ScalingActive');
      assert.deepEqual(
        [active?.status, active?.reason, active?.message],
        ['False', 'AmbiguousSelector', message],
      );
    }
  } finally {
    await t.stop();
  }
});

test('a StatefulSet is scaled through its scale subresource too', async () => {
  const t = await TestEngine.start();
  try {
    t.create({
      apiVersion: 'apps/v1',
      kind: 'StatefulSet',
      metadata: { name: 'db', namespace: 'default' },
      spec: {
        replicas: 1,
        serviceName: 'db',
        selector: { matchLabels: { app: 'db' } },
        template: {
          metadata: { labels: { app: 'db' } },
          spec: {
            containers: [
              { name: 'db', image: 'registry.k8s.io/hpa-example', resources: { requests: { cpu: '100m' } } },
            ],
          },
        },
      },
    });
    t.advanceTo(30_000);
    t.create({
      ...hpa(1, 4),
      metadata: { name: 'db', namespace: 'default' },
      spec: { ...hpa(1, 4).spec, scaleTargetRef: { apiVersion: 'apps/v1', kind: 'StatefulSet', name: 'db' } },
    });
    t.engine.fleet.loads.set('default', 'app=db', 150);
    // 150m over one pod of 100m at a 50% target: 300% → 3 pods.
    t.advanceTo(45_000);
    assert.equal(t.get<Deployment>('apps/v1', 'StatefulSet', 'default', 'db')?.spec?.replicas, 3);
    assert.ok(
      t
        .eventLines('default', 'db')
        .includes(
          'SuccessfulRescale: New size: 3; reason: cpu resource utilization (percentage of request) above target',
        ),
    );
  } finally {
    await t.stop();
  }
});
