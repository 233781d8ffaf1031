import type { ContainerStatus, PodCondition, PodSpec } from 'kubernetes-types/core/v1';
import { hasAnyRegularContainerStarted, isSidecar } from './pod-phase.ts';

// Condition reasons of pkg/kubelet/status/generate.go.
export const POD_COMPLETED = 'PodCompleted';
export const POD_FAILED = 'PodFailed';
export const CONTAINERS_NOT_READY = 'ContainersNotReady';
export const CONTAINERS_NOT_INITIALIZED = 'ContainersNotInitialized';
export const READINESS_GATES_NOT_READY = 'ReadinessGatesNotReady';

/** A condition without its timestamps: what the kubelet computes before merging with the old status. */
export type ConditionState = Pick<PodCondition, 'type' | 'status' | 'reason' | 'message'>;

/** Go's `%s` of a []string: `[a b]`. */
function goList(names: readonly string[]): string {
  return `[${names.join(' ')}]`;
}

function find(statuses: readonly ContainerStatus[], name: string): ContainerStatus | undefined {
  return statuses.find((s) => s.name === name);
}

function unreadyMessage(unknown: readonly string[], other: readonly string[], otherLabel: string): string {
  const parts: string[] = [];
  if (unknown.length > 0) parts.push(`containers with unknown status: ${goList(unknown)}`);
  if (other.length > 0) parts.push(`containers with ${otherLabel} status: ${goList(other)}`);
  return parts.join(', ');
}

function terminalReason(phase: string): string | undefined {
  if (phase === 'Failed') return POD_FAILED;
  if (phase === 'Succeeded') return POD_COMPLETED;
  return undefined;
}

/** ContainersReady (GenerateContainersReadyCondition). */
export function containersReadyCondition(
  spec: PodSpec,
  statuses: readonly ContainerStatus[],
  phase: string,
): ConditionState {
  const unknown: string[] = [];
  const unready: string[] = [];
  const containers = [...(spec.initContainers ?? []).filter(isSidecar), ...(spec.containers ?? [])];
  for (const container of containers) {
    const status = find(statuses, container.name);
    if (!status) unknown.push(container.name);
    else if (!status.ready) unready.push(container.name);
  }
  if ((phase === 'Succeeded' && unknown.length === 0) || phase === 'Failed') {
    const reason = terminalReason(phase);
    return { type: 'ContainersReady', status: 'False', ...(reason ? { reason } : {}) };
  }
  const message = unreadyMessage(unknown, unready, 'unready');
  if (message) {
    return { type: 'ContainersReady', status: 'False', reason: CONTAINERS_NOT_READY, message };
  }
  return { type: 'ContainersReady', status: 'True' };
}

/** Ready (GeneratePodReadyCondition): ContainersReady and every readiness gate. */
export function podReadyCondition(
  spec: PodSpec,
  conditions: readonly PodCondition[],
  statuses: readonly ContainerStatus[],
  phase: string,
): ConditionState {
  const containersReady = containersReadyCondition(spec, statuses, phase);
  if (containersReady.status !== 'True') return { ...containersReady, type: 'Ready' };
  const messages: string[] = [];
  for (const gate of spec.readinessGates ?? []) {
    const condition = conditions.find((c) => c.type === gate.conditionType);
    if (!condition) {
      messages.push(`corresponding condition of pod readiness gate "${gate.conditionType}" does not exist.`);
    } else if (condition.status !== 'True') {
      messages.push(
        `the status of pod readiness gate "${gate.conditionType}" is not "True", but ${condition.status}`,
      );
    }
  }
  if (messages.length > 0) {
    return {
      type: 'Ready',
      status: 'False',
      reason: READINESS_GATES_NOT_READY,
      message: messages.join(', '),
    };
  }
  return { type: 'Ready', status: 'True' };
}

/** Initialized (GeneratePodInitializedCondition). */
export function podInitializedCondition(
  spec: PodSpec,
  initStatuses: readonly ContainerStatus[],
  statuses: readonly ContainerStatus[],
  phase: string,
): ConditionState {
  const unknown: string[] = [];
  const incomplete: string[] = [];
  for (const container of spec.initContainers ?? []) {
    const status = find(initStatuses, container.name);
    if (!status) {
      unknown.push(container.name);
      continue;
    }
    const initialized = isSidecar(container) ? Boolean(status.started) : status.ready;
    if (!initialized) incomplete.push(container.name);
  }
  if (phase === 'Succeeded' && unknown.length === 0) {
    return { type: 'Initialized', status: 'True', reason: POD_COMPLETED };
  }
  if (hasAnyRegularContainerStarted(spec, statuses)) return { type: 'Initialized', status: 'True' };
  const message = unreadyMessage(unknown, incomplete, 'incomplete');
  if (message) {
    return { type: 'Initialized', status: 'False', reason: CONTAINERS_NOT_INITIALIZED, message };
  }
  return { type: 'Initialized', status: 'True' };
}
