import { isDeepStrictEqual } from 'node:util';
import type { Deployment, DeploymentCondition, ReplicaSet } from 'kubernetes-types/apps/v1';
import type { PodTemplateSpec } from 'kubernetes-types/core/v1';
import { labelSelectorMatches } from '../api/selectors/label-selector.ts';
import type { KubeObject } from '../api/types.ts';
import { toRfc3339 } from '../clock/clock.ts';
import { controllerOf, controllerRef } from './controller-ref.ts';
import { podTemplateHash } from './pod-template-hash.ts';
import type { Controller, ControllerContext } from './runtime/controller.ts';
import type { EventRecorder } from './runtime/event-recorder.ts';
import { objectKey, splitKey } from './runtime/work-queue.ts';

const DEPLOYMENTS = 'apps/deployments';
const RS = 'apps/replicasets';
const HASH_LABEL = 'pod-template-hash';
const REVISION = 'deployment.kubernetes.io/revision';
const REVISION_HISTORY = 'deployment.kubernetes.io/revision-history';
const DESIRED_REPLICAS = 'deployment.kubernetes.io/desired-replicas';
const MAX_REPLICAS = 'deployment.kubernetes.io/max-replicas';
const NOT_COPIED = new Set([
  'kubectl.kubernetes.io/last-applied-configuration',
  REVISION,
  REVISION_HISTORY,
  DESIRED_REPLICAS,
  MAX_REPLICAS,
]);

// Event texts follow 1.31+ (kubernetes PR #125118): "Scaled up replica set X from 0 to 3".

/**
 * The Deployment controller (pkg/controller/deployment): one ReplicaSet per pod template,
 * rolling updates within maxSurge/maxUnavailable (or Recreate), revisions, pause, history
 * clean-up, status and the Available/Progressing conditions.
 */
export const deploymentController: Controller = {
  name: 'deployment',
  start(context) {
    const deployments = context.informers.for(DEPLOYMENTS);
    const recorder = context.events.recorder('deployment-controller');
    const queue = context.queue('deployment', (key) =>
      sync(context, recorder, key, (delayMs) => queue.addAfter(key, delayMs)),
    );
    const enqueueOwner = (rs: KubeObject) => {
      const ref = controllerOf(rs);
      if (ref?.kind === 'Deployment') {
        queue.add(`${rs.metadata.namespace}/${ref.name}`);
        return;
      }
      if (ref) return;
      for (const d of deployments.list(rs.metadata.namespace)) {
        if (labelSelectorMatches((d as unknown as Deployment).spec?.selector, rs.metadata.labels))
          queue.add(objectKey(d));
      }
    };
    deployments.addHandlers({
      add: (d) => queue.add(objectKey(d)),
      update: (d) => queue.add(objectKey(d)),
      delete: (d) => queue.add(objectKey(d)),
    });
    context.informers.for(RS).addHandlers({ add: enqueueOwner, update: enqueueOwner, delete: enqueueOwner });
  },
};

interface Rollout {
  context: ControllerContext;
  recorder: EventRecorder;
  deployment: Deployment;
  object: KubeObject;
  /** Looks at this Deployment again later (a progress deadline that may pass without any change). */
  requeueAfter(delayMs: number): void;
}

function sync(
  context: ControllerContext,
  recorder: EventRecorder,
  key: string,
  requeueAfter: (delayMs: number) => void,
): void {
  const { namespace, name } = splitKey(key);
  const object = context.informers.for(DEPLOYMENTS).get(namespace, name);
  if (!object || object.metadata.deletionTimestamp) return;
  const deployment = object as unknown as Deployment;
  const rollout: Rollout = { context, recorder, deployment, object, requeueAfter };
  const all = ownedReplicaSets(rollout);
  const existingNew = findNewReplicaSet(deployment, all);
  const old = all.filter((rs) => rs !== existingNew);

  if (deployment.spec?.paused) {
    const rsList = existingNew ? [existingNew, ...old] : old;
    scaleForPause(rollout, existingNew, old);
    syncStatus(rollout, existingNew, rsList, 'paused');
    return;
  }
  const newRS = existingNew ? syncRevision(rollout, existingNew, old) : createNewReplicaSet(rollout, old);
  const rsList = [newRS, ...old.map((rs) => latest(context, rs))];
  const strategy = deployment.spec?.strategy?.type ?? 'RollingUpdate';
  const changed =
    strategy === 'Recreate' ? recreate(rollout, newRS, old) : rollingUpdate(rollout, newRS, old);
  const current = rsList.map((rs) => latest(context, rs));
  if (!changed && isComplete(deployment, latest(context, newRS))) cleanupHistory(rollout, current.slice(1));
  syncStatus(rollout, latest(context, newRS), current, existingNew ? 'found' : 'created');
}

