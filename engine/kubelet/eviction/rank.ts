// The order in which the eviction manager picks pods under memory pressure (rankMemoryPressure in
// pkg/kubelet/eviction/helpers.go).
import type { Pod } from 'kubernetes-types/core/v1';
import { bytesValue, quantityValue } from '../../api/quantity.ts';
import { podRequestsList } from '../../scheduler/framework/pod-requests.ts';
import { RESOURCE_MEMORY } from '../../scheduler/framework/resource-names.ts';

/** A pod as the ranking sees it: the pod, and its memory working set if the node has stats for it. */
export interface RankedPod {
  pod: Pod;
  /** Working set of the pod's containers; undefined when the summary has no stats for the pod. */
  workingSetBytes: number | undefined;
}

/**
 * GetResourceRequestQuantity for memory: the pod's effective request (containers, init containers
 * and sidecars as PodRequests adds them), plus `spec.overhead` when the request is not zero.
 */
export function podMemoryRequestBytes(pod: Pod): number {
  const request = podRequestsList(pod, { excludeOverhead: true }).get(RESOURCE_MEMORY);
  const bytes = request === undefined ? 0 : quantityValue(request);
  const overhead = pod.spec?.overhead?.[RESOURCE_MEMORY];
  return bytes !== 0 && overhead !== undefined ? bytes + bytesValue(overhead) : bytes;
}

/** corev1helpers.PodPriority: spec.priority, 0 when unset. */
export function podPriority(pod: Pod): number {
  return pod.spec?.priority ?? 0;
}

interface Ranking {
  usage: number | undefined;
  request: number;
  priority: number;
}

type Compare = (a: Ranking, b: Ranking) => number;

/** cmpBool: true before false. */
function cmpBool(a: boolean, b: boolean): number {
  if (a === b) return 0;
  return a ? -1 : 1;
}

/** Pods without stats come first (prioritize evicting the pod for which no stats were found). */
function withStats(compare: (a: number, aRequest: number, b: number, bRequest: number) => number): Compare {
  return (a, b) => {
    if (a.usage === undefined || b.usage === undefined) {
      return cmpBool(a.usage === undefined, b.usage === undefined);
    }
    return compare(a.usage, a.request, b.usage, b.request);
  };
}

/** exceedMemoryRequests: pods using more than they requested first. */
const exceedMemoryRequests = withStats((a, aRequest, b, bRequest) => cmpBool(a > aRequest, b > bRequest));
/** priority: lower priority first. */
const priority: Compare = (a, b) => Math.sign(a.priority - b.priority);
/** memory: the larger consumption above the request first. */
const memory = withStats((a, aRequest, b, bRequest) => Math.sign(b - bRequest - (a - aRequest)));

const ORDER: readonly Compare[] = [exceedMemoryRequests, priority, memory];

/**
 * rankMemoryPressure: pods whose usage exceeds their requests first, then by priority (lowest
 * first), then by usage above requests (largest first). So a BestEffort pod (request 0) goes before
 * a Burstable pod within its request, and a Guaranteed pod (usage ≤ limit = request) comes last
 * among pods of its priority. Ties keep the input order (upstream sorts with insertion sort up to
 * 12 pods, which is stable).
 */
export function rankMemoryPressure<T extends RankedPod>(pods: readonly T[]): T[] {
  const keyed = pods.map((p) => ({
    item: p,
    key: { usage: p.workingSetBytes, request: podMemoryRequestBytes(p.pod), priority: podPriority(p.pod) },
  }));
  keyed.sort((a, b) => {
    for (const compare of ORDER) {
      const result = compare(a.key, b.key);
      if (result !== 0) return result;
    }
    return 0;
  });
  return keyed.map((k) => k.item);
}
