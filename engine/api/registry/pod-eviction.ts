import type { Pod, PodCondition } from 'kubernetes-types/core/v1';
import type { PodDisruptionBudget, PodDisruptionBudgetStatus } from 'kubernetes-types/policy/v1';
import { toRfc3339 } from '../../clock/clock.ts';
import { KUBE_APISERVER_IDENTITY } from '../component-identities.ts';
import { ApiError, badRequest, forbidden, type StatusBody, statusBody } from '../errors.ts';
import { podsResource } from '../resources/core/pods.ts';
import { podDisruptionBudgetsResource } from '../resources/other/groups.ts';
import { labelSelectorAsRequirements, labelSelectorMatches } from '../selectors/label-selector.ts';
import type { KubeObject } from '../types.ts';
import type { DeleteOptions, GenericRegistry, WriteOptions } from './generic-registry.ts';

/**
 * The most evictions a budget may have granted that its controller has not yet seen
 * (MaxDisruptedPodSize); past it the eviction API refuses until the controller catches up.
 */
export const MAX_DISRUPTED_POD_SIZE = 2000;

export const EVICTION_REFUSED_MESSAGE = "Cannot evict pod as it would violate the pod's disruption budget.";
export const MULTIPLE_BUDGETS_MESSAGE =
  'This pod has more than one PodDisruptionBudget, which the eviction subresource does not support.';

/** The body of a policy/v1 (or v1beta1) Eviction. */
export interface EvictionBody {
  metadata?: { name?: string };
  deleteOptions?: {
    gracePeriodSeconds?: number;
    preconditions?: { uid?: string; resourceVersion?: string };
    propagationPolicy?: DeleteOptions['propagationPolicy'];
    dryRun?: string[];
  } | null;
}

/** What the eviction answered: a Status sent with HTTP 201, its `code` telling success or not. */
export type EvictionResult = StatusBody;

const SUCCESS: EvictionResult = {
  kind: 'Status',
  apiVersion: 'v1',
  metadata: {},
  status: 'Success',
  code: 201,
};

/**
 * POST pods/{name}/eviction (EvictionREST.Create): deletes the pod unless that would leave its
 * PodDisruptionBudget short of healthy pods. Pods that are Pending, finished or already being
 * deleted go without a look at budgets; an unhealthy pod goes if its budget is otherwise met or
 * says AlwaysAllow; anything else takes one of the budget's allowed disruptions, recorded in its
 * status.disruptedPods, or is refused with 429. Before the delete, the pod gets the
 * DisruptionTarget condition (reason EvictionByEvictionAPI).
 */
export function evictPod(
  registry: GenericRegistry,
  namespace: string,
  name: string,
  eviction: EvictionBody,
  write: WriteOptions,
  now: number,
): EvictionResult {
  if (name !== (eviction.metadata?.name ?? ''))
    throw badRequest('name in URL does not match name in Eviction object');
  const deleteOptions = propagateDryRun(eviction, write.dryRun === true);
  const dryRun = deleteOptions.dryRun;
  const pod = registry.get(podsResource, namespace, name) as unknown as Pod;
  if (canIgnoreBudget(pod)) {
    addConditionAndDeletePod(registry, namespace, name, deleteOptions, write, now);
    return SUCCESS;
  }
  const budgets = budgetsOf(registry, pod);
  if (budgets.length > 1) {
    return {
      kind: 'Status',
      apiVersion: 'v1',
      metadata: {},
      status: 'Failure',
      message: MULTIPLE_BUDGETS_MESSAGE,
      code: 500,
    };
  }
  const pdb = budgets[0];
  if (pdb && !(isUnhealthy(pod) && unhealthyPodMayGo(pdb))) {
    checkAndDecrement(registry, pdb, name, dryRun, now);
  }
  addConditionAndDeletePod(registry, namespace, name, deleteOptions, write, now);
  return SUCCESS;
}

interface EvictionDeleteOptions extends DeleteOptions {
  dryRun: boolean;
}

/**
 * The eviction's DeleteOptions with the request's dryRun pushed into them (propagateDryRun); a
 * body and a query that disagree are an error.
 */
function propagateDryRun(eviction: EvictionBody, queryDryRun: boolean): EvictionDeleteOptions {
  const body = eviction.deleteOptions ?? {};
  const bodyDryRun = body.dryRun ?? [];
  if (bodyDryRun.length > 0 && queryDryRun && !(bodyDryRun.length === 1 && bodyDryRun[0] === 'All')) {
    // A plain error from the storage: a 500 Status without a reason (ErrorToAPIStatus).
    throw new ApiError({
      kind: 'Status',
      apiVersion: 'v1',
      metadata: {},
      status: 'Failure',
      message: `Non-matching dry-run options in request and content: [All] and [${bodyDryRun.join(' ')}]`,
      code: 500,
    });
  }
  const options: EvictionDeleteOptions = { dryRun: queryDryRun || bodyDryRun.includes('All') };
  if (typeof body.gracePeriodSeconds === 'number') options.gracePeriodSeconds = body.gracePeriodSeconds;
  if (body.preconditions) options.preconditions = body.preconditions;
  if (body.propagationPolicy) options.propagationPolicy = body.propagationPolicy;
  return options;
}