function latest(context: ControllerContext, rs: ReplicaSet): ReplicaSet {
  return (
    (context.informers
      .for(RS)
      .get(rs.metadata?.namespace ?? '', rs.metadata?.name ?? '') as unknown as ReplicaSet) ?? rs
  );
}

function ownedReplicaSets({ context, deployment, object }: Rollout): ReplicaSet[] {
  const owned: ReplicaSet[] = [];
  for (const item of context.informers.for(RS).list(deployment.metadata?.namespace)) {
    const rs = item as unknown as ReplicaSet;
    const ref = controllerOf(item);
    if (ref?.uid === deployment.metadata?.uid) {
      owned.push(rs);
    } else if (
      !ref &&
      !item.metadata.deletionTimestamp &&
      labelSelectorMatches(deployment.spec?.selector, item.metadata.labels)
    ) {
      const refs = [...(item.metadata.ownerReferences ?? []), controllerRef(object)];
      owned.push(
        context.client.patch(RS, item.metadata.namespace ?? '', item.metadata.name ?? '', 'merge', {
          metadata: { ownerReferences: refs },
        }) as unknown as ReplicaSet,
      );
    }
  }
  return owned.sort(
    (a, b) => created(a) - created(b) || (a.metadata?.name ?? '').localeCompare(b.metadata?.name ?? ''),
  );
}

function created(rs: ReplicaSet): number {
  return Date.parse(rs.metadata?.creationTimestamp ?? '') || 0;
}

function withoutHash(template: PodTemplateSpec | undefined): PodTemplateSpec {
  const copy = structuredClone(template ?? {});
  if (copy.metadata?.labels) {
    delete copy.metadata.labels[HASH_LABEL];
  }
  return copy;
}

function findNewReplicaSet(deployment: Deployment, all: ReplicaSet[]): ReplicaSet | undefined {
  const wanted = withoutHash(deployment.spec?.template);
  return all.find((rs) => isDeepStrictEqual(withoutHash(rs.spec?.template), wanted));
}

function revisionOf(rs: ReplicaSet): number {
  return Number(rs.metadata?.annotations?.[REVISION] ?? 0) || 0;
}

function maxRevision(list: ReplicaSet[]): number {
  return Math.max(0, ...list.map(revisionOf));
}

function replicasOf(rs: ReplicaSet): number {
  return rs.spec?.replicas ?? 0;
}

function resolveSurgeAndUnavailable(deployment: Deployment): { maxSurge: number; maxUnavailable: number } {
  const replicas = deployment.spec?.replicas ?? 1;
  if (deployment.spec?.strategy?.type === 'Recreate') return { maxSurge: 0, maxUnavailable: 0 };
  const rolling = deployment.spec?.strategy?.rollingUpdate ?? {};
  const maxSurge = scaled(rolling.maxSurge ?? '25%', replicas, true);
  let maxUnavailable = scaled(rolling.maxUnavailable ?? '25%', replicas, false);
  if (maxSurge === 0 && maxUnavailable === 0) maxUnavailable = 1;
  return { maxSurge, maxUnavailable: Math.min(maxUnavailable, replicas) };
}

/** intstr.GetScaledValueFromIntOrPercent. */
export function scaled(value: number | string, total: number, roundUp: boolean): number {
  if (typeof value === 'number') return value;
  const percent = Number.parseInt(value.replace('%', ''), 10);
  const exact = (percent * total) / 100;
  return roundUp ? Math.ceil(exact) : Math.floor(exact);
}

function deploymentAnnotations(deployment: Deployment): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [key, value] of Object.entries(deployment.metadata?.annotations ?? {})) {
    if (!NOT_COPIED.has(key)) out[key] = value;
  }
  return out;
}

function replicaAnnotations(deployment: Deployment): Record<string, string> {
  const replicas = deployment.spec?.replicas ?? 1;
  return {
    [DESIRED_REPLICAS]: String(replicas),
    [MAX_REPLICAS]: String(replicas + resolveSurgeAndUnavailable(deployment).maxSurge),
  };
}

