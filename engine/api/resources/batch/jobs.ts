// batch/v1 Jobs and CronJobs: defaulting (pkg/apis/batch/v1/defaults.go), the Job's generated
// selector (pkg/registry/batch/job/strategy.go) and validation (pkg/apis/batch/validation).
import { isDeepStrictEqual } from 'node:util';
import type { CronJob, CronJobSpec, Job, JobSpec } from 'kubernetes-types/batch/v1';
import type { PodTemplateSpec } from 'kubernetes-types/core/v1';
import type { FieldError } from '../../errors.ts';
import { labelSelectorMatches } from '../../selectors/label-selector.ts';
import type { KubeObject } from '../../types.ts';
import { cronScheduleError, isTimeZone } from '../../validation/cron-schedule.ts';
import { goLabelsValue, goSelectorValue } from '../../validation/go-values.ts';
import { nameProblems, validateLabels } from '../../validation/names.ts';
import { validatePodSpec } from '../../validation/pod-spec.ts';
import { defaultPodSpec } from '../core/pod-spec.defaults.ts';
import {
  type ResourceDefinition,
  STANDARD_VERBS,
  STATUS_SUBRESOURCE,
  specStatusStrategy,
} from '../resource.ts';

export const LEGACY_CONTROLLER_UID_LABEL = 'controller-uid';
export const LEGACY_JOB_NAME_LABEL = 'job-name';
export const CONTROLLER_UID_LABEL = 'batch.kubernetes.io/controller-uid';
export const JOB_NAME_LABEL = 'batch.kubernetes.io/job-name';

export const NEGATIVE_ERROR = 'must be greater than or equal to 0';
export const RESTART_POLICY_REQUIRED = 'valid values: "OnFailure", "Never"';
export const SELECTOR_MISMATCH = '`selector` does not match template `labels`';
export const SELECTOR_NOT_GENERATED = '`selector` not auto-generated';
export const SELECTOR_WILL_BE_GENERATED = '`selector` will be auto-generated';
export const CRONJOB_NAME_TOO_LONG = 'must be no more than 52 characters';
export const TZ_IN_SCHEDULE = 'cannot use TZ or CRON_TZ in schedule, use timeZone field instead';
export const TZ_TWICE = 'cannot use both timeZone field and TZ or CRON_TZ in schedule';
export const IMMUTABLE = 'field is immutable';

const MAX_INT32 = 2 ** 31 - 1;
const MAX_PARALLELISM_FOR_INDEXED_JOB = 100_000;
/** The cronjob controller appends `-<minutes>` (11 characters) to make Job names of at most 63. */
const MAX_CRONJOB_NAME_LENGTH = 52;

function jobSpec(object: KubeObject): JobSpec {
  return ((object as unknown as Job).spec ??= { template: {} });
}

function defaultTemplate(template: PodTemplateSpec): void {
  template.spec ??= { containers: [] };
  defaultPodSpec(template.spec);
}

/** SetDefaults_Job. */
export function defaultJob(object: KubeObject): void {
  const spec = jobSpec(object);
  if (spec.completions == null && spec.parallelism == null) {
    spec.completions = 1;
    spec.parallelism = 1;
  }
  spec.parallelism ??= 1;
  spec.backoffLimit ??= spec.backoffLimitPerIndex != null ? MAX_INT32 : 6;
  spec.template ??= {};
  copyTemplateLabels(object);
  spec.completionMode ??= 'NonIndexed';
  spec.suspend ??= false;
  for (const rule of spec.podFailurePolicy?.rules ?? []) {
    for (const pattern of rule.onPodConditions ?? []) pattern.status ||= 'True';
  }
  spec.podReplacementPolicy ??= spec.podFailurePolicy ? 'Failed' : 'TerminatingOrFailed';
  spec.manualSelector ??= false;
  defaultTemplate(spec.template);
}

/** A Job without labels of its own shows its pod template's (defaulting, on every decode). */
function copyTemplateLabels(object: KubeObject): void {
  const labels = jobSpec(object).template?.metadata?.labels;
  if (labels && Object.keys(object.metadata.labels ?? {}).length === 0)
    object.metadata.labels = { ...labels };
}

/**
 * generateSelector: unless `manualSelector`, the pod template gets the job-name and controller-uid
 * labels (both spellings) and the selector matches `batch.kubernetes.io/controller-uid`.
 */
