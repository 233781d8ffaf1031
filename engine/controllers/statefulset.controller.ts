import type { StatefulSet } from 'kubernetes-types/apps/v1';
import type { PersistentVolumeClaim, Pod, PodSpec, Volume } from 'kubernetes-types/core/v1';
import { ApiError } from '../api/errors.ts';
import type { KubeObject } from '../api/types.ts';
import { controllerOf, controllerRef } from './controller-ref.ts';
import { isPodReady, podAvailability } from './pod-state.ts';
import { podTemplateHash } from './pod-template-hash.ts';
import type { Controller, ControllerContext } from './runtime/controller.ts';
import type { EventRecorder } from './runtime/event-recorder.ts';
import { objectKey, splitKey } from './runtime/work-queue.ts';

const STATEFULSETS = 'apps/statefulsets';
const REVISIONS = 'apps/controllerrevisions';
const PODS = '/pods';
const CLAIMS = '/persistentvolumeclaims';

export const STATEFULSET_POD_NAME = 'statefulset.kubernetes.io/pod-name';
export const POD_INDEX = 'apps.kubernetes.io/pod-index';
export const CONTROLLER_REVISION_HASH = 'controller-revision-hash';

/** `create Pod web-0 in StatefulSet web successful` and its siblings (stateful_pod_control.go). */
export function statefulSetEventMessage(
  verb: string,
  kind: string,
  object: string,
  sts: string,
  ok: boolean,
): string {
  return `${verb} ${kind} ${object} in StatefulSet ${sts} ${ok ? 'successful' : 'failed'}`;
}

/** `<sts>-<ordinal>`, and the ordinal back from a pod name. */
export function podOrdinal(stsName: string, podName: string): number | undefined {
  if (!podName.startsWith(`${stsName}-`)) return undefined;
  const rest = podName.slice(stsName.length + 1);
  return /^(0|[1-9][0-9]*)$/.test(rest) ? Number(rest) : undefined;
}

/**
 * The StatefulSet controller (pkg/controller/statefulset): stable pods `<sts>-0 … <sts>-(N-1)`
 * with their own claims `<template>-<sts>-<ordinal>`; with OrderedReady each pod is created
 * once the ones before it are Running and Ready, and scale-down goes from the highest ordinal,
 * one at a time; Parallel does it all at once. Template changes roll from the highest ordinal
 * down (above the partition).
 */
export const statefulSetController: Controller = {
  name: 'statefulset',
  start(context) {
    const recorder = context.events.recorder('statefulset-controller');
    const queue = context.queue('statefulset', (key) => {
      const again = sync(context, recorder, key);
      if (again !== undefined) queue.addAfter(key, again);
    });
    context.informers.for(STATEFULSETS).addHandlers({
      add: (sts) => queue.add(objectKey(sts)),
      update: (sts) => queue.add(objectKey(sts)),
    });
    const enqueueOwner = (pod: KubeObject) => {
      const ref = controllerOf(pod);
      if (ref?.kind === 'StatefulSet') queue.add(`${pod.metadata.namespace}/${ref.name}`);
    };
    context.informers
      .for(PODS)
      .addHandlers({ add: enqueueOwner, update: enqueueOwner, delete: enqueueOwner });
  },
};

