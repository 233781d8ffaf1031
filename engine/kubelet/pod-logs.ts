import type { Pod } from 'kubernetes-types/core/v1';
import { ApiError, badRequest, statusBody } from '../api/errors.ts';
import type { Kubelet } from './kubelet.ts';

export interface PodLogOptions {
  container?: string;
  previous: boolean;
  tailLines?: number;
  timestamps: boolean;
}

/** The pods/log answer with upstream's errors for missing, ambiguous or not-yet-started containers. */
export function podLogs(
  fleet: { kubelet(node: string): Kubelet | undefined },
  pod: Pod,
  options: PodLogOptions,
): string {
  const name = pod.metadata?.name ?? '';
  const containers = (pod.spec?.containers ?? []).map((c) => c.name);
  const all = [...(pod.spec?.initContainers ?? []).map((c) => c.name), ...containers];
  let container = options.container;
  if (!container) {
    if (containers.length !== 1) {
      throw badRequest(
        `a container name must be specified for pod ${name}, choose one of: [${containers.join(' ')}]`,
      );
    }
    container = containers[0]!;
  }
  if (!all.includes(container)) {
    throw badRequest(`container ${container} is not valid for pod ${name}`);
  }
  const worker = pod.spec?.nodeName
    ? fleet.kubelet(pod.spec.nodeName)?.worker(pod.metadata?.uid ?? '')
    : undefined;
  const lines = worker?.logs(container, options.previous);
  if (options.previous && !lines) {
    throw badRequest(`previous terminated container "${container}" in pod "${name}" not found`);
  }
  if (!lines || (lines.length === 0 && isWaiting(pod, container))) {
    const reason = waitingReason(pod, container) ?? 'ContainerCreating';
    throw new ApiError(
      statusBody(
        400,
        'BadRequest',
        `container "${container}" in pod "${name}" is waiting to start: ${describeWaiting(reason)}`,
      ),
    );
  }
  const selected =
    options.tailLines !== undefined && options.tailLines >= 0
      ? lines.slice(Math.max(0, lines.length - options.tailLines))
      : lines;
  return selected.map((line) => `${line}\n`).join('');
}

function statusOf(pod: Pod, container: string) {
  return [...(pod.status?.initContainerStatuses ?? []), ...(pod.status?.containerStatuses ?? [])].find(
    (s) => s.name === container,
  );
}

function isWaiting(pod: Pod, container: string): boolean {
  const status = statusOf(pod, container);
  return Boolean(status?.state?.waiting) && !status?.lastState?.terminated;
}

function waitingReason(pod: Pod, container: string): string | undefined {
  return statusOf(pod, container)?.state?.waiting?.reason;
}

function describeWaiting(reason: string): string {
  if (reason === 'ImagePullBackOff' || reason === 'ErrImagePull') return 'trying and failing to pull image';
  if (reason === 'ContainerCreating') return 'ContainerCreating';
  return reason;
}
