import { isDeepStrictEqual } from 'node:util';
import type {
  Container,
  ContainerStatus,
  Pod,
  PodCondition,
  PodSpec,
  PodStatus,
  Probe,
} from 'kubernetes-types/core/v1';
import { bytesValue, milliValue } from '../api/quantity.ts';
import type { KubeObject } from '../api/types.ts';
import type { TimerId } from '../clock/clock.ts';
import { toRfc3339 } from '../clock/clock.ts';
import type { EventType } from '../controllers/runtime/event-recorder.ts';
import { goDuration } from './backoff.ts';
import { type ContainerInstance, ContainerRun, type ProbeKind, type Termination } from './container-run.ts';
import { type ContainerStats, containerUsage } from './container-usage.ts';
import type { EvictionPod } from './eviction/eviction-manager.ts';
import { DISRUPTION_TARGET, EVICTED_REASON, TERMINATION_BY_KUBELET_REASON } from './eviction/messages.ts';
import type { ContainerBehaviour } from './image-profiles/index.ts';
import {
  type KubeletHost,
  MINIMUM_GRACE_PERIOD_MS,
  MOUNT_RETRY_INITIAL_MS,
  MOUNT_RETRY_MAX_MS,
  PLEG_RELIST_MS,
  SANDBOX_DELAY_MS,
  SYNC_RETRY_MS,
} from './kubelet-host.ts';
import {
  FAILED_POST_START_HOOK,
  type HookOutcome,
  POST_START_HOOK_ERROR,
  POST_START_HOOK_FAILED_MESSAGE,
  runLifecycleHook,
} from './lifecycle-hooks.ts';
import {
  type ConditionState,
  containersReadyCondition,
  podInitializedCondition,
  podReadyCondition,
} from './pod-conditions.ts';
import { podPhase } from './pod-phase.ts';
import { firstProbeTick, runProbe } from './probes.ts';

const PODS = '/pods';
const EXIT_SIGKILL = 137;
const DEFAULT_GRACE_SECONDS = 30;

const PROBE_LABEL: Record<ProbeKind, string> = {
  startup: 'Startup',
  liveness: 'Liveness',
  readiness: 'Readiness',
};

/** `Back-off restarting failed container C in pod P_NS(UID)`, the kubelet's BackOff event. */
export function crashLoopEventMessage(container: string, podRef: string): string {
  return `Back-off restarting failed container ${container} in pod ${podRef}`;
}

/** `back-off 10s restarting failed container=C pod=P_NS(UID)`, the CrashLoopBackOff waiting message. */
export function crashLoopWaitingMessage(backoffMs: number, container: string, podRef: string): string {
  return `back-off ${goDuration(backoffMs)} restarting failed container=${container} pod=${podRef}`;
}

/** `Container C failed liveness probe, will be restarted`. */
export function probeKillMessage(container: string, kind: 'liveness' | 'startup'): string {
  return `Container ${container} failed ${kind} probe, will be restarted`;
}

export const DEADLINE_EXCEEDED_MESSAGE = 'Pod was active on the node longer than the specified deadline';

/** A log line with the instant it was written. */
export interface TimedLogLine {
  atMs: number;
  line: string;
}

/**
 * Runs one pod on a simulated node (the kubelet's pod worker): sandbox, image pulls, init
 * containers in order, app containers, exits and OOM kills from the image behaviour, restarts
 * with crash-loop back-off, probes, graceful termination, and the pod status that results.
 */
export class PodWorker implements EvictionPod {
  private pod: Pod;
  private readonly runs: ContainerRun[];
  private sandboxReady = false;
  private podIP = '';
  /** When the kubelet took the pod on: status.startTime, and the origin of every probe ticker. */
  private readonly startTime: number;
  private terminating = false;
  private finished = false;
  private deadlineExceeded = false;
  /** Set when the eviction manager evicted the pod; `completedAt` once its containers have stopped. */
  private eviction: { message: string; completedAt?: number } | undefined;
  private readonly podTimers: TimerId[] = [];

  constructor(
    private readonly host: KubeletHost,
    pod: Pod,
  ) {
    this.pod = pod;
    this.runs = [
      ...(pod.spec?.initContainers ?? []).map((c) => new ContainerRun(c, true)),
      ...(pod.spec?.containers ?? []).map((c) => new ContainerRun(c, false)),
    ];
    const now = host.clock.now();
    this.startTime = now;
    this.podIP = pod.spec?.hostNetwork ? this.hostIP() : host.podIps.allocate();
    for (const run of this.runs) run.waitingReason = this.defaultWaitingReason();
    this.writeStatus();
    this.podTimer(now + SANDBOX_DELAY_MS, () => this.onSandboxReady());
    const deadline = pod.spec?.activeDeadlineSeconds;
    if (deadline !== undefined) this.podTimer(now + deadline * 1000, () => this.onDeadline());
  }

  get key(): string {
    return `${this.pod.metadata?.namespace}/${this.pod.metadata?.name}`;
  }

  get uid(): string {
    return this.pod.metadata?.uid ?? '';
  }

  /** The API object changed (a new deletionTimestamp, usually). */
  update(pod: Pod): void {
    this.pod = pod;
    if (!pod.metadata?.deletionTimestamp) return;
    if (!this.terminating) this.terminate();
    // An evicted pod being deleted: confirm the deletion once its containers have stopped.
    else if (this.eviction) this.checkTerminated();
  }

