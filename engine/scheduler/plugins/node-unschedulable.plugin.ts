/** NodeUnschedulable (pkg/scheduler/framework/plugins/nodeunschedulable): cordoned nodes. */
import type { Pod } from 'kubernetes-types/core/v1';
import type { CycleState } from '../framework/cycle-state.ts';
import type { FilterPlugin } from '../framework/interfaces.ts';
import type { NodeInfo } from '../framework/node-info.ts';
import { type Status, SUCCESS, unresolvable } from '../framework/status.ts';
import { TAINT_EFFECT_NO_SCHEDULE, tolerationsTolerateTaint } from '../framework/tolerations.ts';
import { NODE_UNSCHEDULABLE } from './names.ts';

export const ERR_REASON_UNSCHEDULABLE = 'node(s) were unschedulable';
export const TAINT_NODE_UNSCHEDULABLE = 'node.kubernetes.io/unschedulable';

const REJECTED = unresolvable(NODE_UNSCHEDULABLE, ERR_REASON_UNSCHEDULABLE);
const UNSCHEDULABLE_TAINT = { key: TAINT_NODE_UNSCHEDULABLE, effect: TAINT_EFFECT_NO_SCHEDULE };

/** Rejects nodes with spec.unschedulable unless the pod tolerates the unschedulable taint. */
export function createNodeUnschedulablePlugin(): FilterPlugin {
  return {
    name: NODE_UNSCHEDULABLE,
    filter(_state: CycleState, pod: Pod, nodeInfo: NodeInfo): Status {
      if (!nodeInfo.unschedulable) return SUCCESS;
      return tolerationsTolerateTaint(pod.spec?.tolerations, UNSCHEDULABLE_TAINT) ? SUCCESS : REJECTED;
    },
  };
}
