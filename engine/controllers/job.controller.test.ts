import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import type { Job } from 'kubernetes-types/batch/v1';
import type { Pod } from 'kubernetes-types/core/v1';
import { type TestEngine, withEngine } from '../cluster/testing.ts';
import { formatIndexes, parseIndexes, podFailureBackoffRemaining } from './job.controller.ts';

function job(name: string, spec: Record<string, unknown>, container: Record<string, unknown>) {
  return {
    apiVersion: 'batch/v1',
    kind: 'Job',
    metadata: { name, namespace: 'default' },
    spec: {
      ...spec,
      template: { spec: { restartPolicy: 'Never', containers: [{ name: 'main', ...container }] } },
    },
  };
}

const getJob = (t: TestEngine, name: string): Job => {
  const found = t.get<Job>('batch/v1', 'Job', 'default', name);
  assert.ok(found);
  return found;
};
const jobPods = (t: TestEngine, name: string): Pod[] =>
  t.pods().filter((p) => p.metadata?.labels?.['batch.kubernetes.io/job-name'] === name);
const conditionTypes = (j: Job) => (j.status?.conditions ?? []).map((c) => `${c.type}:${c.reason}`);

describe('Job', () => {
  test('the pi example: one pod, tracked by a finalizer, then SuccessCriteriaMet and Complete', () =>
    withEngine((t) => {
      const created = t.create<Job>(
        job('pi', {}, { image: 'perl:5.34.0', command: ['perl', '-Mbignum=bpi', '-wle', 'print bpi(2000)'] }),
      );
      const [pod] = jobPods(t, 'pi');
      assert.ok(pod);
      assert.match(pod.metadata?.name ?? '', /^pi-[bcdfghjklmnpqrstvwxz2456789]{5}$/);
      assert.deepEqual(pod.metadata?.finalizers, ['batch.kubernetes.io/job-tracking']);
      assert.deepEqual(pod.metadata?.labels, {
        'batch.kubernetes.io/controller-uid': created.metadata?.uid,
        'batch.kubernetes.io/job-name': 'pi',
        'controller-uid': created.metadata?.uid,
        'job-name': 'pi',
      });
      assert.equal(getJob(t, 'pi').status?.active, 1);
      const doneAt = t.until(() => conditionTypes(getJob(t, 'pi')).length === 2, 60_000);
      // Pulled in 8 s after the 1 s sandbox, prints for 10 s; the Job sees it 1 s later.
      assert.equal(doneAt, 20_000);
      const status = getJob(t, 'pi').status;
      assert.deepEqual(conditionTypes(getJob(t, 'pi')), [
        'SuccessCriteriaMet:CompletionsReached',
        'Complete:CompletionsReached',
      ]);
      assert.equal(status?.conditions?.[1]?.message, 'Reached expected number of succeeded pods');
      assert.equal(status?.succeeded, 1);
      assert.equal(status?.active, undefined);
      assert.equal(status?.completionTime, '2025-01-01T00:00:20Z');
      assert.deepEqual(status?.uncountedTerminatedPods, {});
      assert.equal(jobPods(t, 'pi')[0]?.metadata?.finalizers, undefined);
      assert.deepEqual(t.eventLines('default', 'pi'), [
        `SuccessfulCreate: Created pod: ${pod.metadata?.name}`,
        'Completed: Job completed',
      ]);
      assert.equal(t.row('batch/v1', 'Job', 'default', 'pi').Completions, '1/1');
    }));

  test('completions 3, parallelism 2: two at a time until three succeeded', () =>
    withEngine((t) => {
      t.create(
        job(
          'batch',
          { completions: 3, parallelism: 2 },
          { image: 'busybox:1.36', command: ['sh', '-c', 'sleep 5'] },
        ),
      );
      const active = t.record(() => getJob(t, 'batch').status?.active ?? 0, 60_000).map((e) => e.value);
      assert.deepEqual(active, [2, 1, 0]);
      assert.equal(jobPods(t, 'batch').length, 3);
      assert.equal(getJob(t, 'batch').status?.succeeded, 3);
    }));

  test('backoffLimit: failed pods are replaced after 10 s, 20 s … then BackoffLimitExceeded', () =>
    withEngine((t) => {
      t.create(
        job('failing', { backoffLimit: 2 }, { image: 'busybox:1.36', command: ['sh', '-c', 'exit 1'] }),
      );
      const created = t.record(() => jobPods(t, 'failing').length, 200_000).map((e) => e.at);
      // The first pod fails at 2 s (1 s sandbox, 1 s pull), the second 1 s after it is created
      // (image present); the replacements come 10 s, then 20 s after each failure.
      assert.deepEqual(created, [0, 12_000, 33_000]);
      const j = getJob(t, 'failing');
      assert.deepEqual(conditionTypes(j), [
        'FailureTarget:BackoffLimitExceeded',
        'Failed:BackoffLimitExceeded',
      ]);
      assert.equal(j.status?.conditions?.[1]?.message, 'Job has reached the specified backoff limit');
      assert.equal(j.status?.failed, 3);
      const warning = t.events('default', 'failing').find((e) => e.reason === 'BackoffLimitExceeded');
      assert.equal(warning?.type, 'Warning');
      assert.equal(warning?.message, 'Job has reached the specified backoff limit');
    }));

  test('Indexed completion mode: one pod per index, with its hostname', () =>
    withEngine((t) => {
      t.create(
        job(
          'indexed',
          { completions: 3, parallelism: 3, completionMode: 'Indexed' },
          {
            image: 'busybox:1.36',
            command: ['sh', '-c', 'sleep 2'],
          },
        ),
      );
      const pods = jobPods(t, 'indexed');
      assert.deepEqual(
        pods
          .map((p) => [
            p.metadata?.annotations?.['batch.kubernetes.io/job-completion-index'],
            p.spec?.hostname,
          ])
          .sort(),
        [
          ['0', 'indexed-0'],
          ['1', 'indexed-1'],
          ['2', 'indexed-2'],
        ],
      );
      assert.ok(pods.every((p) => p.metadata?.generateName?.match(/^indexed-\d-$/)));
      for (const pod of pods) {
        assert.deepEqual(pod.spec?.containers[0]?.env, [
          {
            name: 'JOB_COMPLETION_INDEX',
            valueFrom: {
              fieldRef: { fieldPath: "metadata.labels['batch.kubernetes.io/job-completion-index']" },
            },
          },
        ]);
      }
      t.until(() => getJob(t, 'indexed').status?.succeeded === 3, 30_000);
      assert.equal(getJob(t, 'indexed').status?.completedIndexes, '0-2');
    }));

  test('activeDeadlineSeconds stops the Job with DeadlineExceeded', () =>
    withEngine((t) => {
      t.create(
        job(
          'slow',
          { activeDeadlineSeconds: 30 },
          { image: 'busybox:1.36', command: ['sh', '-c', 'sleep 600'] },
        ),
      );
      const targetAt = t.until(
        () => conditionTypes(getJob(t, 'slow')).includes('FailureTarget:DeadlineExceeded'),
        120_000,
      );
      assert.equal(targetAt, 30_000);
      t.until(() => conditionTypes(getJob(t, 'slow')).includes('Failed:DeadlineExceeded'), 120_000);
      assert.equal(jobPods(t, 'slow').length, 0);
      assert.equal(
        getJob(t, 'slow').status?.conditions?.[0]?.message,
        'Job was active longer than specified deadline',
      );
    }));

  test('a suspended Job has no pods and the Suspended condition; resumed, it runs and says so', () =>
    withEngine((t) => {
      t.create(
        job('later', { suspend: true }, { image: 'busybox:1.36', command: ['sh', '-c', 'echo done'] }),
      );
      t.advance(10_000);
      assert.equal(jobPods(t, 'later').length, 0);
      assert.deepEqual(conditionTypes(getJob(t, 'later')), ['Suspended:JobSuspended']);
      assert.equal(getJob(t, 'later').status?.conditions?.[0]?.status, 'True');
      assert.equal(getJob(t, 'later').status?.startTime, undefined);
      const reply = t.request(
        'PATCH',
        '/apis/batch/v1/namespaces/default/jobs/later',
        { spec: { suspend: false } },
        'application/merge-patch+json',
      );
      assert.equal(reply.status, 200, reply.text);
      t.until(() => jobPods(t, 'later').length === 1, 10_000);
      const resumed = getJob(t, 'later').status?.conditions?.find((c) => c.type === 'Suspended');
      assert.deepEqual(
        [resumed?.status, resumed?.reason, resumed?.message],
        ['False', 'JobResumed', 'Job resumed'],
      );
      assert.ok(getJob(t, 'later').status?.startTime);
      const reasons = t.events('default', 'later').map((e) => `${e.reason}: ${e.message}`);
      assert.ok(reasons.includes('Suspended: Job suspended'), reasons.join('\n'));
      assert.ok(reasons.includes('Resumed: Job resumed'), reasons.join('\n'));
    }));

  test('a Job that was never suspended has no Suspended condition', () =>
    withEngine((t) => {
      t.create(job('plain', {}, { image: 'busybox:1.36', command: ['sh', '-c', 'echo done'] }));
      t.until(() => conditionTypes(getJob(t, 'plain')).includes('Complete:CompletionsReached'), 60_000);
      assert.ok(!conditionTypes(getJob(t, 'plain')).some((c) => c.startsWith('Suspended')));
    }));
});

