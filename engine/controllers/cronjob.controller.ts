import { CronExpressionParser } from 'cron-parser';
import type { CronJob, Job } from 'kubernetes-types/batch/v1';
import type { ObjectReference } from 'kubernetes-types/core/v1';
import { ApiError } from '../api/errors.ts';
import { parseGoDuration } from '../api/protobuf/go-duration.ts';
import type { KubeObject } from '../api/types.ts';
import { toRfc3339 } from '../clock/clock.ts';
import { controllerOf, controllerRef } from './controller-ref.ts';
import type { Controller, ControllerContext } from './runtime/controller.ts';
import type { EventRecorder } from './runtime/event-recorder.ts';
import { objectKey, splitKey } from './runtime/work-queue.ts';

const CRONJOBS = 'batch/cronjobs';
const JOBS = 'batch/jobs';

/** The controller looks at a CronJob 100ms after each scheduled time (nextScheduleDelta). */
export const NEXT_SCHEDULE_DELTA_MS = 100;
export const SCHEDULED_TIMESTAMP_ANNOTATION = 'batch.kubernetes.io/cronjob-scheduled-timestamp';
const MAX_MISSED = 100;

/** `<cronjob>-<scheduled time in minutes since the epoch>`: one name per schedule slot. */
export function cronJobName(cronJob: string, scheduledMs: number): string {
  return `${cronJob}-${Math.floor(scheduledMs / 60_000)}`;
}

/** A parsed schedule: the next time strictly after a given time. */
export interface Schedule {
  next(afterMs: number): number;
}

const EVERY = '@every ';

/**
 * `@every <duration>` (robfig/cron's ConstantDelaySchedule): whole seconds, at least one, counted
 * from the start of the second given.
 */
function everySchedule(duration: string): Schedule {
  const seconds = Number(parseGoDuration(duration) / 1_000_000_000n);
  const delay = Math.max(1, seconds) * 1000;
  return { next: (afterMs) => Math.floor(afterMs / 1000) * 1000 + delay };
}

/** Parses a cron schedule (five fields or a @descriptor) in `timeZone` (UTC by default). */
export function parseSchedule(schedule: string, timeZone?: string): Schedule {
  if (schedule.startsWith(EVERY)) return everySchedule(schedule.slice(EVERY.length));
  const tz = timeZone ?? 'UTC';
  CronExpressionParser.parse(schedule, { tz });
  return {
    next(afterMs) {
      const expression = CronExpressionParser.parse(schedule, { currentDate: new Date(afterMs), tz });
      return expression.next().toDate().getTime();
    },
  };
}

/**
 * mostRecentScheduleTime: the latest schedule slot in (earliest, now], where earliest is the
 * last schedule time (or the creation time), moved up to now − startingDeadlineSeconds.
 */
export function mostRecentScheduleTime(
  schedule: Schedule,
  earliestMs: number,
  nowMs: number,
): { mostRecent: number | undefined; missed: number } {
  let mostRecent: number | undefined;
  let missed = 0;
  for (let t = schedule.next(earliestMs); t <= nowMs; t = schedule.next(t)) {
    mostRecent = t;
    missed++;
    if (missed > MAX_MISSED * 10) {
      // Far behind: jump to the slot right before now.
      let slot = t;
      for (let s = schedule.next(nowMs - 366 * 24 * 3600_000); s <= nowMs; s = schedule.next(s)) slot = s;
      return { mostRecent: slot, missed };
    }
  }
  return { mostRecent, missed };
}

/**
 * The CronJob controller (pkg/controller/cronjob, v2): creates a Job for each schedule slot
 * (named after the slot), honours concurrencyPolicy, suspend and startingDeadlineSeconds,
 * keeps the active list and last schedule/successful times, and prunes finished Jobs beyond the
 * history limits.
 */