export function generateJobSelector(object: KubeObject): void {
  const spec = jobSpec(object);
  if (spec.manualSelector === true) return;
  const name = object.metadata.name ?? '';
  const uid = object.metadata.uid ?? '';
  spec.template.metadata = { ...spec.template.metadata };
  const labels = { ...spec.template.metadata.labels };
  for (const key of [LEGACY_JOB_NAME_LABEL, JOB_NAME_LABEL]) labels[key] ??= name;
  for (const key of [LEGACY_CONTROLLER_UID_LABEL, CONTROLLER_UID_LABEL]) labels[key] ??= uid;
  spec.template.metadata.labels = labels;
  const selector = { ...spec.selector };
  selector.matchLabels = { ...selector.matchLabels };
  selector.matchLabels[CONTROLLER_UID_LABEL] ??= uid;
  spec.selector = selector;
}

function nonNegative(value: number | null | undefined, field: string): FieldError[] {
  if (value == null || value >= 0) return [];
  return [{ type: 'FieldValueInvalid', field, value, detail: NEGATIVE_ERROR }];
}

function notSupported(field: string, value: unknown, supported: readonly string[]): FieldError {
  return {
    type: 'FieldValueNotSupported',
    field,
    value,
    detail: `supported values: ${supported.map((s) => JSON.stringify(s)).join(', ')}`,
  };
}

/** validateJobSpec: the checks a Job and a CronJob's job template share. */
export function validateJobSpec(spec: JobSpec | undefined, path: string): FieldError[] {
  const s = spec ?? ({ template: {} } as JobSpec);
  const errors: FieldError[] = [
    ...nonNegative(s.parallelism, `${path}.parallelism`),
    ...nonNegative(s.completions, `${path}.completions`),
    ...nonNegative(s.activeDeadlineSeconds, `${path}.activeDeadlineSeconds`),
    ...nonNegative(s.backoffLimit, `${path}.backoffLimit`),
    ...nonNegative(s.ttlSecondsAfterFinished, `${path}.ttlSecondsAfterFinished`),
    ...nonNegative(s.backoffLimitPerIndex, `${path}.backoffLimitPerIndex`),
  ];
  if (s.maxFailedIndexes != null) {
    errors.push(...nonNegative(s.maxFailedIndexes, `${path}.maxFailedIndexes`));
    if (s.backoffLimitPerIndex == null) {
      errors.push({
        type: 'FieldValueRequired',
        field: `${path}.backoffLimitPerIndex`,
        detail: 'when maxFailedIndexes is specified',
      });
    }
  }
  const mode = s.completionMode;
  if (mode != null) {
    if (mode !== 'NonIndexed' && mode !== 'Indexed') {
      errors.push(notSupported(`${path}.completionMode`, mode, ['NonIndexed', 'Indexed']));
    }
    if (mode === 'Indexed') {
      if (s.completions == null) {
        errors.push({
          type: 'FieldValueRequired',
          field: `${path}.completions`,
          detail: 'when completion mode is Indexed',
        });
      }
      if (s.parallelism != null && s.parallelism > MAX_PARALLELISM_FOR_INDEXED_JOB) {
        errors.push({
          type: 'FieldValueInvalid',
          field: `${path}.parallelism`,
          value: s.parallelism,
          detail: `must be less than or equal to ${MAX_PARALLELISM_FOR_INDEXED_JOB} when completion mode is Indexed`,
        });
      }
    }
  }
  if (mode == null || mode === 'NonIndexed') {
    for (const field of ['backoffLimitPerIndex', 'maxFailedIndexes'] as const) {
      if (s[field] == null) continue;
      errors.push({
        type: 'FieldValueInvalid',
        field: `${path}.${field}`,
        value: s[field],
        detail: 'requires indexed completion mode',
      });
    }
  }
  errors.push(...validatePodReplacementPolicy(s, `${path}.podReplacementPolicy`));
  const template = s.template ?? {};
  errors.push(...validateLabels(template.metadata?.labels, `${path}.template.metadata.labels`));
  errors.push(...validatePodSpec(template.spec, `${path}.template.spec`));
  const restartPolicy = template.spec?.restartPolicy ?? '';
  const restartPath = `${path}.template.spec.restartPolicy`;
  if (restartPolicy === 'Always' || restartPolicy === '') {
    errors.push({ type: 'FieldValueRequired', field: restartPath, detail: RESTART_POLICY_REQUIRED });
  } else if (restartPolicy !== 'OnFailure' && restartPolicy !== 'Never') {
    errors.push(notSupported(restartPath, restartPolicy, ['OnFailure', 'Never']));
  } else if (s.podFailurePolicy && restartPolicy !== 'Never') {
    errors.push({
      type: 'FieldValueInvalid',
      field: restartPath,
      value: restartPolicy,
      detail: 'only "Never" is supported when podFailurePolicy is specified',
    });
  }
  return errors;
}

