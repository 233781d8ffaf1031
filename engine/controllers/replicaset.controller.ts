import type { ReplicaSet, ReplicaSetCondition } from 'kubernetes-types/apps/v1';
import type { Pod } from 'kubernetes-types/core/v1';
import { ApiError } from '../api/errors.ts';
import { labelSelectorMatches } from '../api/selectors/label-selector.ts';
import type { KubeObject } from '../api/types.ts';
import { toRfc3339 } from '../clock/clock.ts';
import { controllerOf, controllerRef } from './controller-ref.ts';
import { isPodActive, isPodReady, podAvailability } from './pod-state.ts';
import type { Controller, ControllerContext } from './runtime/controller.ts';
import { objectKey, splitKey } from './runtime/work-queue.ts';
import { rankPodsForDeletion } from './scale-down-order.ts';

const RS = 'apps/replicasets';
const PODS = '/pods';
const BURST_REPLICAS = 500;

/**
 * The ReplicaSet controller (pkg/controller/replicaset): keeps `spec.replicas` live pods that
 * match the selector, adopting orphans and releasing pods that stopped matching, creating in
 * slow-start batches (1, 2, 4, …) that stop at the first error, and reporting status.
 */
export const replicaSetController: Controller = {
  name: 'replicaset',
  start(context) {
    const { informers } = context;
    const replicaSets = informers.for(RS);
    const pods = informers.for(PODS);
    const recorder = context.events.recorder('replicaset-controller');
    const queue = context.queue('replicaset', (key) => {
      const requeueAfter = sync(context, key, recorder);
      if (requeueAfter !== undefined) queue.addAfter(key, requeueAfter);
    });

    const enqueueOwner = (pod: KubeObject) => {
      const ref = controllerOf(pod);
      if (ref) {
        if (ref.kind === 'ReplicaSet') queue.add(`${pod.metadata.namespace}/${ref.name}`);
        return;
      }
      for (const rs of replicaSets.list(pod.metadata.namespace)) {
        const selector = (rs as unknown as ReplicaSet).spec?.selector;
        if (labelSelectorMatches(selector, pod.metadata.labels)) queue.add(objectKey(rs));
      }
    };
    replicaSets.addHandlers({
      add: (rs) => queue.add(objectKey(rs)),
      update: (rs) => queue.add(objectKey(rs)),
      delete: (rs) => queue.add(objectKey(rs)),
    });
    pods.addHandlers({
      add: enqueueOwner,
      update: (pod, previous) => {
        enqueueOwner(pod);
        const before = controllerOf(previous);
        if (before && before.uid !== controllerOf(pod)?.uid) enqueueOwner(previous);
      },
      delete: enqueueOwner,
    });
  },
};

/** Converges one ReplicaSet; returns when to look again if a pod is about to become available. */
function sync(
  context: ControllerContext,
  key: string,
  recorder: ReturnType<ControllerContext['events']['recorder']>,
): number | undefined {
  const { namespace, name } = splitKey(key);
  const { client, clock } = context;
  const rs = context.informers.for(RS).get(namespace, name) as unknown as ReplicaSet | undefined;
  if (!rs || rs.metadata?.deletionTimestamp) return undefined;
  const rsObject = rs as unknown as KubeObject;
  const selector = rs.spec?.selector;
  const owned: Pod[] = [];
  for (const object of context.informers.for(PODS).list(namespace)) {
    const pod = object as unknown as Pod;
    const ref = controllerOf(object);
    const matches = labelSelectorMatches(selector, pod.metadata?.labels);
    if (ref) {
      if (ref.uid !== rs.metadata?.uid) continue;
      if (matches) owned.push(pod);
      else release(context, pod, rs);
      continue;
    }
    if (matches && !pod.metadata?.deletionTimestamp && isPodActive(pod)) {
      const adopted = adopt(context, pod, rsObject);
      if (adopted) owned.push(adopted);
    }
  }
  const active = owned.filter(isPodActive);
  const wanted = rs.spec?.replicas ?? 1;
  const diff = active.length - wanted;
  let createError: ApiError | undefined;
  let live = active;
  if (diff < 0) {
    const created: Pod[] = [];
    const toCreate = Math.min(-diff, BURST_REPLICAS);
    createError = slowStartCreate(
      toCreate,
      () => {
        const pod = client.create(PODS, namespace, podFromTemplate(rsObject)) as unknown as Pod;
        created.push(pod);
        recorder.event(rsObject, 'Normal', 'SuccessfulCreate', `Created pod: ${pod.metadata?.name}`);
      },
      (error) => recorder.event(rsObject, 'Warning', 'FailedCreate', `Error creating: ${error.message}`),
    );
    live = [...active, ...created];
  } else if (diff > 0) {
    const victims = rankPodsForDeletion(active, clock.now()).slice(0, Math.min(diff, BURST_REPLICAS));
    for (const pod of victims) {
      client.delete(PODS, namespace, pod.metadata?.name ?? '');
      recorder.event(rsObject, 'Normal', 'SuccessfulDelete', `Deleted pod: ${pod.metadata?.name}`);
    }
    live = active.filter((pod) => !victims.includes(pod));
  }
  const requeueAfter = updateStatus(context, rs, live, createError, clock.now());
  if (createError) throw createError;
  return requeueAfter;
}

