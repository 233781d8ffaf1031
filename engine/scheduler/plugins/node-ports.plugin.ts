/** NodePorts (pkg/scheduler/framework/plugins/nodeports): host ports must be free on the node. */
import type { Pod } from 'kubernetes-types/core/v1';
import type { CycleState } from '../framework/cycle-state.ts';
import type { FilterPlugin, PreFilterPlugin, PreFilterStatus } from '../framework/interfaces.ts';
import { type HostPort, type NodeInfo, podHostPorts } from '../framework/node-info.ts';
import { SKIP, type Status, SUCCESS, unschedulable } from '../framework/status.ts';
import { NODE_PORTS } from './names.ts';

export const ERR_REASON_NODE_PORTS = "node(s) didn't have free ports for the requested pod ports";

const PRE_FILTER_KEY = `PreFilter${NODE_PORTS}`;
const REJECTED = unschedulable(NODE_PORTS, ERR_REASON_NODE_PORTS);

/** True when none of the wanted ports conflicts with a port in use on the node. */
export function fitsPorts(wanted: readonly HostPort[], nodeInfo: NodeInfo): boolean {
  for (const port of wanted) if (nodeInfo.usedPorts.conflicts(port)) return false;
  return true;
}

export function createNodePortsPlugin(): PreFilterPlugin & FilterPlugin {
  return {
    name: NODE_PORTS,
    preFilter(state: CycleState, pod: Pod): PreFilterStatus {
      const ports = podHostPorts(pod);
      if (ports.length === 0) return SKIP;
      state.write(PRE_FILTER_KEY, ports);
      return SUCCESS;
    },
    filter(state: CycleState, pod: Pod, nodeInfo: NodeInfo): Status {
      const wanted = state.read<HostPort[]>(PRE_FILTER_KEY) ?? podHostPorts(pod);
      if (nodeInfo.usedPorts.size === 0) return SUCCESS;
      return fitsPorts(wanted, nodeInfo) ? SUCCESS : REJECTED;
    },
  };
}
