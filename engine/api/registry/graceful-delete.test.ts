import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import type { Job } from 'kubernetes-types/batch/v1';
import type { ConfigMap, Pod } from 'kubernetes-types/core/v1';
import type { Status } from 'kubernetes-types/meta/v1';
import { toRfc3339 } from '../../clock/clock.ts';
import { podManifest, TestEngine } from '../../cluster/testing.ts';
import type { KubeObject } from '../types.ts';
import {
  beforeDelete,
  checkDeletePreconditions,
  deletionFinalizers,
  type GarbageCollectionPolicy,
  markAsDeleting,
  type PropagationPolicy,
  shouldDeleteDuringUpdate,
} from './graceful-delete.ts';

const T0 = Date.parse('2025-01-01T00:00:00Z');
const at = (seconds: number) => toRfc3339(T0 + seconds * 1000);
const podGrace = (_object: KubeObject, requested: number | undefined) => requested ?? 30;

function object(metadata: KubeObject['metadata'] = {}): KubeObject {
  return {
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: { name: 'p', uid: 'u1', resourceVersion: '7', ...metadata },
  };
}

describe('beforeDelete (rest.BeforeDelete)', () => {
  const cases: Array<{
    name: string;
    metadata?: KubeObject['metadata'];
    requested?: number;
    nowSeconds?: number;
    graceful?: boolean;
    expected: {
      graceful: boolean;
      pending: boolean;
      deletionTimestamp?: string;
      grace?: number;
      generation?: number;
    };
  }> = [
    {
      name: 'a resource without graceful deletion',
      graceful: false,
      expected: { graceful: false, pending: false },
    },
    {
      name: 'first delete of a pod: now + its grace period',
      expected: { graceful: true, pending: false, deletionTimestamp: at(30), grace: 30 },
    },
    {
      name: 'a requested grace period wins',
      requested: 5,
      expected: { graceful: true, pending: false, deletionTimestamp: at(5), grace: 5 },
    },
    {
      name: 'a negative grace period counts as 1 s',
      requested: -3,
      expected: { graceful: true, pending: false, deletionTimestamp: at(1), grace: 1 },
    },
    {
      name: 'the first graceful delete bumps a generation',
      metadata: { generation: 2 },
      expected: { graceful: true, pending: false, deletionTimestamp: at(30), grace: 30, generation: 3 },
    },
    {
      name: 'already deleting, no grace period asked: pending',
      metadata: { deletionTimestamp: at(30), deletionGracePeriodSeconds: 30 },
      nowSeconds: 10,
      expected: { graceful: false, pending: true },
    },
    {
      name: 'already deleting, a longer grace period: pending',
      metadata: { deletionTimestamp: at(30), deletionGracePeriodSeconds: 30 },
      requested: 60,
      nowSeconds: 10,
      expected: { graceful: false, pending: true },
    },
    {
      name: 'already deleting, a shorter grace period moves the timestamp back',
      metadata: { deletionTimestamp: at(30), deletionGracePeriodSeconds: 30 },
      requested: 25,
      nowSeconds: 10,
      expected: { graceful: true, pending: false, deletionTimestamp: at(25), grace: 25 },
    },
    {
      name: 'already deleting, 0 s: back to the first DELETE (1.32 lets it go into the past)',
      metadata: { deletionTimestamp: at(30), deletionGracePeriodSeconds: 30 },
      requested: 0,
      nowSeconds: 10,
      expected: { graceful: true, pending: false, deletionTimestamp: at(0), grace: 0 },
    },
    {
      name: 'already deleting, the shorter period is already over: shortened all the same',
      metadata: { deletionTimestamp: at(30), deletionGracePeriodSeconds: 30 },
      requested: 5,
      nowSeconds: 12,
      expected: { graceful: true, pending: false, deletionTimestamp: at(5), grace: 5 },
    },
    {
      name: 'already deleting with a grace period of 0: not graceful',
      metadata: { deletionTimestamp: at(0), deletionGracePeriodSeconds: 0 },
      nowSeconds: 10,
      expected: { graceful: false, pending: false },
    },
  ];
  for (const c of cases) {
    test(c.name, () => {
      const current = object(c.metadata);
      const result = beforeDelete({
        current,
        requested: c.requested,
        now: T0 + (c.nowSeconds ?? 0) * 1000,
        gracePeriod: c.graceful === false ? undefined : podGrace,
      });
      assert.equal(result.graceful, c.expected.graceful);
      assert.equal(result.pending, c.expected.pending);
      if (!c.expected.graceful) {
        assert.equal(result.object, current);
        return;
      }
      assert.equal(result.object.metadata.deletionTimestamp, c.expected.deletionTimestamp);
      assert.equal(result.object.metadata.deletionGracePeriodSeconds, c.expected.grace);
      assert.equal(result.object.metadata.generation, c.expected.generation);
    });
  }
});

