/**
 * Shared scoring over requested vs allocatable resources (pkg/scheduler/framework/plugins/noderesources
 * resource_allocation.go), used by NodeResourcesFit's scoring strategy and BalancedAllocation.
 */
import type { Pod } from 'kubernetes-types/core/v1';
import { type NodeInfo, podInfoFor } from '../framework/node-info.ts';
import {
  isScalarResourceName,
  RESOURCE_CPU,
  RESOURCE_EPHEMERAL_STORAGE,
  RESOURCE_MEMORY,
} from '../framework/resource-names.ts';

export interface ResourceSpec {
  readonly name: string;
  readonly weight: number;
}

/** The default scoring resources: cpu and memory, weight 1 each. */
export const DEFAULT_SCORING_RESOURCES: readonly ResourceSpec[] = Object.freeze([
  { name: RESOURCE_CPU, weight: 1 },
  { name: RESOURCE_MEMORY, weight: 1 },
]);

/** Turns per-resource requested and allocatable amounts into a 0..100 node score. */
export type ResourceScorer = (requested: ArrayLike<number>, allocatable: ArrayLike<number>) => number;

/**
 * The pod's request for each scored resource. Without `useRequested`, containers that state no cpu or
 * memory count as 100m / 200Mi so that many empty-request pods do not pile onto one node.
 */
export function podScoringRequests(
  pod: Pod,
  resources: readonly ResourceSpec[],
  useRequested: boolean,
): number[] {
  const info = podInfoFor(pod);
  return resources.map(({ name }) => {
    switch (name) {
      case RESOURCE_CPU:
        return useRequested ? info.requested.milliCPU : info.nonZeroMilliCPU;
      case RESOURCE_MEMORY:
        return useRequested ? info.requested.memory : info.nonZeroMemory;
      case RESOURCE_EPHEMERAL_STORAGE:
        return info.requested.ephemeralStorage;
      default:
        return info.requested.scalar.get(name) ?? 0;
    }
  });
}

const CPU = 0;
const MEMORY = 1;
const EPHEMERAL = 2;
const SCALAR = 3;

const kindOf = (name: string): number =>
  name === RESOURCE_CPU
    ? CPU
    : name === RESOURCE_MEMORY
      ? MEMORY
      : name === RESOURCE_EPHEMERAL_STORAGE
        ? EPHEMERAL
        : SCALAR;

/**
 * resourceAllocationScorer: per node, collects allocatable and (requested + pod request) for each
 * resource, leaving out resources the node does not have and extended resources the pod does not
 * request, and applies the scorer. Node requests are the non-zero ones unless `useRequested`.
 */
export class ResourceAllocationScorer {
  private readonly kinds: readonly number[];
  private readonly scalarNames: readonly boolean[];
  private readonly requested: Float64Array;
  private readonly allocatable: Float64Array;

  constructor(
    private readonly resources: readonly ResourceSpec[],
    private readonly useRequested: boolean,
    private readonly scorer: ResourceScorer,
  ) {
    this.kinds = resources.map(({ name }) => kindOf(name));
    this.scalarNames = resources.map(({ name }) => isScalarResourceName(name));
    this.requested = new Float64Array(resources.length);
    this.allocatable = new Float64Array(resources.length);
  }

  score(nodeInfo: NodeInfo, podRequests: readonly number[]): number {
    const requestedOnNode = this.useRequested ? nodeInfo.requested : nodeInfo.nonZeroRequested;
    const { allocatable: nodeAllocatable, requested: nodeRequested } = nodeInfo;
    for (let i = 0; i < this.kinds.length; i++) {
      const podRequest = podRequests[i]!;
      let alloc = 0;
      let req = 0;
      if (podRequest !== 0 || !this.scalarNames[i]) {
        switch (this.kinds[i]) {
          case CPU:
            alloc = nodeAllocatable.milliCPU;
            req = requestedOnNode.milliCPU + podRequest;
            break;
          case MEMORY:
            alloc = nodeAllocatable.memory;
            req = requestedOnNode.memory + podRequest;
            break;
          case EPHEMERAL:
            alloc = nodeAllocatable.ephemeralStorage;
            req = nodeRequested.ephemeralStorage + podRequest;
            break;
          default: {
            const name = this.resources[i]!.name;
            alloc = nodeAllocatable.scalar.get(name) ?? 0;
            req = (nodeRequested.scalar.get(name) ?? 0) + podRequest;
          }
        }
      }
      this.allocatable[i] = alloc;
      this.requested[i] = alloc === 0 ? 0 : req;
    }
    return this.scorer(this.requested, this.allocatable);
  }
}
