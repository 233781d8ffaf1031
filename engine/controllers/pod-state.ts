import type { Pod, PodCondition } from 'kubernetes-types/core/v1';

/** Not finished and not being deleted: what controllers count as a live replica (controller.IsPodActive). */
export function isPodActive(pod: Pod): boolean {
  const phase = pod.status?.phase;
  return phase !== 'Succeeded' && phase !== 'Failed' && !pod.metadata?.deletionTimestamp;
}

export function podCondition(pod: Pod, type: string): PodCondition | undefined {
  return pod.status?.conditions?.find((c) => c.type === type);
}

export function isPodReady(pod: Pod): boolean {
  return podCondition(pod, 'Ready')?.status === 'True';
}

/**
 * Ready for at least minReadySeconds at `now` (podutil.IsPodAvailable). Returns the time in ms
 * until it becomes available when it is ready but not yet long enough, so callers can requeue.
 */
export function podAvailability(
  pod: Pod,
  minReadySeconds: number,
  now: number,
): { available: boolean; inMs?: number } {
  const ready = podCondition(pod, 'Ready');
  if (ready?.status !== 'True') return { available: false };
  if (minReadySeconds <= 0) return { available: true };
  const since = ready.lastTransitionTime ? Date.parse(ready.lastTransitionTime) : now;
  const at = since + minReadySeconds * 1000;
  return at <= now ? { available: true } : { available: false, inMs: at - now };
}
