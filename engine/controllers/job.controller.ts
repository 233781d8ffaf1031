import type { Job, JobCondition } from 'kubernetes-types/batch/v1';
import type { Container, Pod, PodSpec } from 'kubernetes-types/core/v1';
import { ApiError } from '../api/errors.ts';
import type { KubeObject } from '../api/types.ts';
import { toRfc3339 } from '../clock/clock.ts';
import { controllerOf } from './controller-ref.ts';
import { isPodReady } from './pod-state.ts';
import { podFromTemplate } from './replicaset.controller.ts';
import type { Controller, ControllerContext } from './runtime/controller.ts';
import type { EventRecorder } from './runtime/event-recorder.ts';
import { objectKey, splitKey } from './runtime/work-queue.ts';

const JOBS = 'batch/jobs';
const PODS = '/pods';

export const JOB_TRACKING_FINALIZER = 'batch.kubernetes.io/job-tracking';
export const JOB_NAME_LABEL = 'batch.kubernetes.io/job-name';
export const CONTROLLER_UID_LABEL = 'batch.kubernetes.io/controller-uid';
export const COMPLETION_INDEX = 'batch.kubernetes.io/job-completion-index';
export const JOB_COMPLETION_INDEX_ENV = 'JOB_COMPLETION_INDEX';
/** Pod failures back off 10s, doubling, up to 10 minutes (DefaultJobPodFailureBackOff, MaxJobPodFailureBackOff). */
export const POD_FAILURE_BACKOFF_MS = 10_000;
export const MAX_POD_FAILURE_BACKOFF_MS = 600_000;
/** Pod changes reach a Job's sync in batches, a second apart (syncJobBatchPeriod). */
export const SYNC_JOB_BATCH_PERIOD_MS = 1_000;

export const COMPLETIONS_REACHED = {
  reason: 'CompletionsReached',
  message: 'Reached expected number of succeeded pods',
};
export const BACKOFF_LIMIT_EXCEEDED = {
  reason: 'BackoffLimitExceeded',
  message: 'Job has reached the specified backoff limit',
};
export const DEADLINE_EXCEEDED = {
  reason: 'DeadlineExceeded',
  message: 'Job was active longer than specified deadline',
};

export const JOB_SUSPENDED = { reason: 'JobSuspended', message: 'Job suspended' };
export const JOB_RESUMED = { reason: 'JobResumed', message: 'Job resumed' };

/**
 * Sets the Suspended condition as ensureJobConditionStatus does: a change of status replaces it;
 * a Job that was never suspended gets no condition when it runs. Says whether it changed.
 */
function ensureSuspendedCondition(
  conditions: JobCondition[],
  status: 'True' | 'False',
  now: number,
): boolean {
  const { reason, message } = status === 'True' ? JOB_SUSPENDED : JOB_RESUMED;
  const index = conditions.findIndex((c) => c.type === 'Suspended');
  const current = conditions[index];
  if (current && current.status === status && current.reason === reason && current.message === message)
    return false;
  if (!current && status === 'False') return false;
  const condition: JobCondition = {
    type: 'Suspended',
    status,
    lastProbeTime: toRfc3339(now),
    lastTransitionTime: toRfc3339(now),
    reason,
    message,
  };
  if (current) conditions[index] = condition;
  else conditions.push(condition);
  return true;
}

/**
 * The Job controller (pkg/controller/job): runs pods until `completions` succeed, at most
 * `parallelism` at a time, replacing failed ones after an exponential back-off until
 * `backoffLimit` failures; tracks finished pods with the job-tracking finalizer; reports
 * SuccessCriteriaMet and Complete, or FailureTarget and Failed.
 */
