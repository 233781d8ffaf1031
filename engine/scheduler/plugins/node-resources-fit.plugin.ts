/**
 * NodeResourcesFit (pkg/scheduler/framework/plugins/noderesources/fit.go): the pod's effective
 * requests must fit in the node's allocatable minus what its pods already request, and the node must
 * have room for one more pod. Scores with the LeastAllocated strategy by default.
 */
import type { Pod } from 'kubernetes-types/core/v1';
import type { CycleState } from '../framework/cycle-state.ts';
import type {
  FilterPlugin,
  PreFilterPlugin,
  PreFilterStatus,
  PreScorePlugin,
  ScorePlugin,
} from '../framework/interfaces.ts';
import { type NodeInfo, podInfoFor } from '../framework/node-info.ts';
import type { Resource } from '../framework/pod-requests.ts';
import {
  isExtendedResourceName,
  RESOURCE_CPU,
  RESOURCE_EPHEMERAL_STORAGE,
  RESOURCE_MEMORY,
  RESOURCE_PODS,
} from '../framework/resource-names.ts';
import { type RejectStatus, type Status, SUCCESS, unschedulable } from '../framework/status.ts';
import { NODE_RESOURCES_FIT } from './names.ts';
import { leastAllocatedScorer, mostAllocatedScorer } from './node-resources-least-allocated.ts';
import {
  DEFAULT_SCORING_RESOURCES,
  podScoringRequests,
  ResourceAllocationScorer,
  type ResourceSpec,
} from './resource-allocation.ts';

export const REASON_TOO_MANY_PODS = 'Too many pods';
export const REASON_INSUFFICIENT_CPU = 'Insufficient cpu';
export const REASON_INSUFFICIENT_MEMORY = 'Insufficient memory';
export const REASON_INSUFFICIENT_EPHEMERAL_STORAGE = 'Insufficient ephemeral-storage';

/** `Insufficient <resource>`, the reason for any resource short on the node. */
export function insufficientResourceReason(resourceName: string): string {
  return `Insufficient ${resourceName}`;
}

/** One resource the node lacks for the pod. */
export interface InsufficientResource {
  readonly resourceName: string;
  readonly reason: string;
  readonly requested: number;
  readonly used: number;
  readonly capacity: number;
}

/** True when the pod fits: the allocation-free check the filter runs before listing shortfalls. */
export function fits(
  podRequest: Resource,
  nodeInfo: NodeInfo,
  ignoredResources: ReadonlySet<string>,
): boolean {
  const { allocatable, requested } = nodeInfo;
  if (nodeInfo.pods.length + 1 > allocatable.allowedPodNumber) return false;
  if (podRequest.milliCPU > 0 && podRequest.milliCPU > allocatable.milliCPU - requested.milliCPU)
    return false;
  if (podRequest.memory > 0 && podRequest.memory > allocatable.memory - requested.memory) return false;
  if (
    podRequest.ephemeralStorage > 0 &&
    podRequest.ephemeralStorage > allocatable.ephemeralStorage - requested.ephemeralStorage
  ) {
    return false;
  }
  if (podRequest.scalar.size === 0) return true;
  return fitsRequest(podRequest, nodeInfo, ignoredResources).length === 0;
}