function createNewReplicaSet(rollout: Rollout, old: ReplicaSet[]): ReplicaSet {
  const { context, deployment, object, recorder } = rollout;
  const hash = podTemplateHash(deployment.spec?.template, deployment.status?.collisionCount);
  const template = structuredClone(deployment.spec?.template ?? {});
  template.metadata = { ...template.metadata, labels: { ...template.metadata?.labels, [HASH_LABEL]: hash } };
  const selector = structuredClone(deployment.spec?.selector ?? {});
  selector.matchLabels = { ...selector.matchLabels, [HASH_LABEL]: hash };
  const name = `${deployment.metadata?.name}-${hash}`;
  const replicas = newReplicaCount(deployment, undefined, old);
  const rs: KubeObject = {
    apiVersion: 'apps/v1',
    kind: 'ReplicaSet',
    metadata: {
      name,
      namespace: deployment.metadata?.namespace ?? '',
      labels: { ...template.metadata.labels },
      annotations: {
        ...deploymentAnnotations(deployment),
        ...replicaAnnotations(deployment),
        [REVISION]: String(maxRevision(old) + 1),
      },
      ownerReferences: [controllerRef(object)],
    },
    spec: {
      replicas,
      minReadySeconds: deployment.spec?.minReadySeconds ?? 0,
      selector,
      template,
    },
  };
  const createdRS = context.client.create(
    RS,
    deployment.metadata?.namespace ?? '',
    rs,
  ) as unknown as ReplicaSet;
  if (replicas > 0) {
    recorder.event(
      object,
      'Normal',
      'ScalingReplicaSet',
      `Scaled up replica set ${name} from 0 to ${replicas}`,
    );
  }
  setDeploymentRevision(rollout, String(maxRevision(old) + 1));
  return createdRS;
}

/** An existing new ReplicaSet (for example after `rollout undo`) takes the next revision. */
function syncRevision(rollout: Rollout, rs: ReplicaSet, old: ReplicaSet[]): ReplicaSet {
  const { context } = rollout;
  const next = maxRevision(old) + 1;
  const current = revisionOf(rs);
  let result = rs;
  const annotations = { ...rs.metadata?.annotations };
  let changed = false;
  if (current < next) {
    if (current > 0) {
      const history = annotations[REVISION_HISTORY];
      annotations[REVISION_HISTORY] = history ? `${history},${current}` : String(current);
    }
    annotations[REVISION] = String(next);
    changed = true;
  }
  for (const [key, value] of Object.entries(deploymentAnnotations(rollout.deployment))) {
    if (annotations[key] !== value) {
      annotations[key] = value;
      changed = true;
    }
  }
  if ((rs.spec?.minReadySeconds ?? 0) !== (rollout.deployment.spec?.minReadySeconds ?? 0)) changed = true;
  if (changed) {
    result = context.client.update(RS, {
      ...(rs as unknown as KubeObject),
      metadata: { ...(rs.metadata as KubeObject['metadata']), annotations },
      spec: { ...rs.spec, minReadySeconds: rollout.deployment.spec?.minReadySeconds ?? 0 },
    }) as unknown as ReplicaSet;
  }
  setDeploymentRevision(rollout, annotations[REVISION] ?? String(next));
  return result;
}

function setDeploymentRevision(rollout: Rollout, revision: string): void {
  const current = rollout.context.informers
    .for(DEPLOYMENTS)
    .get(rollout.deployment.metadata?.namespace ?? '', rollout.deployment.metadata?.name ?? '');
  if (!current || current.metadata.annotations?.[REVISION] === revision) return;
  const updated = rollout.context.client.update(DEPLOYMENTS, {
    ...current,
    metadata: { ...current.metadata, annotations: { ...current.metadata.annotations, [REVISION]: revision } },
  });
  rollout.object = updated;
  rollout.deployment = updated as unknown as Deployment;
}