/** Finished, Pending and terminating pods disrupt nothing more by going (canIgnorePDB). */
function canIgnoreBudget(pod: Pod): boolean {
  const phase = pod.status?.phase;
  return (
    phase === 'Succeeded' ||
    phase === 'Failed' ||
    phase === 'Pending' ||
    Boolean(pod.metadata?.deletionTimestamp)
  );
}

/**
 * The budgets in the pod's namespace whose selector selects it; unlike the disruption
 * controller, the eviction API lets an empty selector select nothing (getPodDisruptionBudgets).
 */
function budgetsOf(registry: GenericRegistry, pod: Pod): PodDisruptionBudget[] {
  const list = registry.list(podDisruptionBudgetsResource, pod.metadata?.namespace ?? '');
  return (list.items as unknown as PodDisruptionBudget[]).filter((pdb) => {
    let requirements: unknown[] | null;
    try {
      requirements = labelSelectorAsRequirements(pdb.spec?.selector);
    } catch {
      return false;
    }
    if (!requirements || requirements.length === 0) return false;
    return labelSelectorMatches(pdb.spec?.selector, pod.metadata?.labels);
  });
}

/** Not Ready: podutil.IsPodReady is the eviction API's idea of healthy. */
function isUnhealthy(pod: Pod): boolean {
  return pod.status?.conditions?.find((c) => c.type === 'Ready')?.status !== 'True';
}

/**
 * An unhealthy pod may go without taking a disruption when its budget says AlwaysAllow, or
 * (IfHealthyBudget, the default) when the budget has the healthy pods it needs.
 */
function unhealthyPodMayGo(pdb: PodDisruptionBudget): boolean {
  if (pdb.spec?.unhealthyPodEvictionPolicy === 'AlwaysAllow') return true;
  const { currentHealthy = 0, desiredHealthy = 0 } = pdb.status ?? {};
  return currentHealthy >= desiredHealthy && desiredHealthy > 0;
}

/**
 * checkAndDecrement: refuses while the budget's controller has not seen its latest spec or it
 * allows no disruption; otherwise takes one disruption and records the pod in disruptedPods
 * (written as kube-apiserver's loopback client), unless this is a dry run.
 */
function checkAndDecrement(
  registry: GenericRegistry,
  pdb: PodDisruptionBudget,
  podName: string,
  dryRun: boolean,
  now: number,
): void {
  const name = pdb.metadata?.name ?? '';
  const status: PodDisruptionBudgetStatus = pdb.status ?? {
    currentHealthy: 0,
    desiredHealthy: 0,
    disruptionsAllowed: 0,
    expectedPods: 0,
  };
  if ((status.observedGeneration ?? 0) < (pdb.metadata?.generation ?? 0)) {
    throw tooManyRequests(`The disruption budget ${name} is still being processed by the server.`, 10);
  }
  if (status.disruptionsAllowed < 0) {
    throw forbidden(
      { group: 'policy', resource: 'poddisruptionbudget' },
      name,
      'pdb disruptions allowed is negative',
    );
  }
  if (Object.keys(status.disruptedPods ?? {}).length > MAX_DISRUPTED_POD_SIZE) {
    throw forbidden(
      { group: 'policy', resource: 'poddisruptionbudget' },
      name,
      'DisruptedPods map too big - too many evictions not confirmed by PDB controller',
    );
  }
  if (status.disruptionsAllowed === 0) {
    throw tooManyRequests(
      `The disruption budget ${name} needs ${status.desiredHealthy} healthy pods and has ${status.currentHealthy} currently`,
      0,
    );
  }
  if (dryRun) return;
  let next: PodDisruptionBudgetStatus = {
    ...status,
    disruptedPods: { ...(status.disruptedPods ?? {}), [podName]: toRfc3339(now) },
    disruptionsAllowed: status.disruptionsAllowed - 1,
  };
  if (next.disruptionsAllowed === 0) next = withInsufficientPods(next, now);
  registry.update(
    podDisruptionBudgetsResource,
    pdb.metadata?.namespace ?? '',
    name,
    { ...(pdb as unknown as KubeObject), status: next },
    { user: KUBE_APISERVER_IDENTITY.user, fieldManager: KUBE_APISERVER_IDENTITY.fieldManager },
    'status',
  );
}

