import type { Pod } from 'kubernetes-types/core/v1';
import type { Condition, LabelSelector, OwnerReference } from 'kubernetes-types/meta/v1';
import type { PodDisruptionBudget, PodDisruptionBudgetStatus } from 'kubernetes-types/policy/v1';
import { ApiError } from '../api/errors.ts';
import { labelSelectorAsRequirements, labelSelectorMatches } from '../api/selectors/label-selector.ts';
import type { KubeObject } from '../api/types.ts';
import { toRfc3339 } from '../clock/clock.ts';
import { controllerOf } from './controller-ref.ts';
import { isPodReady } from './pod-state.ts';
import type { Controller, ControllerContext } from './runtime/controller.ts';
import type { EventRecorder } from './runtime/event-recorder.ts';
import { objectKey, splitKey } from './runtime/work-queue.ts';

const PDBS = 'policy/poddisruptionbudgets';
const PODS = '/pods';
const REPLICA_SETS = 'apps/replicasets';
const DEPLOYMENTS = 'apps/deployments';
const STATEFUL_SETS = 'apps/statefulsets';
const REPLICATION_CONTROLLERS = '/replicationcontrollers';

/**
 * How long an eviction's entry in status.disruptedPods keeps the pod out of currentHealthy
 * before the controller decides it will not be deleted after all (disruption.DeletionTimeout).
 */
export const DELETION_TIMEOUT_MS = 2 * 60 * 1000;

export const DISRUPTION_ALLOWED = 'DisruptionAllowed';
export const SUFFICIENT_PODS = 'SufficientPods';
export const INSUFFICIENT_PODS = 'InsufficientPods';
export const SYNC_FAILED = 'SyncFailed';

/** A workload's uid and desired replicas (controllerAndScale). */
export interface ControllerScale {
  uid: string;
  scale: number;
}

/** Finds the workload a pod's controllerRef names, with its scale; undefined when there is none. */
export type ScaleFinder = (ref: OwnerReference, namespace: string) => ControllerScale | undefined;

/** An error of the budget's sync, whose message the SyncFailed condition carries. */
class SyncError extends Error {}

/**
 * The disruption controller (pkg/controller/disruption): for every PodDisruptionBudget, counts the
 * selected pods that are Ready (currentHealthy), works out how many must stay healthy
 * (desiredHealthy, from minAvailable or maxUnavailable and the scale of the pods' workloads), and
 * writes the disruptions the eviction API may allow, with the DisruptionAllowed condition.
 */
export const disruptionController: Controller = {
  name: 'disruption',
  start(context) {
    const { informers } = context;
    const budgets = informers.for(PDBS);
    const pods = informers.for(PODS);
    const recorder = context.events.recorder('controllermanager');
    const queue = context.queue('disruption', (key) => {
      const recheckAfter = sync(context, key, recorder);
      if (recheckAfter !== undefined) queue.addAfter(key, recheckAfter);
    });
    const enqueueFor = (object: KubeObject) => {
      const pod = object as unknown as Pod;
      const matching = budgetsForPod(budgets.list(pod.metadata?.namespace), pod);
      const first = matching[0];
      if (!first) return;
      if (matching.length > 1) {
        recorder.event(
          object,
          'Warning',
          'MultiplePodDisruptionBudgets',
          `Pod "${pod.metadata?.namespace}"/"${pod.metadata?.name}" matches multiple PodDisruptionBudgets.  Chose "${first.metadata?.name}" arbitrarily.`,
        );
      }
      queue.add(objectKey(first as unknown as KubeObject));
    };
    budgets.addHandlers({
      add: (pdb) => queue.add(objectKey(pdb)),
      update: (pdb) => queue.add(objectKey(pdb)),
      delete: (pdb) => queue.add(objectKey(pdb)),
    });
    pods.addHandlers({ add: enqueueFor, update: enqueueFor, delete: enqueueFor });
  },
};

/**
 * The budgets whose selector selects the pod (PodDisruptionBudgetLister.GetPodPodDisruptionBudgets):
 * in policy/v1 an empty selector selects every pod; one that cannot be converted selects none.
 */
export function budgetsForPod(budgets: readonly KubeObject[], pod: Pod): PodDisruptionBudget[] {
  return budgets
    .map((object) => object as unknown as PodDisruptionBudget)
    .filter(
      (pdb) =>
        convertible(pdb.spec?.selector) && labelSelectorMatches(pdb.spec?.selector, pod.metadata?.labels),
    );
}

function convertible(selector: LabelSelector | undefined): boolean {
  try {
    labelSelectorAsRequirements(selector);
    return true;
  } catch {
    return false;
  }
}