/** NewRSNewReplicas for RollingUpdate: grow the new set without exceeding replicas + maxSurge. */
function newReplicaCount(deployment: Deployment, newRS: ReplicaSet | undefined, old: ReplicaSet[]): number {
  const replicas = deployment.spec?.replicas ?? 1;
  if (deployment.spec?.strategy?.type === 'Recreate') {
    return old.every((rs) => replicasOf(rs) === 0 && (rs.status?.replicas ?? 0) === 0) ? replicas : 0;
  }
  const current = (newRS ? replicasOf(newRS) : 0) + old.reduce((sum, rs) => sum + replicasOf(rs), 0);
  const maxTotal = replicas + resolveSurgeAndUnavailable(deployment).maxSurge;
  const newReplicas = newRS ? replicasOf(newRS) : 0;
  if (current >= maxTotal) return newReplicas;
  return newReplicas + Math.min(maxTotal - current, replicas - newReplicas);
}

function scaleReplicaSet(rollout: Rollout, rs: ReplicaSet, replicas: number): ReplicaSet {
  const { context, recorder, object, deployment } = rollout;
  const current = latest(context, rs);
  const from = replicasOf(current);
  const annotations = { ...current.metadata?.annotations, ...replicaAnnotations(deployment) };
  if (from === replicas && isDeepStrictEqual(annotations, current.metadata?.annotations ?? {}))
    return current;
  const updated = context.client.update(RS, {
    ...(current as unknown as KubeObject),
    metadata: { ...(current.metadata as KubeObject['metadata']), annotations },
    spec: { ...current.spec, replicas },
  }) as unknown as ReplicaSet;
  if (from !== replicas) {
    const direction = replicas > from ? 'up' : 'down';
    recorder.event(
      object,
      'Normal',
      'ScalingReplicaSet',
      `Scaled ${direction} replica set ${current.metadata?.name} from ${from} to ${replicas}`,
    );
  }
  return updated;
}

function rollingUpdate(rollout: Rollout, newRS: ReplicaSet, old: ReplicaSet[]): boolean {
  const { deployment, context } = rollout;
  const replicas = deployment.spec?.replicas ?? 1;
  const fresh = latest(context, newRS);
  if (replicasOf(fresh) > replicas) {
    scaleReplicaSet(rollout, fresh, replicas);
    return true;
  }
  const target = newReplicaCount(
    deployment,
    fresh,
    old.map((rs) => latest(context, rs)),
  );
  if (target !== replicasOf(fresh)) {
    scaleReplicaSet(rollout, fresh, target);
    return true;
  }
  return reconcileOld(
    rollout,
    latest(context, newRS),
    old.map((rs) => latest(context, rs)),
  );
}

function reconcileOld(rollout: Rollout, newRS: ReplicaSet, old: ReplicaSet[]): boolean {
  const { deployment } = rollout;
  const oldCount = old.reduce((sum, rs) => sum + replicasOf(rs), 0);
  if (oldCount === 0) return false;
  const replicas = deployment.spec?.replicas ?? 1;
  const all = [newRS, ...old];
  const allCount = all.reduce((sum, rs) => sum + replicasOf(rs), 0);
  const { maxUnavailable } = resolveSurgeAndUnavailable(deployment);
  const minAvailable = replicas - maxUnavailable;
  const newUnavailable = replicasOf(newRS) - (newRS.status?.availableReplicas ?? 0);
  const maxScaledDown = allCount - minAvailable - newUnavailable;
  if (maxScaledDown <= 0) return false;
  let cleaned = 0;
  const afterCleanup: ReplicaSet[] = [];
  for (const rs of old) {
    const available = rs.status?.availableReplicas ?? 0;
    if (cleaned >= maxScaledDown || replicasOf(rs) === 0 || available === replicasOf(rs)) {
      afterCleanup.push(rs);
      continue;
    }
    const down = Math.min(maxScaledDown - cleaned, replicasOf(rs) - available);
    cleaned += down;
    afterCleanup.push(scaleReplicaSet(rollout, rs, replicasOf(rs) - down));
  }
  const availableTotal = [newRS, ...afterCleanup].reduce(
    (sum, rs) => sum + (rs.status?.availableReplicas ?? 0),
    0,
  );
  let scaledDown = 0;
  if (availableTotal > minAvailable) {
    const total = availableTotal - minAvailable;
    for (const rs of afterCleanup) {
      if (scaledDown >= total) break;
      if (replicasOf(rs) === 0) continue;
      const down = Math.min(replicasOf(rs), total - scaledDown);
      scaledDown += down;
      scaleReplicaSet(rollout, rs, replicasOf(rs) - down);
    }
  }
  return cleaned + scaledDown > 0;
}