describe('deletionFinalizers (deletionFinalizersForGarbageCollection)', () => {
  const cases: Array<{
    finalizers: string[];
    policy?: PropagationPolicy;
    defaultPolicy?: GarbageCollectionPolicy;
    expected: string[] | 'unchanged';
  }> = [
    { finalizers: [], expected: 'unchanged' },
    { finalizers: ['example.com/a'], policy: 'Background', expected: 'unchanged' },
    { finalizers: [], defaultPolicy: 'OrphanDependents', expected: ['orphan'] },
    { finalizers: [], policy: 'Background', defaultPolicy: 'OrphanDependents', expected: 'unchanged' },
    { finalizers: [], policy: 'Orphan', expected: ['orphan'] },
    { finalizers: [], policy: 'Foreground', expected: ['foregroundDeletion'] },
    { finalizers: ['example.com/a'], policy: 'Orphan', expected: ['example.com/a', 'orphan'] },
    { finalizers: ['orphan', 'example.com/a'], policy: 'Background', expected: ['example.com/a'] },
    { finalizers: ['foregroundDeletion'], policy: 'Orphan', expected: ['orphan'] },
    { finalizers: ['foregroundDeletion'], defaultPolicy: 'OrphanDependents', expected: 'unchanged' },
    { finalizers: ['orphan'], expected: 'unchanged' },
  ];
  for (const c of cases) {
    test(`${JSON.stringify(c.finalizers)} ${c.policy ?? 'no policy'} ${c.defaultPolicy ?? ''}`, () => {
      const result = deletionFinalizers(c.finalizers, c.policy, c.defaultPolicy);
      if (c.expected === 'unchanged') {
        assert.deepEqual(result, { changed: false, finalizers: c.finalizers });
      } else {
        assert.deepEqual(result, { changed: true, finalizers: c.expected });
      }
    });
  }
});

describe('markAsDeleting', () => {
  const cases: Array<{ name: string; metadata: KubeObject['metadata']; expected: KubeObject['metadata'] }> = [
    {
      name: 'first deletion: now, grace 0, generation bumped',
      metadata: { generation: 4 },
      expected: { deletionTimestamp: at(10), deletionGracePeriodSeconds: 0, generation: 5 },
    },
    {
      name: 'an earlier deletionTimestamp is kept',
      metadata: { deletionTimestamp: at(2), deletionGracePeriodSeconds: 0 },
      expected: { deletionTimestamp: at(2), deletionGracePeriodSeconds: 0 },
    },
    {
      name: 'a later deletionTimestamp comes back to now',
      metadata: { deletionTimestamp: at(40), deletionGracePeriodSeconds: 30 },
      expected: { deletionTimestamp: at(10), deletionGracePeriodSeconds: 0 },
    },
  ];
  for (const c of cases) {
    test(c.name, () => {
      const { deletionTimestamp, deletionGracePeriodSeconds, generation } = markAsDeleting(
        object(c.metadata),
        T0 + 10_000,
      ).metadata;
      assert.deepEqual(
        JSON.parse(JSON.stringify({ deletionTimestamp, deletionGracePeriodSeconds, generation })),
        c.expected,
      );
    });
  }
});