export const cronJobController: Controller = {
  name: 'cronjob',
  start(context) {
    const recorder = context.events.recorder('cronjob-controller');
    const queue = context.queue('cronjob', (key) => {
      const again = sync(context, recorder, key);
      if (again !== undefined) queue.addAfter(key, again);
    });
    context.informers.for(CRONJOBS).addHandlers({
      add: (cj) => queue.add(objectKey(cj)),
      update: (cj) => queue.add(objectKey(cj)),
    });
    const enqueueOwner = (job: KubeObject) => {
      const ref = controllerOf(job);
      if (ref?.kind === 'CronJob') queue.add(`${job.metadata.namespace}/${ref.name}`);
    };
    context.informers
      .for(JOBS)
      .addHandlers({ add: enqueueOwner, update: enqueueOwner, delete: enqueueOwner });
  },
};

function isFinished(job: Job): 'Complete' | 'Failed' | undefined {
  for (const c of job.status?.conditions ?? []) {
    if ((c.type === 'Complete' || c.type === 'Failed') && c.status === 'True') return c.type;
  }
  return undefined;
}

function jobReference(job: Job): ObjectReference {
  return {
    kind: 'Job',
    namespace: job.metadata?.namespace ?? '',
    name: job.metadata?.name ?? '',
    uid: job.metadata?.uid ?? '',
    apiVersion: 'batch/v1',
    resourceVersion: job.metadata?.resourceVersion ?? '',
  };
}

/** Returns how long until the next look, if any. */
function sync(context: ControllerContext, recorder: EventRecorder, key: string): number | undefined {
  const { namespace, name } = splitKey(key);
  const { client } = context;
  const cronJob = context.informers.for(CRONJOBS).get(namespace, name) as unknown as CronJob | undefined;
  if (!cronJob) return undefined;
  const cjObject = cronJob as unknown as KubeObject;
  const now = context.clock.now();
  const status = { ...(cronJob.status ?? {}) };
  let active = [...(status.active ?? [])];
  const jobs = (context.informers.for(JOBS).list(namespace) as unknown as Job[]).filter(
    (j) => controllerOf(j as unknown as KubeObject)?.uid === cronJob.metadata?.uid,
  );

  for (const job of jobs) {
    const found = active.some((a) => a.uid === job.metadata?.uid);
    const finished = isFinished(job);
    if (!found && !finished) {
      recorder.event(
        cjObject,
        'Warning',
        'UnexpectedJob',
        `Saw a job that the controller did not create or forgot: ${job.metadata?.name}`,
      );
    } else if (finished) {
      if (found) {
        active = active.filter((a) => a.uid !== job.metadata?.uid);
        recorder.event(
          cjObject,
          'Normal',
          'SawCompletedJob',
          `Saw completed job: ${job.metadata?.name}, condition: ${finished}`,
        );
      }
      const completion = job.status?.completionTime;
      if (
        finished === 'Complete' &&
        completion &&
        (!status.lastSuccessfulTime || Date.parse(completion) > Date.parse(status.lastSuccessfulTime))
      ) {
        status.lastSuccessfulTime = completion;
      }
    }
  }
  for (const ref of [...active]) {
    if (jobs.some((j) => j.metadata?.uid === ref.uid)) continue;
    recorder.event(cjObject, 'Normal', 'MissingJob', `Active job went missing: ${ref.name}`);
    active = active.filter((a) => a.uid !== ref.uid);
  }

  let requeue: number | undefined;
  if (!cronJob.metadata?.deletionTimestamp) {
    requeue = schedule(context, recorder, cronJob, now, jobs, status, active, (next) => {
      active = next;
    });
    cleanupFinishedJobs(context, recorder, cronJob, jobs, (uid) => {
      active = active.filter((a) => a.uid !== uid);
    });
  }
  const next = { ...status, ...(active.length > 0 ? { active } : {}) };
  if (active.length === 0) delete next.active;
  const current = client.get(CRONJOBS, namespace, name);
  if (current && JSON.stringify(current.status ?? {}) !== JSON.stringify(next)) {
    client.updateStatus(CRONJOBS, { ...current, status: next });
  }
  return requeue;
}

