// The node conditions the kubelet posts (pkg/kubelet/nodestatus/setters.go), and the node events their
// transitions record.
import type { NodeCondition } from 'kubernetes-types/core/v1';

/** What the kubelet knows about its node when it posts the status. */
export interface KubeletNodeState {
  /** The eviction manager's IsUnderMemoryPressure. */
  memoryPressure: boolean;
}

interface ConditionText {
  reason: string;
  message: string;
  /** recordNodeStatusEvent: `Node <name> status is now: <event>`. */
  event: string;
}

export const MEMORY_PRESSURE_CONDITION: Record<'True' | 'False', ConditionText> = {
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

/** `Node minikube status is now: NodeHasInsufficientMemory`. */
export function nodeStatusEventMessage(nodeName: string, event: string): string {
  return `Node ${nodeName} status is now: ${event}`;
}

/**
 * The kubelet's conditions at `now` (every heartbeat renewed; a transition time kept while the status
 * stays), and the status events to record: MemoryPressure between True and False records
 * NodeHasInsufficientMemory / NodeHasSufficientMemory, as the MemoryPressureCondition setter does.
 */
export function kubeletNodeConditions(
  previous: readonly NodeCondition[],
  now: string,
  state: KubeletNodeState,
): { conditions: NodeCondition[]; events: string[] } {
  const events: string[] = [];
  const condition = (type: string, status: string, reason: string, message: string): NodeCondition => {
    const old = previous.find((c) => c.type === type);
    return {
      type,
      status,
      lastHeartbeatTime: now,
      lastTransitionTime: old && old.status === status ? (old.lastTransitionTime ?? now) : now,
      reason,
      message,
    };
  };
  const memoryStatus = state.memoryPressure ? 'True' : 'False';
  const memory = MEMORY_PRESSURE_CONDITION[memoryStatus];
  const oldMemory = previous.find((c) => c.type === 'MemoryPressure')?.status;
  if ((oldMemory === 'True' || oldMemory === 'False') && oldMemory !== memoryStatus)
    events.push(memory.event);
  return {
    conditions: [
      condition('MemoryPressure', memoryStatus, memory.reason, memory.message),
      condition('DiskPressure', 'False', 'KubeletHasNoDiskPressure', 'kubelet has no disk pressure'),
      condition('PIDPressure', 'False', 'KubeletHasSufficientPID', 'kubelet has sufficient PID available'),
      condition('Ready', 'True', 'KubeletReady', 'kubelet is posting ready status'),
    ],
    events,
  };
}
