import type { Node, Pod, PodCondition } from 'kubernetes-types/core/v1';
import { ApiError } from '../api/errors.ts';
import type { KubeObject } from '../api/types.ts';
import { toRfc3339 } from '../clock/clock.ts';
import type { Controller, ControllerContext } from './runtime/controller.ts';

const PODS = '/pods';
const NODES = '/nodes';

/** gcCheckPeriod: how often the pod garbage collector looks. */
export const GC_CHECK_PERIOD_MS = 20_000;
/** quarantineTime: a node must be missing this long before its pods count as orphans. */
export const QUARANTINE_MS = 40_000;
/** --terminated-pod-gc-threshold. */
export const TERMINATED_POD_GC_THRESHOLD = 12_500;
export const OUT_OF_SERVICE_TAINT = 'node.kubernetes.io/out-of-service';
export const NODE_GONE_REASON = 'DeletionByPodGC';
export const NODE_GONE_MESSAGE = 'PodGC: node no longer exists';

/**
 * The pod garbage collector (pkg/controller/podgc): every 20s it force-deletes pods bound to
 * nodes that no longer exist (after a 40s quarantine; marked DisruptionTarget and Failed
 * first), unscheduled pods being deleted, terminating pods on out-of-service nodes, and the
 * oldest finished pods beyond 12,500.
 */
export const podGcController: Controller = {
  name: 'pod-garbage-collector',
  start(context) {
    const missingSince = new Map<string, number>();
    const loop = () => {
      gc(context, missingSince);
      context.clock.setTimer(context.clock.now() + GC_CHECK_PERIOD_MS, loop, 'podgc');
    };
    context.clock.setTimer(context.clock.now() + GC_CHECK_PERIOD_MS, loop, 'podgc');
  },
};

function gc(context: ControllerContext, missingSince: Map<string, number>): void {
  const now = context.clock.now();
  const pods = context.informers.for(PODS).list() as unknown as Pod[];
  const nodes = context.informers.for(NODES);
  const terminated = pods.filter((p) => p.status?.phase === 'Succeeded' || p.status?.phase === 'Failed');
  if (terminated.length > TERMINATED_POD_GC_THRESHOLD) {
    const oldest = terminated
      .slice()
      .sort(
        (a, b) =>
          Date.parse(a.metadata?.creationTimestamp ?? '') - Date.parse(b.metadata?.creationTimestamp ?? ''),
      );
    for (const pod of oldest.slice(0, terminated.length - TERMINATED_POD_GC_THRESHOLD))
      forceDelete(context, pod);
  }
  const seenMissing = new Set<string>();
  for (const pod of pods) {
    const nodeName = pod.spec?.nodeName;
    if (!nodeName) {
      if (pod.metadata?.deletionTimestamp) forceDelete(context, pod);
      continue;
    }
    const node = nodes.get('', nodeName) as unknown as Node | undefined;
    if (!node) {
      seenMissing.add(nodeName);
      const since = missingSince.get(nodeName) ?? now;
      missingSince.set(nodeName, since);
      if (now - since >= QUARANTINE_MS) {
        markGone(context, pod, now);
        forceDelete(context, pod);
      }
      continue;
    }
    const outOfService = (node.spec?.taints ?? []).some(
      (t) => t.key === OUT_OF_SERVICE_TAINT && t.effect === 'NoExecute',
    );
    const ready = node.status?.conditions?.find((c) => c.type === 'Ready')?.status === 'True';
    if (pod.metadata?.deletionTimestamp && outOfService && !ready) forceDelete(context, pod);
  }
  for (const name of [...missingSince.keys()]) if (!seenMissing.has(name)) missingSince.delete(name);
}

/** Before deleting a pod whose node is gone: DisruptionTarget, and Failed unless already finished. */
function markGone(context: ControllerContext, pod: Pod, now: number): void {
  const conditions = pod.status?.conditions ?? [];
  const condition: PodCondition = {
    type: 'DisruptionTarget',
    status: 'True',
    lastProbeTime: null as unknown as string,
    lastTransitionTime: toRfc3339(now),
    reason: NODE_GONE_REASON,
    message: NODE_GONE_MESSAGE,
  };
  const phase = pod.status?.phase;
  const terminal = phase === 'Succeeded' || phase === 'Failed';
  try {
    context.client.updateStatus(PODS, {
      ...(pod as unknown as KubeObject),
      status: {
        ...pod.status,
        ...(terminal ? {} : { phase: 'Failed' }),
        conditions: [...conditions.filter((c) => c.type !== 'DisruptionTarget'), condition],
      },
    });
  } catch (error) {
    if (!(error instanceof ApiError)) throw error;
  }
}

function forceDelete(context: ControllerContext, pod: Pod): void {
  context.client.delete(PODS, pod.metadata?.namespace ?? '', pod.metadata?.name ?? '', {
    gracePeriodSeconds: 0,
  });
}