  /** The node is back in touch with the API server: report what happened meanwhile. */
  resync(pod: Pod): void {
    this.update(pod);
    this.writeStatus();
    this.checkTerminated();
  }

  /** Log lines of one container instance, with the times they were written. */
  instanceLogs(containerName: string, containerID: string): TimedLogLine[] | undefined {
    const run = this.runs.find((r) => r.name === containerName);
    const instance = run?.instances.get(containerID);
    if (!instance) return undefined;
    const until = (instance.finishedAt ?? this.host.clock.now()) - instance.startedAt;
    return instance.behaviour
      .logs(until)
      .map((line) => ({ atMs: instance.startedAt + line.atMs, line: line.line }));
  }

  /** The instance of a container that runs now (what exec reaches), if any. */
  runningInstance(containerName: string): ContainerInstance | undefined {
    const run = this.runs.find((r) => r.name === containerName);
    return run?.state === 'running' ? run.instances.get(run.containerID) : undefined;
  }

  /** Stops every timer (node removed, engine shutdown). */
  halt(): void {
    for (const id of this.podTimers) this.host.clock.cancelTimer(id);
    for (const run of this.runs) {
      this.clearTimers(run);
      this.clearProbeTimers(run);
      if (run.state === 'running') this.containerGone(run);
    }
    this.finished = true;
  }

  /** The container no longer counts towards the node's memory. */
  private containerGone(run: ContainerRun): void {
    if (run.peakMemoryBytes === 0) return;
    this.host.containersChanged(run.peakMemoryBytes, -1);
    run.peakMemoryBytes = 0;
  }

  // ---- lifecycle -------------------------------------------------------------------------

  private mountRetryMs = MOUNT_RETRY_INITIAL_MS;

  /** Volumes are set up before the sandbox; a missing ConfigMap or Secret keeps the pod waiting. */
  private onSandboxReady(): void {
    const mountError = this.host.volumeError(this.pod);
    if (mountError) {
      this.event(undefined, 'Warning', 'FailedMount', mountError);
      const wait = this.mountRetryMs;
      this.mountRetryMs = Math.min(this.mountRetryMs * 2, MOUNT_RETRY_MAX_MS);
      this.podTimer(this.host.clock.now() + wait, () => this.onSandboxReady());
      return;
    }
    this.sandboxReady = true;
    this.writeStatus();
    this.advance();
  }

  /** Starts whatever may start now: the next init container, or every app container. */
  private advance(): void {
    if (this.finished || this.terminating || !this.sandboxReady || this.deadlineExceeded) return;
    for (const run of this.initContainers()) {
      if (run.sidecar) {
        if (run.started) continue;
        if (run.containerID === '' && !run.pending && isStartable(run)) this.prepareAndStart(run);
        return;
      }
      if (run.succeeded) continue;
      if (run.state === 'waiting' && !run.pending && isStartable(run)) this.prepareAndStart(run);
      return;
    }
    for (const run of this.appContainers()) {
      if (run.state === 'waiting' && run.containerID === '' && !run.pending && isStartable(run)) {
        this.prepareAndStart(run);
      }
    }
    this.writeStatus();
  }

  /** Pulls the image if needed (events, back-off), then creates and starts the container. */
  private prepareAndStart(run: ContainerRun): void {
    const { host } = this;
    const behaviour = host.behaviourFor(this.pod, run.name);
    run.behaviour = behaviour;
    const image = run.spec.image ?? '';
    const pull = behaviour.pull;
    if (!pull.ok && pull.reason === 'InvalidImageName') {
      run.waitingReason = 'InvalidImageName';
      run.waitingMessage = pull.message;
      this.event(run, 'Warning', 'InspectFailed', pull.message);
      this.event(run, 'Warning', 'Failed', 'Error: InvalidImageName');
      this.writeStatus();
      return;
    }
    const present = host.images.has(image);
    const policy = run.spec.imagePullPolicy ?? 'IfNotPresent';
    if (policy === 'Never' && !present) {
      run.waitingReason = 'ErrImageNeverPull';
      run.waitingMessage = `Container image "${image}" is not present with pull policy of Never`;
      this.event(run, 'Warning', 'ErrImageNeverPull', run.waitingMessage);
      this.event(run, 'Warning', 'Failed', 'Error: ErrImageNeverPull');
      this.writeStatus();
      return;
    }
    if (present && policy !== 'Always') {
      this.event(run, 'Normal', 'Pulled', `Container image "${image}" already present on machine`);
      this.createAndStart(run);
      return;
    }
    const backoffKey = `${this.uid}_${image}`;
    this.event(run, 'Normal', 'Pulling', `Pulling image "${image}"`);
    run.pending = true;
    const duration = pull.ok ? (present ? Math.min(pull.durationMs, 1000) : pull.durationMs) : 500;
    this.setTimer(run, host.clock.now() + duration, () => {
      run.pending = false;
      if (this.terminating) return;
      if (pull.ok) {
        host.images.add(image);
        host.pullBackoff.reset(backoffKey);
        const took = goDuration(duration);
        this.event(
          run,
          'Normal',
          'Pulled',
          `Successfully pulled image "${image}" in ${took} (${took} including waiting). Image size: ${pull.imageSizeBytes} bytes.`,
        );
        this.createAndStart(run);
        return;
      }
      this.pullFailed(run, image, pull.message, backoffKey);
    });
  }