function recreate(rollout: Rollout, newRS: ReplicaSet, old: ReplicaSet[]): boolean {
  const { context, deployment } = rollout;
  let changed = false;
  for (const rs of old) {
    if (replicasOf(latest(context, rs)) > 0) {
      scaleReplicaSet(rollout, rs, 0);
      changed = true;
    }
  }
  if (changed) return true;
  const oldPodsRunning = old.some((rs) => (latest(context, rs).status?.replicas ?? 0) > 0);
  if (oldPodsRunning) return false;
  const replicas = deployment.spec?.replicas ?? 1;
  if (replicasOf(latest(context, newRS)) !== replicas) {
    scaleReplicaSet(rollout, newRS, replicas);
    return true;
  }
  return false;
}

function scaleForPause(rollout: Rollout, newRS: ReplicaSet | undefined, old: ReplicaSet[]): void {
  const replicas = rollout.deployment.spec?.replicas ?? 1;
  const active = [newRS, ...old].filter((rs): rs is ReplicaSet => rs !== undefined && replicasOf(rs) > 0);
  if (active.length === 1) {
    const only = active[0]!;
    if (replicasOf(only) !== replicas) scaleReplicaSet(rollout, only, replicas);
  } else if (active.length === 0 && newRS) {
    scaleReplicaSet(rollout, newRS, replicas);
  }
}

function isComplete(deployment: Deployment, newRS: ReplicaSet): boolean {
  const replicas = deployment.spec?.replicas ?? 1;
  return (
    replicasOf(newRS) === replicas &&
    (newRS.status?.availableReplicas ?? 0) === replicas &&
    (newRS.status?.replicas ?? 0) === replicas
  );
}

function cleanupHistory(rollout: Rollout, old: ReplicaSet[]): void {
  const limit = rollout.deployment.spec?.revisionHistoryLimit ?? 10;
  const idle = old.filter(
    (rs) => replicasOf(rs) === 0 && (rs.status?.replicas ?? 0) === 0 && !rs.metadata?.deletionTimestamp,
  );
  const excess = idle.length - limit;
  if (excess <= 0) return;
  idle.sort((a, b) => revisionOf(a) - revisionOf(b));
  for (const rs of idle.slice(0, excess)) {
    rollout.context.client.delete(RS, rs.metadata?.namespace ?? '', rs.metadata?.name ?? '');
  }
}

type SetCondition = (condition: Omit<DeploymentCondition, 'lastUpdateTime' | 'lastTransitionTime'>) => void;

interface StatusCounts {
  replicas: number;
  updatedReplicas: number;
  readyReplicas: number;
  availableReplicas: number;
}

/**
 * The Progressing condition, as upstream keeps it: paused and resumed (checkPausedConditions),
 * NewReplicaSetCreated or FoundNewReplicaSet (getNewReplicaSet), then syncRolloutStatus —
 * NewReplicaSetAvailable once complete, ReplicaSetUpdated (lastUpdateTime refreshed) whenever
 * the rollout made progress, ProgressDeadlineExceeded when it made none for
 * progressDeadlineSeconds (requeued to look again when that time comes).
 */
