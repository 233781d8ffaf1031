import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import type { CronJob, Job } from 'kubernetes-types/batch/v1';
import { type TestEngine, withEngine } from '../cluster/testing.ts';
import { cronJobName, mostRecentScheduleTime, parseSchedule } from './cronjob.controller.ts';

function cronJob(spec: Record<string, unknown>, command: string) {
  return {
    apiVersion: 'batch/v1',
    kind: 'CronJob',
    metadata: { name: 'hello', namespace: 'default' },
    spec: {
      schedule: '*/1 * * * *',
      ...spec,
      jobTemplate: {
        spec: {
          template: {
            spec: {
              restartPolicy: 'OnFailure',
              containers: [{ name: 'hello', image: 'busybox:1.28', command: ['/bin/sh', '-c', command] }],
            },
          },
        },
      },
    },
  };
}

const jobs = (t: TestEngine) => t.list<Job>('batch/v1', 'Job', 'default');
const cj = (t: TestEngine) => t.get<CronJob>('batch/v1', 'CronJob', 'default', 'hello')!;

describe('CronJob', () => {
  test('one Job per minute, named after the slot, 100 ms after it; three kept', () =>
    withEngine((t) => {
      t.create(cronJob({}, 'date; echo Hello from the Kubernetes cluster'));
      const created = t.record(() => jobs(t).map((j) => j.metadata?.name), 330_000);
      // 2025-01-01T00:01:00Z is minute 28928161 since the epoch.
      assert.deepEqual(created.slice(1, 3), [
        { at: 60_100, value: ['hello-28928161'] },
        { at: 120_100, value: ['hello-28928161', 'hello-28928162'] },
      ]);
      assert.deepEqual(
        jobs(t).map((j) => j.metadata?.name),
        ['hello-28928163', 'hello-28928164', 'hello-28928165'],
      );
      const first = jobs(t)[0]!;
      assert.equal(
        first.metadata?.annotations?.['batch.kubernetes.io/cronjob-scheduled-timestamp'],
        '2025-01-01T00:03:00Z',
      );
      assert.equal(first.metadata?.ownerReferences?.[0]?.kind, 'CronJob');
      const status = cj(t).status;
      assert.equal(status?.lastScheduleTime, '2025-01-01T00:05:00Z');
      assert.equal(status?.lastSuccessfulTime, jobs(t).at(-1)?.status?.completionTime);
      assert.match(status?.lastSuccessfulTime ?? '', /^2025-01-01T00:05:0[12]Z$/);
      assert.equal(status?.active, undefined);
      const lines = t.eventLines('default', 'hello');
      assert.deepEqual(lines.slice(0, 2), [
        'SuccessfulCreate: Created job hello-28928161',
        'SawCompletedJob: Saw completed job: hello-28928161, condition: Complete',
      ]);
      assert.ok(lines.includes('SuccessfulDelete: Deleted job hello-28928161'));
    }));

  test('concurrencyPolicy Forbid skips a slot while the previous Job runs', () =>
    withEngine((t) => {
      t.create(cronJob({ concurrencyPolicy: 'Forbid' }, 'sleep 90'));
      t.advanceTo(200_000);
      // The 00:02 slot is skipped while the first Job runs, and (with no startingDeadlineSeconds)
      // started late once it completes; the 00:03 slot finds that one running.
      assert.deepEqual(
        jobs(t).map((j) => [j.metadata?.name, j.metadata?.creationTimestamp]),
        [
          ['hello-28928161', '2025-01-01T00:01:00Z'],
          ['hello-28928162', '2025-01-01T00:02:33Z'],
        ],
      );
      assert.ok(
        t
          .eventLines('default', 'hello')
          .includes(
            'JobAlreadyActive: Not starting job because prior execution is running and concurrency policy is Forbid',
          ),
      );
    }));

  test('concurrencyPolicy Replace deletes the running Job', () =>
    withEngine((t) => {
      t.create(cronJob({ concurrencyPolicy: 'Replace' }, 'sleep 600'));
      t.advanceTo(130_000);
      assert.deepEqual(
        jobs(t)
          .filter((j) => !j.metadata?.deletionTimestamp)
          .map((j) => j.metadata?.name),
        ['hello-28928162'],
      );
      assert.ok(t.eventLines('default', 'hello').includes('SuccessfulDelete: Deleted job hello-28928161'));
      assert.equal(cj(t).status?.active?.length, 1);
    }));

  test('suspend stops new Jobs', () =>
    withEngine((t) => {
      t.create(cronJob({ suspend: true }, 'true'));
      t.advanceTo(300_000);
      assert.equal(jobs(t).length, 0);
    }));
});

test('schedule slots', () => {
  const hourly = parseSchedule('0 * * * *');
  const t0 = Date.parse('2025-01-01T00:30:00Z');
  assert.equal(new Date(hourly.next(t0)).toISOString(), '2025-01-01T01:00:00.000Z');
  const { mostRecent, missed } = mostRecentScheduleTime(hourly, t0, Date.parse('2025-01-01T03:10:00Z'));
  assert.equal(new Date(mostRecent!).toISOString(), '2025-01-01T03:00:00.000Z');
  assert.equal(missed, 3);
  assert.equal(cronJobName('backup', Date.parse('2025-01-01T03:00:00Z')), 'backup-28928340');
  const paris = parseSchedule('0 9 * * *', 'Europe/Paris');
  assert.equal(new Date(paris.next(t0)).toISOString(), '2025-01-01T08:00:00.000Z');
  assert.throws(() => parseSchedule('not a schedule'));
});
