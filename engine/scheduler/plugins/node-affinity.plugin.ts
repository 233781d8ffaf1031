/**
 * NodeAffinity (pkg/scheduler/framework/plugins/nodeaffinity): `spec.nodeSelector` and required node
 * affinity filter nodes; preferred node affinity terms add their weights to the score.
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
import type { NodeInfo } from '../framework/node-info.ts';
import {
  NODE_NAME_FIELD,
  type PreferredNodeAffinity,
  preferredNodeAffinity,
  preferredNodeAffinityScore,
  type RequiredNodeAffinity,
  requiredNodeAffinity,
  requiredNodeAffinityMatches,
} from '../framework/node-selector.ts';
import { SKIP, type Status, SUCCESS, unresolvable } from '../framework/status.ts';
import { NODE_AFFINITY } from './names.ts';
import { defaultNormalizeScore } from './normalize-score.ts';

export const ERR_REASON_POD = "node(s) didn't match Pod's node affinity/selector";
export const ERR_REASON_ENFORCED = "node(s) didn't match scheduler-enforced node affinity";
export const ERR_REASON_CONFLICT = 'pod affinity terms conflict';

const PRE_FILTER_KEY = `PreFilter${NODE_AFFINITY}`;
const PRE_SCORE_KEY = `PreScore${NODE_AFFINITY}`;
const REJECTED = unresolvable(NODE_AFFINITY, ERR_REASON_POD);

/** Node names every term pins with `matchFields metadata.name In`, or undefined when a term pins none. */
function pinnedNodeNames(pod: Pod): Set<string> | undefined {
  const terms =
    pod.spec?.affinity?.nodeAffinity?.requiredDuringSchedulingIgnoredDuringExecution?.nodeSelectorTerms;
  if (!terms || terms.length === 0) return undefined;
  const union = new Set<string>();
  for (const term of terms) {
    let termNames: Set<string> | undefined;
    for (const requirement of term.matchFields ?? []) {
      if (requirement.key !== NODE_NAME_FIELD || requirement.operator !== 'In') continue;
      const names = new Set(requirement.values ?? []);
      termNames = termNames ? new Set([...termNames].filter((name) => names.has(name))) : names;
    }
    // A term without a node name requirement admits every node: the terms are ORed.
    if (termNames === undefined) return undefined;
    for (const name of termNames) union.add(name);
  }
  return union;
}

export function createNodeAffinityPlugin(): PreFilterPlugin & FilterPlugin & PreScorePlugin & ScorePlugin {
  return {
    name: NODE_AFFINITY,
    preFilter(state: CycleState, pod: Pod): PreFilterStatus {
      const required = pod.spec?.affinity?.nodeAffinity?.requiredDuringSchedulingIgnoredDuringExecution;
      if (!required && pod.spec?.nodeSelector === undefined) return SKIP;
      state.write(PRE_FILTER_KEY, requiredNodeAffinity(pod));
      const nodeNames = pinnedNodeNames(pod);
      if (nodeNames === undefined) return SUCCESS;
      if (nodeNames.size === 0) return unresolvable(NODE_AFFINITY, ERR_REASON_CONFLICT);
      return { code: 'Success', nodeNames };
    },
    filter(state: CycleState, pod: Pod, nodeInfo: NodeInfo): Status {
      const required = state.read<RequiredNodeAffinity>(PRE_FILTER_KEY) ?? requiredNodeAffinity(pod);
      return requiredNodeAffinityMatches(required, nodeInfo.node) ? SUCCESS : REJECTED;
    },
    preScore(state: CycleState, pod: Pod): Status {
      const preferred = preferredNodeAffinity(
        pod.spec?.affinity?.nodeAffinity?.preferredDuringSchedulingIgnoredDuringExecution,
      );
      if (preferred.terms.length === 0) return SKIP;
      state.write(PRE_SCORE_KEY, preferred);
      return SUCCESS;
    },
    score(state: CycleState, _pod: Pod, nodeInfo: NodeInfo): number {
      const preferred = state.read<PreferredNodeAffinity>(PRE_SCORE_KEY);
      return preferred ? preferredNodeAffinityScore(preferred, nodeInfo.node) : 0;
    },
    normalize(_state: CycleState, _pod: Pod, _nodes: readonly NodeInfo[], scores: number[]): void {
      defaultNormalizeScore(scores, false);
    },
  };
}