/** Creates `count` objects in batches of 1, 2, 4, …; stops at the first failure and returns it. */
function slowStartCreate(
  count: number,
  create: () => void,
  onError: (error: ApiError) => void,
): ApiError | undefined {
  let remaining = count;
  for (let batch = 1; remaining > 0; batch *= 2) {
    const size = Math.min(batch, remaining);
    for (let i = 0; i < size; i++) {
      try {
        create();
      } catch (error) {
        if (!(error instanceof ApiError)) throw error;
        onError(error);
        return error;
      }
    }
    remaining -= size;
  }
  return undefined;
}

function updateStatus(
  context: ControllerContext,
  rs: ReplicaSet,
  pods: Pod[],
  failure: ApiError | undefined,
  now: number,
): number | undefined {
  const minReady = rs.spec?.minReadySeconds ?? 0;
  const templateLabels = rs.spec?.template?.metadata?.labels ?? {};
  let ready = 0;
  let available = 0;
  let fullyLabeled = 0;
  let nextAvailability: number | undefined;
  for (const pod of pods) {
    const labels = pod.metadata?.labels ?? {};
    if (Object.entries(templateLabels).every(([k, v]) => labels[k] === v)) fullyLabeled++;
    if (isPodReady(pod)) ready++;
    const availability = podAvailability(pod, minReady, now);
    if (availability.available) available++;
    else if (availability.inMs !== undefined)
      nextAvailability = Math.min(nextAvailability ?? Infinity, availability.inMs);
  }
  // calculateStatus: a failure sets ReplicaFailure only when there is none, so the condition keeps
  // the first error (whose message names a generated pod) and a retry does not rewrite the status.
  const existing = rs.status?.conditions?.find((c) => c.type === 'ReplicaFailure');
  const conditions = (rs.status?.conditions ?? []).filter((c) => c.type !== 'ReplicaFailure');
  if (failure && existing) conditions.push(existing);
  else if (failure) {
    const condition: ReplicaSetCondition = {
      type: 'ReplicaFailure',
      status: 'True',
      lastTransitionTime: toRfc3339(now),
      reason: 'FailedCreate',
      message: failure.message,
    };
    conditions.push(condition);
  }
  const status = {
    replicas: pods.length,
    fullyLabeledReplicas: fullyLabeled,
    readyReplicas: ready,
    availableReplicas: available,
    observedGeneration: rs.metadata?.generation ?? 1,
    ...(conditions.length > 0 ? { conditions } : {}),
  };
  const current = context.informers.for(RS).get(rs.metadata?.namespace ?? '', rs.metadata?.name ?? '');
  if (current && JSON.stringify(compactStatus(current.status)) !== JSON.stringify(compactStatus(status))) {
    context.client.updateStatus(RS, { ...current, status });
  }
  return nextAvailability;
}

function compactStatus(status: unknown): unknown {
  const s = { ...(status as Record<string, unknown>) };
  for (const key of ['readyReplicas', 'availableReplicas', 'fullyLabeledReplicas'])
    if (s[key] === 0) delete s[key];
  return s;
}

/** A new pod from the owner's template (controller.GetPodFromTemplate). */
export function podFromTemplate(owner: KubeObject): KubeObject {
  const template =
    (owner.spec as { template?: { metadata?: KubeObject['metadata']; spec?: unknown } }).template ?? {};
  const metadata: KubeObject['metadata'] = {
    generateName: `${owner.metadata.name}-`,
    namespace: owner.metadata.namespace ?? '',
    ownerReferences: [controllerRef(owner)],
  };
  if (template.metadata?.labels) metadata.labels = { ...template.metadata.labels };
  if (template.metadata?.annotations) metadata.annotations = { ...template.metadata.annotations };
  if (template.metadata?.finalizers) metadata.finalizers = [...template.metadata.finalizers];
  return { apiVersion: 'v1', kind: 'Pod', metadata, spec: template.spec ?? {} };
}

function adopt(context: ControllerContext, pod: Pod, owner: KubeObject): Pod | undefined {
  if (owner.metadata.deletionTimestamp) return undefined;
  try {
    const refs = [...(pod.metadata?.ownerReferences ?? []), controllerRef(owner)];
    return context.client.patch(PODS, pod.metadata?.namespace ?? '', pod.metadata?.name ?? '', 'merge', {
      metadata: { ownerReferences: refs, uid: pod.metadata?.uid },
    }) as unknown as Pod;
  } catch (error) {
    if (error instanceof ApiError && error.code === 404) return undefined;
    throw error;
  }
}

function release(context: ControllerContext, pod: Pod, owner: ReplicaSet): void {
  const refs = (pod.metadata?.ownerReferences ?? []).filter((ref) => ref.uid !== owner.metadata?.uid);
  try {
    context.client.patch(PODS, pod.metadata?.namespace ?? '', pod.metadata?.name ?? '', 'merge', {
      metadata: { ownerReferences: refs.length > 0 ? refs : null },
    });
  } catch (error) {
    if (!(error instanceof ApiError && error.code === 404)) throw error;
  }
}