function validatePodReplacementPolicy(spec: JobSpec, path: string): FieldError[] {
  const policy = spec.podReplacementPolicy;
  if (policy == null) return [];
  if (spec.podFailurePolicy) return policy === 'Failed' ? [] : [notSupported(path, policy, ['Failed'])];
  if (policy === 'Failed' || policy === 'TerminatingOrFailed') return [];
  return [notSupported(path, policy, ['Failed', 'TerminatingOrFailed'])];
}

/** validateGeneratedSelector: the generated labels are on the template and the selector is the generated one. */
function validateGeneratedSelector(job: Job): FieldError[] {
  const spec = job.spec;
  if (!spec || spec.manualSelector === true || !spec.selector) return [];
  const name = job.metadata?.name ?? '';
  const uid = job.metadata?.uid ?? '';
  const labels = spec.template?.metadata?.labels;
  const errors: FieldError[] = [];
  const expected: Record<string, string> = {
    [LEGACY_CONTROLLER_UID_LABEL]: uid,
    [LEGACY_JOB_NAME_LABEL]: name,
    [CONTROLLER_UID_LABEL]: uid,
    [JOB_NAME_LABEL]: name,
  };
  for (const [key, value] of Object.entries(expected)) {
    const field = `spec.template.metadata.labels[${key}]`;
    const actual = labels?.[key];
    if (actual === undefined)
      errors.push({ type: 'FieldValueRequired', field, detail: `must be '${value}'` });
    else if (actual !== value) {
      errors.push({
        type: 'FieldValueInvalid',
        field,
        value: goLabelsValue(labels),
        detail: `must be '${value}'`,
      });
    }
  }
  if (!labelSelectorMatches(spec.selector, expected)) {
    errors.push({
      type: 'FieldValueInvalid',
      field: 'spec.selector',
      value: goSelectorValue(spec.selector),
      detail: SELECTOR_NOT_GENERATED,
    });
  }
  return errors;
}

/** ValidateJob (after the object metadata, which the registry checks). */
export function validateJob(object: KubeObject): FieldError[] {
  const job = object as unknown as Job;
  const spec = job.spec;
  const errors = [...validateGeneratedSelector(job), ...validateJobSpec(spec, 'spec')];
  if (!spec?.selector) {
    errors.push({ type: 'FieldValueRequired', field: 'spec.selector' });
  } else if (!labelSelectorMatches(spec.selector, spec.template?.metadata?.labels ?? {})) {
    errors.push({
      type: 'FieldValueInvalid',
      field: 'spec.template.metadata.labels',
      value: goLabelsValue(spec.template?.metadata?.labels),
      detail: SELECTOR_MISMATCH,
    });
  }
  if (spec?.completionMode === 'Indexed' && spec.completions != null && spec.completions > 0) {
    const hostname = `${job.metadata?.name ?? ''}-${spec.completions - 1}`;
    if (nameProblems(hostname, 'dns-label').length > 0) {
      errors.push({
        type: 'FieldValueInvalid',
        field: 'metadata.name',
        value: job.metadata?.name ?? '',
        detail: `will not able to create pod with invalid DNS label: ${hostname}`,
      });
    }
  }
  return errors;
}

function immutable(now: unknown, before: unknown, field: string, value: unknown = now): FieldError[] {
  if (isDeepStrictEqual(now ?? null, before ?? null)) return [];
  return [{ type: 'FieldValueInvalid', field, value, detail: IMMUTABLE }];
}

