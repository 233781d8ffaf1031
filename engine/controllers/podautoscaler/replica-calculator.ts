// The HPA's replica calculation (pkg/controller/podautoscaler/replica_calculator.go, metrics/utilization.go).
import type { Pod } from 'kubernetes-types/core/v1';
import { milliValue } from '../../api/quantity.ts';

/** --horizontal-pod-autoscaler-tolerance: ratios within 10% of 1 change nothing. */
export const TOLERANCE = 0.1;
/** --horizontal-pod-autoscaler-cpu-initialization-period. */
export const CPU_INITIALIZATION_PERIOD_MS = 5 * 60_000;
/** --horizontal-pod-autoscaler-initial-readiness-delay. */
export const DELAY_OF_INITIAL_READINESS_STATUS_MS = 30_000;

/** One pod's metric: the sum over its containers, as a milli-value (millicores, or bytes × 1000). */
export interface PodMetric {
  timestamp: number;
  windowMs: number;
  value: number;
}

export type PodMetricsInfo = Map<string, PodMetric>;

export interface PodGroups {
  readyPodCount: number;
  unreadyPods: Set<string>;
  missingPods: Set<string>;
  ignoredPods: Set<string>;
}

const ms = (time: string | undefined): number | undefined => (time ? Date.parse(time) : undefined);

/**
 * groupPods: deleted and failed pods are ignored; pending ones count as unready; pods without a
 * metric are missing; for CPU, pods not yet ready (or whose metric predates a window after they
 * became ready, within the initialization period) are unready too.
 */
export function groupPods(
  pods: readonly Pod[],
  metrics: PodMetricsInfo,
  resource: string,
  now: number,
  cpuInitializationPeriodMs = CPU_INITIALIZATION_PERIOD_MS,
  delayOfInitialReadinessStatusMs = DELAY_OF_INITIAL_READINESS_STATUS_MS,
): PodGroups {
  const groups: PodGroups = {
    readyPodCount: 0,
    unreadyPods: new Set(),
    missingPods: new Set(),
    ignoredPods: new Set(),
  };
  for (const pod of pods) {
    const name = pod.metadata?.name ?? '';
    if (pod.metadata?.deletionTimestamp || pod.status?.phase === 'Failed') {
      groups.ignoredPods.add(name);
      continue;
    }
    if (pod.status?.phase === 'Pending') {
      groups.unreadyPods.add(name);
      continue;
    }
    const metric = metrics.get(name);
    if (!metric) {
      groups.missingPods.add(name);
      continue;
    }
    if (resource === 'cpu') {
      const condition = pod.status?.conditions?.find((c) => c.type === 'Ready');
      const startTime = ms(pod.status?.startTime);
      let unready: boolean;
      if (!condition || startTime === undefined) {
        unready = true;
      } else {
        const transition = ms(condition.lastTransitionTime) ?? 0;
        if (startTime + cpuInitializationPeriodMs > now) {
          unready = condition.status === 'False' || metric.timestamp < transition + metric.windowMs;
        } else {
          unready = condition.status === 'False' && startTime + delayOfInitialReadinessStatusMs > transition;
        }
      }
      if (unready) {
        groups.unreadyPods.add(name);
        continue;
      }
    }
    groups.readyPodCount++;
  }
  return groups;
}

/**
 * calculatePodRequests: each pod's request of `resource` (milli-value), summed over its containers
 * and restartable init containers (or only `container`); a container without one is an error.
 */
export function calculatePodRequests(
  pods: readonly Pod[],
  container: string,
  resource: string,
): Map<string, number> {
  const requests = new Map<string, number>();
  for (const pod of pods) {
    let sum = 0;
    const containers = [
      ...(pod.spec?.containers ?? []),
      ...(pod.spec?.initContainers ?? []).filter((c) => c.restartPolicy === 'Always'),
    ];
    for (const c of containers) {
      if (container !== '' && container !== c.name) continue;
      const request = c.resources?.requests?.[resource];
      if (request === undefined) {
        throw new Error(
          `missing request for ${resource} in container ${c.name} of Pod ${pod.metadata?.name ?? ''}`,
        );
      }
      sum += milliValue(String(request));
    }
    requests.set(pod.metadata?.name ?? '', sum);
  }
  return requests;
}

/** GetResourceUtilizationRatio: usage over requests of the pods with both, against the target percentage. */
export function resourceUtilizationRatio(
  metrics: PodMetricsInfo,
  requests: ReadonlyMap<string, number>,
  targetUtilization: number,
): { ratio: number; utilization: number; rawAverageValue: number } {
  let metricsTotal = 0;
  let requestsTotal = 0;
  let entries = 0;
  for (const [name, metric] of metrics) {
    const request = requests.get(name);
    if (request === undefined) continue;
    metricsTotal += metric.value;
    requestsTotal += request;
    entries++;
  }
  if (requestsTotal === 0) throw new Error('no metrics returned matched known pods');
  const utilization = Math.trunc((metricsTotal * 100) / requestsTotal);
  return {
    ratio: utilization / targetUtilization,
    utilization,
    rawAverageValue: Math.trunc(metricsTotal / entries),
  };
}

/** GetMetricUsageRatio: the average usage against the target average. */
export function metricUsageRatio(
  metrics: PodMetricsInfo,
  targetUsage: number,
): { ratio: number; usage: number } {
  let total = 0;
  for (const metric of metrics.values()) total += metric.value;
  const usage = Math.trunc(total / metrics.size);
  return { ratio: usage / targetUsage, usage };
}

