/**
 * LeastAllocated and MostAllocated scoring strategies of NodeResourcesFit
 * (pkg/scheduler/framework/plugins/noderesources least_allocated.go, most_allocated.go).
 */
import { MAX_NODE_SCORE } from '../framework/interfaces.ts';
import type { ResourceScorer, ResourceSpec } from './resource-allocation.ts';

/** (capacity − requested) × 100 / capacity, 0 when over capacity. */
export function leastRequestedScore(requested: number, capacity: number): number {
  if (capacity === 0 || requested > capacity) return 0;
  return Math.trunc(((capacity - requested) * MAX_NODE_SCORE) / capacity);
}

/** requested × 100 / capacity, capped at 100. */
export function mostRequestedScore(requested: number, capacity: number): number {
  if (capacity === 0) return 0;
  return Math.trunc((Math.min(requested, capacity) * MAX_NODE_SCORE) / capacity);
}

function weightedScorer(
  resources: readonly ResourceSpec[],
  perResource: (r: number, c: number) => number,
): ResourceScorer {
  const weights = resources.map((resource) => resource.weight);
  return (requested, allocatable) => {
    let nodeScore = 0;
    let weightSum = 0;
    for (let i = 0; i < requested.length; i++) {
      if (allocatable[i] === 0) continue;
      const weight = weights[i]!;
      nodeScore += perResource(requested[i]!, allocatable[i]!) * weight;
      weightSum += weight;
    }
    return weightSum === 0 ? 0 : Math.trunc(nodeScore / weightSum);
  };
}

/** Favors nodes with the most free capacity (the default strategy). */
export function leastAllocatedScorer(resources: readonly ResourceSpec[]): ResourceScorer {
  return weightedScorer(resources, leastRequestedScore);
}

/** Favors the fullest nodes (bin packing). */
export function mostAllocatedScorer(resources: readonly ResourceSpec[]): ResourceScorer {
  return weightedScorer(resources, mostRequestedScore);
}
