import { createHash } from 'node:crypto';
import { isDeepStrictEqual } from 'node:util';
import type { Pod, PodCondition, PodStatus, Probe } from 'kubernetes-types/core/v1';
import { bytesValue } from '../api/quantity.ts';
import type { KubeObject } from '../api/types.ts';
import { toRfc3339 } from '../clock/clock.ts';
import { goDuration } from './backoff.ts';
import { ContainerRun, type Termination } from './container-run.ts';
import type { ContainerBehaviour } from './image-profiles/index.ts';
import { type KubeletHost, PLEG_RELIST_MS, SANDBOX_DELAY_MS } from './kubelet-host.ts';
import { runProbe } from './probes.ts';

const PODS = '/pods';
const EXIT_SIGKILL = 137;

type ProbeKind = 'startup' | 'liveness' | 'readiness';
const PROBE_LABEL: Record<ProbeKind, string> = {
  startup: 'Startup',
  liveness: 'Liveness',
  readiness: 'Readiness',
};

/**
 * Runs one pod on a simulated node (the kubelet's pod worker): sandbox, image pulls, init
 * containers in order, app containers, exits and OOM kills from the image behaviour, restarts
 * with crash-loop back-off, probes, graceful termination, and the pod status that results.
 */
export class PodWorker {
  private pod: Pod;
  private readonly runs: ContainerRun[];
  private sandboxReady = false;
  private podIP = '';
  private startTime = 0;
  private terminating = false;
  private finished = false;
  private readonly sandboxTimer: number;

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
    for (const run of this.runs) {
      if (!run.init && this.initContainers().length > 0) run.waitingReason = 'PodInitializing';
    }
    this.writeStatus();
    this.sandboxTimer = host.clock.setTimer(
      now + SANDBOX_DELAY_MS,
      () => this.onSandboxReady(),
      `sandbox ${this.key}`,
    );
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
    if (pod.metadata?.deletionTimestamp && !this.terminating) this.terminate();
  }

  /** Log text of a container, current run or previous one. */
  logs(containerName: string, previous: boolean): string[] | undefined {
    const run = this.runs.find((r) => r.name === containerName);
    if (!run) return undefined;
    if (previous) {
      if (!run.previousRun) return undefined;
      return run.previousRun.behaviour.logs(run.previousRun.ranMs).map((l) => l.line);
    }
    if (!run.behaviour || (run.state === 'waiting' && !run.containerID)) return [];
    const ranMs =
      run.state === 'running'
        ? this.host.clock.now() - run.startedAt
        : (run.termination?.finishedAt ?? run.startedAt) - run.startedAt;
    return run.behaviour.logs(ranMs).map((l) => l.line);
  }

  containerNames(): string[] {
    return this.runs.filter((r) => !r.init).map((r) => r.name);
  }

  allContainerNames(): string[] {
    return this.runs.map((r) => r.name);
  }

  /** Stops every timer (node failure, engine shutdown). */
  halt(): void {
    this.host.clock.cancelTimer(this.sandboxTimer);
    for (const run of this.runs) this.clearTimers(run);
    this.finished = true;
  }

  // ---- lifecycle -------------------------------------------------------------------------

  private onSandboxReady(): void {
    if (this.finished) return;
    this.sandboxReady = true;
    this.writeStatus();
    this.advance();
  }

  /** Starts whatever may start now: the next init container, or every app container. */
  private advance(): void {
    if (this.finished || this.terminating || !this.sandboxReady) return;
    for (const run of this.initContainers()) {
      if (run.sidecar) {
        if (run.started || run.state === 'running') continue;
        if (run.containerID === '' && run.waitingReason !== 'ImagePullBackOff' && !this.pending.has(run))
          this.prepareAndStart(run);
        return;
      }
      if (run.succeeded) continue;
      if (
        run.state === 'waiting' &&
        !this.pending.has(run) &&
        run.waitingReason !== 'CrashLoopBackOff' &&
        run.waitingReason !== 'ImagePullBackOff'
      ) {
        this.prepareAndStart(run);
      }
      return;
    }
    for (const run of this.appContainers()) {
      if (run.waitingReason === 'PodInitializing') run.waitingReason = 'ContainerCreating';
      if (
        run.state === 'waiting' &&
        run.containerID === '' &&
        !this.pending.has(run) &&
        run.waitingReason === 'ContainerCreating'
      ) {
        this.prepareAndStart(run);
      }
    }
    this.writeStatus();
  }

  private readonly pending = new Set<ContainerRun>();

  /** Pulls the image if needed (events, back-off), then creates and starts the container. */
  private prepareAndStart(run: ContainerRun): void {
    const { host } = this;
    const behaviour = host.behaviourFor(this.pod, run.name);
    run.behaviour = behaviour;
    const image = run.spec.image ?? '';
    const present = host.images.has(image);
    const policy = run.spec.imagePullPolicy ?? 'IfNotPresent';
    const fieldPath = this.fieldPath(run);
    if (policy === 'Never' && !present) {
      run.waitingReason = 'ErrImageNeverPull';
      run.waitingMessage = `Container image "${image}" is not present with pull policy of Never`;
      host.recorder.event(this.object(), 'Warning', 'ErrImageNeverPull', run.waitingMessage, { fieldPath });
      this.writeStatus();
      return;
    }
    if (present && policy !== 'Always') {
      host.recorder.event(
        this.object(),
        'Normal',
        'Pulled',
        `Container image "${image}" already present on machine`,
        { fieldPath },
      );
      this.createAndStart(run);
      return;
    }
    const backoffKey = `${this.uid}/${run.name}/pull`;
    host.recorder.event(this.object(), 'Normal', 'Pulling', `Pulling image "${image}"`, { fieldPath });
    this.pending.add(run);
    const pull = behaviour.pull;
    const duration = pull.ok ? (present ? Math.min(pull.durationMs, 1000) : pull.durationMs) : 500;
    this.setTimer(run, host.clock.now() + duration, () => {
      this.pending.delete(run);
      if (this.terminating) return;
      if (pull.ok) {
        host.images.add(image);
        host.pullBackoff.reset(backoffKey);
        const took = goDuration(duration);
        host.recorder.event(
          this.object(),
          'Normal',
          'Pulled',
          `Successfully pulled image "${image}" in ${took} (${took} including waiting). Image size: ${pull.imageSizeBytes} bytes.`,
          { fieldPath },
        );
        this.createAndStart(run);
        return;
      }
      this.pullFailed(run, image, pull.reason, pull.message, backoffKey);
    });
  }

  private pullFailed(
    run: ContainerRun,
    image: string,
    reason: string,
    message: string,
    backoffKey: string,
  ): void {
    const { host } = this;
    const now = host.clock.now();
    const fieldPath = this.fieldPath(run);
    host.recorder.event(this.object(), 'Warning', 'Failed', `Failed to pull image "${image}": ${message}`, {
      fieldPath,
    });
    host.recorder.event(this.object(), 'Warning', 'Failed', `Error: ${reason}`, { fieldPath });
    run.waitingReason = reason;
    run.waitingMessage = message;
    host.pullBackoff.next(backoffKey, now);
    this.writeStatus();
    const backoff = host.pullBackoff.get(backoffKey);
    // The next sync finds the image in back-off and reports ImagePullBackOff until it ends.
    this.setTimer(run, now + PLEG_RELIST_MS, () => {
      if (this.terminating) return;
      run.waitingReason = 'ImagePullBackOff';
      run.waitingMessage = `Back-off pulling image "${image}"`;
      host.recorder.event(this.object(), 'Normal', 'BackOff', `Back-off pulling image "${image}"`, {
        fieldPath,
      });
      host.recorder.event(this.object(), 'Warning', 'Failed', 'Error: ImagePullBackOff', { fieldPath });
      this.writeStatus();
      this.setTimer(run, now + backoff, () => {
        if (this.terminating) return;
        run.waitingReason = 'ContainerCreating';
        run.waitingMessage = undefined;
        this.prepareAndStart(run);
      });
    });
  }

  private createAndStart(run: ContainerRun): void {
    const { host } = this;
    const now = host.clock.now();
    const fieldPath = this.fieldPath(run);
    const behaviour = run.behaviour!;
    host.recorder.event(this.object(), 'Normal', 'Created', `Created container: ${run.name}`, { fieldPath });
    host.recorder.event(this.object(), 'Normal', 'Started', `Started container ${run.name}`, { fieldPath });
    run.state = 'running';
    run.waitingMessage = undefined;
    run.startedAt = now;
    run.containerID = `containerd://${host.random.hex(64)}`;
    run.termination = undefined;
    run.resetProbes();
    run.started = !run.spec.startupProbe;
    run.startupSucceeded = !run.spec.startupProbe;
    run.ready = !run.spec.readinessProbe && !run.init;
    if (run.sidecar) run.ready = !run.spec.readinessProbe;
    const limit = run.spec.resources?.limits?.memory;
    let oomAt: number | undefined;
    if (limit !== undefined) oomAt = behaviour.firstTimeMemoryExceeds(bytesValue(limit));
    const exitAt = behaviour.exit?.afterMs;
    if (oomAt !== undefined && (exitAt === undefined || oomAt <= exitAt)) {
      this.setTimer(run, now + oomAt, () =>
        this.onExit(run, { exitCode: EXIT_SIGKILL, reason: 'OOMKilled' }),
      );
    } else if (exitAt !== undefined) {
      const code = behaviour.exit!.code;
      this.setTimer(run, now + exitAt, () =>
        this.onExit(run, { exitCode: code, reason: code === 0 ? 'Completed' : 'Error' }),
      );
    }
    this.scheduleProbes(run);
    this.writeStatus();
    if (run.sidecar) this.advance();
  }

  private onExit(run: ContainerRun, how: { exitCode: number; reason: string }): void {
    if (run.state !== 'running') return;
    const now = this.host.clock.now();
    this.clearTimers(run);
    run.termination = {
      exitCode: how.exitCode,
      reason: how.reason,
      startedAt: run.startedAt,
      finishedAt: now,
      containerID: run.containerID,
    };
    run.state = 'terminated';
    run.ready = false;
    run.started = false;
    this.writeStatus();
    if (this.terminating) {
      this.checkTerminated();
      return;
    }
    this.setTimer(run, now + PLEG_RELIST_MS, () => this.afterExit(run));
  }

  /** The kubelet's next sync after a container exit: next init container, restart, or done. */
  private afterExit(run: ContainerRun): void {
    if (this.terminating || run.state !== 'terminated') return;
    const termination = run.termination!;
    if (run.init && !run.sidecar && termination.exitCode === 0) {
      this.writeStatus();
      this.advance();
      return;
    }
    if (!this.shouldRestart(run)) {
      this.writeStatus();
      return;
    }
    const { host } = this;
    const key = `${this.uid}/${run.name}`;
    const now = host.clock.now();
    if (host.crashBackoff.isInBackOffSince(key, termination.finishedAt, now)) {
      const backoff = host.crashBackoff.get(key);
      this.enterCrashLoop(run, backoff);
      this.setTimer(run, termination.finishedAt + backoff, () => this.afterExit(run));
      return;
    }
    host.crashBackoff.next(key, termination.finishedAt);
    this.restart(run);
  }

  private enterCrashLoop(run: ContainerRun, backoffMs: number): void {
    const pod = this.pod;
    const podRef = `${pod.metadata?.name}_${pod.metadata?.namespace}(${pod.metadata?.uid})`;
    run.lastTermination = run.termination ?? run.lastTermination;
    run.state = 'waiting';
    run.waitingReason = 'CrashLoopBackOff';
    run.waitingMessage = `back-off ${goDuration(backoffMs)} restarting failed container=${run.name} pod=${podRef}`;
    this.host.recorder.event(
      this.object(),
      'Warning',
      'BackOff',
      `Back-off restarting failed container ${run.name} in pod ${podRef}`,
      {
        fieldPath: this.fieldPath(run),
      },
    );
    this.writeStatus();
  }

  private restart(run: ContainerRun): void {
    if (run.termination) {
      run.lastTermination = run.termination;
      if (run.behaviour)
        run.previousRun = {
          behaviour: run.behaviour,
          ranMs: run.termination.finishedAt - run.termination.startedAt,
        };
    }
    run.restartCount++;
    run.state = 'waiting';
    run.waitingReason = 'ContainerCreating';
    run.containerID = '';
    this.prepareAndStart(run);
  }

  private shouldRestart(run: ContainerRun): boolean {
    if (run.sidecar) return true;
    const policy = this.pod.spec?.restartPolicy ?? 'Always';
    const exitCode = run.termination?.exitCode ?? 0;
    if (run.init) return policy !== 'Never' && exitCode !== 0;
    if (policy === 'Always') return true;
    if (policy === 'OnFailure') return exitCode !== 0;
    return false;
  }

  // ---- probes ----------------------------------------------------------------------------

  private scheduleProbes(run: ContainerRun): void {
    const kinds: ProbeKind[] = ['startup', 'liveness', 'readiness'];
    for (const kind of kinds) {
      const probe = this.probeSpec(run, kind);
      if (!probe) continue;
      const first = run.startedAt + (probe.initialDelaySeconds ?? 0) * 1000;
      this.setTimer(run, first, () => this.probeTick(run, kind));
    }
  }

  private probeSpec(run: ContainerRun, kind: ProbeKind): Probe | undefined {
    if (run.init && !run.sidecar) return undefined;
    return kind === 'startup'
      ? run.spec.startupProbe
      : kind === 'liveness'
        ? run.spec.livenessProbe
        : run.spec.readinessProbe;
  }

  private probeTick(run: ContainerRun, kind: ProbeKind): void {
    if (run.state !== 'running' || run.stopping || this.terminating) return;
    const probe = this.probeSpec(run, kind)!;
    const now = this.host.clock.now();
    const period = (probe.periodSeconds ?? 10) * 1000;
    const next = () => this.setTimer(run, now + period, () => this.probeTick(run, kind));
    if (kind !== 'startup' && !run.startupSucceeded) {
      next();
      return;
    }
    if (kind === 'startup' && run.startupSucceeded) return;
    const result = runProbe(probe, run.spec, run.behaviour!, this.podIP, now - run.startedAt);
    const counters = run.probes[kind];
    if (result.success) {
      counters.successes++;
      counters.failures = 0;
      if (kind === 'startup') {
        run.startupSucceeded = true;
        run.started = true;
        this.writeStatus();
        return;
      }
      if (kind === 'readiness' && !run.ready && counters.successes >= (probe.successThreshold ?? 1)) {
        run.ready = true;
        this.writeStatus();
      }
      next();
      return;
    }
    counters.failures++;
    counters.successes = 0;
    this.host.recorder.event(
      this.object(),
      'Warning',
      'Unhealthy',
      `${PROBE_LABEL[kind]} probe failed: ${result.output}`,
      {
        fieldPath: this.fieldPath(run),
      },
    );
    const threshold = probe.failureThreshold ?? 3;
    if (kind === 'readiness') {
      if (run.ready && counters.failures >= threshold) {
        run.ready = false;
        this.writeStatus();
      }
      next();
      return;
    }
    if (counters.failures >= threshold) {
      const reason = kind === 'liveness' ? 'liveness' : 'startup';
      this.host.recorder.event(
        this.object(),
        'Normal',
        'Killing',
        `Container ${run.name} failed ${reason} probe, will be restarted`,
        {
          fieldPath: this.fieldPath(run),
        },
      );
      this.stopContainer(run, this.gracePeriodMs(), () => {
        run.stopping = false;
      });
      return;
    }
    next();
  }

  // ---- termination -----------------------------------------------------------------------

  private terminate(): void {
    this.terminating = true;
    this.host.clock.cancelTimer(this.sandboxTimer);
    const deadline = this.pod.metadata?.deletionTimestamp
      ? Date.parse(this.pod.metadata.deletionTimestamp)
      : this.host.clock.now();
    const graceMs = Math.max(0, deadline - this.host.clock.now());
    for (const run of this.runs) {
      this.pending.delete(run);
      if (run.state === 'running') {
        this.host.recorder.event(this.object(), 'Normal', 'Killing', `Stopping container ${run.name}`, {
          fieldPath: this.fieldPath(run),
        });
        this.stopContainer(run, graceMs, () => {});
      } else {
        this.clearTimers(run);
      }
    }
    this.checkTerminated();
  }

  /** SIGTERM, then SIGKILL when the grace period runs out if the process ignores SIGTERM. */
  private stopContainer(run: ContainerRun, graceMs: number, done: () => void): void {
    run.stopping = true;
    this.clearTimers(run);
    const stopsOnSigterm = run.behaviour ? !ignoresSigterm(run.behaviour) : true;
    const delay = stopsOnSigterm ? 0 : graceMs;
    const exitCode = stopsOnSigterm ? 0 : EXIT_SIGKILL;
    this.setTimer(run, this.host.clock.now() + delay, () => {
      run.stopping = false;
      done();
      this.onExit(run, { exitCode, reason: exitCode === 0 ? 'Completed' : 'Error' });
    });
  }

  private checkTerminated(): void {
    if (!this.terminating || this.finished) return;
    if (this.runs.some((run) => run.state === 'running')) return;
    this.finished = true;
    this.host.podIps.release(this.podIP);
    const { namespace = '', name = '' } = this.pod.metadata ?? {};
    this.host.client.delete(PODS, namespace, name, {
      gracePeriodSeconds: 0,
      preconditions: { uid: this.uid },
    });
    this.host.forget(this.uid);
  }

  private gracePeriodMs(): number {
    return (this.pod.spec?.terminationGracePeriodSeconds ?? 30) * 1000;
  }

  // ---- status ----------------------------------------------------------------------------

  private writeStatus(): void {
    if (this.finished) return;
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
    const init = this.initContainers();
    const apps = this.appContainers();
    const initialized = init.every((run) =>
      run.sidecar ? run.started || run.state === 'running' : run.succeeded,
    );
    const containersReady =
      apps.length > 0 &&
      apps.every((run) => run.ready) &&
      init.filter((r) => r.sidecar).every((r) => r.ready);
    const phase = this.phase(initialized);
    const terminal = phase === 'Succeeded' || phase === 'Failed';
    const transition = (type: string, status: string) => {
      const old = previous.conditions?.find((c) => c.type === type);
      return old && old.status === status && old.lastTransitionTime ? old.lastTransitionTime : toRfc3339(now);
    };
    const condition = (type: string, ok: boolean, reason?: string, message?: string): PodCondition => ({
      type,
      status: ok ? 'True' : 'False',
      lastProbeTime: null as unknown as string,
      lastTransitionTime: transition(type, ok ? 'True' : 'False'),
      ...(ok || !reason ? {} : { reason }),
      ...(ok || !message ? {} : { message }),
    });
    const unready = apps.filter((run) => !run.ready).map((run) => run.name);
    const incomplete = init.filter((run) => !run.succeeded && !run.sidecar).map((run) => run.name);
    const scheduled = previous.conditions?.find((c) => c.type === 'PodScheduled');
    const readyReason = terminal ? 'PodCompleted' : 'ContainersNotReady';
    const unreadyMessage = terminal ? undefined : `containers with unready status: [${unready.join(' ')}]`;
    const conditions: PodCondition[] = [
      condition('PodReadyToStartContainers', this.sandboxReady && !terminal),
      condition(
        'Initialized',
        initialized,
        terminal && initialized ? undefined : 'ContainersNotInitialized',
        `containers with incomplete status: [${incomplete.join(' ')}]`,
      ),
      condition('Ready', containersReady && !terminal, readyReason, unreadyMessage),
      condition('ContainersReady', containersReady && !terminal, readyReason, unreadyMessage),
      scheduled ?? condition('PodScheduled', true),
    ];
    if (initialized) {
      const initializedCondition = conditions[1]!;
      delete initializedCondition.reason;
      delete initializedCondition.message;
    }
    const imageID = (image: string) =>
      `docker.io/library/${image.split(':')[0]}@sha256:${createHash('sha256').update(image).digest('hex')}`;
    const hostIP = this.hostIP();
    const status: PodStatus = {
      conditions,
      hostIP,
      hostIPs: [{ ip: hostIP }],
      ...(this.podIP ? { podIP: this.podIP, podIPs: [{ ip: this.podIP }] } : {}),
      phase,
      qosClass: previous.qosClass ?? 'BestEffort',
      startTime: toRfc3339(this.startTime),
      containerStatuses: apps.map((run) => run.toStatus(imageID(run.spec.image ?? ''))),
    };
    if (init.length > 0)
      status.initContainerStatuses = init.map((run) => run.toStatus(imageID(run.spec.image ?? '')));
    return status;
  }

  private phase(initialized: boolean): string {
    const apps = this.appContainers();
    const policy = this.pod.spec?.restartPolicy ?? 'Always';
    const failedInit = this.initContainers().some(
      (run) =>
        !run.sidecar &&
        run.state === 'terminated' &&
        (run.termination?.exitCode ?? 0) !== 0 &&
        policy === 'Never',
    );
    if (failedInit) return 'Failed';
    if (!initialized) return 'Pending';
    const running = apps.filter((r) => r.state === 'running').length;
    const terminated = apps.filter((r) => r.state === 'terminated');
    const waiting = apps.filter((r) => r.state === 'waiting');
    const everStarted = apps.some((r) => r.state !== 'waiting' || r.lastTermination || r.restartCount > 0);
    if (waiting.length > 0 && !everStarted) return 'Pending';
    if (running > 0) return 'Running';
    if (waiting.length > 0) return 'Running';
    if (terminated.length === apps.length) {
      const restarting = terminated.some((run) => this.shouldRestart(run));
      if (restarting) return 'Running';
      return terminated.every((run) => run.termination?.exitCode === 0) ? 'Succeeded' : 'Failed';
    }
    return 'Pending';
  }

  // ---- helpers ---------------------------------------------------------------------------

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

  private fieldPath(run: ContainerRun): string {
    return `${run.init ? 'spec.initContainers' : 'spec.containers'}{${run.name}}`;
  }

  private object(): KubeObject {
    return this.pod as unknown as KubeObject;
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

  private clearTimers(run: ContainerRun): void {
    for (const id of run.timers) this.host.clock.cancelTimer(id);
    run.timers = [];
  }
}

/** Whether the process ignores SIGTERM: a shell running as PID 1 (`sh -c "sleep 3600"`) does. */
function ignoresSigterm(behaviour: ContainerBehaviour): boolean {
  const program = behaviour.argv[0]?.split('/').pop() ?? '';
  return ['sh', 'bash', 'ash', 'dash', 'sleep', 'tail'].includes(program);
}

export type { Termination };