  private pullFailed(run: ContainerRun, image: string, message: string, backoffKey: string): void {
    const { host } = this;
    const now = host.clock.now();
    this.event(run, 'Warning', 'Failed', `Failed to pull image "${image}": ${message}`);
    this.event(run, 'Warning', 'Failed', 'Error: ErrImagePull');
    run.waitingReason = 'ErrImagePull';
    run.waitingMessage = message;
    host.pullBackoff.next(backoffKey, now, now);
    this.writeStatus();
    const backoff = host.pullBackoff.get(backoffKey);
    // The next sync finds the image in back-off and reports ImagePullBackOff until it ends.
    this.setTimer(run, now + PLEG_RELIST_MS, () => {
      if (this.terminating) return;
      run.waitingReason = 'ImagePullBackOff';
      run.waitingMessage = `Back-off pulling image "${image}"`;
      this.event(run, 'Normal', 'BackOff', `Back-off pulling image "${image}"`);
      this.event(run, 'Warning', 'Failed', 'Error: ImagePullBackOff');
      this.writeStatus();
      this.setTimer(run, now + backoff, () => {
        if (this.terminating) return;
        this.prepareAndStart(run);
      });
    });
  }

  private createAndStart(run: ContainerRun): void {
    const { host } = this;
    const now = host.clock.now();
    const behaviour = run.behaviour!;
    const configError = host.containerConfigError(this.pod, run.name);
    if (configError) {
      run.waitingReason = 'CreateContainerConfigError';
      run.waitingMessage = configError;
      this.event(run, 'Warning', 'Failed', `Error: ${configError}`);
      this.writeStatus();
      this.setTimer(run, now + SYNC_RETRY_MS, () => {
        if (!this.terminating) this.prepareAndStart(run);
      });
      return;
    }
    const postStart = run.spec.lifecycle?.postStart;
    const statusBeforeStart = postStart ? run.toStatus() : undefined;
    this.event(run, 'Normal', 'Created', `Created container: ${run.name}`);
    this.event(run, 'Normal', 'Started', `Started container ${run.name}`);
    run.state = 'running';
    run.waitingMessage = undefined;
    run.startedAt = now;
    run.containerID = `containerd://${host.random.hex(64)}`;
    run.recordInstance({ containerID: run.containerID, behaviour, startedAt: now });
    run.termination = undefined;
    run.resetProbes();
    run.started = !run.spec.startupProbe;
    // Without a readiness probe a container is ready once started (after its startup probe, if any).
    run.ready = (!run.init || run.sidecar) && !run.spec.readinessProbe && run.started;
    const limit = run.spec.resources?.limits?.memory;
    const oomAt = limit === undefined ? undefined : behaviour.firstTimeMemoryExceeds(bytesValue(limit));
    const exitAt = behaviour.exit?.afterMs;
    run.endsAt = undefined;
    if (oomAt !== undefined && (exitAt === undefined || oomAt <= exitAt)) {
      run.endsAt = now + oomAt;
      this.setTimer(run, now + oomAt, () =>
        this.onExit(run, { exitCode: EXIT_SIGKILL, reason: 'OOMKilled' }),
      );
    } else if (exitAt !== undefined) {
      const code = behaviour.exit!.code;
      run.endsAt = now + exitAt;
      this.setTimer(run, now + exitAt, () =>
        this.onExit(run, { exitCode: code, reason: code === 0 ? 'Completed' : 'Error' }),
      );
    }
    if (postStart) {
      run.statusWhileStarting = statusBeforeStart;
      run.ready = false;
      const outcome = runLifecycleHook(postStart, run.spec, behaviour, this.podRef(), this.podIP, 0);
      if (Number.isFinite(outcome.durationMs)) {
        this.setTimer(run, now + outcome.durationMs, () => this.postStartReturned(run, outcome));
      }
    } else {
      this.startProbes(run);
    }
    this.writeStatus();
    run.peakMemoryBytes =
      limit === undefined
        ? behaviour.peakMemoryBytes
        : Math.min(behaviour.peakMemoryBytes, bytesValue(limit));
    this.host.containersChanged(run.peakMemoryBytes, 1);
    if (run.sidecar && run.started && !postStart) this.advance();
  }

  /**
   * The postStart hook returned and the start ends: the container shows as running and its probes
   * begin, or, when the hook failed, the kubelet kills it and it waits as PostStartHookError until
   * the next sync restarts it (subject to back-off).
   */
  private postStartReturned(run: ContainerRun, outcome: HookOutcome): void {
    if (run.state !== 'running' || run.stopping) return;
    const now = this.host.clock.now();
    const failure = outcome.failure;
    if (failure !== undefined) {
      this.event(run, 'Warning', FAILED_POST_START_HOOK, POST_START_HOOK_FAILED_MESSAGE);
      this.event(run, 'Normal', 'Killing', FAILED_POST_START_HOOK);
      this.stopContainer(run, this.podGraceSeconds() * 1000, () => {
        run.lastTermination = run.termination;
        run.state = 'waiting';
        run.waitingReason = POST_START_HOOK_ERROR;
        run.waitingMessage = failure;
        this.writeStatus();
        this.setTimer(run, this.host.clock.now() + PLEG_RELIST_MS, () => this.syncContainer(run));
      });
      return;
    }
    run.statusWhileStarting = undefined;
    run.ready = (!run.init || run.sidecar) && !run.spec.readinessProbe && run.started;
    this.startProbes(run, now);
    this.writeStatus();
    if (run.sidecar && run.started) this.advance();
  }

