/** NodeName (pkg/scheduler/framework/plugins/nodename): a pod that names its node fits only there. */
import type { Pod } from 'kubernetes-types/core/v1';
import type { CycleState } from '../framework/cycle-state.ts';
import type { FilterPlugin } from '../framework/interfaces.ts';
import type { NodeInfo } from '../framework/node-info.ts';
import { type Status, SUCCESS, unresolvable } from '../framework/status.ts';
import { NODE_NAME } from './names.ts';

export const ERR_REASON_NODE_NAME = "node(s) didn't match the requested node name";

const REJECTED = unresolvable(NODE_NAME, ERR_REASON_NODE_NAME);

export function createNodeNamePlugin(): FilterPlugin {
  return {
    name: NODE_NAME,
    filter(_state: CycleState, pod: Pod, nodeInfo: NodeInfo): Status {
      const wanted = pod.spec?.nodeName;
      return !wanted || wanted === nodeInfo.name ? SUCCESS : REJECTED;
    },
  };
}