function schedule(
  context: ControllerContext,
  recorder: EventRecorder,
  cronJob: CronJob,
  now: number,
  jobs: Job[],
  status: NonNullable<CronJob['status']>,
  active: ObjectReference[],
  setActive: (active: ObjectReference[]) => void,
): number | undefined {
  const cjObject = cronJob as unknown as KubeObject;
  const spec = cronJob.spec;
  if (!spec) return undefined;
  if (spec.suspend) return undefined;
  let parsed: Schedule;
  try {
    parsed = parseSchedule(spec.schedule, spec.timeZone ?? undefined);
  } catch (error) {
    recorder.event(
      cjObject,
      'Warning',
      'UnparseableSchedule',
      `unparseable schedule: "${spec.schedule}" : ${(error as Error).message}`,
    );
    return undefined;
  }
  const createdAt = Date.parse(cronJob.metadata?.creationTimestamp ?? '') || now;
  const lastSchedule = status.lastScheduleTime ? Date.parse(status.lastScheduleTime) : createdAt;
  const deadline = spec.startingDeadlineSeconds;
  const earliest =
    deadline === undefined || deadline === null
      ? lastSchedule
      : Math.max(lastSchedule, now - deadline * 1000);
  const { mostRecent, missed } = mostRecentScheduleTime(parsed, earliest, now);
  const untilNext = (from: number) => parsed.next(from) + NEXT_SCHEDULE_DELTA_MS - now;
  if (mostRecent === undefined) {
    const { mostRecent: last } = mostRecentScheduleTime(parsed, lastSchedule, now);
    return untilNext(last ?? lastSchedule);
  }
  if (missed > MAX_MISSED) {
    recorder.event(
      cjObject,
      'Warning',
      'TooManyMissedTimes',
      'too many missed start times. Set or decrease .spec.startingDeadlineSeconds or check clock skew',
    );
  }
  const jobName = cronJobName(cronJob.metadata?.name ?? '', mostRecent);
  if (active.some((a) => a.name === jobName) || status.lastScheduleTime === toRfc3339(mostRecent)) {
    return untilNext(mostRecent);
  }
  const policy = spec.concurrencyPolicy ?? 'Allow';
  if (policy === 'Forbid' && active.length > 0) {
    recorder.event(
      cjObject,
      'Normal',
      'JobAlreadyActive',
      'Not starting job because prior execution is running and concurrency policy is Forbid',
    );
    return untilNext(mostRecent);
  }
  if (policy === 'Replace') {
    for (const ref of active) {
      const job = jobs.find((j) => j.metadata?.uid === ref.uid);
      if (job) deleteJob(context, recorder, cronJob, job);
    }
    active = [];
    setActive(active);
  }
  const template = spec.jobTemplate;
  const job: KubeObject = {
    apiVersion: 'batch/v1',
    kind: 'Job',
    metadata: {
      name: jobName,
      namespace: cronJob.metadata?.namespace ?? '',
      ...(template.metadata?.labels ? { labels: { ...template.metadata.labels } } : {}),
      annotations: {
        ...template.metadata?.annotations,
        [SCHEDULED_TIMESTAMP_ANNOTATION]: scheduledTimestamp(mostRecent, spec.timeZone ?? undefined),
      },
      ownerReferences: [controllerRef(cjObject)],
    },
    spec: template.spec,
  };
  let created: Job;
  try {
    created = context.client.create(JOBS, cronJob.metadata?.namespace ?? '', job) as unknown as Job;
    recorder.event(cjObject, 'Normal', 'SuccessfulCreate', `Created job ${created.metadata?.name}`);
  } catch (error) {
    if (!(error instanceof ApiError)) throw error;
    if (error.code !== 409) {
      recorder.event(cjObject, 'Warning', 'FailedCreate', `Error creating job: ${error.message}`);
      return 1_000;
    }
    const existing = context.client.get(JOBS, cronJob.metadata?.namespace ?? '', jobName) as unknown as Job;
    if (controllerOf(existing as unknown as KubeObject)?.uid !== cronJob.metadata?.uid) return undefined;
    created = existing;
  }
  setActive([...active, jobReference(created)]);
  status.lastScheduleTime = toRfc3339(mostRecent);
  return untilNext(mostRecent);
}