describe('shouldDeleteDuringUpdate', () => {
  const cases: Array<{ name: string; existing: KubeObject['metadata']; next: string[]; expected: boolean }> =
    [
      { name: 'not being deleted', existing: { finalizers: ['a'] }, next: [], expected: false },
      {
        name: 'finalizers left',
        existing: { deletionTimestamp: at(0), deletionGracePeriodSeconds: 0, finalizers: ['a', 'b'] },
        next: ['b'],
        expected: false,
      },
      {
        name: 'last finalizer gone, grace 0',
        existing: { deletionTimestamp: at(0), deletionGracePeriodSeconds: 0, finalizers: ['a'] },
        next: [],
        expected: true,
      },
      {
        name: 'last finalizer gone, no grace period',
        existing: { deletionTimestamp: at(0), finalizers: ['a'] },
        next: [],
        expected: true,
      },
      {
        name: 'last finalizer gone while the grace period runs',
        existing: { deletionTimestamp: at(30), deletionGracePeriodSeconds: 30, finalizers: ['a'] },
        next: [],
        expected: false,
      },
    ];
  for (const c of cases) {
    test(c.name, () => {
      const existing = object(c.existing);
      const next = object({ ...c.existing, finalizers: c.next });
      assert.equal(shouldDeleteDuringUpdate(next, existing), c.expected);
    });
  }
});

test('failed preconditions are conflicts naming the kind', () => {
  const pod = object();
  assert.equal(
    checkDeletePreconditions(pod, '', 'Pod', { uid: 'other' })?.message,
    'Operation cannot be fulfilled on Pod "p": the UID in the precondition (other) does not match the UID in record (u1). The object might have been deleted and then recreated',
  );
  assert.equal(
    checkDeletePreconditions(pod, 'apps', 'Deployment', { resourceVersion: '3' })?.message,
    'Operation cannot be fulfilled on Deployment.apps "p": the ResourceVersion in the precondition (3) does not match the ResourceVersion in record (7). The object might have been modified',
  );
  assert.equal(checkDeletePreconditions(pod, '', 'Pod', { uid: 'u1', resourceVersion: '7' }), undefined);
});