function syncProgressing(
  rollout: Rollout,
  deployment: Deployment,
  conditions: DeploymentCondition[],
  setCondition: SetCondition,
  state: { how: 'created' | 'found' | 'paused'; rsName: string; counts: StatusCounts; now: string },
): void {
  const { how, rsName, counts, now } = state;
  const current = () => conditions.find((c) => c.type === 'Progressing');
  const hasDeadline = progressDeadlineMs(deployment) !== undefined;
  if (current()?.reason !== 'ProgressDeadlineExceeded') {
    if (how === 'paused' && current()?.reason !== 'DeploymentPaused') {
      setCondition({
        type: 'Progressing',
        status: 'Unknown',
        reason: 'DeploymentPaused',
        message: 'Deployment is paused',
      });
    } else if (how !== 'paused' && current()?.reason === 'DeploymentPaused') {
      setCondition({
        type: 'Progressing',
        status: 'Unknown',
        reason: 'DeploymentResumed',
        message: 'Deployment is resumed',
      });
    }
  }
  if (how === 'paused') return;
  if (hasDeadline && how === 'created') {
    setCondition({
      type: 'Progressing',
      status: 'True',
      reason: 'NewReplicaSetCreated',
      message: `Created new replica set "${rsName}"`,
    });
  } else if (hasDeadline && !current()) {
    setCondition({
      type: 'Progressing',
      status: 'True',
      reason: 'FoundNewReplicaSet',
      message: `Found new replica set "${rsName}"`,
    });
  }
  if (!hasDeadline) {
    const index = conditions.findIndex((c) => c.type === 'Progressing');
    if (index >= 0) conditions.splice(index, 1);
    return;
  }
  const before = current();
  if (counts.replicas === counts.updatedReplicas && before?.reason === 'NewReplicaSetAvailable') return;
  const replicas = deployment.spec?.replicas ?? 1;
  const complete =
    counts.updatedReplicas === replicas &&
    counts.replicas === replicas &&
    counts.availableReplicas === replicas &&
    (deployment.status?.observedGeneration ?? 0) <= (deployment.metadata?.generation ?? 1);
  if (complete) {
    setCondition({
      type: 'Progressing',
      status: 'True',
      reason: 'NewReplicaSetAvailable',
      message: `ReplicaSet "${rsName}" has successfully progressed.`,
    });
  } else if (madeProgress(deployment.status ?? {}, counts)) {
    const index = conditions.findIndex((c) => c.type === 'Progressing');
    const updated: DeploymentCondition = {
      type: 'Progressing',
      status: 'True',
      reason: 'ReplicaSetUpdated',
      message: `ReplicaSet "${rsName}" is progressing.`,
      lastUpdateTime: now,
      lastTransitionTime: before?.status === 'True' ? (before.lastTransitionTime ?? now) : now,
    };
    if (index >= 0) conditions.splice(index, 1);
    conditions.push(updated);
  } else {
    checkProgressDeadline(rollout, deployment, current(), setCondition, rsName);
  }
}

/**
 * syncRolloutStatus: the ReplicaFailure of the new ReplicaSet (else of any other) becomes the
 * Deployment's, with its times (ReplicaSetToDeploymentCondition); none left, it is removed.
 */
function syncReplicaFailure(
  conditions: DeploymentCondition[],
  newRS: ReplicaSet | undefined,
  all: ReplicaSet[],
): void {
  const failureOf = (rs: ReplicaSet | undefined) =>
    rs?.status?.conditions?.find((c) => c.type === 'ReplicaFailure');
  const failure = failureOf(newRS) ?? all.map(failureOf).find((c) => c !== undefined);
  const index = conditions.findIndex((c) => c.type === 'ReplicaFailure');
  const existing = conditions[index];
  if (!failure) {
    if (index >= 0) conditions.splice(index, 1);
    return;
  }
  if (existing && existing.status === failure.status && existing.reason === failure.reason) return;
  const condition: DeploymentCondition = {
    type: 'ReplicaFailure',
    status: failure.status,
    ...(failure.lastTransitionTime
      ? { lastUpdateTime: failure.lastTransitionTime, lastTransitionTime: failure.lastTransitionTime }
      : {}),
    ...(failure.reason ? { reason: failure.reason } : {}),
    ...(failure.message ? { message: failure.message } : {}),
  };
  if (index >= 0) conditions[index] = condition;
  else conditions.push(condition);
}

/** DeploymentProgressing: more pods updated, ready or available, or fewer old ones. */
function madeProgress(old: NonNullable<Deployment['status']>, next: StatusCounts): boolean {
  const oldReplicas = (old.replicas ?? 0) - (old.updatedReplicas ?? 0);
  const newOldReplicas = next.replicas - next.updatedReplicas;
  return (
    next.updatedReplicas > (old.updatedReplicas ?? 0) ||
    newOldReplicas < oldReplicas ||
    next.readyReplicas > (old.readyReplicas ?? 0) ||
    next.availableReplicas > (old.availableReplicas ?? 0)
  );
}

function progressDeadlineMs(deployment: Deployment): number | undefined {
  const seconds = deployment.spec?.progressDeadlineSeconds;
  return seconds === undefined || seconds === MAX_INT32 ? undefined : seconds * 1000;
}

/**
 * DeploymentTimedOut and requeueStuckDeployment: no progress since the Progressing condition was
 * last updated, for progressDeadlineSeconds, is a timeout; until then, look again when it is due.
 */
