// What the eviction manager writes where clients see it (pkg/kubelet/eviction/helpers.go and
// eviction_manager.go): the pod's status reason and message, its Evicted event and the event's annotations.
import type { Pod } from 'kubernetes-types/core/v1';
import {
  compareQuantities,
  formatQuantity,
  newQuantity,
  parseQuantity,
  type Quantity,
} from '../../api/quantity.ts';

/** The pod status reason, and the reason of the Warning event on the pod. */
export const EVICTED_REASON = 'Evicted';
/** The Warning event on the node each time the manager sets out to reclaim a resource. */
export const THRESHOLD_MET_REASON = 'EvictionThresholdMet';
/** The DisruptionTarget condition's reason for a pod the kubelet terminates. */
export const TERMINATION_BY_KUBELET_REASON = 'TerminationByKubelet';
export const DISRUPTION_TARGET = 'DisruptionTarget';

/** Event annotations (OffendingContainersKey, OffendingContainersUsageKey, StarvedResourceKey). */
export const OFFENDING_CONTAINERS_KEY = 'offending_containers';
export const OFFENDING_CONTAINERS_USAGE_KEY = 'offending_containers_usage';
export const STARVED_RESOURCE_KEY = 'starved_resource';

/** `Attempting to reclaim memory`. */
export function thresholdMetMessage(resource: string): string {
  return `Attempting to reclaim ${resource}`;
}

/** One container's usage of the starved resource, as the summary reports it. */
export interface ContainerUsageStat {
  name: string;
  workingSetBytes: number;
}

export interface EvictionMessageInput {
  resource: 'memory';
  pod: Pod;
  /** The threshold quantity (GetThresholdQuantity) and what was available when it was met. */
  threshold: Quantity;
  available: Quantity;
  /** The pod's container stats in summary order; undefined when the summary has none for the pod. */
  containers: readonly ContainerUsageStat[] | undefined;
}

/**
 * evictionMessage: `The node was low on resource: memory. Threshold quantity: 100Mi, available: 48Mi. `
 * and, for each container using more than it requested,
 * `Container stress was using 1500Mi, request is 0, has larger consumption of memory. ` — every
 * sentence ends with a space, as upstream's format strings do. The annotations name the offending
 * containers, their usage and the starved resource.
 */
export function evictionMessage(input: EvictionMessageInput): {
  message: string;
  annotations: Record<string, string>;
} {
  const { resource, pod } = input;
  let message = `The node was low on resource: ${resource}. `;
  message += `Threshold quantity: ${formatQuantity(input.threshold)}, available: ${formatQuantity(input.available)}. `;
  if (input.containers === undefined) return { message, annotations: {} };
  const specs = [...(pod.spec?.containers ?? []), ...(pod.spec?.initContainers ?? [])];
  const offending: string[] = [];
  const usages: string[] = [];
  for (const stat of input.containers) {
    const container = specs.find((c) => c.name === stat.name);
    if (!container) continue;
    const requestText = container.resources?.requests?.[resource];
    const request = requestText === undefined ? newQuantity(0, 'DecimalSI') : parseQuantity(requestText);
    const usage = newQuantity(stat.workingSetBytes, 'BinarySI');
    if (compareQuantities(usage, request) > 0) {
      message += `Container ${container.name} was using ${formatQuantity(usage)}, request is ${formatQuantity(request)}, has larger consumption of ${resource}. `;
      offending.push(container.name);
      usages.push(formatQuantity(usage));
    }
  }
  return {
    message,
    annotations: {
      [OFFENDING_CONTAINERS_KEY]: offending.join(','),
      [OFFENDING_CONTAINERS_USAGE_KEY]: usages.join(','),
      [STARVED_RESOURCE_KEY]: resource,
    },
  };
}

/** memory.available as the summary reports it: what is left of the capacity, never below zero, BinarySI. */
export function availableQuantity(capacityBytes: number, workingSetBytes: number): Quantity {
  return newQuantity(Math.max(0, capacityBytes - workingSetBytes), 'BinarySI');
}