/** Syncs one budget; returns when to look again if a disrupted pod's entry is due to expire. */
function sync(context: ControllerContext, key: string, recorder: EventRecorder): number | undefined {
  const { namespace, name } = splitKey(key);
  const pdb = context.informers.for(PDBS).get(namespace, name) as unknown as PodDisruptionBudget | undefined;
  if (!pdb) return undefined;
  const now = context.clock.now();
  try {
    return trySync(context, pdb, recorder, now);
  } catch (error) {
    if (error instanceof ApiError && error.code === 409) throw error;
    if (error instanceof ApiError || error instanceof SyncError) {
      failSafe(context, pdb, error.message, now);
      return undefined;
    }
    throw error;
  }
}

function trySync(
  context: ControllerContext,
  pdb: PodDisruptionBudget,
  recorder: EventRecorder,
  now: number,
): number | undefined {
  const pdbObject = pdb as unknown as KubeObject;
  const namespace = pdb.metadata?.namespace ?? '';
  let pods: Pod[];
  try {
    pods = podsForBudget(context.informers.for(PODS).list(namespace), pdb);
  } catch (error) {
    if (error instanceof SyncError)
      recorder.event(pdbObject, 'Warning', 'NoPods', `Failed to get pods: ${error.message}`);
    throw error;
  }
  if (pods.length === 0) recorder.event(pdbObject, 'Normal', 'NoPods', 'No matching pods found');
  let expected: ExpectedPods;
  try {
    expected = expectedPodCount(pdb, pods, scaleFinder(context));
  } catch (error) {
    if (!(error instanceof SyncError)) throw error;
    recorder.event(
      pdbObject,
      'Warning',
      'CalculateExpectedPodCountFailed',
      `Failed to calculate the number of expected pods: ${error.message}`,
    );
    throw error;
  }
  if (expected.unmanagedPods.length > 0) {
    recorder.event(
      pdbObject,
      'Warning',
      'UnmanagedPods',
      `Pods selected by this PodDisruptionBudget (selector: ${goLabelSelectorString(pdb.spec?.selector)}) were found to be unmanaged. As a result, the status of the PDB cannot be calculated correctly, which may result in undefined behavior. To account for these pods please set ".spec.minAvailable" field of the PDB to an integer value.`,
    );
  }
  const { disruptedPods, recheckAt } = buildDisruptedPodMap(pods, pdb, now, (pod) =>
    recorder.event(
      pod as unknown as KubeObject,
      'Warning',
      'NotDeleted',
      // Upstream prints the budget's namespace twice.
      `Pod was expected by PDB ${namespace}/${namespace} to be deleted but it wasn't`,
    ),
  );
  const currentHealthy = countHealthyPods(pods, disruptedPods, now);
  updateStatus(context, pdb, {
    currentHealthy,
    desiredHealthy: expected.desiredHealthy,
    expectedPods: expected.expectedCount,
    disruptedPods,
    now,
  });
  return recheckAt === undefined ? undefined : recheckAt - now;
}

/** The pods the budget's selector selects in its namespace (an empty selector selects all). */
export function podsForBudget(objects: readonly KubeObject[], pdb: PodDisruptionBudget): Pod[] {
  const selector = pdb.spec?.selector;
  try {
    labelSelectorAsRequirements(selector);
  } catch (error) {
    throw new SyncError((error as Error).message);
  }
  return objects
    .map((object) => object as unknown as Pod)
    .filter((pod) => labelSelectorMatches(selector, pod.metadata?.labels));
}

export interface ExpectedPods {
  expectedCount: number;
  desiredHealthy: number;
  unmanagedPods: string[];
}

/**
 * expectedPods and desiredHealthy (getExpectedPodCount): maxUnavailable and a percentage
 * minAvailable count against the summed scale of the pods' workloads, an integer minAvailable
 * against the selected pods. Throws with upstream's message when a pod's workload is not found.
 */
export function expectedPodCount(
  pdb: PodDisruptionBudget,
  pods: readonly Pod[],
  findScale: ScaleFinder,
): ExpectedPods {
  const { maxUnavailable, minAvailable } = pdb.spec ?? {};
  if (maxUnavailable !== undefined && maxUnavailable !== null) {
    const { expectedCount, unmanagedPods } = expectedScale(pods, findScale);
    const unavailable = scaledValue(maxUnavailable, expectedCount);
    return { expectedCount, desiredHealthy: Math.max(0, expectedCount - unavailable), unmanagedPods };
  }
  if (minAvailable !== undefined && minAvailable !== null) {
    if (typeof minAvailable === 'number') {
      return { expectedCount: pods.length, desiredHealthy: minAvailable, unmanagedPods: [] };
    }
    const { expectedCount, unmanagedPods } = expectedScale(pods, findScale);
    return { expectedCount, desiredHealthy: scaledValue(minAvailable, expectedCount), unmanagedPods };
  }
  return { expectedCount: 0, desiredHealthy: 0, unmanagedPods: [] };
}

