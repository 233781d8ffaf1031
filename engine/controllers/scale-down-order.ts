import type { Pod } from 'kubernetes-types/core/v1';
import { isPodReady, podCondition } from './pod-state.ts';

const PHASE_RANK: Record<string, number> = { Pending: 0, Unknown: 1, Running: 2 };
const DELETION_COST = 'controller.kubernetes.io/pod-deletion-cost';

/**
 * Pods in the order a ReplicaSet deletes them when scaling down (controller.ActivePodsWithRanks):
 * unassigned before assigned, Pending before Unknown before Running, not ready before ready,
 * lower deletion cost first, more pods of the set on the same node first, more recently ready
 * first, more restarts first, newer first.
 */
export function rankPodsForDeletion(pods: readonly Pod[], now: number): Pod[] {
  const perNode = new Map<string, number>();
  for (const pod of pods) {
    const node = pod.spec?.nodeName;
    if (node) perNode.set(node, (perNode.get(node) ?? 0) + 1);
  }
  const keyed = pods.map((pod) => ({
    pod,
    rank: pod.spec?.nodeName ? (perNode.get(pod.spec.nodeName) ?? 0) : 0,
  }));
  keyed.sort((a, b) => compare(a.pod, a.rank, b.pod, b.rank, now));
  return keyed.map(({ pod }) => pod);
}

function compare(a: Pod, rankA: number, b: Pod, rankB: number, now: number): number {
  const assignedA = Boolean(a.spec?.nodeName);
  const assignedB = Boolean(b.spec?.nodeName);
  if (assignedA !== assignedB) return assignedA ? 1 : -1;
  const phaseA = PHASE_RANK[a.status?.phase ?? 'Pending'] ?? 0;
  const phaseB = PHASE_RANK[b.status?.phase ?? 'Pending'] ?? 0;
  if (phaseA !== phaseB) return phaseA - phaseB;
  const readyA = isPodReady(a);
  const readyB = isPodReady(b);
  if (readyA !== readyB) return readyA ? 1 : -1;
  const costA = Number(a.metadata?.annotations?.[DELETION_COST] ?? 0);
  const costB = Number(b.metadata?.annotations?.[DELETION_COST] ?? 0);
  if (costA !== costB) return costA - costB;
  if (rankA !== rankB) return rankB - rankA;
  if (readyA && readyB) {
    const readyBucketA = logBucket(now - readySince(a, now));
    const readyBucketB = logBucket(now - readySince(b, now));
    if (readyBucketA !== readyBucketB) return readyBucketA - readyBucketB;
  }
  const restartsA = maxRestarts(a);
  const restartsB = maxRestarts(b);
  if (restartsA !== restartsB) return restartsB - restartsA;
  const createdA = Date.parse(a.metadata?.creationTimestamp ?? '') || 0;
  const createdB = Date.parse(b.metadata?.creationTimestamp ?? '') || 0;
  if (createdA !== createdB) return createdB - createdA;
  return (a.metadata?.name ?? '').localeCompare(b.metadata?.name ?? '');
}

function readySince(pod: Pod, now: number): number {
  const since = podCondition(pod, 'Ready')?.lastTransitionTime;
  return since ? Date.parse(since) : now;
}

/** Durations compared in power-of-two buckets of seconds, as upstream's logarithmic comparison. */
function logBucket(ms: number): number {
  const seconds = Math.max(0, Math.floor(ms / 1000));
  return seconds === 0 ? 0 : Math.floor(Math.log2(seconds)) + 1;
}

function maxRestarts(pod: Pod): number {
  return Math.max(0, ...(pod.status?.containerStatuses ?? []).map((s) => s.restartCount));
}