  /** The container process ended; `then` replaces the usual relist-and-sync (a kill that restarts). */
  private onExit(run: ContainerRun, how: { exitCode: number; reason: string }, then?: () => void): void {
    if (run.state !== 'running') return;
    const now = this.host.clock.now();
    this.clearTimers(run);
    this.clearProbeTimers(run);
    const instance = run.instances.get(run.containerID);
    if (instance) instance.finishedAt = now;
    run.statusWhileStarting = undefined;
    run.termination = {
      exitCode: how.exitCode,
      reason: how.reason,
      startedAt: run.startedAt,
      finishedAt: now,
      containerID: run.containerID,
    };
    run.state = 'terminated';
    run.stopping = false;
    run.stopsAt = undefined;
    run.endsAt = undefined;
    this.containerGone(run);
    // A regular init container that succeeded counts as ready (prober manager UpdatePodStatus).
    run.ready = run.init && !run.sidecar && how.exitCode === 0;
    run.started = false;
    this.writeStatus();
    if (this.terminating) {
      this.checkTerminated();
      return;
    }
    if (this.deadlineExceeded) return;
    if (then) then();
    else this.setTimer(run, now + PLEG_RELIST_MS, () => this.syncContainer(run));
  }

  /** The kubelet's sync of an exited container: next init container, restart, back-off, or done. */
  private syncContainer(run: ContainerRun): void {
    if (this.terminating || this.deadlineExceeded || run.state === 'running') return;
    const exited = run.latestExit;
    if (run.init && !run.sidecar && exited?.exitCode === 0) {
      this.writeStatus();
      this.advance();
      return;
    }
    if (!this.shouldRestart(run)) {
      this.writeStatus();
      return;
    }
    this.restartUnlessBackingOff(run, exited);
  }

  /** kuberuntime doBackOff: restart now, or wait in CrashLoopBackOff until the back-off ends. */
  private restartUnlessBackingOff(run: ContainerRun, exited: Termination | undefined): void {
    const { host } = this;
    const now = host.clock.now();
    if (exited) {
      const key = this.backoffKey(run);
      if (host.crashBackoff.isInBackOffSince(key, exited.finishedAt, now)) {
        const backoff = host.crashBackoff.get(key);
        this.enterCrashLoop(run, backoff);
        this.setTimer(run, exited.finishedAt + backoff, () => this.syncContainer(run));
        return;
      }
      host.crashBackoff.next(key, exited.finishedAt, now);
    }
    this.restart(run);
  }

  private enterCrashLoop(run: ContainerRun, backoffMs: number): void {
    const podRef = this.podRef();
    if (run.state === 'terminated') run.lastTermination = run.termination;
    run.state = 'waiting';
    run.waitingReason = 'CrashLoopBackOff';
    run.waitingMessage = crashLoopWaitingMessage(backoffMs, run.name, podRef);
    this.event(run, 'Warning', 'BackOff', crashLoopEventMessage(run.name, podRef));
    this.writeStatus();
  }

  private restart(run: ContainerRun): void {
    if (run.state === 'terminated' && run.termination) run.lastTermination = run.termination;
    run.restartCount++;
    run.state = 'waiting';
    run.waitingReason = this.defaultWaitingReason();
    run.waitingMessage = undefined;
    run.containerID = '';
    this.prepareAndStart(run);
  }

  private shouldRestart(run: ContainerRun): boolean {
    if (run.sidecar) return true;
    const policy = this.pod.spec?.restartPolicy ?? 'Always';
    const exitCode = run.latestExit?.exitCode ?? 0;
    if (run.init) return policy !== 'Never' && exitCode !== 0;
    if (policy === 'Always') return true;
    if (policy === 'OnFailure') return exitCode !== 0;
    return false;
  }

  private backoffKey(run: ContainerRun): string {
    return `${this.pod.metadata?.name}_${this.pod.metadata?.namespace}_${this.uid}_${run.name}`;
  }

  // ---- probes ----------------------------------------------------------------------------

  /** Probes begin once the status shows the container running: at its start, or after its postStart hook. */
  private startProbes(run: ContainerRun, from = run.startedAt): void {
    for (const kind of ['startup', 'liveness', 'readiness'] as const) {
      const probe = this.probeSpec(run, kind);
      if (!probe) continue;
      const period = (probe.periodSeconds ?? 10) * 1000;
      const notBefore = Math.max(from, run.startedAt + (probe.initialDelaySeconds ?? 0) * 1000);
      this.scheduleProbe(run, kind, firstProbeTick(this.startTime, period, notBefore));
    }
    // The first status sync after the start finds readiness unknown and runs the probe at once.
    const readiness = this.probeSpec(run, 'readiness');
    const manual = from + PLEG_RELIST_MS;
    const delayMs = (readiness?.initialDelaySeconds ?? 0) * 1000;
    const firstTick = firstProbeTick(
      this.startTime,
      (readiness?.periodSeconds ?? 10) * 1000,
      Math.max(from, run.startedAt + delayMs),
    );
    if (readiness && run.startedAt + delayMs <= manual && firstTick !== manual) {
      this.probeTimer(run, manual, () => this.probeOnce(run, 'readiness'));
    }
  }

