// The kubelet's lifecycle handler runner (pkg/kubelet/lifecycle/handlers.go) for a postStart hook,
// answered by the container's image behaviour at the moment it starts.
import type { Container, LifecycleHandler } from 'kubernetes-types/core/v1';
import type { ContainerBehaviour } from './image-profiles/index.ts';
import { resolvePort } from './probes.ts';

/** How a hook ran: how long it took (Infinity: it never returns) and, if it failed, the kubelet's message. */
export interface HookOutcome {
  durationMs: number;
  failure?: string;
}

/** Event reason and message when a postStart hook fails (the message is not recorded, lest it leak secrets). */
export const FAILED_POST_START_HOOK = 'FailedPostStartHook';
export const POST_START_HOOK_FAILED_MESSAGE = 'PostStartHook failed';
/** The waiting reason of a container whose postStart hook failed (kuberuntime ErrPostStartHook). */
export const POST_START_HOOK_ERROR = 'PostStartHookError';

/** Runs a lifecycle handler against a container that has just started; `podRef` is `name_namespace(uid)`. */
export function runLifecycleHook(
  handler: LifecycleHandler,
  container: Container,
  behaviour: ContainerBehaviour,
  podRef: string,
  podIP: string,
  msSinceStart: number,
): HookOutcome {
  const where = `for Container ${JSON.stringify(container.name)} in Pod ${JSON.stringify(podRef)}`;
  if (handler.exec) {
    const command = handler.exec.command ?? [];
    const answer = behaviour.exec(command, msSinceStart);
    if (!Number.isFinite(answer.durationMs)) return { durationMs: Number.POSITIVE_INFINITY };
    if (answer.startError === undefined && answer.exitCode === 0) return { durationMs: answer.durationMs };
    const error =
      answer.startError ?? `command '${command.join(' ')}' exited with ${answer.exitCode}: ${answer.stderr}`;
    const output = answer.startError === undefined ? `${answer.stdout}${answer.stderr}` : '';
    return {
      durationMs: answer.durationMs,
      failure: `Exec lifecycle hook ([${command.join(' ')}]) ${where} failed - error: ${error}, message: ${JSON.stringify(output)}`,
    };
  }
  if (handler.httpGet) {
    const port = resolvePort(handler.httpGet.port, container);
    const path = handler.httpGet.path ?? '';
    const host = handler.httpGet.host || podIP;
    const scheme = (handler.httpGet.scheme ?? 'HTTP').toLowerCase();
    // Any answer will do: the handler runner looks at no status code, only at the request failing.
    if (behaviour.httpGet(port, path || '/', msSinceStart)) return { durationMs: 0 };
    const url = `${scheme}://${host}:${port}${path.startsWith('/') || path === '' ? '' : '/'}${path}`;
    return {
      durationMs: 0,
      failure: `HTTP lifecycle hook (${path}) ${where} failed - error: Get "${url}": dial tcp ${host}:${port}: connect: connection refused`,
    };
  }
  if (handler.sleep) return { durationMs: handler.sleep.seconds * 1000 };
  return { durationMs: 0 };
}