/** Every resource the node lacks for a pod requesting `podRequest` (empty when it fits). */
export function fitsRequest(
  podRequest: Resource,
  nodeInfo: NodeInfo,
  ignoredResources: ReadonlySet<string> = new Set(),
): InsufficientResource[] {
  const insufficient: InsufficientResource[] = [];
  const { allocatable, requested } = nodeInfo;
  const podCount = nodeInfo.pods.length;
  if (podCount + 1 > allocatable.allowedPodNumber) {
    insufficient.push({
      resourceName: RESOURCE_PODS,
      reason: REASON_TOO_MANY_PODS,
      requested: 1,
      used: podCount,
      capacity: allocatable.allowedPodNumber,
    });
  }
  if (
    podRequest.milliCPU === 0 &&
    podRequest.memory === 0 &&
    podRequest.ephemeralStorage === 0 &&
    podRequest.scalar.size === 0
  ) {
    return insufficient;
  }
  if (podRequest.milliCPU > 0 && podRequest.milliCPU > allocatable.milliCPU - requested.milliCPU) {
    insufficient.push({
      resourceName: RESOURCE_CPU,
      reason: REASON_INSUFFICIENT_CPU,
      requested: podRequest.milliCPU,
      used: requested.milliCPU,
      capacity: allocatable.milliCPU,
    });
  }
  if (podRequest.memory > 0 && podRequest.memory > allocatable.memory - requested.memory) {
    insufficient.push({
      resourceName: RESOURCE_MEMORY,
      reason: REASON_INSUFFICIENT_MEMORY,
      requested: podRequest.memory,
      used: requested.memory,
      capacity: allocatable.memory,
    });
  }
  if (
    podRequest.ephemeralStorage > 0 &&
    podRequest.ephemeralStorage > allocatable.ephemeralStorage - requested.ephemeralStorage
  ) {
    insufficient.push({
      resourceName: RESOURCE_EPHEMERAL_STORAGE,
      reason: REASON_INSUFFICIENT_EPHEMERAL_STORAGE,
      requested: podRequest.ephemeralStorage,
      used: requested.ephemeralStorage,
      capacity: allocatable.ephemeralStorage,
    });
  }
  for (const [name, quantity] of podRequest.scalar) {
    if (quantity === 0) continue;
    if (isExtendedResourceName(name) && ignoredResources.has(name)) continue;
    const capacity = allocatable.scalar.get(name) ?? 0;
    const used = requested.scalar.get(name) ?? 0;
    if (quantity > capacity - used) {
      insufficient.push({
        resourceName: name,
        reason: insufficientResourceReason(name),
        requested: quantity,
        used,
        capacity,
      });
    }
  }
  return insufficient;
}

export type ScoringStrategy = 'LeastAllocated' | 'MostAllocated';

export interface NodeResourcesFitArgs {
  /** Extended resources the filter does not check. */
  readonly ignoredResources?: readonly string[];
  readonly scoringStrategy?: ScoringStrategy;
  readonly scoringResources?: readonly ResourceSpec[];
}

const PRE_FILTER_KEY = `PreFilter${NODE_RESOURCES_FIT}`;
const PRE_SCORE_KEY = `PreScore${NODE_RESOURCES_FIT}`;
const statusCache = new Map<string, RejectStatus>();

function rejection(insufficient: readonly InsufficientResource[]): RejectStatus {
  const reasons = insufficient.map((resource) => resource.reason);
  const key = reasons.join('\n');
  let status = statusCache.get(key);
  if (status === undefined) {
    status = unschedulable(NODE_RESOURCES_FIT, ...reasons);
    if (statusCache.size < 1000) statusCache.set(key, status);
  }
  return status;
}

export function createNodeResourcesFitPlugin(
  args: NodeResourcesFitArgs = {},
): PreFilterPlugin & FilterPlugin & PreScorePlugin & ScorePlugin {
  const ignored = new Set(args.ignoredResources ?? []);
  const resources = args.scoringResources ?? DEFAULT_SCORING_RESOURCES;
  const scorer = new ResourceAllocationScorer(
    resources,
    false,
    args.scoringStrategy === 'MostAllocated'
      ? mostAllocatedScorer(resources)
      : leastAllocatedScorer(resources),
  );
  return {
    name: NODE_RESOURCES_FIT,
    preFilter(state: CycleState, pod: Pod): PreFilterStatus {
      state.write(PRE_FILTER_KEY, podInfoFor(pod).requested);
      return SUCCESS;
    },
    filter(state: CycleState, pod: Pod, nodeInfo: NodeInfo): Status {
      const podRequest = state.read<Resource>(PRE_FILTER_KEY) ?? podInfoFor(pod).requested;
      if (fits(podRequest, nodeInfo, ignored)) return SUCCESS;
      return rejection(fitsRequest(podRequest, nodeInfo, ignored));
    },
    preScore(state: CycleState, pod: Pod): Status {
      state.write(PRE_SCORE_KEY, podScoringRequests(pod, resources, false));
      return SUCCESS;
    },
    score(state: CycleState, pod: Pod, nodeInfo: NodeInfo): number {
      const podRequests = state.read<number[]>(PRE_SCORE_KEY) ?? podScoringRequests(pod, resources, false);
      return scorer.score(nodeInfo, podRequests);
    },
  };
}
