// pods/exec on the bundled kubelet (GetExec over the runtime's exec): the command runs through the
// running container's image behaviour, at the container's age when it runs.
import { createHash } from 'node:crypto';
import type { Pod } from 'kubernetes-types/core/v1';
import { containerNotFound, type ExecTarget, type PodExecRequest } from '../api/remotecommand/exec-target.ts';
import type { Kubelet } from './kubelet.ts';

/**
 * The exec target for a pod's container, or the kubelet's error when no container of that name
 * runs (waiting, terminated, or the pod is not on a kubelet). `sequence` numbers the runtime's exec
 * processes, whose IDs containerd's errors quote.
 */
export function podExec(
  fleet: { kubelet(node: string): Kubelet | undefined },
  pod: Pod,
  request: PodExecRequest,
  now: () => number,
  sequence: () => number,
): ExecTarget | { error: string } {
  const worker = fleet.kubelet(pod.spec?.nodeName ?? '')?.worker(pod.metadata?.uid ?? '');
  const instance = worker?.runningInstance(request.container);
  if (!instance) return { error: containerNotFound(request.container) };
  const id = execId(instance.containerID, sequence());
  return {
    run(stdin) {
      const answer = instance.behaviour.exec(request.command, now() - instance.startedAt, { stdin });
      if (answer.startError !== undefined) {
        return {
          kind: 'failed',
          error: `failed to exec in container: failed to start exec "${id}": ${answer.startError}`,
        };
      }
      if (!Number.isFinite(answer.durationMs)) return { kind: 'running', output: answer.output };
      return { kind: 'exited', exitCode: answer.exitCode, output: answer.output };
    },
  };
}

/** A containerd exec ID (64 hex digits), derived from the container and a count so runs repeat. */
export function execId(containerID: string, count: number): string {
  return createHash('sha256').update(`${containerID}/exec/${count}`).digest('hex');
}