  private scheduleProbe(run: ContainerRun, kind: ProbeKind, at: number): void {
    const probe = this.probeSpec(run, kind)!;
    const period = (probe.periodSeconds ?? 10) * 1000;
    this.probeTimer(run, at, () => {
      this.probeOnce(run, kind);
      if (run.state === 'running') this.scheduleProbe(run, kind, at + period);
    });
  }

  private probeSpec(run: ContainerRun, kind: ProbeKind): Probe | undefined {
    if (run.init && !run.sidecar) return undefined;
    return kind === 'startup'
      ? run.spec.startupProbe
      : kind === 'liveness'
        ? run.spec.livenessProbe
        : run.spec.readinessProbe;
  }

  /** One probe run, as the prober worker's doProbe decides it. */
  private probeOnce(run: ContainerRun, kind: ProbeKind): void {
    if (run.state !== 'running' || this.terminating) return;
    const probe = this.probeSpec(run, kind)!;
    const state = run.probes[kind];
    if (state.onHoldFor !== undefined) {
      if (state.onHoldFor === run.containerID) return;
      state.onHoldFor = undefined;
    }
    const now = this.host.clock.now();
    if (Math.floor((now - run.startedAt) / 1000) < (probe.initialDelaySeconds ?? 0)) return;
    if (run.started ? kind === 'startup' : kind !== 'startup') return;
    const result = runProbe(probe, run.spec, run.behaviour!, this.podIP, now - run.startedAt);
    if (!result.success) {
      this.event(run, 'Warning', 'Unhealthy', `${PROBE_LABEL[kind]} probe failed: ${result.output}`);
    }
    const outcome = result.success ? 'success' : 'failure';
    if (state.lastResult === outcome) state.resultRun++;
    else {
      state.lastResult = outcome;
      state.resultRun = 1;
    }
    const threshold = result.success ? (probe.successThreshold ?? 1) : (probe.failureThreshold ?? 3);
    if (state.resultRun < threshold) return;
    if (kind === 'readiness') {
      if (run.ready !== result.success) {
        run.ready = result.success;
        this.writeStatus();
      }
      return;
    }
    if (kind === 'startup' && result.success) {
      if (!run.started) {
        run.started = true;
        if (!run.spec.readinessProbe) run.ready = true;
        this.writeStatus();
        if (this.probeSpec(run, 'readiness')) this.probeOnce(run, 'readiness');
        if (run.sidecar) this.advance();
      }
      return;
    }
    if (result.success) return;
    state.onHoldFor = run.containerID;
    state.resultRun = 0;
    this.killForProbe(run, kind === 'liveness' ? 'liveness' : 'startup', probe);
  }

  /** A failed liveness or startup probe: Killing, stop, and start again (subject to back-off). */
  private killForProbe(run: ContainerRun, kind: 'liveness' | 'startup', probe: Probe): void {
    this.event(run, 'Normal', 'Killing', probeKillMessage(run.name, kind));
    const graceMs = (probe.terminationGracePeriodSeconds ?? this.podGraceSeconds()) * 1000;
    const previous = run.lastTermination;
    // The kill and the new start happen in the same sync; back-off looks at the earlier exit.
    this.stopContainer(run, graceMs, () => this.restartUnlessBackingOff(run, previous));
  }

  // ---- termination -----------------------------------------------------------------------

  private terminate(): void {
    this.terminating = true;
    for (const id of this.podTimers) this.host.clock.cancelTimer(id);
    const deletion = this.pod.metadata?.deletionTimestamp;
    const deadline = deletion ? Date.parse(deletion) : this.host.clock.now();
    const graceMs = Math.max(0, deadline - this.host.clock.now());
    for (const run of this.runs) {
      run.pending = false;
      this.clearProbeTimers(run);
      if (run.state === 'running' && !run.stopping) {
        this.event(run, 'Normal', 'Killing', `Stopping container ${run.name}`);
        this.stopContainer(run, graceMs);
      } else if (!run.stopping) {
        this.clearTimers(run);
      }
    }
    this.checkTerminated();
  }

  /**
   * preStop hook, then SIGTERM, then SIGKILL when the grace period runs out if the process
   * ignores SIGTERM (a shell or `sleep` as PID 1 does).
   */
  private stopContainer(run: ContainerRun, graceMs: number, then?: () => void): void {
    run.stopping = true;
    this.clearTimers(run);
    this.clearProbeTimers(run);
    const grace = Math.max(graceMs, MINIMUM_GRACE_PERIOD_MS);
    const now = this.host.clock.now();
    const preStopMs = Math.min(this.preStopDuration(run), grace);
    const stopsOnSigterm = run.behaviour ? !ignoresSigterm(run.behaviour) : true;
    const delay = stopsOnSigterm ? preStopMs : grace;
    const exitCode = stopsOnSigterm ? 0 : EXIT_SIGKILL;
    run.stopsAt = now + delay;
    this.setTimer(run, now + delay, () =>
      this.onExit(run, { exitCode, reason: exitCode === 0 ? 'Completed' : 'Error' }, then),
    );
  }