/** The sum of the scales of the workloads controlling the pods (getExpectedScale). */
function expectedScale(
  pods: readonly Pod[],
  findScale: ScaleFinder,
): { expectedCount: number; unmanagedPods: string[] } {
  const scales = new Map<string, number>();
  const unmanagedPods: string[] = [];
  for (const pod of pods) {
    const ref = controllerOf(pod as unknown as KubeObject);
    if (!ref) {
      unmanagedPods.push(pod.metadata?.name ?? '');
      continue;
    }
    if (scales.has(ref.uid)) continue;
    const found = findScale(ref, pod.metadata?.namespace ?? '');
    if (!found) throw new SyncError(`found no controllers for pod "${pod.metadata?.name}"`);
    scales.set(found.uid, found.scale);
  }
  let expectedCount = 0;
  for (const scale of scales.values()) expectedCount += scale;
  return { expectedCount, unmanagedPods };
}

/** intstr.GetScaledValueFromIntOrPercent rounding up, with its errors. */
export function scaledValue(value: number | string, total: number): number {
  if (typeof value === 'number') return value;
  if (!value.endsWith('%'))
    throw new SyncError('invalid value for IntOrString: invalid type: string is not a percentage');
  const digits = value.slice(0, -1);
  if (!/^[+-]?\d+$/.test(digits))
    throw new SyncError(
      `invalid value for IntOrString: invalid value "${value}": strconv.Atoi: parsing "${digits}": invalid syntax`,
    );
  return Math.ceil((Number(digits) * total) / 100);
}

/**
 * The workloads a budget counts through, as upstream's finders try them: a ReplicationController,
 * a Deployment through its ReplicaSet, a ReplicaSet no Deployment controls, a StatefulSet, and
 * any other kind through its scale subresource.
 */
function scaleFinder(context: ControllerContext): ScaleFinder {
  const { informers } = context;
  const replicas = (object: KubeObject | undefined, ref: OwnerReference): ControllerScale | undefined => {
    if (!object || object.metadata.uid !== ref.uid) return undefined;
    return { uid: ref.uid, scale: (object.spec as { replicas?: number } | undefined)?.replicas ?? 1 };
  };
  return (ref, namespace) => {
    const group = groupOf(ref.apiVersion);
    if (ref.kind === 'ReplicationController' && group === '')
      return replicas(informers.for(REPLICATION_CONTROLLERS).get(namespace, ref.name), ref);
    if (ref.kind === 'ReplicaSet' && (group === 'apps' || group === 'extensions')) {
      const rs = informers.for(REPLICA_SETS).get(namespace, ref.name);
      if (!rs || rs.metadata.uid !== ref.uid) return undefined;
      const owner = controllerOf(rs);
      if (!owner) return replicas(rs, ref);
      if (owner.kind !== 'Deployment') return replicas(rs, ref);
      if (groupOf(owner.apiVersion) !== 'apps' && groupOf(owner.apiVersion) !== 'extensions')
        return undefined;
      return replicas(informers.for(DEPLOYMENTS).get(namespace, owner.name), owner);
    }
    if (ref.kind === 'StatefulSet' && group === 'apps')
      return replicas(informers.for(STATEFUL_SETS).get(namespace, ref.name), ref);
    return scaleOf(context, ref, namespace);
  };
}

/** getScaleController: a kind with a scale subresource (a custom resource's), or upstream's error. */
function scaleOf(
  context: ControllerContext,
  ref: OwnerReference,
  namespace: string,
): ControllerScale | undefined {
  const def = context.client.resourceForKind(ref.apiVersion, ref.kind);
  if (!def) throw new SyncError(`no matches for kind "${ref.kind}" in version "${ref.apiVersion}"`);
  const gr = def.group ? `${def.resource}.${def.group}` : def.resource;
  if (!(def.subresources ?? []).some((s) => s.name === 'scale'))
    throw new SyncError(`${gr} does not implement the scale subresource`);
  const object = context.client.get(`${def.group}/${def.resource}`, namespace, ref.name);
  if (!object || object.metadata.uid !== ref.uid) return undefined;
  const path = def.custom?.scale?.specReplicasPath ?? '.spec.replicas';
  let value: unknown = object;
  for (const key of path.replace(/^\./, '').split('.'))
    value = (value as Record<string, unknown> | undefined)?.[key];
  return { uid: ref.uid, scale: typeof value === 'number' ? Math.trunc(value) : 0 };
}

