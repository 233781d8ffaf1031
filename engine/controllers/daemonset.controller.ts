import type { DaemonSet } from 'kubernetes-types/apps/v1';
import type { Affinity, Node, Pod, PodSpec, Toleration } from 'kubernetes-types/core/v1';
import { ApiError } from '../api/errors.ts';
import type { KubeObject } from '../api/types.ts';
import { requiredNodeAffinity, requiredNodeAffinityMatches } from '../scheduler/framework/node-selector.ts';
import { findMatchingUntoleratedTaint } from '../scheduler/framework/tolerations.ts';
import { controllerOf, controllerRef } from './controller-ref.ts';
import { isPodReady, podAvailability } from './pod-state.ts';
import { podTemplateHash } from './pod-template-hash.ts';
import { podFromTemplate } from './replicaset.controller.ts';
import type { Controller, ControllerContext } from './runtime/controller.ts';
import type { EventRecorder } from './runtime/event-recorder.ts';
import { objectKey, splitKey } from './runtime/work-queue.ts';

const DAEMONSETS = 'apps/daemonsets';
const REVISIONS = 'apps/controllerrevisions';
const PODS = '/pods';
const NODES = '/nodes';

export const CONTROLLER_REVISION_HASH = 'controller-revision-hash';
export const POD_TEMPLATE_GENERATION = 'pod-template-generation';

/** The tolerations every daemon pod gets (AddOrUpdateDaemonPodTolerations). */
export function daemonPodTolerations(spec: PodSpec): Toleration[] {
  const tolerations = [...(spec.tolerations ?? [])];
  const add = (key: string, effect: string) => {
    if (tolerations.some((t) => t.key === key && t.effect === effect && t.operator === 'Exists')) return;
    tolerations.push({ key, operator: 'Exists', effect });
  };
  add('node.kubernetes.io/not-ready', 'NoExecute');
  add('node.kubernetes.io/unreachable', 'NoExecute');
  add('node.kubernetes.io/disk-pressure', 'NoSchedule');
  add('node.kubernetes.io/memory-pressure', 'NoSchedule');
  add('node.kubernetes.io/pid-pressure', 'NoSchedule');
  add('node.kubernetes.io/unschedulable', 'NoSchedule');
  if (spec.hostNetwork) add('node.kubernetes.io/network-unavailable', 'NoSchedule');
  return tolerations;
}

/** The pod's required node affinity pinned to one node by name (ReplaceDaemonSetPodNodeNameNodeAffinity). */
export function pinToNode(affinity: Affinity | undefined, nodeName: string): Affinity {
  const term = { matchFields: [{ key: 'metadata.name', operator: 'In', values: [nodeName] }] };
  const required = { nodeSelectorTerms: [term] };
  if (!affinity) return { nodeAffinity: { requiredDuringSchedulingIgnoredDuringExecution: required } };
  return {
    ...affinity,
    nodeAffinity: { ...affinity.nodeAffinity, requiredDuringSchedulingIgnoredDuringExecution: required },
  };
}

/**
 * NodeShouldRunDaemonPod: whether a daemon pod should run on the node, and whether one already
 * there may stay (it may if only NoSchedule taints are not tolerated).
 */
export function nodeShouldRunDaemonPod(
  spec: PodSpec | undefined,
  node: Node,
): { shouldRun: boolean; shouldContinueRunning: boolean } {
  const podSpec = spec ?? { containers: [] };
  if (podSpec.nodeName && podSpec.nodeName !== node.metadata?.name) {
    return { shouldRun: false, shouldContinueRunning: false };
  }
  const pod = { spec: podSpec } as Pod;
  if (!requiredNodeAffinityMatches(requiredNodeAffinity(pod), node)) {
    return { shouldRun: false, shouldContinueRunning: false };
  }
  const tolerations = daemonPodTolerations(podSpec);
  const untolerated = (effects: string[]) =>
    findMatchingUntoleratedTaint(node.spec?.taints, tolerations, (t) => effects.includes(t.effect)) !==
    undefined;
  if (untolerated(['NoSchedule', 'NoExecute'])) {
    return { shouldRun: false, shouldContinueRunning: !untolerated(['NoExecute']) };
  }
  return { shouldRun: true, shouldContinueRunning: true };
}

/**
 * The DaemonSet controller (pkg/controller/daemon): one pod per eligible node, pinned there with
 * a `metadata.name` node affinity the scheduler honours; extra and misplaced pods are deleted;
 * template changes roll out node by node (maxUnavailable); a ControllerRevision records each
 * template.
 */