export const jobController: Controller = {
  name: 'job',
  start(context) {
    const recorder = context.events.recorder('job-controller');
    const backoffs = new Map<string, BackoffRecord>();
    const queue = context.queue('job', (key) => {
      const again = sync(context, recorder, backoffs, key);
      if (again !== undefined) queue.addAfter(key, again);
    });
    const jobs = context.informers.for(JOBS);
    jobs.addHandlers({
      add: (job) => queue.add(objectKey(job)),
      update: (job) => queue.add(objectKey(job)),
    });
    const enqueueOwner = (pod: KubeObject) => {
      const ref = controllerOf(pod);
      if (ref?.kind !== 'Job') return;
      queue.addAfter(`${pod.metadata.namespace}/${ref.name}`, SYNC_JOB_BATCH_PERIOD_MS);
    };
    context.informers
      .for(PODS)
      .addHandlers({ add: enqueueOwner, update: enqueueOwner, delete: enqueueOwner });
  },
};

interface JobSpecDefaults {
  parallelism: number;
  completions: number | undefined;
  backoffLimit: number;
  indexed: boolean;
}

/** Defaults of batch/v1 (parallelism 1; completions 1 when both are unset; backoffLimit 6). */
export function jobSpecDefaults(job: Job): JobSpecDefaults {
  const spec = job.spec;
  const parallelism = spec?.parallelism ?? 1;
  const completions =
    spec?.completions ?? (spec?.parallelism === undefined || spec.parallelism === null ? 1 : undefined);
  return {
    parallelism,
    completions: completions ?? undefined,
    backoffLimit: spec?.backoffLimit ?? 6,
    indexed: spec?.completionMode === 'Indexed',
  };
}

function isFinished(job: Job): boolean {
  return (job.status?.conditions ?? []).some(
    (c) => (c.type === 'Complete' || c.type === 'Failed') && c.status === 'True',
  );
}

function podFinishedAt(pod: Pod, fallback: number): number {
  let latest = 0;
  for (const s of pod.status?.containerStatuses ?? []) {
    const at = s.state?.terminated?.finishedAt;
    if (at) latest = Math.max(latest, Date.parse(at));
  }
  return latest || fallback;
}

/** Consecutive pod failures since the last success, and when the latest one ended. */
interface BackoffRecord {
  failuresAfterLastSuccess: number;
  lastFailureTime: number;
}

/** How long new pods still wait after failures: 10s × 2^(failures−1), at most 10 minutes. */
export function podFailureBackoffRemaining(record: BackoffRecord | undefined, now: number): number {
  if (!record || record.failuresAfterLastSuccess === 0) return 0;
  const backoff = Math.min(
    POD_FAILURE_BACKOFF_MS * 2 ** (record.failuresAfterLastSuccess - 1),
    MAX_POD_FAILURE_BACKOFF_MS,
  );
  return Math.max(0, record.lastFailureTime + backoff - now);
}