function groupOf(apiVersion: string): string {
  const slash = apiVersion.indexOf('/');
  return slash < 0 ? '' : apiVersion.slice(0, slash);
}

/**
 * The disrupted pods still expected to go (buildDisruptedPodMap): entries of pods already being
 * deleted or gone are dropped, and so are entries older than DeletionTimeout (`onExpired` is told).
 */
export function buildDisruptedPodMap(
  pods: readonly Pod[],
  pdb: PodDisruptionBudget,
  now: number,
  onExpired: (pod: Pod) => void = () => {},
): { disruptedPods: Record<string, string>; recheckAt?: number } {
  const recorded = pdb.status?.disruptedPods;
  const disruptedPods: Record<string, string> = {};
  if (!recorded) return { disruptedPods };
  let recheckAt: number | undefined;
  for (const pod of pods) {
    if (pod.metadata?.deletionTimestamp) continue;
    const name = pod.metadata?.name ?? '';
    const at = Object.hasOwn(recorded, name) ? recorded[name] : undefined;
    if (at === undefined) continue;
    const expectedDeletion = Date.parse(at) + DELETION_TIMEOUT_MS;
    // Upstream waits for the timeout to be passed on a real clock; on the virtual clock the
    // recheck lands exactly on it, which must count as passed or it would recheck forever.
    if (expectedDeletion <= now) {
      onExpired(pod);
    } else {
      if (recheckAt === undefined || expectedDeletion < recheckAt) recheckAt = expectedDeletion;
      disruptedPods[name] = at;
    }
  }
  return recheckAt === undefined ? { disruptedPods } : { disruptedPods, recheckAt };
}

/** Ready pods that are neither being deleted nor just evicted (countHealthyPods). */
export function countHealthyPods(
  pods: readonly Pod[],
  disruptedPods: Record<string, string>,
  now: number,
): number {
  let healthy = 0;
  for (const pod of pods) {
    if (pod.metadata?.deletionTimestamp) continue;
    const at = Object.hasOwn(disruptedPods, pod.metadata?.name ?? '')
      ? disruptedPods[pod.metadata?.name ?? '']
      : undefined;
    if (at !== undefined && Date.parse(at) + DELETION_TIMEOUT_MS > now) continue;
    if (isPodReady(pod)) healthy++;
  }
  return healthy;
}

interface Counts {
  currentHealthy: number;
  desiredHealthy: number;
  expectedPods: number;
  disruptedPods: Record<string, string>;
  now: number;
}

/** updatePdbStatus: writes the counts unless they and the condition are already current. */
function updateStatus(context: ControllerContext, pdb: PodDisruptionBudget, counts: Counts): void {
  const next = budgetStatus(pdb, counts);
  if (next === undefined) return;
  context.client.updateStatus(PDBS, { ...(pdb as unknown as KubeObject), status: next });
}

/**
 * The status the controller writes for these counts, or undefined when the stored one is already
 * up to date. Disruptions are allowed only when some pods are expected (a budget that has just
 * found its first pods stays safe until it is synced).
 */
export function budgetStatus(
  pdb: PodDisruptionBudget,
  { currentHealthy, desiredHealthy, expectedPods, disruptedPods, now }: Counts,
): PodDisruptionBudgetStatus | undefined {
  let disruptionsAllowed = currentHealthy - desiredHealthy;
  if (expectedPods <= 0 || disruptionsAllowed <= 0) disruptionsAllowed = 0;
  const generation = pdb.metadata?.generation ?? 0;
  const current = pdb.status;
  if (
    (current?.currentHealthy ?? 0) === currentHealthy &&
    (current?.desiredHealthy ?? 0) === desiredHealthy &&
    (current?.expectedPods ?? 0) === expectedPods &&
    (current?.disruptionsAllowed ?? 0) === disruptionsAllowed &&
    sameDisruptedPods(current?.disruptedPods, disruptedPods) &&
    (current?.observedGeneration ?? 0) === generation &&
    conditionsAreUpToDate(pdb)
  ) {
    return undefined;
  }
  const status: PodDisruptionBudgetStatus = {
    observedGeneration: generation,
    ...(Object.keys(disruptedPods).length > 0 ? { disruptedPods } : {}),
    disruptionsAllowed,
    currentHealthy,
    desiredHealthy,
    expectedPods,
    ...(current?.conditions ? { conditions: current.conditions } : {}),
  };
  return withDisruptionAllowedCondition(status, now);
}