/** UpdateDisruptionAllowedCondition once the last allowed disruption is taken. */
function withInsufficientPods(status: PodDisruptionBudgetStatus, now: number): PodDisruptionBudgetStatus {
  const conditions = status.conditions ?? [];
  const existing = conditions.find((c) => c.type === 'DisruptionAllowed');
  const observedGeneration = status.observedGeneration ?? 0;
  const condition = {
    type: 'DisruptionAllowed',
    status: 'False',
    ...(observedGeneration ? { observedGeneration } : {}),
    lastTransitionTime: existing?.status === 'False' ? existing.lastTransitionTime : toRfc3339(now),
    reason: 'InsufficientPods',
    message: existing?.status === 'False' && existing.reason === 'InsufficientPods' ? existing.message : '',
  };
  return {
    ...status,
    conditions: existing
      ? conditions.map((c) => (c === existing ? condition : c))
      : [...conditions, condition],
  };
}

/** errors.NewTooManyRequests with the budget's cause (policyv1.DisruptionBudgetCause). */
function tooManyRequests(cause: string, retryAfterSeconds: number): ApiError {
  return new ApiError(
    statusBody(429, 'TooManyRequests', EVICTION_REFUSED_MESSAGE, {
      causes: [{ reason: 'DisruptionBudget', message: cause }],
      retryAfterSeconds,
    }),
    retryAfterSeconds > 0 ? { 'Retry-After': String(retryAfterSeconds) } : {},
  );
}

/**
 * addConditionAndDeletePod: marks the pod DisruptionTarget (EvictionByEvictionAPI) through its
 * status, then deletes it with the eviction's DeleteOptions; a dry run only checks the delete.
 */
function addConditionAndDeletePod(
  registry: GenericRegistry,
  namespace: string,
  name: string,
  options: EvictionDeleteOptions,
  write: WriteOptions,
  now: number,
): void {
  const { dryRun, ...deleteOptions } = options;
  // Upstream's status update passes no UpdateOptions: the field manager comes from the User-Agent.
  const writer: WriteOptions = {
    user: write.user,
    ...(write.userAgent ? { userAgent: write.userAgent } : {}),
  };
  if (!dryRun) {
    const latest = registry.get(podsResource, namespace, name) as unknown as Pod;
    checkPreconditions(latest, deleteOptions.preconditions);
    const marked = withDisruptionTarget(latest, now);
    const updated = registry.update(
      podsResource,
      namespace,
      name,
      marked as unknown as KubeObject,
      writer,
      'status',
    );
    if (deleteOptions.preconditions?.resourceVersion) {
      deleteOptions.preconditions = {
        ...deleteOptions.preconditions,
        resourceVersion: updated.metadata.resourceVersion ?? '',
      };
    }
  }
  registry.deleteWithOutcome(podsResource, namespace, name, deleteOptions, { ...writer, dryRun });
}

/** The eviction's preconditions, checked before the condition is added (getLatestPod). */
function checkPreconditions(pod: Pod, preconditions: DeleteOptions['preconditions']): void {
  const name = pod.metadata?.name ?? '';
  const refuse = (message: string) =>
    new ApiError(
      statusBody(409, 'Conflict', `Operation cannot be fulfilled on Pod "${name}": ${message}`, {
        name,
        kind: 'Pod',
      }),
    );
  const uid = preconditions?.uid;
  if (uid && uid !== pod.metadata?.uid) {
    throw refuse(
      `the UID in the precondition (${uid}) does not match the UID in record (${pod.metadata?.uid}). The object might have been deleted and then recreated`,
    );
  }
  const rv = preconditions?.resourceVersion;
  if (rv && rv !== pod.metadata?.resourceVersion) {
    throw refuse(
      `the ResourceVersion in the precondition (${rv}) does not match the ResourceVersion in record (${pod.metadata?.resourceVersion}). The object might have been modified`,
    );
  }
}

/** podutil.UpdatePodCondition with DisruptionTarget True: the transition time moves only on a change. */
function withDisruptionTarget(pod: Pod, now: number): Pod {
  const conditions = pod.status?.conditions ?? [];
  const existing = conditions.find((c) => c.type === 'DisruptionTarget');
  const condition: PodCondition = {
    type: 'DisruptionTarget',
    status: 'True',
    lastProbeTime: null as unknown as string,
    lastTransitionTime:
      existing?.status === 'True' ? (existing.lastTransitionTime ?? toRfc3339(now)) : toRfc3339(now),
    reason: 'EvictionByEvictionAPI',
    message: 'Eviction API: evicting',
  };
  const next = existing
    ? conditions.map((c) => (c === existing ? condition : c))
    : [...conditions, condition];
  return { ...pod, status: { ...pod.status, conditions: next } };
}
