import type { ContainerStatus, Pod } from 'kubernetes-types/core/v1';
import { badRequest } from '../api/errors.ts';
import type { Kubelet } from './kubelet.ts';
import type { TimedLogLine } from './pod-worker.ts';

export interface PodLogOptions {
  container?: string;
  previous: boolean;
  tailLines?: number;
  timestamps: boolean;
  sinceSeconds?: number;
  /** ms since the epoch. */
  sinceTime?: number;
  limitBytes?: number;
}

/**
 * The pods/log answer: the API server's container checks (pkg/registry/core/pod LogLocation),
 * then the kubelet's choice of container instance (validateContainerLogStatus), then the
 * lines that instance wrote, trimmed by tailLines / sinceSeconds / sinceTime / limitBytes.
 */
export function podLogs(
  fleet: { kubelet(node: string): Kubelet | undefined },
  pod: Pod,
  options: PodLogOptions,
  now: number = Date.now(),
): string {
  const name = pod.metadata?.name ?? '';
  const container = selectContainer(pod, options.container);
  if (!pod.spec?.nodeName) throw badRequest(`pod ${name} does not have a host assigned`);
  const containerID = logContainerID(pod, container, options.previous);
  const worker = fleet.kubelet(pod.spec.nodeName)?.worker(pod.metadata?.uid ?? '');
  let lines: TimedLogLine[] = worker?.instanceLogs(container, containerID) ?? [];
  // kuberuntime NewLogOptions: the later of now − sinceSeconds and sinceTime; older lines are skipped.
  let since: number | undefined;
  if (options.sinceSeconds !== undefined) since = now - options.sinceSeconds * 1000;
  if (options.sinceTime !== undefined && (since === undefined || options.sinceTime > since)) {
    since = options.sinceTime;
  }
  if (since !== undefined) {
    const from = since;
    lines = lines.filter((l) => l.atMs >= from);
  }
  if (options.tailLines !== undefined && options.tailLines >= 0) {
    lines = lines.slice(Math.max(0, lines.length - options.tailLines));
  }
  let text = lines.map((l) => `${options.timestamps ? `${rfc3339Nano(l.atMs)} ` : ''}${l.line}\n`).join('');
  if (options.limitBytes !== undefined && options.limitBytes >= 0) {
    text = Buffer.from(text).subarray(0, options.limitBytes).toString();
  }
  return text;
}

/** The container a log request is for, with the API server's errors. */
function selectContainer(pod: Pod, requested: string | undefined): string {
  const name = pod.metadata?.name ?? '';
  const containers = (pod.spec?.containers ?? []).map((c) => c.name);
  const inits = (pod.spec?.initContainers ?? []).map((c) => c.name);
  const ephemeral = (pod.spec?.ephemeralContainers ?? []).map((c) => c.name);
  if (!requested) {
    if (containers.length === 1) return containers[0]!;
    if (containers.length === 0) throw badRequest(`a container name must be specified for pod ${name}`);
    let message = `a container name must be specified for pod ${name}, choose one of: [${containers.join(' ')}]`;
    if (inits.length > 0) message += ` or one of the init containers: [${inits.join(' ')}]`;
    if (ephemeral.length > 0) message += ` or one of the ephemeral containers: [${ephemeral.join(' ')}]`;
    throw badRequest(message);
  }
  if (![...containers, ...inits, ...ephemeral].includes(requested)) {
    throw badRequest(`container ${requested} is not valid for pod ${name}`);
  }
  return requested;
}

/** Which container instance's logs to show (kubelet validateContainerLogStatus). */
function logContainerID(pod: Pod, container: string, previous: boolean): string {
  const podName = pod.metadata?.name ?? '';
  const status = statusOf(pod, container);
  if (!status) {
    throw badRequest(`container "${container}" in pod "${podName}" is waiting to start: ContainerCreating`);
  }
  const last = status.lastState?.terminated;
  const { running, terminated, waiting } = status.state ?? {};
  if (previous) {
    if (!last?.containerID) {
      throw badRequest(`previous terminated container "${container}" in pod "${podName}" not found`);
    }
    return last.containerID;
  }
  if (running) return status.containerID ?? '';
  if (terminated) {
    if (terminated.containerID) return terminated.containerID;
    if (last?.containerID) return last.containerID;
    throw badRequest(`container "${container}" in pod "${podName}" is terminated`);
  }
  if (last) {
    if (!last.containerID) throw badRequest(`container "${container}" in pod "${podName}" is terminated`);
    return last.containerID;
  }
  if (waiting) {
    const reason = waiting.reason ?? '';
    const why =
      reason === 'ErrImagePull'
        ? "image can't be pulled"
        : reason === 'ImagePullBackOff'
          ? 'trying and failing to pull image'
          : reason;
    throw badRequest(`container "${container}" in pod "${podName}" is waiting to start: ${why}`);
  }
  throw badRequest(`container "${container}" in pod "${podName}" is waiting to start - no logs yet`);
}

function statusOf(pod: Pod, container: string): ContainerStatus | undefined {
  return [
    ...(pod.status?.initContainerStatuses ?? []),
    ...(pod.status?.containerStatuses ?? []),
    ...(pod.status?.ephemeralContainerStatuses ?? []),
  ].find((s) => s.name === container);
}

/** Go's time.RFC3339Nano: nanoseconds with trailing zeros dropped. */
export function rfc3339Nano(ms: number): string {
  const iso = new Date(Math.floor(ms)).toISOString();
  const fraction = iso.slice(20, 23).replace(/0+$/, '');
  return `${iso.slice(0, 19)}${fraction ? `.${fraction}` : ''}Z`;
}