test('ttlSecondsAfterFinished deletes a finished Job and its pods', () =>
  withEngine((t) => {
    t.create(
      job('short', { ttlSecondsAfterFinished: 30 }, { image: 'busybox:1.36', command: ['sh', '-c', 'true'] }),
    );
    const doneAt = t.until(
      () => conditionTypes(getJob(t, 'short')).includes('Complete:CompletionsReached'),
      30_000,
    );
    const goneAt = t.until(() => t.get('batch/v1', 'Job', 'default', 'short') === undefined, 60_000);
    // The Complete condition carries whole seconds: the deletion comes 30 s after that second.
    assert.equal(goneAt - Math.floor(doneAt / 1000) * 1000, 30_000);
    t.advance(1_000);
    assert.equal(jobPods(t, 'short').length, 0);
  }));

test('completed indexes are written as ranges', () => {
  assert.equal(formatIndexes([0, 1, 2, 5, 7, 8]), '0-2,5,7-8');
  assert.deepEqual(parseIndexes('0-2,5,7-8'), [0, 1, 2, 5, 7, 8]);
});

test('pod failure back-off doubles from 10 s up to 10 minutes', () => {
  const cases: Array<[number, number]> = [
    [1, 10_000],
    [2, 20_000],
    [3, 40_000],
    [7, 600_000],
    [12, 600_000],
  ];
  for (const [failures, wait] of cases) {
    assert.equal(
      podFailureBackoffRemaining({ failuresAfterLastSuccess: failures, lastFailureTime: 0 }, 0),
      wait,
    );
  }
});