/** Returns when to sync again (a back-off or deadline coming due), if at all. */
function sync(
  context: ControllerContext,
  recorder: EventRecorder,
  backoffs: Map<string, BackoffRecord>,
  key: string,
): number | undefined {
  const { namespace, name } = splitKey(key);
  const { client, clock } = context;
  const job = context.informers.for(JOBS).get(namespace, name) as unknown as Job | undefined;
  if (!job || job.metadata?.deletionTimestamp) return undefined;
  const jobObject = job as unknown as KubeObject;
  const now = clock.now();
  const uid = job.metadata?.uid ?? '';
  const pods = (context.informers.for(PODS).list(namespace) as unknown as Pod[]).filter(
    (p) => controllerOf(p as unknown as KubeObject)?.uid === uid,
  );
  const defaults = jobSpecDefaults(job);
  const status = { ...(job.status ?? {}) };
  const conditions: JobCondition[] = [...(status.conditions ?? [])];
  const suspended = job.spec?.suspend === true;

  // Count finished pods that still carry the tracking finalizer, then release them.
  let succeeded = status.succeeded ?? 0;
  let failed = status.failed ?? 0;
  let lastFailure: number | undefined;
  let newFailures = 0;
  let newSuccess = false;
  const completedIndexes = new Set(parseIndexes(status.completedIndexes));
  for (const pod of pods) {
    const phase = pod.status?.phase;
    const tracked = pod.metadata?.finalizers?.includes(JOB_TRACKING_FINALIZER);
    const terminalFailure =
      phase === 'Failed' || (pod.metadata?.deletionTimestamp !== undefined && phase !== 'Succeeded');
    if (phase === 'Succeeded' && tracked) {
      succeeded++;
      newSuccess = true;
      const index = pod.metadata?.annotations?.[COMPLETION_INDEX];
      if (index !== undefined) completedIndexes.add(Number(index));
      removeFinalizer(context, pod);
    } else if (terminalFailure && tracked) {
      failed++;
      newFailures++;
      lastFailure = Math.max(lastFailure ?? 0, podFinishedAt(pod, now));
      removeFinalizer(context, pod);
    }
  }
  const record = backoffs.get(uid) ?? { failuresAfterLastSuccess: 0, lastFailureTime: 0 };
  if (newSuccess) record.failuresAfterLastSuccess = 0;
  if (newFailures > 0) {
    record.failuresAfterLastSuccess += newFailures;
    record.lastFailureTime = Math.max(record.lastFailureTime, lastFailure ?? now);
  }
  backoffs.set(uid, record);

  const active = pods.filter(
    (p) => !p.metadata?.deletionTimestamp && p.status?.phase !== 'Succeeded' && p.status?.phase !== 'Failed',
  );
  const terminating = pods.filter(
    (p) => p.metadata?.deletionTimestamp && p.status?.phase !== 'Succeeded' && p.status?.phase !== 'Failed',
  ).length;

  if (!status.startTime && !suspended) status.startTime = toRfc3339(now);
  const has = (type: string) => conditions.some((c) => c.type === type && c.status === 'True');
  const addCondition = (type: string, reason: string, message: string) => {
    if (has(type)) return;
    conditions.push({
      type,
      status: 'True',
      lastProbeTime: toRfc3339(now),
      lastTransitionTime: toRfc3339(now),
      reason,
      message,
    });
  };

  let requeue: number | undefined;
  if (!isFinished(job)) {
    const restarts = active.reduce(
      (sum, p) => sum + (p.status?.containerStatuses ?? []).reduce((s, c) => s + (c.restartCount ?? 0), 0),
      0,
    );
    const onFailure = job.spec?.template?.spec?.restartPolicy === 'OnFailure';
    const limit = defaults.backoffLimit;
    const pastBackoff = failed > limit || (onFailure && (limit === 0 ? restarts > 0 : restarts >= limit));
    const deadline = job.spec?.activeDeadlineSeconds;
    const started = status.startTime ? Date.parse(status.startTime) : now;
    const pastDeadline = deadline !== undefined && deadline !== null && now - started >= deadline * 1000;
    const failure = has('FailureTarget')
      ? conditions.find((c) => c.type === 'FailureTarget')!
      : pastBackoff
        ? BACKOFF_LIMIT_EXCEEDED
        : pastDeadline
          ? DEADLINE_EXCEEDED
          : undefined;
    const complete = isComplete(defaults, succeeded, completedIndexes, active.length, pods);
    if (failure) {
      const reason = failure.reason ?? '';
      const message = failure.message ?? '';
      addCondition('FailureTarget', reason, message);
      for (const pod of active) deletePod(context, recorder, jobObject, pod);
      if (active.length === 0 && terminating === 0) {
        addCondition('Failed', reason, message);
        recorder.event(jobObject, 'Warning', reason, message);
      }
    } else if (complete) {
      addCondition('SuccessCriteriaMet', COMPLETIONS_REACHED.reason, COMPLETIONS_REACHED.message);
      for (const pod of active) deletePod(context, recorder, jobObject, pod);
      if (active.length === 0) {
        addCondition('Complete', COMPLETIONS_REACHED.reason, COMPLETIONS_REACHED.message);
        status.completionTime = toRfc3339(now);
        recorder.event(jobObject, 'Normal', 'Completed', 'Job completed');
      }
    } else if (suspended) {
      for (const pod of active) deletePod(context, recorder, jobObject, pod);
      if (ensureSuspendedCondition(conditions, 'True', now)) {
        recorder.event(jobObject, 'Normal', 'Suspended', JOB_SUSPENDED.message);
      }
    } else {
      if (ensureSuspendedCondition(conditions, 'False', now)) {
        recorder.event(jobObject, 'Normal', 'Resumed', JOB_RESUMED.message);
        // A resumed Job's active deadline counts from now.
        status.startTime = toRfc3339(now);
      }
      const wanted = wantedActive(defaults, succeeded, completedIndexes.size, pods);
      const missing = wanted - active.length;
      if (missing > 0) {
        const wait = podFailureBackoffRemaining(record, now);
        if (wait > 0) requeue = wait;
        else {
          const indexes = defaults.indexed ? freeIndexes(defaults, completedIndexes, active, missing) : [];
          for (let i = 0; i < missing; i++) {
            const index = defaults.indexed ? indexes[i] : undefined;
            if (defaults.indexed && index === undefined) break;
            createPod(context, recorder, jobObject, index);
          }
        }
      } else if (missing < 0) {
        for (const pod of active.slice(missing)) deletePod(context, recorder, jobObject, pod);
      }
      if (deadline !== undefined && deadline !== null) {
        const left = started + deadline * 1000 - now;
        requeue = Math.min(requeue ?? Number.POSITIVE_INFINITY, Math.max(left, 1));
      }
    }
  }

  const current = context.informers.for(JOBS).get(namespace, name) as unknown as Job | undefined;
  const stillActive = (context.informers.for(PODS).list(namespace) as unknown as Pod[]).filter(
    (p) =>
      controllerOf(p as unknown as KubeObject)?.uid === uid &&
      !p.metadata?.deletionTimestamp &&
      p.status?.phase !== 'Succeeded' &&
      p.status?.phase !== 'Failed',
  );
  const next = {
    ...status,
    ...(stillActive.length > 0 ? { active: stillActive.length } : {}),
    ...(succeeded > 0 ? { succeeded } : {}),
    ...(failed > 0 ? { failed } : {}),
    ready: stillActive.filter(isPodReady).length,
    terminating,
    uncountedTerminatedPods: {},
    ...(defaults.indexed && completedIndexes.size > 0
      ? { completedIndexes: formatIndexes(completedIndexes) }
      : {}),
    ...(conditions.length > 0 ? { conditions } : {}),
  };
  if (stillActive.length === 0) delete next.active;
  if (current && JSON.stringify(current.status ?? {}) !== JSON.stringify(next)) {
    try {
      client.updateStatus(JOBS, { ...(current as unknown as KubeObject), status: next });
    } catch (error) {
      if (!(error instanceof ApiError && error.code === 409)) throw error;
      return 1;
    }
  }
  return requeue;
}