function checkProgressDeadline(
  rollout: Rollout,
  deployment: Deployment,
  progressing: DeploymentCondition | undefined,
  setCondition: SetCondition,
  rsName: string,
): void {
  const deadlineMs = progressDeadlineMs(deployment);
  if (deadlineMs === undefined || !progressing || progressing.reason === 'NewReplicaSetAvailable') return;
  if (progressing.reason === 'ProgressDeadlineExceeded') return;
  const now = rollout.context.clock.now();
  const deadline = Date.parse(progressing.lastUpdateTime ?? '') + deadlineMs;
  if (deadline < now) {
    setCondition({
      type: 'Progressing',
      status: 'False',
      reason: 'ProgressDeadlineExceeded',
      message: `ReplicaSet "${rsName}" has timed out progressing.`,
    });
    return;
  }
  const after = deadline - now;
  rollout.requeueAfter(after < 1000 ? 0 : after + 1000);
}

const MAX_INT32 = 2 ** 31 - 1;

function syncStatus(
  rollout: Rollout,
  newRS: ReplicaSet | undefined,
  all: ReplicaSet[],
  how: 'created' | 'found' | 'paused',
): void {
  const { context } = rollout;
  const deployment = context.informers
    .for(DEPLOYMENTS)
    .get(rollout.deployment.metadata?.namespace ?? '', rollout.deployment.metadata?.name ?? '') as unknown as
    | Deployment
    | undefined;
  if (!deployment) return;
  const now = toRfc3339(context.clock.now());
  const replicas = deployment.spec?.replicas ?? 1;
  const sum = (pick: (rs: ReplicaSet) => number | undefined) =>
    all.reduce((total, rs) => total + (pick(rs) ?? 0), 0);
  const available = sum((rs) => rs.status?.availableReplicas);
  const totalReplicas = sum((rs) => rs.status?.replicas);
  const { maxUnavailable } = resolveSurgeAndUnavailable(deployment);
  const conditions = [...(deployment.status?.conditions ?? [])];
  const setCondition = (condition: Omit<DeploymentCondition, 'lastUpdateTime' | 'lastTransitionTime'>) => {
    const index = conditions.findIndex((c) => c.type === condition.type);
    const existing = conditions[index];
    if (
      existing &&
      existing.status === condition.status &&
      existing.reason === condition.reason &&
      existing.message === condition.message
    )
      return;
    const transition = existing && existing.status === condition.status ? existing.lastTransitionTime : now;
    const next: DeploymentCondition = {
      ...condition,
      lastUpdateTime: now,
      lastTransitionTime: transition ?? now,
    };
    if (index >= 0) conditions[index] = next;
    else conditions.push(next);
  };
  if (available >= replicas - maxUnavailable) {
    setCondition({
      type: 'Available',
      status: 'True',
      reason: 'MinimumReplicasAvailable',
      message: 'Deployment has minimum availability.',
    });
  } else {
    setCondition({
      type: 'Available',
      status: 'False',
      reason: 'MinimumReplicasUnavailable',
      message: 'Deployment does not have minimum availability.',
    });
  }
  const rsName = newRS?.metadata?.name ?? '';
  const counts = {
    replicas: totalReplicas,
    updatedReplicas: newRS?.status?.replicas ?? 0,
    readyReplicas: sum((rs) => rs.status?.readyReplicas),
    availableReplicas: available,
  };
  syncProgressing(rollout, deployment, conditions, setCondition, { how, rsName, counts, now });
  if (how !== 'paused') syncReplicaFailure(conditions, newRS, all);
  const ordered = ['Available', 'Progressing', 'ReplicaFailure']
    .map((type) => conditions.find((c) => c.type === type))
    .filter((c): c is DeploymentCondition => c !== undefined);
  const status = {
    observedGeneration: deployment.metadata?.generation ?? 1,
    ...counts,
    // calculateStatus: what the ReplicaSets are asked for (spec), less what is available.
    unavailableReplicas: Math.max(0, sum((rs) => rs.spec?.replicas) - available),
    conditions: ordered,
    ...(deployment.status?.collisionCount !== undefined
      ? { collisionCount: deployment.status.collisionCount }
      : {}),
  };
  for (const key of [
    'replicas',
    'updatedReplicas',
    'readyReplicas',
    'availableReplicas',
    'unavailableReplicas',
  ] as const) {
    if (status[key] === 0) delete (status as Record<string, unknown>)[key];
  }
  if (!isDeepStrictEqual(status, deployment.status)) {
    context.client.updateStatus(DEPLOYMENTS, { ...(deployment as unknown as KubeObject), status });
  }
}
