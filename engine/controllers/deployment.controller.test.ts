import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { Deployment, DeploymentCondition } from 'kubernetes-types/apps/v1';
import { TestEngine } from '../cluster/testing.ts';

const deployment = (image: string, progressDeadlineSeconds: number) => ({
  apiVersion: 'apps/v1',
  kind: 'Deployment',
  metadata: { name: 'web', namespace: 'default' },
  spec: {
    replicas: 3,
    progressDeadlineSeconds,
    selector: { matchLabels: { app: 'web' } },
    template: {
      metadata: { labels: { app: 'web' } },
      spec: { containers: [{ name: 'nginx', image }] },
    },
  },
});

function progressing(t: TestEngine): DeploymentCondition | undefined {
  const d = t.get<Deployment>('apps/v1', 'Deployment', 'default', 'web');
  return d?.status?.conditions?.find((c) => c.type === 'Progressing');
}

test('a rollout that makes no progress times out progressDeadlineSeconds after its last progress', async () => {
  const t = await TestEngine.start();
  try {
    t.create(deployment('nginx:1.26', 60));
    t.until(() => progressing(t)?.reason === 'NewReplicaSetAvailable', 60_000, 'rolled out');
    t.request(
      'PATCH',
      '/apis/apps/v1/namespaces/default/deployments/web',
      {
        spec: { template: { spec: { containers: [{ name: 'nginx', image: 'nginx:no-such-tag' }] } } },
      },
      'application/strategic-merge-patch+json',
    );
    let lastUpdate = 0;
    const timedOutAt = t.until(
      () => {
        const condition = progressing(t);
        if (condition?.status === 'True') lastUpdate = Date.parse(condition.lastUpdateTime ?? '') - t.start;
        return condition?.reason === 'ProgressDeadlineExceeded';
      },
      5 * 60_000,
      'timed out',
    );
    const condition = progressing(t)!;
    assert.equal(condition.status, 'False');
    assert.match(condition.message ?? '', /^ReplicaSet "web-[a-z0-9]+" has timed out progressing\.$/);
    // Looked at again one second after the deadline, as requeueStuckDeployment does.
    assert.equal(timedOutAt, lastUpdate + 61_000);
    const d = t.get<Deployment>('apps/v1', 'Deployment', 'default', 'web')!;
    assert.deepEqual(
      [d.status?.availableReplicas, d.status?.updatedReplicas, d.status?.unavailableReplicas],
      [3, 1, 1],
    );
  } finally {
    await t.stop();
  }
});

test('a slow rollout that keeps making progress is never timed out', async () => {
  const t = await TestEngine.start();
  try {
    t.create(deployment('nginx:1.26', 30));
    t.until(() => progressing(t)?.reason === 'NewReplicaSetAvailable', 60_000, 'rolled out');
    // One pod at a time, each ready 20 s after it starts: the rollout outlasts the 30 s deadline
    // but makes progress well within it, again and again.
    const started = t.elapsed();
    t.request(
      'PATCH',
      '/apis/apps/v1/namespaces/default/deployments/web',
      {
        spec: {
          strategy: { rollingUpdate: { maxSurge: 1, maxUnavailable: 0 } },
          template: {
            spec: {
              containers: [
                {
                  name: 'nginx',
                  image: 'nginx:1.27',
                  readinessProbe: { httpGet: { path: '/', port: 80 }, initialDelaySeconds: 20 },
                },
              ],
            },
          },
        },
      },
      'application/strategic-merge-patch+json',
    );
    const seen: string[] = [];
    t.until(
      () => {
        const reason = progressing(t)?.reason ?? '';
        if (seen.at(-1) !== reason) seen.push(reason);
        return reason === 'NewReplicaSetAvailable';
      },
      5 * 60_000,
      'rolled out again',
    );
    assert.ok(t.elapsed() - started > 60_000, `the rollout took ${t.elapsed() - started} ms`);
    assert.deepEqual(seen, ['ReplicaSetUpdated', 'NewReplicaSetAvailable']);
  } finally {
    await t.stop();
  }
});

test('pods refused by a quota: the ReplicaSet keeps its first ReplicaFailure, the Deployment copies it, both clear once pods fit', async () => {
  const t = await TestEngine.start();
  try {
    t.create({
      apiVersion: 'v1',
      kind: 'ResourceQuota',
      metadata: { name: 'pods', namespace: 'default' },
      spec: { hard: { pods: '2' } },
    });
    t.until(
      () => t.get('v1', 'ResourceQuota', 'default', 'pods')?.status !== undefined,
      10_000,
      'quota status',
    );
    t.create(deployment('nginx:1.27', 600));
    const failure = (kind: 'Deployment' | 'ReplicaSet') => {
      const objects =
        kind === 'Deployment'
          ? [t.get<Deployment>('apps/v1', 'Deployment', 'default', 'web')]
          : t.list<Deployment>('apps/v1', 'ReplicaSet', 'default');
      return objects.flatMap((o) => o?.status?.conditions ?? []).find((c) => c.type === 'ReplicaFailure');
    };
    t.until(() => failure('Deployment') !== undefined, 10_000, 'Deployment ReplicaFailure');
    const first = failure('ReplicaSet');
    assert.equal(first?.reason, 'FailedCreate');
    assert.match(
      first?.message ?? '',
      /^pods "web-[a-z0-9]+-[a-z0-9]{5}" is forbidden: exceeded quota: pods, requested: pods=1, used: pods=2, limited: pods=2$/,
    );
    assert.deepEqual({ ...failure('Deployment') }, { ...first, lastUpdateTime: first?.lastTransitionTime });
    t.advance(60_000);
    assert.deepEqual(failure('ReplicaSet'), first, 'retries do not rewrite the condition');
    t.request(
      'PATCH',
      '/api/v1/namespaces/default/resourcequotas/pods',
      { spec: { hard: { pods: '5' } } },
      'application/merge-patch+json',
    );
    t.until(() => failure('Deployment') === undefined, 30 * 60_000, 'ReplicaFailure cleared');
    assert.equal(failure('ReplicaSet'), undefined);
    assert.equal(t.pods().length, 3);
  } finally {
    await t.stop();
  }
});