function isComplete(
  defaults: JobSpecDefaults,
  succeeded: number,
  completedIndexes: Set<number>,
  activeCount: number,
  pods: Pod[],
): boolean {
  if (defaults.indexed && defaults.completions !== undefined)
    return completedIndexes.size >= defaults.completions;
  if (defaults.completions !== undefined) return succeeded >= defaults.completions;
  // Work-queue jobs: done once a pod succeeded and none is left running.
  return succeeded > 0 && activeCount === 0 && pods.length > 0;
}

function wantedActive(
  defaults: JobSpecDefaults,
  succeeded: number,
  completedIndexes: number,
  pods: Pod[],
): number {
  if (defaults.completions === undefined) {
    const anySucceeded = succeeded > 0 || pods.some((p) => p.status?.phase === 'Succeeded');
    return anySucceeded ? 0 : defaults.parallelism;
  }
  const remaining = defaults.completions - (defaults.indexed ? completedIndexes : succeeded);
  return Math.max(0, Math.min(defaults.parallelism, remaining));
}

function freeIndexes(
  defaults: JobSpecDefaults,
  completed: Set<number>,
  active: Pod[],
  count: number,
): number[] {
  const busy = new Set(active.map((p) => Number(p.metadata?.annotations?.[COMPLETION_INDEX] ?? -1)));
  const free: number[] = [];
  for (let i = 0; i < (defaults.completions ?? 0) && free.length < count; i++) {
    if (!completed.has(i) && !busy.has(i)) free.push(i);
  }
  return free;
}