function removePods(metrics: PodMetricsInfo, pods: Set<string>): void {
  for (const name of pods) metrics.delete(name);
}

export interface ReplicaInput {
  currentReplicas: number;
  resource: string;
  /** `spec.containerResource.container`, or '' for the whole pod. */
  container?: string;
  /** The pods the target's selector picks. */
  pods: readonly Pod[];
  /** Their metrics (consumed: the calculation fills in missing and unready pods). */
  metrics: PodMetricsInfo;
  now: number;
  tolerance?: number;
}

/** GetResourceReplicas: the replicas for an average utilization target (a percentage of the requests). */
export function resourceReplicas(input: ReplicaInput & { targetUtilization: number }): {
  replicas: number;
  utilization: number;
  rawUtilization: number;
} {
  const { currentReplicas, targetUtilization, resource, pods, metrics, now } = input;
  const tolerance = input.tolerance ?? TOLERANCE;
  if (pods.length === 0) throw new Error('no pods returned by selector while calculating replica count');
  const { readyPodCount, unreadyPods, missingPods, ignoredPods } = groupPods(pods, metrics, resource, now);
  removePods(metrics, ignoredPods);
  removePods(metrics, unreadyPods);
  if (metrics.size === 0)
    throw new Error('did not receive metrics for targeted pods (pods might be unready)');
  const requests = calculatePodRequests(pods, input.container ?? '', resource);
  const { ratio, utilization, rawAverageValue } = resourceUtilizationRatio(
    metrics,
    requests,
    targetUtilization,
  );
  const result = (replicas: number) => ({ replicas, utilization, rawUtilization: rawAverageValue });

  const scaleUpWithUnready = unreadyPods.size > 0 && ratio > 1.0;
  if (!scaleUpWithUnready && missingPods.size === 0) {
    if (Math.abs(1.0 - ratio) <= tolerance) return result(currentReplicas);
    return result(Math.ceil(ratio * readyPodCount));
  }
  if (missingPods.size > 0) {
    if (ratio < 1.0) {
      // On a scale-down, missing pods count as using 100% of their request (or the target, if above 100%).
      const fallback = Math.max(100, targetUtilization);
      for (const name of missingPods) {
        metrics.set(name, {
          timestamp: 0,
          windowMs: 0,
          value: Math.trunc(((requests.get(name) ?? 0) * fallback) / 100),
        });
      }
    } else if (ratio > 1.0) {
      for (const name of missingPods) metrics.set(name, { timestamp: 0, windowMs: 0, value: 0 });
    }
  }
  if (scaleUpWithUnready) {
    for (const name of unreadyPods) metrics.set(name, { timestamp: 0, windowMs: 0, value: 0 });
  }
  const next = resourceUtilizationRatio(metrics, requests, targetUtilization).ratio;
  if (Math.abs(1.0 - next) <= tolerance || (ratio < 1.0 && next > 1.0) || (ratio > 1.0 && next < 1.0)) {
    return result(currentReplicas);
  }
  const replicas = Math.ceil(next * metrics.size);
  if ((next < 1.0 && replicas > currentReplicas) || (next > 1.0 && replicas < currentReplicas)) {
    return result(currentReplicas);
  }
  return result(replicas);
}

/** GetRawResourceReplicas (calcPlainMetricReplicas): the replicas for an average value target (milli-value). */
export function rawResourceReplicas(input: ReplicaInput & { targetUsage: number }): {
  replicas: number;
  usage: number;
} {
  const { currentReplicas, targetUsage, resource, pods, metrics, now } = input;
  const tolerance = input.tolerance ?? TOLERANCE;
  if (pods.length === 0) throw new Error('no pods returned by selector while calculating replica count');
  const { readyPodCount, unreadyPods, missingPods, ignoredPods } = groupPods(pods, metrics, resource, now);
  removePods(metrics, ignoredPods);
  removePods(metrics, unreadyPods);
  if (metrics.size === 0)
    throw new Error('did not receive metrics for targeted pods (pods might be unready)');
  const { ratio, usage } = metricUsageRatio(metrics, targetUsage);
  const scaleUpWithUnready = unreadyPods.size > 0 && ratio > 1.0;
  if (!scaleUpWithUnready && missingPods.size === 0) {
    if (Math.abs(1.0 - ratio) <= tolerance) return { replicas: currentReplicas, usage };
    return { replicas: Math.ceil(ratio * readyPodCount), usage };
  }
  if (missingPods.size > 0) {
    if (ratio < 1.0) {
      for (const name of missingPods) metrics.set(name, { timestamp: 0, windowMs: 0, value: targetUsage });
    } else if (ratio > 1.0) {
      for (const name of missingPods) metrics.set(name, { timestamp: 0, windowMs: 0, value: 0 });
    }
  }
  if (scaleUpWithUnready) {
    for (const name of unreadyPods) metrics.set(name, { timestamp: 0, windowMs: 0, value: 0 });
  }
  const next = metricUsageRatio(metrics, targetUsage).ratio;
  if (Math.abs(1.0 - next) <= tolerance || (ratio < 1.0 && next > 1.0) || (ratio > 1.0 && next < 1.0)) {
    return { replicas: currentReplicas, usage };
  }
  const replicas = Math.ceil(next * metrics.size);
  if ((next < 1.0 && replicas > currentReplicas) || (next > 1.0 && replicas < currentReplicas)) {
    return { replicas: currentReplicas, usage };
  }
  return { replicas, usage };
}
