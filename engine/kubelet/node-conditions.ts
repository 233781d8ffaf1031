// The node conditions the kubelet posts (pkg/kubelet/nodestatus/setters.go), and the node events their
// transitions record.
import type { NodeCondition } from 'kubernetes-types/core/v1';

/** What the kubelet knows about its node when it posts the status. */
export interface KubeletNodeState {
  /** The eviction manager's IsUnderMemoryPressure. */
  memoryPressure: boolean;
  /** Conditions the cluster fixture says the node reports, whatever the kubelet measures. */
  reported?: ReportedNodeConditions;
}

/** A node's conditions as the cluster fixture declares them (`spec.nodes[].conditions`). */
export interface ReportedNodeConditions {
  Ready?: 'True' | 'False' | 'Unknown';
  MemoryPressure?: 'True' | 'False';
  DiskPressure?: 'True' | 'False';
  PIDPressure?: 'True' | 'False';
}

interface ConditionText {
  reason: string;
  message: string;
  /** recordNodeStatusEvent: `Node <name> status is now: <event>`. */
  event: string;
}

type Texts = Record<'True' | 'False', ConditionText>;

export const MEMORY_PRESSURE_CONDITION: Texts = {
  True: {
    reason: 'KubeletHasInsufficientMemory',
    message: 'kubelet has insufficient memory available',
    event: 'NodeHasInsufficientMemory',
  },
  False: {
    reason: 'KubeletHasSufficientMemory',
    message: 'kubelet has sufficient memory available',
    event: 'NodeHasSufficientMemory',
  },
};

const DISK_PRESSURE_CONDITION: Texts = {
  True: {
    reason: 'KubeletHasDiskPressure',
    message: 'kubelet has disk pressure',
    event: 'NodeHasDiskPressure',
  },
  False: {
    reason: 'KubeletHasNoDiskPressure',
    message: 'kubelet has no disk pressure',
    event: 'NodeHasNoDiskPressure',
  },
};

const PID_PRESSURE_CONDITION: Texts = {
  True: {
    reason: 'KubeletHasInsufficientPID',
    message: 'kubelet has insufficient PID available',
    event: 'NodeHasInsufficientPID',
  },
  False: {
    reason: 'KubeletHasSufficientPID',
    message: 'kubelet has sufficient PID available',
    event: 'NodeHasSufficientPID',
  },
};

/** A node that is not ready says why; a network plugin that never came up is the classic reason. */
export const NOT_READY_MESSAGE =
  'container runtime network not ready: NetworkReady=false reason:NetworkPluginNotReady message:Network plugin returns error: cni plugin not initialized';

const READY_CONDITION: Texts = {
  True: { reason: 'KubeletReady', message: 'kubelet is posting ready status', event: 'NodeReady' },
  False: { reason: 'KubeletNotReady', message: NOT_READY_MESSAGE, event: 'NodeNotReady' },
};

/** `Node minikube status is now: NodeHasInsufficientMemory`. */
export function nodeStatusEventMessage(nodeName: string, event: string): string {
  return `Node ${nodeName} status is now: ${event}`;
}

/**
 * The kubelet's conditions at `now` (every heartbeat renewed; a transition time kept while the status
 * stays), and the status events to record when a condition turns between True and False, as the
 * setters of pkg/kubelet/nodestatus do: MemoryPressure from the eviction manager, and what the
 * cluster fixture declares for the others (no pressure and Ready by default).
 */
export function kubeletNodeConditions(
  previous: readonly NodeCondition[],
  now: string,
  state: KubeletNodeState,
): { conditions: NodeCondition[]; events: string[] } {
  const events: string[] = [];
  const condition = (type: string, status: 'True' | 'False', texts: Texts): NodeCondition => {
    const old = previous.find((c) => c.type === type);
    if ((old?.status === 'True' || old?.status === 'False') && old.status !== status)
      events.push(texts[status].event);
    return {
      type,
      status,
      lastHeartbeatTime: now,
      lastTransitionTime: old && old.status === status ? (old.lastTransitionTime ?? now) : now,
      reason: texts[status].reason,
      message: texts[status].message,
    };
  };
  const reported = state.reported ?? {};
  const memory = state.memoryPressure || reported.MemoryPressure === 'True' ? 'True' : 'False';
  return {
    conditions: [
      condition('MemoryPressure', memory, MEMORY_PRESSURE_CONDITION),
      condition('DiskPressure', reported.DiskPressure ?? 'False', DISK_PRESSURE_CONDITION),
      condition('PIDPressure', reported.PIDPressure ?? 'False', PID_PRESSURE_CONDITION),
      condition('Ready', reported.Ready === 'False' ? 'False' : 'True', READY_CONDITION),
    ],
    events,
  };
}