function createPod(
  context: ControllerContext,
  recorder: EventRecorder,
  job: KubeObject,
  index: number | undefined,
): void {
  // The template carries the job-name and controller-uid labels the API server generated.
  const pod = podFromTemplate(job);
  const name = job.metadata.name ?? '';
  if (index !== undefined)
    pod.metadata.labels = { ...pod.metadata.labels, [COMPLETION_INDEX]: String(index) };
  pod.metadata.finalizers = [...(pod.metadata.finalizers ?? []), JOB_TRACKING_FINALIZER];
  if (index !== undefined) {
    pod.metadata.generateName = `${name}-${index}-`;
    pod.metadata.annotations = { ...pod.metadata.annotations, [COMPLETION_INDEX]: String(index) };
    pod.spec = { ...(pod.spec as object), hostname: `${name}-${index}` };
    addCompletionIndexEnv(pod.spec as PodSpec);
  }
  try {
    const created = context.client.create(PODS, job.metadata.namespace ?? '', pod);
    recorder.event(job, 'Normal', 'SuccessfulCreate', `Created pod: ${created.metadata.name}`);
  } catch (error) {
    if (!(error instanceof ApiError)) throw error;
    recorder.event(job, 'Warning', 'FailedCreate', `Error creating: ${error.message}`);
  }
}

/**
 * Every container of an Indexed Job's pod reads its index from JOB_COMPLETION_INDEX, taken from
 * the pod's index label (addCompletionIndexEnvVariables; the label since PodIndexLabel).
 */
function addCompletionIndexEnv(spec: PodSpec): void {
  const withIndex = (container: Container): Container =>
    container.env?.some((e) => e.name === JOB_COMPLETION_INDEX_ENV)
      ? container
      : {
          ...container,
          env: [
            ...(container.env ?? []),
            {
              name: JOB_COMPLETION_INDEX_ENV,
              valueFrom: { fieldRef: { fieldPath: `metadata.labels['${COMPLETION_INDEX}']` } },
            },
          ],
        };
  spec.containers = spec.containers.map(withIndex);
  if (spec.initContainers) spec.initContainers = spec.initContainers.map(withIndex);
}

function deletePod(context: ControllerContext, recorder: EventRecorder, job: KubeObject, pod: Pod): void {
  const name = pod.metadata?.name ?? '';
  context.client.delete(PODS, pod.metadata?.namespace ?? '', name);
  recorder.event(job, 'Normal', 'SuccessfulDelete', `Deleted pod: ${name}`);
}

function removeFinalizer(context: ControllerContext, pod: Pod): void {
  const finalizers = (pod.metadata?.finalizers ?? []).filter((f) => f !== JOB_TRACKING_FINALIZER);
  try {
    context.client.patch(PODS, pod.metadata?.namespace ?? '', pod.metadata?.name ?? '', 'merge', {
      metadata: { finalizers: finalizers.length > 0 ? finalizers : null },
    });
  } catch (error) {
    if (!(error instanceof ApiError && error.code === 404)) throw error;
  }
}

/** `1,3-5` → [1, 3, 4, 5]. */
export function parseIndexes(text: string | undefined): number[] {
  if (!text) return [];
  return text.split(',').flatMap((part) => {
    const [from, to] = part.split('-').map(Number);
    if (to === undefined) return [from ?? 0];
    return Array.from({ length: to - (from ?? 0) + 1 }, (_, i) => (from ?? 0) + i);
  });
}

/** [1, 3, 4, 5] → `1,3-5`, as status.completedIndexes writes them. */
export function formatIndexes(indexes: Iterable<number>): string {
  const sorted = [...new Set(indexes)].sort((a, b) => a - b);
  const parts: string[] = [];
  for (let i = 0; i < sorted.length; ) {
    let j = i;
    while (j + 1 < sorted.length && sorted[j + 1] === sorted[j]! + 1) j++;
    parts.push(i === j ? String(sorted[i]) : `${sorted[i]}-${sorted[j]}`);
    i = j + 1;
  }
  return parts.join(',');
}
