/**
 * TaintToleration (pkg/scheduler/framework/plugins/tainttoleration): NoSchedule / NoExecute taints
 * the pod does not tolerate reject the node; untolerated PreferNoSchedule taints lower its score.
 */
import type { Pod, Taint, Toleration } from 'kubernetes-types/core/v1';
import type { CycleState } from '../framework/cycle-state.ts';
import type { FilterPlugin, PreScorePlugin, ScorePlugin } from '../framework/interfaces.ts';
import type { NodeInfo } from '../framework/node-info.ts';
import { type RejectStatus, type Status, SUCCESS, unresolvable } from '../framework/status.ts';
import {
  findMatchingUntoleratedTaint,
  TAINT_EFFECT_PREFER_NO_SCHEDULE,
  tolerationsTolerateTaint,
} from '../framework/tolerations.ts';
import { TAINT_TOLERATION } from './names.ts';
import { defaultNormalizeScore } from './normalize-score.ts';

/** The Filter reason: `node(s) had untolerated taint {<key>: <value>}` (an empty value prints as `{key: }`). */
export function untoleratedTaintReason(taint: Taint): string {
  return `node(s) had untolerated taint {${taint.key}: ${taint.value ?? ''}}`;
}

const PRE_SCORE_KEY = `PreScore${TAINT_TOLERATION}`;
const rejections = new Map<string, RejectStatus>();

function rejection(taint: Taint): RejectStatus {
  const reason = untoleratedTaintReason(taint);
  let status = rejections.get(reason);
  if (status === undefined) {
    status = unresolvable(TAINT_TOLERATION, reason);
    if (rejections.size < 10_000) rejections.set(reason, status);
  }
  return status;
}

/** Untolerated PreferNoSchedule taints on the node. */
export function countIntolerableTaintsPreferNoSchedule(
  taints: readonly Taint[] | undefined,
  tolerations: readonly Toleration[],
): number {
  let count = 0;
  for (const taint of taints ?? []) {
    if (taint.effect === TAINT_EFFECT_PREFER_NO_SCHEDULE && !tolerationsTolerateTaint(tolerations, taint))
      count++;
  }
  return count;
}

export function createTaintTolerationPlugin(): FilterPlugin & PreScorePlugin & ScorePlugin {
  return {
    name: TAINT_TOLERATION,
    filter(_state: CycleState, pod: Pod, nodeInfo: NodeInfo): Status {
      const taints = nodeInfo.taints;
      if (taints.length === 0) return SUCCESS;
      const taint = findMatchingUntoleratedTaint(taints, pod.spec?.tolerations);
      return taint ? rejection(taint) : SUCCESS;
    },
    preScore(state: CycleState, pod: Pod): Status {
      const preferNoSchedule = (pod.spec?.tolerations ?? []).filter(
        (toleration) => !toleration.effect || toleration.effect === TAINT_EFFECT_PREFER_NO_SCHEDULE,
      );
      state.write(PRE_SCORE_KEY, preferNoSchedule);
      return SUCCESS;
    },
    score(state: CycleState, _pod: Pod, nodeInfo: NodeInfo): number {
      const taints = nodeInfo.taints;
      if (taints.length === 0) return 0;
      return countIntolerableTaintsPreferNoSchedule(taints, state.read<Toleration[]>(PRE_SCORE_KEY) ?? []);
    },
    normalize(_state: CycleState, _pod: Pod, _nodes: readonly NodeInfo[], scores: number[]): void {
      defaultNormalizeScore(scores, true);
    },
  };
}
