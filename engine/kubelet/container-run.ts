import { createHash } from 'node:crypto';
import type { Container, ContainerState, ContainerStatus } from 'kubernetes-types/core/v1';
import type { TimerId } from '../clock/clock.ts';
import { toRfc3339 } from '../clock/clock.ts';
import { type ContainerBehaviour, parseImageReference } from './image-profiles/index.ts';

export interface Termination {
  exitCode: number;
  reason: string;
  message?: string;
  signal?: number;
  startedAt: number;
  finishedAt: number;
  containerID: string;
}

export type ProbeKind = 'startup' | 'liveness' | 'readiness';

/** A probe worker's memory (pkg/kubelet/prober/worker.go): the last result and how often in a row. */
export interface ProbeState {
  lastResult: 'unknown' | 'success' | 'failure';
  resultRun: number;
  /** After a liveness or startup failure, probing waits for a new container. */
  onHoldFor: string | undefined;
}

/** One container instance the runtime created: what it ran and when, for logs. */
export interface ContainerInstance {
  containerID: string;
  behaviour: ContainerBehaviour;
  startedAt: number;
  finishedAt?: number;
}

/**
 * One container of a pod as the simulated runtime sees it: its current state, its last
 * termination, restarts, readiness, probe counters and the timers that will change it.
 */
export class ContainerRun {
  state: 'waiting' | 'running' | 'terminated' = 'waiting';
  waitingReason = 'ContainerCreating';
  waitingMessage: string | undefined;
  startedAt = 0;
  containerID = '';
  termination: Termination | undefined;
  lastTermination: Termination | undefined;
  restartCount = 0;
  ready = false;
  started = false;
  behaviour: ContainerBehaviour | undefined;
  /** The container instances created so far (the latest few), by container ID. */
  readonly instances = new Map<string, ContainerInstance>();
  timers: TimerId[] = [];
  probeTimers: TimerId[] = [];
  readonly probes: Record<ProbeKind, ProbeState> = {
    startup: blank(),
    liveness: blank(),
    readiness: blank(),
  };
  /** Set while the kubelet is stopping the container (deletion, eviction or a failed liveness probe). */
  stopping = false;
  /** When the stop under way ends the process. */
  stopsAt: number | undefined;
  /** When the running process ends by itself (its exit, or the OOM kill at its memory limit), if it does. */
  endsAt: number | undefined;
  /** The most memory the running process can use (its limit at most), as counted for the node; 0 when not running. */
  peakMemoryBytes = 0;
  /** An image pull or container start is under way. */
  pending = false;
  /**
   * While a postStart hook runs, the kubelet's sync that started the container has not returned, so
   * the status still shows the container as it was before the start.
   */
  statusWhileStarting: ContainerStatus | undefined;

  constructor(
    readonly spec: Container,
    readonly init: boolean,
  ) {}

  get name(): string {
    return this.spec.name;
  }

  /** Init containers with restartPolicy Always are sidecars: started in order, then kept running. */
  get sidecar(): boolean {
    return this.init && this.spec.restartPolicy === 'Always';
  }

  get succeeded(): boolean {
    return this.state === 'terminated' && this.termination?.exitCode === 0;
  }

  /** The most recent exited instance: the current one if terminated, else the last termination. */
  get latestExit(): Termination | undefined {
    return this.state === 'terminated' ? this.termination : this.lastTermination;
  }

  resetProbes(): void {
    this.probes.startup = blank();
    this.probes.liveness = blank();
    this.probes.readiness = blank();
  }

  /** Records a new container instance, keeping the current and the two before it. */
  recordInstance(instance: ContainerInstance): void {
    this.instances.set(instance.containerID, instance);
    while (this.instances.size > 3) {
      const oldest = this.instances.keys().next().value;
      if (oldest === undefined) break;
      this.instances.delete(oldest);
    }
  }

  toStatus(): ContainerStatus {
    if (this.statusWhileStarting) return this.statusWhileStarting;
    const everCreated = Boolean(this.containerID || this.lastTermination);
    const status: ContainerStatus = {
      name: this.name,
      state: this.currentState(),
      lastState: this.lastTermination ? { terminated: terminatedState(this.lastTermination) } : {},
      ready: this.ready,
      restartCount: this.restartCount,
      image: everCreated ? canonicalImage(this.spec.image ?? '') : (this.spec.image ?? ''),
      imageID: everCreated ? imageID(this.spec.image ?? '') : '',
      started: this.state === 'running' && this.started,
    };
    if (this.containerID) status.containerID = this.containerID;
    if (this.containerID && this.spec.volumeMounts?.length) {
      status.volumeMounts = this.spec.volumeMounts.map((mount) => ({
        name: mount.name,
        mountPath: mount.mountPath,
        ...(mount.readOnly ? { readOnly: true } : {}),
        recursiveReadOnly: 'Disabled',
      }));
    }
    return status;
  }

  private currentState(): ContainerState {
    switch (this.state) {
      case 'running':
        return { running: { startedAt: toRfc3339(this.startedAt) } };
      case 'terminated':
        return { terminated: terminatedState(this.termination!) };
      default:
        return {
          waiting: {
            reason: this.waitingReason,
            ...(this.waitingMessage ? { message: this.waitingMessage } : {}),
          },
        };
    }
  }
}

/** The image as containerd reports it in status: `docker.io/library/nginx:1.25`. */
export function canonicalImage(image: string): string {
  const ref = parseImageReference(image);
  return 'error' in ref ? image : ref.canonical;
}

/** The image ID as containerd reports it: `docker.io/polinux/stress@sha256:<digest>`. */
export function imageID(image: string): string {
  const ref = parseImageReference(image);
  if ('error' in ref) return '';
  const digest = ref.digest ?? `sha256:${createHash('sha256').update(ref.canonical).digest('hex')}`;
  return `${ref.repository}@${digest}`;
}

function blank(): ProbeState {
  return { lastResult: 'unknown', resultRun: 0, onHoldFor: undefined };
}

function terminatedState(t: Termination) {
  return {
    exitCode: t.exitCode,
    ...(t.signal !== undefined ? { signal: t.signal } : {}),
    reason: t.reason,
    ...(t.message ? { message: t.message } : {}),
    startedAt: toRfc3339(t.startedAt),
    finishedAt: toRfc3339(t.finishedAt),
    containerID: t.containerID,
  };
}
