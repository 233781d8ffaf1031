/**
 * Why a pod fits nowhere: per-node statuses and the FailedScheduling message built from them
 * (pkg/scheduler/framework/types.go FitError.Error(), Diagnosis, NodeToStatus).
 */
import type { NodeInfo } from './node-info.ts';
import { type RejectStatus, unresolvable } from './status.ts';

export const NO_NODES_AVAILABLE_ERROR = 'no nodes available to schedule pods';

/** Statuses of rejected nodes; nodes not in the map share `absent` (NodeToStatus). */
export class NodeToStatus {
  readonly statuses = new Map<string, RejectStatus>();
  /** Upstream's default for absent nodes: UnschedulableAndUnresolvable with no reason. */
  absent: RejectStatus = unresolvable('');

  set(nodeName: string, status: RejectStatus): void {
    this.statuses.set(nodeName, status);
  }

  get(nodeName: string): RejectStatus {
    return this.statuses.get(nodeName) ?? this.absent;
  }

  get size(): number {
    return this.statuses.size;
  }

  /** Nodes whose status has the given code, absent nodes included (NodesForStatusCode). */
  nodesWithCode(nodes: readonly NodeInfo[], code: RejectStatus['code']): NodeInfo[] {
    const absentMatches = this.absent.code === code;
    return nodes.filter((info) => {
      const status = this.statuses.get(info.name);
      return status === undefined ? absentMatches : status.code === code;
    });
  }
}

/** What went wrong in one scheduling attempt. */
export interface Diagnosis {
  readonly nodeToStatus: NodeToStatus;
  /** Plugins that rejected the pod somewhere (used to decide which events can make it schedulable). */
  readonly unschedulablePlugins: Set<string>;
  preFilterMsg: string;
  postFilterMsg: string;
}

export function newDiagnosis(): Diagnosis {
  return {
    nodeToStatus: new NodeToStatus(),
    unschedulablePlugins: new Set(),
    preFilterMsg: '',
    postFilterMsg: '',
  };
}

/**
 * FitError.Error(): `0/N nodes are available:` then ` <PreFilter message>.` or ` <histogram>.`, then
 * ` <PostFilter message>`. The histogram is `<count> <reason>` per distinct reason, sorted as strings
 * and joined with `, `.
 */
export function fitErrorMessage(numAllNodes: number, diagnosis: Diagnosis): string {
  let message = `0/${numAllNodes} nodes are available:`;
  if (diagnosis.preFilterMsg !== '') {
    message += ` ${diagnosis.preFilterMsg}.`;
  } else {
    const counts = new Map<string, number>();
    for (const status of diagnosis.nodeToStatus.statuses.values()) {
      for (const reason of status.reasons) counts.set(reason, (counts.get(reason) ?? 0) + 1);
    }
    const absentNodes = numAllNodes - diagnosis.nodeToStatus.size;
    if (absentNodes > 0) {
      for (const reason of diagnosis.nodeToStatus.absent.reasons) {
        counts.set(reason, (counts.get(reason) ?? 0) + absentNodes);
      }
    }
    const histogram = [...counts].map(([reason, count]) => `${count} ${reason}`).sort(compareStrings);
    if (histogram.length > 0) message += ` ${histogram.join(', ')}.`;
  }
  if (diagnosis.postFilterMsg !== '') message += ` ${diagnosis.postFilterMsg}`;
  return message;
}

/** Byte-wise string order, as Go's sort.Strings. */
function compareStrings(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
