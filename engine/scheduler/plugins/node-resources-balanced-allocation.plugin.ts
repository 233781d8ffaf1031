/**
 * NodeResourcesBalancedAllocation (pkg/scheduler/framework/plugins/noderesources/balanced_allocation.go):
 * favors nodes whose cpu and memory would be used in similar proportions after placing the pod.
 */
import type { Pod } from 'kubernetes-types/core/v1';
import type { CycleState } from '../framework/cycle-state.ts';
import { MAX_NODE_SCORE, type PreScorePlugin, type ScorePlugin } from '../framework/interfaces.ts';
import type { NodeInfo } from '../framework/node-info.ts';
import { type Status, SUCCESS } from '../framework/status.ts';
import { NODE_RESOURCES_BALANCED_ALLOCATION } from './names.ts';
import {
  DEFAULT_SCORING_RESOURCES,
  podScoringRequests,
  ResourceAllocationScorer,
  type ResourceSpec,
} from './resource-allocation.ts';

/** (1 − standard deviation of the requested fractions) × 100; fractions are capped at 1. */
export function balancedResourceScorer(requested: ArrayLike<number>, allocatable: ArrayLike<number>): number {
  let count = 0;
  let total = 0;
  let first = 0;
  let second = 0;
  for (let i = 0; i < requested.length; i++) {
    if (allocatable[i] === 0) continue;
    const fraction = Math.min(requested[i]! / allocatable[i]!, 1);
    if (count === 0) first = fraction;
    else if (count === 1) second = fraction;
    total += fraction;
    count++;
  }
  let std = 0;
  if (count === 2) {
    std = Math.abs((first - second) / 2);
  } else if (count > 2) {
    const mean = total / count;
    let sum = 0;
    for (let i = 0; i < requested.length; i++) {
      if (allocatable[i] === 0) continue;
      const deviation = Math.min(requested[i]! / allocatable[i]!, 1) - mean;
      sum += deviation * deviation;
    }
    std = Math.sqrt(sum / count);
  }
  return Math.trunc((1 - std) * MAX_NODE_SCORE);
}

const PRE_SCORE_KEY = `PreScore${NODE_RESOURCES_BALANCED_ALLOCATION}`;

export function createBalancedAllocationPlugin(
  resources: readonly ResourceSpec[] = DEFAULT_SCORING_RESOURCES,
): PreScorePlugin & ScorePlugin {
  const scorer = new ResourceAllocationScorer(resources, true, balancedResourceScorer);
  return {
    name: NODE_RESOURCES_BALANCED_ALLOCATION,
    preScore(state: CycleState, pod: Pod): Status {
      state.write(PRE_SCORE_KEY, podScoringRequests(pod, resources, true));
      return SUCCESS;
    },
    score(state: CycleState, pod: Pod, nodeInfo: NodeInfo): number {
      const podRequests = state.read<number[]>(PRE_SCORE_KEY) ?? podScoringRequests(pod, resources, true);
      return scorer.score(nodeInfo, podRequests);
    },
  };
}