export const daemonSetController: Controller = {
  name: 'daemonset',
  start(context) {
    const recorder = context.events.recorder('daemonset-controller');
    const queue = context.queue('daemonset', (key) => {
      const again = sync(context, recorder, key);
      if (again !== undefined) queue.addAfter(key, again);
    });
    const all = () => {
      for (const ds of context.informers.for(DAEMONSETS).list()) queue.add(objectKey(ds));
    };
    context.informers.for(DAEMONSETS).addHandlers({
      add: (ds) => queue.add(objectKey(ds)),
      update: (ds) => queue.add(objectKey(ds)),
    });
    context.informers.for(NODES).addHandlers({ add: all, update: all, delete: all });
    const enqueueOwner = (pod: KubeObject) => {
      const ref = controllerOf(pod);
      if (ref?.kind === 'DaemonSet') queue.add(`${pod.metadata.namespace}/${ref.name}`);
    };
    context.informers
      .for(PODS)
      .addHandlers({ add: enqueueOwner, update: enqueueOwner, delete: enqueueOwner });
  },
};

function sync(context: ControllerContext, recorder: EventRecorder, key: string): number | undefined {
  const { namespace, name } = splitKey(key);
  const { client, clock } = context;
  const ds = context.informers.for(DAEMONSETS).get(namespace, name) as unknown as DaemonSet | undefined;
  if (!ds || ds.metadata?.deletionTimestamp) return undefined;
  const dsObject = ds as unknown as KubeObject;
  const hash = podTemplateHash(ds.spec?.template, ds.status?.collisionCount);
  ensureRevision(context, ds, hash);
  const nodes = (context.informers.for(NODES).list() as unknown as Node[])
    .slice()
    .sort((a, b) => (a.metadata?.name ?? '').localeCompare(b.metadata?.name ?? ''));
  const pods = (context.informers.for(PODS).list(namespace) as unknown as Pod[]).filter(
    (p) => controllerOf(p as unknown as KubeObject)?.uid === ds.metadata?.uid,
  );
  const byNode = new Map<string, Pod[]>();
  for (const pod of pods) {
    const node = podNodeName(pod);
    // Pods already deleted and finished are left to the kubelet and the pod GC.
    if (!node || (pod.metadata?.deletionTimestamp && isTerminal(pod))) continue;
    byNode.set(node, [...(byNode.get(node) ?? []), pod]);
  }
  const now = clock.now();
  const minReady = ds.spec?.minReadySeconds ?? 0;
  const toCreate: string[] = [];
  const toDelete: Pod[] = [];
  let desired = 0;
  for (const node of nodes) {
    const nodeName = node.metadata?.name ?? '';
    const { shouldRun, shouldContinueRunning } = nodeShouldRunDaemonPod(ds.spec?.template?.spec, node);
    const onNode = byNode.get(nodeName) ?? [];
    if (shouldRun) desired++;
    if (shouldRun && onNode.length === 0) {
      toCreate.push(nodeName);
    } else if (shouldContinueRunning) {
      const live: Pod[] = [];
      for (const pod of onNode) {
        if (pod.metadata?.deletionTimestamp) continue;
        if (pod.status?.phase === 'Failed') {
          recorder.event(
            dsObject,
            'Warning',
            'FailedDaemonPod',
            `Found failed daemon pod ${namespace}/${pod.metadata?.name} on node ${nodeName}, will try to kill it`,
          );
          toDelete.push(pod);
        } else live.push(pod);
      }
      if (live.length > 1) toDelete.push(...live.slice(1));
    } else {
      toDelete.push(...onNode.filter((p) => !p.metadata?.deletionTimestamp));
    }
  }
  // Rolling update: replace pods of an old template, at most maxUnavailable at a time.
  if ((ds.spec?.updateStrategy?.type ?? 'RollingUpdate') === 'RollingUpdate') {
    const maxUnavailable = intOrPercent(ds.spec?.updateStrategy?.rollingUpdate?.maxUnavailable, desired, 1);
    const live = pods.filter((p) => !p.metadata?.deletionTimestamp && !toDelete.includes(p));
    const unavailable =
      toCreate.length +
      live.filter((p) => !podAvailability(p, minReady, now).available).length +
      pods.filter((p) => p.metadata?.deletionTimestamp).length;
    let budget = maxUnavailable - unavailable;
    const old = live.filter((p) => p.metadata?.labels?.[CONTROLLER_REVISION_HASH] !== hash);
    for (const pod of old) {
      if (!podAvailability(pod, minReady, now).available) toDelete.push(pod);
      else if (budget > 0) {
        toDelete.push(pod);
        budget--;
      }
    }
  }
  for (const nodeName of toCreate) createPod(context, recorder, ds, nodeName, hash);
  for (const pod of new Set(toDelete)) {
    client.delete(PODS, namespace, pod.metadata?.name ?? '');
    recorder.event(dsObject, 'Normal', 'SuccessfulDelete', `Deleted pod: ${pod.metadata?.name}`);
  }
  return updateStatus(context, ds, nodes, hash);
}

function podNodeName(pod: Pod): string | undefined {
  if (pod.spec?.nodeName) return pod.spec.nodeName;
  const terms =
    pod.spec?.affinity?.nodeAffinity?.requiredDuringSchedulingIgnoredDuringExecution?.nodeSelectorTerms;
  const field = terms?.[0]?.matchFields?.find((f) => f.key === 'metadata.name' && f.operator === 'In');
  return field?.values?.[0];
}