  private preStopDuration(run: ContainerRun): number {
    const preStop = run.spec.lifecycle?.preStop;
    if (!preStop) return 0;
    if (preStop.sleep) return preStop.sleep.seconds * 1000;
    if (preStop.exec && run.behaviour) {
      const answer = run.behaviour.exec(preStop.exec.command ?? [], this.host.clock.now() - run.startedAt);
      return Number.isFinite(answer.durationMs) ? answer.durationMs : Number.POSITIVE_INFINITY;
    }
    return 0;
  }

  private onDeadline(): void {
    if (this.terminating || this.finished) return;
    this.deadlineExceeded = true;
    this.event(undefined, 'Normal', 'DeadlineExceeded', DEADLINE_EXCEEDED_MESSAGE);
    for (const run of this.runs) {
      run.pending = false;
      if (run.state === 'running' && !run.stopping) {
        this.event(run, 'Normal', 'Killing', `Stopping container ${run.name}`);
        this.stopContainer(run, this.podGraceSeconds() * 1000);
      } else if (!run.stopping) {
        this.clearTimers(run);
      }
    }
    this.writeStatus();
  }

  private checkTerminated(): void {
    if (!this.terminating || this.finished) return;
    if (this.runs.some((run) => run.state === 'running')) return;
    if (this.eviction && this.eviction.completedAt === undefined) {
      // SyncTerminatingPod's last status: Failed, reason Evicted; the pod stays until it is deleted.
      this.eviction.completedAt = this.host.clock.now();
      this.host.podIps.release(this.podIP);
      this.writeStatus();
    }
    if (this.eviction && !this.pod.metadata?.deletionTimestamp) return;
    if (!this.host.connected) return;
    this.finished = true;
    if (!this.eviction) this.host.podIps.release(this.podIP);
    const { namespace = '', name = '' } = this.pod.metadata ?? {};
    this.host.client.delete(PODS, namespace, name, {
      gracePeriodSeconds: 0,
      preconditions: { uid: this.uid },
    });
    this.host.forget(this.uid);
  }

  // ---- eviction ------------------------------------------------------------------------

  /**
   * The eviction manager kills the pod (killPodNow with the eviction's status function): every
   * container is stopped with `gracePeriodMs` (the runtime allows at least 2 s), nothing restarts,
   * and once the containers have stopped the pod is Failed with reason Evicted and `message`, with a
   * DisruptionTarget condition. A pod already terminating has its stops shortened to that grace.
   */
  evict(message: string, gracePeriodMs: number): void {
    if (this.finished || this.eviction) return;
    this.eviction = { message };
    if (!this.terminating) {
      this.terminating = true;
      for (const id of this.podTimers) this.host.clock.cancelTimer(id);
    }
    const deadline = this.host.clock.now() + Math.max(gracePeriodMs, MINIMUM_GRACE_PERIOD_MS);
    for (const run of this.runs) {
      run.pending = false;
      this.clearProbeTimers(run);
      if (run.state !== 'running') {
        if (!run.stopping) this.clearTimers(run);
        continue;
      }
      if (run.stopping && (run.stopsAt ?? Number.POSITIVE_INFINITY) <= deadline) continue;
      if (!run.stopping) this.event(run, 'Normal', 'Killing', `Stopping container ${run.name}`);
      this.stopContainer(run, gracePeriodMs);
    }
    this.checkTerminated();
  }

  /** The pod as the API last showed it to this worker. */
  get apiPod(): Pod {
    return this.pod;
  }

  /** In the kubelet's active pods: not known to be terminated, and not terminal unless still terminating. */
  get active(): boolean {
    if (this.finished || this.eviction?.completedAt !== undefined) return false;
    if (this.terminating) return true;
    const phase = this.pod.status?.phase;
    return phase !== 'Succeeded' && phase !== 'Failed';
  }

  /** The evicted pod's containers have all stopped (what waitForPodsCleanup waits for). */
  get cleanedUp(): boolean {
    return this.finished || this.eviction?.completedAt !== undefined;
  }

  /** The running containers' usage at `now`, as the stats summary reports it; undefined before the sandbox is up. */
  containerStats(now: number): ContainerStats[] | undefined {
    if (!this.sandboxReady) return undefined;
    const nodeCpu = this.host.node()?.status?.capacity?.cpu;
    const nodeMillicores = nodeCpu === undefined ? Number.POSITIVE_INFINITY : milliValue(nodeCpu);
    const stats: ContainerStats[] = [];
    const serving = this.pod.spec?.containers?.[0]?.name;
    const load = this.host.cpuLoadShare?.(this.pod) ?? 0;
    for (const run of this.runs) {
      if (run.state !== 'running' || !run.behaviour) continue;
      const extra = !run.init && run.name === serving ? load : 0;
      stats.push({
        name: run.name,
        ...containerUsage(run.behaviour, run.spec, now - run.startedAt, nodeMillicores, extra),
      });
    }
    return stats;
  }

  /** Working set of the running containers at `t` (a later instant, if nothing starts or stops meanwhile). */
  memoryBytesAt(t: number): number {
    let bytes = 0;
    for (const run of this.runs) {
      if (run.state === 'running' && run.behaviour) bytes += run.behaviour.memoryBytesAt(t - run.startedAt);
    }
    return bytes;
  }