function sync(context: ControllerContext, recorder: EventRecorder, key: string): number | undefined {
  const { namespace, name } = splitKey(key);
  const sts = context.informers.for(STATEFULSETS).get(namespace, name) as unknown as StatefulSet | undefined;
  if (!sts || sts.metadata?.deletionTimestamp) return undefined;
  const now = context.clock.now();
  const revision = `${name}-${podTemplateHash(sts.spec?.template, sts.status?.collisionCount ?? 0)}`;
  ensureRevision(context, sts, revision);
  const replicas = sts.spec?.replicas ?? 1;
  const ordered = (sts.spec?.podManagementPolicy ?? 'OrderedReady') === 'OrderedReady';
  const minReady = sts.spec?.minReadySeconds ?? 0;
  const start = sts.spec?.ordinals?.start ?? 0;
  const pods = (context.informers.for(PODS).list(namespace) as unknown as Pod[]).filter(
    (p) => controllerOf(p as unknown as KubeObject)?.uid === sts.metadata?.uid,
  );
  const byOrdinal = new Map<number, Pod>();
  const condemned: Pod[] = [];
  for (const pod of pods) {
    const ordinal = podOrdinal(name, pod.metadata?.name ?? '');
    if (ordinal === undefined) continue;
    if (ordinal >= start && ordinal < start + replicas) byOrdinal.set(ordinal, pod);
    else condemned.push(pod);
  }
  condemned.sort(
    (a, b) =>
      (podOrdinal(name, b.metadata?.name ?? '') ?? 0) - (podOrdinal(name, a.metadata?.name ?? '') ?? 0),
  );

  const healthy = (pod: Pod) =>
    pod.status?.phase === 'Running' && isPodReady(pod) && !pod.metadata?.deletionTimestamp;
  let blocked = false;
  for (let ordinal = start; ordinal < start + replicas; ordinal++) {
    const pod = byOrdinal.get(ordinal);
    if (!pod) {
      createPod(context, recorder, sts, ordinal, revision);
      if (ordered) {
        blocked = true;
        break;
      }
      continue;
    }
    if (pod.status?.phase === 'Failed' || pod.status?.phase === 'Succeeded') {
      if (!pod.metadata?.deletionTimestamp) deletePod(context, recorder, sts, pod);
      if (ordered) {
        blocked = true;
        break;
      }
      continue;
    }
    if (ordered && !healthy(pod)) {
      blocked = true;
      break;
    }
  }
  if (!blocked || !ordered) {
    // Scale down: highest ordinal first; OrderedReady waits for each to go, and for the rest to be healthy.
    for (const pod of condemned) {
      if (pod.metadata?.deletionTimestamp) {
        if (ordered) break;
        continue;
      }
      if (ordered && [...byOrdinal.values()].some((p) => !healthy(p))) break;
      deletePod(context, recorder, sts, pod);
      if (ordered) break;
    }
  }
  // Rolling update from the highest ordinal down to the partition, one pod at a time.
  const strategy = sts.spec?.updateStrategy?.type ?? 'RollingUpdate';
  if (strategy === 'RollingUpdate' && !blocked && condemned.length === 0) {
    const partition = sts.spec?.updateStrategy?.rollingUpdate?.partition ?? 0;
    const ordinals = [...byOrdinal.keys()].sort((a, b) => b - a);
    for (const ordinal of ordinals) {
      if (ordinal < partition) break;
      const pod = byOrdinal.get(ordinal)!;
      if (pod.metadata?.labels?.[CONTROLLER_REVISION_HASH] === revision) {
        if (!healthy(pod)) break;
        continue;
      }
      if (!pod.metadata?.deletionTimestamp && [...byOrdinal.values()].every((p) => healthy(p))) {
        deletePod(context, recorder, sts, pod);
      }
      break;
    }
  }
  return updateStatus(context, sts, revision, minReady, now);
}

function createPod(
  context: ControllerContext,
  recorder: EventRecorder,
  sts: StatefulSet,
  ordinal: number,
  revision: string,
): void {
  const stsObject = sts as unknown as KubeObject;
  const stsName = sts.metadata?.name ?? '';
  const namespace = sts.metadata?.namespace ?? '';
  const podName = `${stsName}-${ordinal}`;
  const template = sts.spec?.template;
  const spec: PodSpec = structuredClone(template?.spec ?? { containers: [] });
  spec.hostname = podName;
  if (sts.spec?.serviceName) spec.subdomain = sts.spec.serviceName;
  const volumes: Volume[] = [...(spec.volumes ?? [])];
  for (const claim of sts.spec?.volumeClaimTemplates ?? []) {
    const claimName = `${claim.metadata?.name}-${podName}`;
    ensureClaim(context, recorder, sts, claim, claimName, podName);
    const volume: Volume = { name: claim.metadata?.name ?? '', persistentVolumeClaim: { claimName } };
    const index = volumes.findIndex((v) => v.name === volume.name);
    if (index >= 0) volumes[index] = volume;
    else volumes.push(volume);
  }
  if (volumes.length > 0) spec.volumes = volumes;
  const pod: KubeObject = {
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: {
      name: podName,
      namespace,
      labels: {
        ...template?.metadata?.labels,
        [CONTROLLER_REVISION_HASH]: revision,
        [STATEFULSET_POD_NAME]: podName,
        [POD_INDEX]: String(ordinal),
      },
      ...(template?.metadata?.annotations ? { annotations: { ...template.metadata.annotations } } : {}),
      ownerReferences: [controllerRef(stsObject)],
    },
    spec,
  };
  try {
    context.client.create(PODS, namespace, pod);
    recorder.event(
      stsObject,
      'Normal',
      'SuccessfulCreate',
      statefulSetEventMessage('create', 'Pod', podName, stsName, true),
    );
  } catch (error) {
    if (!(error instanceof ApiError)) throw error;
    if (error.code === 409) return;
    recorder.event(
      stsObject,
      'Warning',
      'FailedCreate',
      `${statefulSetEventMessage('create', 'Pod', podName, stsName, false)} error: ${error.message}`,
    );
  }
}