describe('through the API', () => {
  const withEngine = async (run: (t: TestEngine) => void) => {
    const t = await TestEngine.start();
    try {
      run(t);
    } finally {
      await t.stop();
    }
  };
  const removeFinalizers = (t: TestEngine, path: string) =>
    t.request('PATCH', path, { metadata: { finalizers: null } }, 'application/merge-patch+json');
  const running = (t: TestEngine, name: string, spec: Record<string, unknown> = {}) => {
    t.create({
      ...podManifest(name, { image: 'busybox:1.36', command: ['sh', '-c', 'sleep 600'] }, spec),
      metadata: { name, namespace: 'default', finalizers: ['example.com/keep'] },
    });
    t.until(() => t.pod(name).status?.phase === 'Running', 60_000);
  };

  test('a finalizer keeps a ConfigMap with deletionTimestamp now; removing it deletes the ConfigMap', () =>
    withEngine((t) => {
      const path = '/api/v1/namespaces/default/configmaps/kept';
      t.create({
        apiVersion: 'v1',
        kind: 'ConfigMap',
        metadata: { name: 'kept', namespace: 'default', finalizers: ['example.com/keep'] },
      });
      t.advance(5_000);
      const reply = t.delete('v1', 'ConfigMap', 'default', 'kept', { propagationPolicy: 'Background' });
      const marked = reply.body as ConfigMap;
      assert.equal(marked.metadata?.deletionTimestamp, toRfc3339(t.now()));
      assert.equal(marked.metadata?.deletionGracePeriodSeconds, 0);
      assert.equal(removeFinalizers(t, path).status, 200);
      assert.equal(t.request('GET', path).status, 404);
    }));

  test('a pod with a finalizer gets now + terminationGracePeriodSeconds and outlives its finalizer', () =>
    withEngine((t) => {
      running(t, 'graceful', { terminationGracePeriodSeconds: 20 });
      const deletedAt = t.now();
      const reply = t.delete('v1', 'Pod', 'default', 'graceful', { propagationPolicy: 'Background' });
      assert.equal((reply.body as Pod).metadata?.deletionTimestamp, toRfc3339(deletedAt + 20_000));
      assert.equal((reply.body as Pod).metadata?.deletionGracePeriodSeconds, 20);
      assert.equal(removeFinalizers(t, '/api/v1/namespaces/default/pods/graceful').status, 200);
      assert.ok(t.get('v1', 'Pod', 'default', 'graceful'), 'still terminating after its finalizer went');
      // `sleep` ignores SIGTERM: the kubelet kills it when the grace period ends, then confirms.
      const goneAt = t.until(() => t.get('v1', 'Pod', 'default', 'graceful') === undefined, 60_000);
      assert.equal(goneAt - (deletedAt - t.start), 20_000);
    }));

  test("the kubelet's confirmation cuts the grace period to 0 and the finalizer holds the pod", () =>
    withEngine((t) => {
      running(t, 'held', { terminationGracePeriodSeconds: 20 });
      const deletedAt = t.now();
      t.delete('v1', 'Pod', 'default', 'held', { propagationPolicy: 'Background' });
      t.advance(25_000);
      const pod = t.pod('held');
      assert.equal(pod.metadata?.deletionGracePeriodSeconds, 0);
      assert.equal(pod.metadata?.deletionTimestamp, toRfc3339(deletedAt));
      assert.equal(removeFinalizers(t, '/api/v1/namespaces/default/pods/held').status, 200);
      assert.equal(t.get('v1', 'Pod', 'default', 'held'), undefined);
    }));

  test('a Job past its deadline: its pod loses the tracking finalizer but terminates for its grace period', () =>
    withEngine((t) => {
      t.create({
        apiVersion: 'batch/v1',
        kind: 'Job',
        metadata: { name: 'slow', namespace: 'default' },
        spec: {
          activeDeadlineSeconds: 30,
          template: {
            spec: {
              restartPolicy: 'Never',
              containers: [{ name: 'main', image: 'busybox:1.36', command: ['sh', '-c', 'sleep 600'] }],
            },
          },
        },
      });
      t.advanceTo(30_000);
      const [pod] = t.pods();
      assert.ok(pod);
      assert.equal(pod.metadata?.deletionTimestamp, toRfc3339(t.start + 60_000));
      assert.equal(pod.metadata?.deletionGracePeriodSeconds, 30);
      assert.equal(pod.metadata?.finalizers, undefined);
      const goneAt = t.until(() => t.pods().length === 0, 60_000);
      assert.equal(goneAt, 60_000);
    }));

  test('batch/v1 Jobs orphan their pods when the DELETE names no policy', () =>
    withEngine((t) => {
      t.create({
        apiVersion: 'batch/v1',
        kind: 'Job',
        metadata: { name: 'orphaning', namespace: 'default' },
        spec: {
          template: {
            spec: {
              restartPolicy: 'Never',
              containers: [{ name: 'main', image: 'busybox:1.36', command: ['sh', '-c', 'sleep 600'] }],
            },
          },
        },
      });
      const reply = t.delete('batch/v1', 'Job', 'default', 'orphaning');
      assert.deepEqual((reply.body as Job).metadata?.finalizers, ['orphan']);
      t.advance(1_000);
      assert.equal(t.get('batch/v1', 'Job', 'default', 'orphaning'), undefined);
      const [pod] = t.pods();
      assert.ok(pod, 'the pod stays');
      assert.equal(pod.metadata?.ownerReferences, undefined);
    }));

  test('a stale uid precondition is a 409 naming the kind', () =>
    withEngine((t) => {
      t.create({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'cm', namespace: 'default' } });
      const reply = t.delete('v1', 'ConfigMap', 'default', 'cm', { preconditions: { uid: 'stale' } });
      assert.equal(reply.status, 409);
      const status = reply.body as Status;
      assert.match(
        status.message ?? '',
        /^Operation cannot be fulfilled on ConfigMap "cm": the UID in the precondition \(stale\) does not match the UID in record \(/,
      );
      assert.deepEqual(status.details, { name: 'cm', kind: 'ConfigMap' });
    }));
});