/** RFC 3339 in the CronJob's time zone, as the scheduled-timestamp annotation carries it. */
function scheduledTimestamp(ms: number, timeZone: string | undefined): string {
  if (!timeZone || timeZone === 'UTC' || timeZone === 'Etc/UTC') return toRfc3339(ms);
  const parts = new Intl.DateTimeFormat('en-CA', {
    timeZone,
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
    hour: '2-digit',
    minute: '2-digit',
    second: '2-digit',
    hourCycle: 'h23',
  }).formatToParts(new Date(ms));
  const get = (type: string) => parts.find((p) => p.type === type)?.value ?? '00';
  const local = Date.UTC(
    Number(get('year')),
    Number(get('month')) - 1,
    Number(get('day')),
    Number(get('hour')),
    Number(get('minute')),
    Number(get('second')),
  );
  const offset = Math.round((local - Math.floor(ms / 1000) * 1000) / 60_000);
  const sign = offset >= 0 ? '+' : '-';
  const abs = Math.abs(offset);
  const zone = `${sign}${String(Math.floor(abs / 60)).padStart(2, '0')}:${String(abs % 60).padStart(2, '0')}`;
  return `${get('year')}-${get('month')}-${get('day')}T${get('hour')}:${get('minute')}:${get('second')}${zone}`;
}

/** Deletes finished Jobs beyond successfulJobsHistoryLimit (3) and failedJobsHistoryLimit (1), oldest first. */
function cleanupFinishedJobs(
  context: ControllerContext,
  recorder: EventRecorder,
  cronJob: CronJob,
  jobs: Job[],
  forget: (uid: string) => void,
): void {
  const byStart = (a: Job, b: Job) => {
    const sa = a.status?.startTime;
    const sb = b.status?.startTime;
    if (!sb) return sa ? -1 : 0;
    if (!sa) return 1;
    return sa === sb
      ? (a.metadata?.name ?? '').localeCompare(b.metadata?.name ?? '')
      : Date.parse(sa) - Date.parse(sb);
  };
  const limits = {
    Complete: cronJob.spec?.successfulJobsHistoryLimit ?? 3,
    Failed: cronJob.spec?.failedJobsHistoryLimit ?? 1,
  };
  for (const kind of ['Complete', 'Failed'] as const) {
    const finished = jobs
      .filter((j) => isFinished(j) === kind && !j.metadata?.deletionTimestamp)
      .sort(byStart);
    const excess = finished.length - limits[kind];
    for (let i = 0; i < excess; i++) {
      deleteJob(context, recorder, cronJob, finished[i]!);
      forget(finished[i]!.metadata?.uid ?? '');
    }
  }
}

function deleteJob(context: ControllerContext, recorder: EventRecorder, cronJob: CronJob, job: Job): void {
  const cjObject = cronJob as unknown as KubeObject;
  try {
    context.client.delete(JOBS, job.metadata?.namespace ?? '', job.metadata?.name ?? '', {
      propagationPolicy: 'Background',
    });
  } catch (error) {
    if (!(error instanceof ApiError)) throw error;
    recorder.event(cjObject, 'Warning', 'FailedDelete', `Deleted job: ${error.message}`);
    return;
  }
  recorder.event(cjObject, 'Normal', 'SuccessfulDelete', `Deleted job ${job.metadata?.name}`);
}