  /** Until when the running containers' memory can only grow: their first exit, OOM kill or stop. */
  memoryGrowsUntil(): number {
    let until = Number.POSITIVE_INFINITY;
    for (const run of this.runs) {
      if (run.state !== 'running') continue;
      until = Math.min(
        until,
        run.endsAt ?? Number.POSITIVE_INFINITY,
        run.stopsAt ?? Number.POSITIVE_INFINITY,
      );
    }
    return until;
  }

  private podGraceSeconds(): number {
    return this.pod.spec?.terminationGracePeriodSeconds ?? DEFAULT_GRACE_SECONDS;
  }

  // ---- status ----------------------------------------------------------------------------

  private statusPending = false;

  /**
   * Reports the pod's status, once for everything that happened at this instant (as the kubelet's
   * status manager sends only the latest status, not every step that led to it).
   */
  private writeStatus(): void {
    if (this.statusPending) return;
    this.statusPending = true;
    this.host.defer(() => {
      this.statusPending = false;
      this.flushStatus();
    });
  }

  private flushStatus(): void {
    if (this.finished || !this.host.connected) return;
    const { host } = this;
    const current = host.client.get(
      PODS,
      this.pod.metadata?.namespace ?? '',
      this.pod.metadata?.name ?? '',
    ) as unknown as Pod | undefined;
    if (!current || current.metadata?.uid !== this.uid) return;
    this.pod = current;
    const status = this.buildStatus(current);
    if (isDeepStrictEqual(status, current.status)) return;
    host.client.updateStatus(PODS, { ...(current as unknown as KubeObject), status });
  }

  private buildStatus(pod: Pod): PodStatus {
    const now = this.host.clock.now();
    const previous = pod.status ?? {};
    const spec = pod.spec ?? { containers: [] };
    const initStatuses = this.initContainers().map((run) => run.toStatus());
    const statuses = this.appContainers().map((run) => run.toStatus());
    const evicted = this.eviction?.completedAt !== undefined;
    if (evicted) markUnknownContainers(spec, statuses, initStatuses);
    const all = [...statuses, ...initStatuses];
    let phase = this.deadlineExceeded ? 'Failed' : podPhase(spec, all, evicted);
    // generateAPIPodStatus keeps the status manager's terminal phase (Failed) unless every container
    // exited 0, when getPhase says Succeeded and the eviction's reason and message are not kept.
    if (evicted && phase !== 'Succeeded') phase = 'Failed';
    const evictedReason = evicted && phase === 'Failed';
    const terminal = phase === 'Succeeded' || phase === 'Failed';
    const sidecarStatuses = initStatuses.filter((s) =>
      spec.initContainers?.some((c) => c.name === s.name && c.restartPolicy === 'Always'),
    );
    const readyStatuses = [...sidecarStatuses, ...statuses];
    const others = (previous.conditions ?? []).filter((c) => !KUBELET_CONDITIONS.has(c.type));
    const generated: ConditionState[] = [
      { type: 'PodReadyToStartContainers', status: this.sandboxReady && !terminal ? 'True' : 'False' },
      podInitializedCondition(spec, initStatuses, statuses, phase),
      podReadyCondition(spec, previous.conditions ?? [], readyStatuses, phase),
      containersReadyCondition(spec, readyStatuses, phase),
    ];
    const stamp = (condition: ConditionState): PodCondition => {
      const old = previous.conditions?.find((c) => c.type === condition.type);
      const since =
        old && old.status === condition.status && old.lastTransitionTime
          ? old.lastTransitionTime
          : toRfc3339(now);
      return {
        type: condition.type,
        status: condition.status,
        lastProbeTime: null as unknown as string,
        lastTransitionTime: since,
        ...(condition.reason ? { reason: condition.reason } : {}),
        ...(condition.message ? { message: condition.message } : {}),
      };
    };
    const scheduled = others.find((c) => c.type === 'PodScheduled');
    const conditions: PodCondition[] = [
      ...generated.map(stamp),
      ...(scheduled ? [scheduled] : [stamp({ type: 'PodScheduled', status: 'True' })]),
      ...others.filter((c) => c.type !== 'PodScheduled'),
    ];
    if (evicted && this.eviction) {
      // Sent with the terminal phase only (mergePodStatus), replacing an earlier DisruptionTarget.
      const disruption = stamp({
        type: DISRUPTION_TARGET,
        status: 'True',
        reason: TERMINATION_BY_KUBELET_REASON,
        message: this.eviction.message,
      });
      const index = conditions.findIndex((c) => c.type === DISRUPTION_TARGET);
      if (index >= 0) conditions[index] = disruption;
      else conditions.push(disruption);
    }
    const hostIP = this.hostIP();
    const status: PodStatus = {
      conditions,
      hostIP,
      hostIPs: [{ ip: hostIP }],
      ...(this.deadlineExceeded ? { message: DEADLINE_EXCEEDED_MESSAGE, reason: 'DeadlineExceeded' } : {}),
      ...(evictedReason && this.eviction ? { message: this.eviction.message, reason: EVICTED_REASON } : {}),
      ...(this.podIP ? { podIP: this.podIP, podIPs: [{ ip: this.podIP }] } : {}),
      phase,
      qosClass: previous.qosClass ?? 'BestEffort',
      startTime: toRfc3339(this.startTime),
      containerStatuses: statuses,
    };
    if (initStatuses.length > 0) status.initContainerStatuses = initStatuses;
    return status;
  }