/** The template with what a suspended, never started Job may change taken from `now`. */
function schedulingDirectivesFrom(now: PodTemplateSpec, before: PodTemplateSpec): PodTemplateSpec {
  const spec = { ...before.spec, containers: before.spec?.containers ?? [] };
  for (const field of ['nodeSelector', 'tolerations', 'schedulingGates'] as const) {
    if (now.spec?.[field] === undefined) delete spec[field];
    else (spec as Record<string, unknown>)[field] = now.spec[field];
  }
  const affinity = { ...before.spec?.affinity };
  delete affinity.nodeAffinity;
  if (now.spec?.affinity?.nodeAffinity) affinity.nodeAffinity = now.spec.affinity.nodeAffinity;
  if (Object.keys(affinity).length > 0 || now.spec?.affinity) spec.affinity = affinity;
  else delete spec.affinity;
  const metadata = { ...before.metadata };
  for (const field of ['labels', 'annotations'] as const) {
    if (now.metadata?.[field] === undefined) delete metadata[field];
    else metadata[field] = now.metadata[field];
  }
  return { ...before, metadata, spec };
}

/** ValidateJobUpdate: what may not change once a Job exists. */
export function validateJobUpdate(object: KubeObject, old: KubeObject): FieldError[] {
  const now = jobSpec(object);
  const before = jobSpec(old);
  const errors: FieldError[] = [];
  const indexed = now.completionMode === 'Indexed';
  if (!indexed) errors.push(...immutable(now.completions, before.completions, 'spec.completions'));
  else if (
    now.completions != null &&
    now.completions !== before.completions &&
    now.completions !== now.parallelism
  ) {
    errors.push({
      type: 'FieldValueInvalid',
      field: 'spec.completions',
      value: now.completions,
      detail: 'can only be modified in tandem with spec.parallelism',
    });
  }
  if (now.selector && !isDeepStrictEqual(now.selector, before.selector)) {
    errors.push(...immutable(now.selector, before.selector, 'spec.selector', goSelectorValue(now.selector)));
  }
  const oldJob = old as unknown as Job;
  const mayReschedule = oldJob.spec?.suspend === true && !oldJob.status?.startTime;
  const template = now.template ?? {};
  const oldTemplate = mayReschedule
    ? schedulingDirectivesFrom(template, before.template ?? {})
    : (before.template ?? {});
  errors.push(...immutable(template, oldTemplate, 'spec.template'));
  for (const field of [
    'completionMode',
    'podFailurePolicy',
    'backoffLimitPerIndex',
    'managedBy',
    'successPolicy',
  ] as const) {
    errors.push(...immutable(now[field], before[field], `spec.${field}`));
  }
  return errors;
}

/** SetDefaults_CronJob, and the pod defaults of its job template. */
export function defaultCronJob(object: KubeObject): void {
  const cronJob = object as unknown as CronJob;
  const spec = (cronJob.spec ??= { schedule: '', jobTemplate: {} });
  spec.concurrencyPolicy ||= 'Allow';
  spec.suspend ??= false;
  spec.successfulJobsHistoryLimit ??= 3;
  spec.failedJobsHistoryLimit ??= 1;
  spec.jobTemplate ??= {};
  const template = (spec.jobTemplate.spec ??= { template: {} });
  template.template ??= {};
  defaultTemplate(template.template);
}

/** validateCronJobSpec; `old` is the spec before an update. */
export function validateCronJobSpec(
  spec: CronJobSpec | undefined,
  old: CronJobSpec | undefined,
): FieldError[] {
  const errors: FieldError[] = [];
  const schedule = spec?.schedule ?? '';
  if (schedule.length === 0) {
    errors.push({ type: 'FieldValueRequired', field: 'spec.schedule' });
  } else {
    const problem = cronScheduleError(schedule);
    if (problem)
      errors.push({ type: 'FieldValueInvalid', field: 'spec.schedule', value: schedule, detail: problem });
    const allowTZ = old?.schedule?.includes('TZ') ?? false;
    if (allowTZ && schedule.includes('TZ') && spec?.timeZone != null) {
      errors.push({ type: 'FieldValueInvalid', field: 'spec.schedule', value: schedule, detail: TZ_TWICE });
    } else if (!allowTZ && schedule.includes('TZ')) {
      errors.push({
        type: 'FieldValueInvalid',
        field: 'spec.schedule',
        value: schedule,
        detail: TZ_IN_SCHEDULE,
      });
    }
  }
  errors.push(...nonNegative(spec?.startingDeadlineSeconds, 'spec.startingDeadlineSeconds'));
  if (!old || old.timeZone !== spec?.timeZone) errors.push(...validateTimeZone(spec?.timeZone));
  const policy = spec?.concurrencyPolicy ?? '';
  if (policy === '') errors.push({ type: 'FieldValueRequired', field: 'spec.concurrencyPolicy' });
  else if (!['Allow', 'Forbid', 'Replace'].includes(policy)) {
    errors.push(notSupported('spec.concurrencyPolicy', policy, ['Allow', 'Forbid', 'Replace']));
  }
  const jobTemplate = spec?.jobTemplate?.spec;
  errors.push(...validateJobSpec(jobTemplate, 'spec.jobTemplate.spec'));
  if (jobTemplate?.selector) {
    errors.push({
      type: 'FieldValueInvalid',
      field: 'spec.jobTemplate.spec.selector',
      value: goSelectorValue(jobTemplate.selector),
      detail: SELECTOR_WILL_BE_GENERATED,
    });
  }
  if (jobTemplate?.manualSelector === true) {
    errors.push(notSupported('spec.jobTemplate.spec.manualSelector', true, ['nil', 'false']));
  }
  errors.push(...nonNegative(spec?.successfulJobsHistoryLimit, 'spec.successfulJobsHistoryLimit'));
  errors.push(...nonNegative(spec?.failedJobsHistoryLimit, 'spec.failedJobsHistoryLimit'));
  return errors;
}

