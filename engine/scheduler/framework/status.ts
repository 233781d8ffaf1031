/**
 * Plugin results, as the scheduling framework's Status (pkg/scheduler/framework/interface.go). A
 * rejection carries reason strings in upstream wording; FitError counts them per node.
 */

export type StatusCode = 'Success' | 'Skip' | 'Unschedulable' | 'UnschedulableAndUnresolvable' | 'Error';

export interface SuccessStatus {
  readonly code: 'Success';
}

/** Returned by PreFilter / PreScore when the plugin has nothing to do for this pod. */
export interface SkipStatus {
  readonly code: 'Skip';
}

/**
 * `Unschedulable`: preemption may help. `UnschedulableAndUnresolvable`: it cannot (the node is
 * skipped by preemption). `Error`: an internal failure.
 */
export interface RejectStatus {
  readonly code: 'Unschedulable' | 'UnschedulableAndUnresolvable' | 'Error';
  readonly reasons: readonly string[];
  readonly plugin: string;
}

export type Status = SuccessStatus | SkipStatus | RejectStatus;

export const SUCCESS: SuccessStatus = Object.freeze({ code: 'Success' });
export const SKIP: SkipStatus = Object.freeze({ code: 'Skip' });

/** A rejection that preemption may resolve. */
export function unschedulable(plugin: string, ...reasons: string[]): RejectStatus {
  return Object.freeze({ code: 'Unschedulable', reasons: Object.freeze(reasons), plugin });
}

/** A rejection that preemption cannot resolve. */
export function unresolvable(plugin: string, ...reasons: string[]): RejectStatus {
  return Object.freeze({ code: 'UnschedulableAndUnresolvable', reasons: Object.freeze(reasons), plugin });
}

export function errorStatus(plugin: string, message: string): RejectStatus {
  return Object.freeze({ code: 'Error', reasons: Object.freeze([message]), plugin });
}

export function isRejected(status: Status): status is RejectStatus {
  return status.code === 'Unschedulable' || status.code === 'UnschedulableAndUnresolvable';
}

/** Status.Message(): the reasons joined by ", ". */
export function statusMessage(status: Status): string {
  return 'reasons' in status ? status.reasons.join(', ') : '';
}