function createPod(
  context: ControllerContext,
  recorder: EventRecorder,
  ds: DaemonSet,
  nodeName: string,
  hash: string,
): void {
  const dsObject = ds as unknown as KubeObject;
  const pod = podFromTemplate(dsObject);
  pod.metadata.labels = {
    ...pod.metadata.labels,
    [CONTROLLER_REVISION_HASH]: hash,
    [POD_TEMPLATE_GENERATION]: String(ds.metadata?.generation ?? 1),
  };
  const spec = { ...(pod.spec as PodSpec) };
  spec.affinity = pinToNode(spec.affinity, nodeName);
  spec.tolerations = daemonPodTolerations(spec);
  pod.spec = spec;
  try {
    const created = context.client.create(PODS, ds.metadata?.namespace ?? '', pod);
    recorder.event(dsObject, 'Normal', 'SuccessfulCreate', `Created pod: ${created.metadata.name}`);
  } catch (error) {
    if (!(error instanceof ApiError)) throw error;
    recorder.event(dsObject, 'Warning', 'FailedCreate', `Error creating: ${error.message}`);
  }
}

/** The ControllerRevision `<ds>-<hash>` holding the current template. */
function ensureRevision(context: ControllerContext, ds: DaemonSet, hash: string): void {
  const namespace = ds.metadata?.namespace ?? '';
  const name = `${ds.metadata?.name}-${hash}`;
  if (context.informers.for(REVISIONS).get(namespace, name)) return;
  const existing = context.informers
    .for(REVISIONS)
    .list(namespace)
    .filter((r) => controllerOf(r)?.uid === ds.metadata?.uid);
  const revision =
    Math.max(0, ...existing.map((r) => Number((r as { revision?: number }).revision ?? 0))) + 1;
  try {
    context.client.create(REVISIONS, namespace, {
      apiVersion: 'apps/v1',
      kind: 'ControllerRevision',
      metadata: {
        name,
        namespace,
        labels: { ...ds.spec?.selector?.matchLabels, [CONTROLLER_REVISION_HASH]: hash },
        annotations: { 'deprecated.daemonset.template.generation': String(ds.metadata?.generation ?? 1) },
        ownerReferences: [controllerRef(ds as unknown as KubeObject)],
      },
      data: { spec: { template: { ...ds.spec?.template, $patch: 'replace' } } },
      revision,
    });
  } catch (error) {
    if (!(error instanceof ApiError && error.code === 409)) throw error;
  }
}

function updateStatus(
  context: ControllerContext,
  ds: DaemonSet,
  nodes: Node[],
  hash: string,
): number | undefined {
  const now = context.clock.now();
  const minReady = ds.spec?.minReadySeconds ?? 0;
  const pods = (context.informers.for(PODS).list(ds.metadata?.namespace) as unknown as Pod[]).filter(
    (p) =>
      controllerOf(p as unknown as KubeObject)?.uid === ds.metadata?.uid && !p.metadata?.deletionTimestamp,
  );
  let desired = 0;
  let current = 0;
  let misscheduled = 0;
  let ready = 0;
  let available = 0;
  let updated = 0;
  let next: number | undefined;
  for (const node of nodes) {
    const { shouldRun } = nodeShouldRunDaemonPod(ds.spec?.template?.spec, node);
    const onNode = pods.filter((p) => podNodeName(p) === node.metadata?.name);
    if (!shouldRun) {
      if (onNode.length > 0) misscheduled++;
      continue;
    }
    desired++;
    const pod = onNode[0];
    if (!pod) continue;
    current++;
    if (isPodReady(pod)) ready++;
    const a = podAvailability(pod, minReady, now);
    if (a.available) available++;
    else if (a.inMs !== undefined) next = Math.min(next ?? Number.POSITIVE_INFINITY, a.inMs);
    if (pod.metadata?.labels?.[CONTROLLER_REVISION_HASH] === hash) updated++;
  }
  // Go omits the omitempty counters when they are zero.
  const status = {
    currentNumberScheduled: current,
    numberMisscheduled: misscheduled,
    desiredNumberScheduled: desired,
    numberReady: ready,
    observedGeneration: ds.metadata?.generation ?? 1,
    ...(updated > 0 ? { updatedNumberScheduled: updated } : {}),
    ...(available > 0 ? { numberAvailable: available } : {}),
    ...(desired - available > 0 ? { numberUnavailable: desired - available } : {}),
  };
  const stored = context.client.get(DAEMONSETS, ds.metadata?.namespace ?? '', ds.metadata?.name ?? '');
  if (stored && JSON.stringify(stored.status ?? {}) !== JSON.stringify(status)) {
    context.client.updateStatus(DAEMONSETS, { ...stored, status });
  }
  return next;
}

function isTerminal(pod: Pod): boolean {
  return pod.status?.phase === 'Succeeded' || pod.status?.phase === 'Failed';
}

function intOrPercent(value: number | string | undefined, total: number, fallback: number): number {
  if (value === undefined) return fallback;
  if (typeof value === 'number') return value;
  const percent = Number.parseInt(value, 10);
  return Number.isNaN(percent) ? fallback : Math.ceil((percent * total) / 100);
}