/** Time zones: IANA names only, not "Local" (https://data.iana.org/time-zones/theory.html#naming). */
function validateTimeZone(timeZone: string | null | undefined): FieldError[] {
  if (timeZone == null) return [];
  const field = 'spec.timeZone';
  if (timeZone.length === 0) {
    return [
      {
        type: 'FieldValueInvalid',
        field,
        value: timeZone,
        detail: 'timeZone must be nil or non-empty string',
      },
    ];
  }
  const unknown = {
    type: 'FieldValueInvalid' as const,
    field,
    value: timeZone,
    detail: `unknown time zone ${timeZone}`,
  };
  for (const part of timeZone.split('/')) {
    if (part === '.' || part === '..' || part.startsWith('-') || !/^[A-Za-z.\-_0-9+]{1,14}$/.test(part)) {
      return [unknown];
    }
  }
  const errors: FieldError[] = [];
  if (timeZone.toLowerCase() === 'local') {
    errors.push({
      type: 'FieldValueInvalid',
      field,
      value: timeZone,
      detail: 'timeZone must be an explicit time zone as defined in https://www.iana.org/time-zones',
    });
  }
  if (!isTimeZone(timeZone)) errors.push(unknown);
  return errors;
}

export const jobsResource: ResourceDefinition = {
  group: 'batch',
  version: 'v1',
  resource: 'jobs',
  singular: 'job',
  kind: 'Job',
  namespaced: true,
  verbs: STANDARD_VERBS,
  categories: ['all'],
  subresources: [STATUS_SUBRESOURCE('Job')],
  strategy: specStatusStrategy({
    // batch/v1 keeps orphaning pods by default, for backward compatibility (job strategy.go).
    defaultGarbageCollectionPolicy: 'OrphanDependents',
    applyDefaults: defaultJob,
    prepareForCreate(object) {
      generateJobSelector(object);
      copyTemplateLabels(object);
      object.status = {};
    },
    validate: validateJob,
    validateUpdate: validateJobUpdate,
  }),
};

export const cronJobsResource: ResourceDefinition = {
  group: 'batch',
  version: 'v1',
  resource: 'cronjobs',
  singular: 'cronjob',
  kind: 'CronJob',
  namespaced: true,
  verbs: STANDARD_VERBS,
  shortNames: ['cj'],
  categories: ['all'],
  subresources: [STATUS_SUBRESOURCE('CronJob')],
  strategy: specStatusStrategy({
    applyDefaults: defaultCronJob,
    prepareForCreate(object) {
      object.status = {};
    },
    validateCreate(object) {
      const errors = validateCronJobSpec((object as unknown as CronJob).spec, undefined);
      const name = object.metadata.name ?? '';
      if (name.length > MAX_CRONJOB_NAME_LENGTH) {
        errors.push({
          type: 'FieldValueInvalid',
          field: 'metadata.name',
          value: name,
          detail: CRONJOB_NAME_TOO_LONG,
        });
      }
      return errors;
    },
    validateUpdate(object, old) {
      return validateCronJobSpec((object as unknown as CronJob).spec, (old as unknown as CronJob).spec);
    },
  }),
};