function ensureClaim(
  context: ControllerContext,
  recorder: EventRecorder,
  sts: StatefulSet,
  template: PersistentVolumeClaim,
  claimName: string,
  podName: string,
): void {
  const namespace = sts.metadata?.namespace ?? '';
  if (context.informers.for(CLAIMS).get(namespace, claimName)) return;
  const stsObject = sts as unknown as KubeObject;
  const stsName = sts.metadata?.name ?? '';
  try {
    context.client.create(CLAIMS, namespace, {
      apiVersion: 'v1',
      kind: 'PersistentVolumeClaim',
      metadata: {
        name: claimName,
        namespace,
        labels: { ...template.metadata?.labels, ...sts.spec?.selector?.matchLabels },
        ...(template.metadata?.annotations ? { annotations: { ...template.metadata.annotations } } : {}),
      },
      spec: template.spec ?? {},
    });
    recorder.event(
      stsObject,
      'Normal',
      'SuccessfulCreate',
      `create Claim ${claimName} Pod ${podName} in StatefulSet ${stsName} success`,
    );
  } catch (error) {
    if (!(error instanceof ApiError)) throw error;
    if (error.code === 409) return;
    recorder.event(
      stsObject,
      'Warning',
      'FailedCreate',
      `create Claim ${claimName} for Pod ${podName} in StatefulSet ${stsName} failed error: ${error.message}`,
    );
  }
}

function deletePod(context: ControllerContext, recorder: EventRecorder, sts: StatefulSet, pod: Pod): void {
  const podName = pod.metadata?.name ?? '';
  context.client.delete(PODS, pod.metadata?.namespace ?? '', podName);
  recorder.event(
    sts as unknown as KubeObject,
    'Normal',
    'SuccessfulDelete',
    statefulSetEventMessage('delete', 'Pod', podName, sts.metadata?.name ?? '', true),
  );
}

/** The ControllerRevision `<sts>-<hash>` holding the current template. */
function ensureRevision(context: ControllerContext, sts: StatefulSet, name: string): void {
  const namespace = sts.metadata?.namespace ?? '';
  if (context.informers.for(REVISIONS).get(namespace, name)) return;
  const existing = context.informers
    .for(REVISIONS)
    .list(namespace)
    .filter((r) => controllerOf(r)?.uid === sts.metadata?.uid);
  const revision =
    Math.max(0, ...existing.map((r) => Number((r as { revision?: number }).revision ?? 0))) + 1;
  try {
    context.client.create(REVISIONS, namespace, {
      apiVersion: 'apps/v1',
      kind: 'ControllerRevision',
      metadata: {
        name,
        namespace,
        labels: { ...sts.spec?.selector?.matchLabels, [CONTROLLER_REVISION_HASH]: name },
        ownerReferences: [controllerRef(sts as unknown as KubeObject)],
      },
      data: { spec: { template: { ...sts.spec?.template, $patch: 'replace' } } },
      revision,
    });
  } catch (error) {
    if (!(error instanceof ApiError && error.code === 409)) throw error;
  }
}

function updateStatus(
  context: ControllerContext,
  sts: StatefulSet,
  revision: string,
  minReady: number,
  now: number,
): number | undefined {
  const pods = (context.informers.for(PODS).list(sts.metadata?.namespace) as unknown as Pod[]).filter(
    (p) => controllerOf(p as unknown as KubeObject)?.uid === sts.metadata?.uid,
  );
  const live = pods.filter((p) => !p.metadata?.deletionTimestamp);
  let available = 0;
  let next: number | undefined;
  for (const pod of live) {
    const a = podAvailability(pod, minReady, now);
    if (a.available) available++;
    else if (a.inMs !== undefined) next = Math.min(next ?? Number.POSITIVE_INFINITY, a.inMs);
  }
  const updated = live.filter((p) => p.metadata?.labels?.[CONTROLLER_REVISION_HASH] === revision).length;
  const ready = live.filter(isPodReady).length;
  const previous: NonNullable<StatefulSet['status']> = sts.status ?? { replicas: 0 };
  const currentRevision = updated === live.length ? revision : (previous.currentRevision ?? revision);
  const current = live.filter(
    (p) => p.metadata?.labels?.[CONTROLLER_REVISION_HASH] === currentRevision,
  ).length;
  // Go omits the omitempty counters when they are zero.
  const status = {
    observedGeneration: sts.metadata?.generation ?? 1,
    replicas: pods.length,
    ...(ready > 0 ? { readyReplicas: ready } : {}),
    ...(current > 0 ? { currentReplicas: current } : {}),
    ...(updated > 0 ? { updatedReplicas: updated } : {}),
    currentRevision,
    updateRevision: revision,
    collisionCount: previous.collisionCount ?? 0,
    availableReplicas: available,
  };
  const stored = context.client.get(STATEFULSETS, sts.metadata?.namespace ?? '', sts.metadata?.name ?? '');
  if (stored && JSON.stringify(stored.status ?? {}) !== JSON.stringify(status)) {
    context.client.updateStatus(STATEFULSETS, { ...stored, status });
  }
  return next;
}
