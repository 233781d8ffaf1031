import type { ContainerStatus, PodSpec } from 'kubernetes-types/core/v1';

/** An init container with restartPolicy Always: a sidecar (podutil.IsRestartableInitContainer). */
export function isSidecar(container: { restartPolicy?: string }): boolean {
  return container.restartPolicy === 'Always';
}

/** Whether any regular container has ever run (kubecontainer.HasAnyRegularContainerStarted). */
export function hasAnyRegularContainerStarted(spec: PodSpec, statuses: readonly ContainerStatus[]): boolean {
  const names = new Set((spec.containers ?? []).map((c) => c.name));
  return statuses.some((s) => names.has(s.name) && Boolean(s.state?.running || s.state?.terminated));
}

/**
 * The pod phase from its container statuses, as the kubelet computes it (getPhase in
 * pkg/kubelet/kubelet_pods.go). `statuses` holds init and regular container statuses.
 */
export function podPhase(spec: PodSpec, statuses: readonly ContainerStatus[], podIsTerminal = false): string {
  const find = (name: string) => statuses.find((s) => s.name === name);
  let pendingInitialization = 0;
  let failedInitialization = 0;
  for (const container of spec.initContainers ?? []) {
    if (isSidecar(container)) continue;
    const status = find(container.name);
    if (!status) {
      pendingInitialization++;
      continue;
    }
    const state = status.state ?? {};
    if (state.running) pendingInitialization++;
    else if (state.terminated) {
      if (state.terminated.exitCode !== 0) failedInitialization++;
    } else if (state.waiting) {
      const last = status.lastState?.terminated;
      if (last) {
        if (last.exitCode !== 0) failedInitialization++;
      } else pendingInitialization++;
    } else pendingInitialization++;
  }

  let unknown = 0;
  let running = 0;
  let waiting = 0;
  let stopped = 0;
  let succeeded = 0;
  for (const container of spec.initContainers ?? []) {
    if (!isSidecar(container)) continue;
    const status = find(container.name);
    if (!status) {
      unknown++;
      continue;
    }
    const state = status.state ?? {};
    if (state.running) {
      if (!status.started) pendingInitialization++;
      running++;
    } else if (state.terminated) {
      // terminated sidecars are ignored
    } else if (state.waiting) {
      if (!status.lastState?.terminated) pendingInitialization++;
      waiting++;
    } else {
      pendingInitialization++;
      unknown++;
    }
  }
  for (const container of spec.containers ?? []) {
    const status = find(container.name);
    if (!status) {
      unknown++;
      continue;
    }
    const state = status.state ?? {};
    if (state.running) running++;
    else if (state.terminated) {
      stopped++;
      if (state.terminated.exitCode === 0) succeeded++;
    } else if (state.waiting) {
      if (status.lastState?.terminated) stopped++;
      else waiting++;
    } else unknown++;
  }

  const policy = spec.restartPolicy ?? 'Always';
  if (failedInitialization > 0 && policy === 'Never') return 'Failed';
  const regular = statuses.filter((s) => (spec.containers ?? []).some((c) => c.name === s.name));
  if ((pendingInitialization > 0 && !hasAnyRegularContainerStarted(spec, regular)) || waiting > 0) {
    return 'Pending';
  }
  if (running > 0 && unknown === 0) return 'Running';
  if (running === 0 && stopped > 0 && unknown === 0) {
    if (podIsTerminal) return stopped === succeeded ? 'Succeeded' : 'Failed';
    if (policy === 'Always') return 'Running';
    if (stopped === succeeded) return 'Succeeded';
    if (policy === 'Never') return 'Failed';
    return 'Running';
  }
  return 'Pending';
}