  // ---- helpers ---------------------------------------------------------------------------

  /** What a container not yet created waits for: PodInitializing in any pod with init containers. */
  private defaultWaitingReason(): string {
    return this.initContainers().length > 0 ? 'PodInitializing' : 'ContainerCreating';
  }

  private initContainers(): ContainerRun[] {
    return this.runs.filter((run) => run.init);
  }

  private appContainers(): ContainerRun[] {
    return this.runs.filter((run) => !run.init);
  }

  private hostIP(): string {
    const addresses = this.host.node()?.status?.addresses ?? [];
    return addresses.find((a) => a.type === 'InternalIP')?.address ?? '';
  }

  /** `name_namespace(uid)`, as the kubelet's format.Pod prints a pod. */
  private podRef(): string {
    const m = this.pod.metadata;
    return `${m?.name}_${m?.namespace}(${m?.uid})`;
  }

  private fieldPath(run: ContainerRun): string {
    return `${run.init ? 'spec.initContainers' : 'spec.containers'}{${run.name}}`;
  }

  private event(run: ContainerRun | undefined, type: EventType, reason: string, message: string): void {
    if (!this.host.connected) return;
    this.host.recorder.event(
      this.pod as unknown as KubeObject,
      type,
      reason,
      message,
      run ? { fieldPath: this.fieldPath(run) } : {},
    );
  }

  private podTimer(at: number, task: () => void): void {
    const id = this.host.clock.setTimer(
      at,
      () => {
        if (!this.finished && !this.terminating) task();
      },
      this.key,
    );
    this.podTimers.push(id);
  }

  private setTimer(run: ContainerRun, at: number, task: () => void): void {
    const id = this.host.clock.setTimer(
      at,
      () => {
        run.timers = run.timers.filter((t) => t !== id);
        if (!this.finished) task();
      },
      `${this.key} ${run.name}`,
    );
    run.timers.push(id);
  }

  private probeTimer(run: ContainerRun, at: number, task: () => void): void {
    const id = this.host.clock.setTimer(
      at,
      () => {
        run.probeTimers = run.probeTimers.filter((t) => t !== id);
        if (!this.finished) task();
      },
      `${this.key} ${run.name} probe`,
    );
    run.probeTimers.push(id);
  }

  private clearTimers(run: ContainerRun): void {
    for (const id of run.timers) this.host.clock.cancelTimer(id);
    run.timers = [];
    run.pending = false;
  }

  private clearProbeTimers(run: ContainerRun): void {
    for (const id of run.probeTimers) this.host.clock.cancelTimer(id);
    run.probeTimers = [];
  }
}

const KUBELET_CONDITIONS = new Set(['PodReadyToStartContainers', 'Initialized', 'Ready', 'ContainersReady']);

/** The status manager's TerminatePod: once a pod has initialized, a container never seen to stop is reported as lost. */
export const CONTAINER_STATUS_UNKNOWN_MESSAGE =
  'The container could not be located when the pod was terminated';

function markUnknownContainers(
  spec: PodSpec,
  statuses: ContainerStatus[],
  initStatuses: ContainerStatus[],
): void {
  if (!hasPodInitialized(spec, statuses, initStatuses)) return;
  for (const status of statuses) {
    if (status.state?.terminated) continue;
    status.state = {
      terminated: {
        exitCode: EXIT_SIGKILL,
        reason: 'ContainerStatusUnknown',
        message: CONTAINER_STATUS_UNKNOWN_MESSAGE,
      },
    };
  }
}

/**
 * hasPodInitialized: a pod without init containers always is; otherwise once a regular container
 * has left waiting, or the last init container has succeeded.
 */
function hasPodInitialized(
  spec: PodSpec,
  statuses: ContainerStatus[],
  initStatuses: ContainerStatus[],
): boolean {
  if ((spec.initContainers ?? []).length === 0) return true;
  if (statuses.some((s) => s.lastState?.terminated || !s.state?.waiting)) return true;
  const regularInit = (spec.initContainers ?? []).filter((c) => c.restartPolicy !== 'Always');
  const last = regularInit[regularInit.length - 1];
  if (!last) return false;
  const status = initStatuses.find((s) => s.name === last.name);
  return status?.state?.terminated?.exitCode === 0;
}

/** Waiting states the kubelet leaves to their own timers (back-offs) rather than starting anew. */
function isStartable(run: ContainerRun): boolean {
  return run.waitingReason === 'ContainerCreating' || run.waitingReason === 'PodInitializing';
}

/**
 * Whether the process ignores SIGTERM. A process that is PID 1 in its container and installs
 * no handler does: a shell, `sleep`, `tail`, node, python or perl; servers such as nginx handle it.
 */
export function ignoresSigterm(behaviour: ContainerBehaviour): boolean {
  const program = behaviour.argv[0]?.split('/').pop() ?? '';
  return [
    'sh',
    'bash',
    'ash',
    'dash',
    'sleep',
    'tail',
    'node',
    'python',
    'python3',
    'perl',
    'stress',
  ].includes(program);
}

export type { Container, ContainerInstance, Termination };
