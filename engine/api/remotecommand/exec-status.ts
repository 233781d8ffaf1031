// What the error channel (3) carries when an exec ends, in the words of whoever serves the stream
// on a real cluster: the API server's stream translator for v5 (apiserver util/proxy
// streamtranslator.go), the kubelet's streaming server for the older protocols
// (cri/streaming/remotecommand exec.go, httpstream.go) over containerd's exec errors.
import type { StatusDialect } from './channel-protocol.ts';

/** A metav1.Status as json.Marshal writes it on the error channel: no kind, empty fields left out. */
export interface StreamStatus {
  metadata: Record<string, never>;
  status: 'Success' | 'Failure';
  message?: string;
  reason?: string;
  details?: { causes: Array<{ reason?: string; message?: string }> };
  code?: number;
}

/** How an exec session ended. */
export type ExecEnd =
  | { kind: 'exited'; exitCode: number; command: readonly string[] }
  /** The runtime could not start the command (runc's "executable file not found"). */
  | { kind: 'failed'; error: string }
  /** The kubelet refused the stream before it began (`container not found ("web")`). */
  | { kind: 'refused'; error: string };

export const SUCCESS_STATUS: StreamStatus = { metadata: {}, status: 'Success' };

/** remotecommand.NonZeroExitCodeReason with an ExitCode cause, as client-go's errorDecoderV4 reads it. */
export function nonZeroExitStatus(message: string, exitCode: number): StreamStatus {
  return {
    metadata: {},
    status: 'Failure',
    message,
    reason: 'NonZeroExitCode',
    details: { causes: [{ reason: 'ExitCode', message: String(exitCode) }] },
  };
}

/** apierrors.NewInternalError(err). */
export function internalErrorStatus(error: string): StreamStatus {
  return {
    metadata: {},
    status: 'Failure',
    message: `Internal error occurred: ${error}`,
    reason: 'InternalError',
    details: { causes: [{ message: error }] },
    code: 500,
  };
}

/** containerd's CodeExitError text: `error executing command [sh -c exit 3], exit code 3`. */
export function containerdExitError(command: readonly string[], exitCode: number): string {
  return `error executing command [${command.join(' ')}], exit code ${exitCode}`;
}

/** The Status the kubelet writes (exec.go ServeExec over the runtime's error). */
export function kubeletExecStatus(end: Exclude<ExecEnd, { kind: 'refused' }>): StreamStatus {
  if (end.kind === 'failed') return internalErrorStatus(`error executing command in container: ${end.error}`);
  if (end.exitCode === 0) return SUCCESS_STATUS;
  return nonZeroExitStatus(
    `command terminated with non-zero exit code: ${containerdExitError(end.command, end.exitCode)}`,
    end.exitCode,
  );
}

/**
 * The Status the stream translator writes: it ran the command over SPDY, so it re-encodes what
 * client-go made of the kubelet's Status — an exit code becomes `command terminated with exit
 * code N`, any other failure an error carrying the kubelet's message — and an upgrade the kubelet
 * refused becomes `unable to upgrade connection: <the kubelet's answer>`.
 */
export function translatorExecStatus(end: ExecEnd): StreamStatus {
  if (end.kind === 'refused') return internalErrorStatus(`unable to upgrade connection: ${end.error}`);
  if (end.kind === 'failed') return internalErrorStatus(kubeletExecStatus(end).message ?? '');
  if (end.exitCode === 0) return SUCCESS_STATUS;
  return nonZeroExitStatus(
    `command terminated with non-zero exit code: command terminated with exit code ${end.exitCode}`,
    end.exitCode,
  );
}

/**
 * The error channel's payload at the end: JSON for v5 and v4; for the unversioned protocols the
 * bare message of a failure and nothing on success (v1WriteStatusFunc).
 */
export function errorChannelPayload(dialect: StatusDialect, end: ExecEnd): string | undefined {
  if (dialect === 'translator') return JSON.stringify(translatorExecStatus(end));
  if (end.kind === 'refused') throw new Error('the kubelet refuses a stream before upgrading it');
  const status = kubeletExecStatus(end);
  if (dialect === 'kubelet-v4') return JSON.stringify(status);
  return status.status === 'Success' ? undefined : status.message;
}
