// What the API server needs from a kubelet to serve pods/exec: the running container, and a way
// to run a command in it.
import type { Pod } from 'kubernetes-types/core/v1';
import { goQuote } from '../selectors/go-quote.ts';

export interface ExecOutputChunk {
  stream: 'stdout' | 'stderr';
  text: string;
}

/** What running a command came to. */
export type ExecOutcome =
  | { kind: 'exited'; exitCode: number; output: ExecOutputChunk[] }
  /** It has not ended: it never does (`sleep infinity`), or it waits for input still to come. */
  | { kind: 'running'; output: ExecOutputChunk[] }
  /** The runtime could not start it; `error` is containerd's text. */
  | { kind: 'failed'; error: string };

/** A running container that takes exec commands. */
export interface ExecTarget {
  /**
   * Runs the command over standard input `text`; `open` says more input may follow, so a command
   * that reads past `text` has not ended.
   */
  run(stdin: { text: string; open: boolean }): ExecOutcome;
}

export interface PodExecRequest {
  container: string;
  command: string[];
}

/** The kubelet's GetExec: a target, or its error before any stream (`container not found ("web")`). */
export type PodExecProvider = (pod: Pod, request: PodExecRequest) => ExecTarget | { error: string };

/** The kubelet's answer when no running container has the name (kubelet findContainer). */
export function containerNotFound(container: string): string {
  return `container not found (${goQuote(container)})`;
}