function sameDisruptedPods(a: Record<string, string> | undefined, b: Record<string, string>): boolean {
  const left = a ?? {};
  const keys = Object.keys(left);
  return keys.length === Object.keys(b).length && keys.every((key) => left[key] === b[key]);
}

/** pdbhelper.ConditionsAreUpToDate. */
export function conditionsAreUpToDate(pdb: PodDisruptionBudget): boolean {
  const condition = pdb.status?.conditions?.find((c) => c.type === DISRUPTION_ALLOWED);
  if (!condition) return false;
  const generation = pdb.metadata?.generation ?? 0;
  if ((pdb.status?.observedGeneration ?? 0) !== generation) return false;
  if ((condition.observedGeneration ?? 0) !== generation) return false;
  if ((pdb.status?.disruptionsAllowed ?? 0) > 0)
    return condition.status === 'True' && condition.reason === SUFFICIENT_PODS;
  return condition.status === 'False' && condition.reason === INSUFFICIENT_PODS;
}

/** pdbhelper.UpdateDisruptionAllowedCondition: True/SufficientPods while disruptions are allowed. */
export function withDisruptionAllowedCondition(
  status: PodDisruptionBudgetStatus,
  now: number,
): PodDisruptionBudgetStatus {
  const allowed = (status.disruptionsAllowed ?? 0) > 0;
  return {
    ...status,
    conditions: setStatusCondition(
      status.conditions ?? [],
      {
        type: DISRUPTION_ALLOWED,
        status: allowed ? 'True' : 'False',
        reason: allowed ? SUFFICIENT_PODS : INSUFFICIENT_PODS,
        message: '',
        ...(status.observedGeneration ? { observedGeneration: status.observedGeneration } : {}),
      },
      now,
    ),
  };
}

/**
 * apimeta.SetStatusCondition: adds the condition, or updates the one of its type, moving
 * lastTransitionTime only when the status changes.
 */
export function setStatusCondition(
  conditions: readonly Condition[],
  wanted: Omit<Condition, 'lastTransitionTime'>,
  now: number,
): Condition[] {
  const existing = conditions.find((c) => c.type === wanted.type);
  const condition: Condition = {
    type: wanted.type,
    status: wanted.status,
    ...(wanted.observedGeneration ? { observedGeneration: wanted.observedGeneration } : {}),
    lastTransitionTime:
      existing && existing.status === wanted.status ? existing.lastTransitionTime : toRfc3339(now),
    reason: wanted.reason,
    message: wanted.message,
  };
  if (!existing) return [...conditions, condition];
  return conditions.map((c) => (c === existing ? condition : c));
}

/**
 * failSafe: when the sync fails, at least allow no disruptions, with the DisruptionAllowed
 * condition False for reason SyncFailed and the error as its message.
 */
function failSafe(context: ControllerContext, pdb: PodDisruptionBudget, message: string, now: number): void {
  const status: PodDisruptionBudgetStatus = {
    ...(pdb.status ?? {}),
    disruptionsAllowed: 0,
  } as PodDisruptionBudgetStatus;
  const observedGeneration = status.observedGeneration ?? 0;
  status.conditions = setStatusCondition(
    status.conditions ?? [],
    {
      type: DISRUPTION_ALLOWED,
      status: 'False',
      reason: SYNC_FAILED,
      message,
      ...(observedGeneration ? { observedGeneration } : {}),
    },
    now,
  );
  context.client.updateStatus(PDBS, { ...(pdb as unknown as KubeObject), status });
}

/**
 * A label selector as Go's %v prints a *metav1.LabelSelector (its generated String method):
 * `&LabelSelector{MatchLabels:map[string]string{app: web,},MatchExpressions:[]LabelSelectorRequirement{},}`.
 */
export function goLabelSelectorString(selector: LabelSelector | undefined): string {
  if (!selector) return 'nil';
  const labels = Object.keys(selector.matchLabels ?? {})
    .sort()
    .map((key) => `${key}: ${selector.matchLabels?.[key]},`)
    .join('');
  const expressions = (selector.matchExpressions ?? [])
    .map(
      (e) =>
        `LabelSelectorRequirement{Key:${e.key},Operator:${e.operator},Values:[${(e.values ?? []).join(' ')}],},`,
    )
    .join('');
  return `&LabelSelector{MatchLabels:map[string]string{${labels}},MatchExpressions:[]LabelSelectorRequirement{${expressions}},}`;
}
