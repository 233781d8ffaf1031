import type { Container, ContainerState, ContainerStatus } from 'kubernetes-types/core/v1';
import type { TimerId } from '../clock/clock.ts';
import { toRfc3339 } from '../clock/clock.ts';
import type { ContainerBehaviour } from './image-profiles/index.ts';

export interface Termination {
  exitCode: number;
  reason: string;
  message?: string;
  signal?: number;
  startedAt: number;
  finishedAt: number;
  containerID: string;
}

export interface ProbeState {
  successes: number;
  failures: number;
  timer?: TimerId;
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
  /** Log lines of the previous run, for `kubectl logs --previous`. */
  previousRun: { behaviour: ContainerBehaviour; ranMs: number } | undefined;
  timers: TimerId[] = [];
  readonly probes = { startup: blank(), liveness: blank(), readiness: blank() };
  startupSucceeded = false;
  /** Set while the kubelet is stopping the container (deletion or liveness failure). */
  stopping = false;

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

  resetProbes(): void {
    this.probes.startup = blank();
    this.probes.liveness = blank();
    this.probes.readiness = blank();
    this.startupSucceeded = false;
  }

  toStatus(imageID: string): ContainerStatus {
    const status: ContainerStatus = {
      name: this.name,
      state: this.currentState(),
      lastState: this.lastTermination ? { terminated: terminatedState(this.lastTermination) } : {},
      ready: this.ready,
      restartCount: this.restartCount,
      image: this.spec.image ?? '',
      imageID: this.containerID || this.lastTermination ? imageID : '',
      started: this.state === 'running' && this.started,
    };
    if (this.containerID) status.containerID = this.containerID;
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

function blank(): ProbeState {
  return { successes: 0, failures: 0 };
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
