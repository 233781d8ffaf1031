import type { KubeClient } from '../kube/kube-client.ts';
import { interruptRequested } from '../run/interrupt.ts';

/** One look at the cluster: whether the expectation holds, and what was seen. */
export interface Observation<T = unknown> {
  ok: boolean;
  observed: T;
}

export type Probe<T = unknown> = () => Promise<Observation<T>>;

export interface WaitResult<T> {
  ok: boolean;
  last: Observation<T>;
  /** Cluster time spent waiting, in ms. */
  waitedMs: number;
  observations: number;
}

/**
 * How a target waits, in its own time. On the bundled engine cluster time stands still between
 * steps and a wait jumps from one change to the next; on a real cluster a wait polls against a
 * wall-clock deadline.
 */
export interface TargetClock {
  readonly virtual: boolean;
  now(): Promise<number>;
  /**
   * Observes until the probe holds or `timeoutMs` of cluster time have passed. `watching` names
   * every storage key the probe reads (e.g. `/pods`); a clock that can tell looks again only when
   * one of them changes.
   */
  until<T>(probe: Probe<T>, timeoutMs: number, watching?: readonly string[]): Promise<WaitResult<T>>;
  /** Observes for `durationMs` of cluster time; fails at the first observation that does not hold. */
  throughout<T>(probe: Probe<T>, durationMs: number, watching?: readonly string[]): Promise<WaitResult<T>>;
  /** Lets `ms` of cluster time pass. */
  pass(ms: number): Promise<void>;
  /**
   * Whether objects stored under `resource` (a storage key such as `/pods`) may have changed
   * since the clock last moved; clocks that cannot tell say true.
   */
  mayHaveChanged(resource: string): boolean;
}

const CLOCK = '/kuke/v1/clock';

interface ClockState {
  nowMs: number;
  changed?: boolean;
  resources?: string[];
}

/** The bundled engine's virtual clock, driven through the engine's clock extension endpoints. */
export class VirtualTargetClock implements TargetClock {
  readonly virtual = true;
  /** Virtual time moves only through this clock's own requests, so their answers keep it current. */
  private known: number | undefined;

  constructor(private readonly client: KubeClient) {}

  async now(): Promise<number> {
    this.known ??= (await this.client.json<ClockState>('GET', CLOCK)).nowMs;
    return this.known;
  }

  /** What the last step changed; undefined before the first step or after a plain advance. */
  private lastChanged: Set<string> | undefined;

  private async post(action: string): Promise<ClockState> {
    const state = await this.client.json<ClockState>('POST', `${CLOCK}/${action}`);
    this.known = state.nowMs;
    this.lastChanged = state.resources ? new Set(state.resources) : undefined;
    return state;
  }

  mayHaveChanged(resource: string): boolean {
    return this.lastChanged === undefined || this.lastChanged.has(resource);
  }

  async until<T>(probe: Probe<T>, timeoutMs: number, watching?: readonly string[]): Promise<WaitResult<T>> {
    this.lastChanged = undefined;
    const start = await this.now();
    const deadline = start + timeoutMs;
    let observations = 0;
    for (;;) {
      const last = await probe();
      observations++;
      const now = await this.now();
      if (last.ok) return { ok: true, last, waitedMs: now - start, observations };
      if (now >= deadline) return { ok: false, last, waitedMs: now - start, observations };
      const step = await this.post(stepAction(deadline, watching));
      if (!step.changed) await this.post(`advance?to=${deadline}`);
    }
  }

  async throughout<T>(
    probe: Probe<T>,
    durationMs: number,
    watching?: readonly string[],
  ): Promise<WaitResult<T>> {
    this.lastChanged = undefined;
    const start = await this.now();
    const deadline = start + durationMs;
    let observations = 0;
    for (;;) {
      const last = await probe();
      observations++;
      const now = await this.now();
      if (!last.ok) return { ok: false, last, waitedMs: now - start, observations };
      if (now >= deadline) return { ok: true, last, waitedMs: now - start, observations };
      const step = await this.post(stepAction(deadline, watching));
      if (!step.changed) await this.post(`advance?to=${deadline}`);
    }
  }

  async pass(ms: number): Promise<void> {
    await this.post(`advance?by=${ms}`);
  }
}

function stepAction(deadline: number, watching: readonly string[] | undefined): string {
  const watch = watching?.length ? `&watch=${watching.map(encodeURIComponent).join(',')}` : '';
  return `step?until=${deadline}${watch}`;
}

/** Wall-clock waiting for real clusters: poll until the deadline. */
export class WallTargetClock implements TargetClock {
  readonly virtual = false;

  mayHaveChanged(): boolean {
    return true;
  }

  constructor(
    private readonly pollMs = 250,
    private readonly feed?: ChangeWaiter,
  ) {}

  async now(): Promise<number> {
    return Date.now();
  }

  async until<T>(probe: Probe<T>, timeoutMs: number): Promise<WaitResult<T>> {
    const start = Date.now();
    let observations = 0;
    for (;;) {
      const last = await probe();
      observations++;
      if (last.ok) return { ok: true, last, waitedMs: Date.now() - start, observations };
      if (Date.now() - start >= timeoutMs)
        return { ok: false, last, waitedMs: Date.now() - start, observations };
      await nextLook(this.feed, Math.min(this.pollMs, Math.max(0, start + timeoutMs - Date.now())));
    }
  }

  async throughout<T>(probe: Probe<T>, durationMs: number): Promise<WaitResult<T>> {
    const start = Date.now();
    let observations = 0;
    for (;;) {
      const last = await probe();
      observations++;
      if (!last.ok) return { ok: false, last, waitedMs: Date.now() - start, observations };
      if (Date.now() - start >= durationMs)
        return { ok: true, last, waitedMs: Date.now() - start, observations };
      await nextLook(this.feed, Math.min(this.pollMs * 4, Math.max(0, start + durationMs - Date.now())));
    }
  }

  async pass(ms: number): Promise<void> {
    await sleep(ms);
  }
}

/** Something that resolves at the next change in the cluster, or after a timeout (a ChangeFeed). */
export interface ChangeWaiter {
  next(timeoutMs: number): Promise<void>;
}

/** Waits until the next change (when a feed is watching) or the poll interval, whichever is first. */
export async function nextLook(feed: ChangeWaiter | undefined, ms: number): Promise<void> {
  if (!feed) return sleep(ms);
  if (interruptRequested()) throw new RunInterrupted();
  await feed.next(Math.min(ms, 250));
  if (interruptRequested()) throw new RunInterrupted();
}

/** Thrown by a wall-clock wait when the run is interrupted, so the scenario ends and cleans up. */
export class RunInterrupted extends Error {
  constructor() {
    super('the run was interrupted while waiting');
    this.name = 'RunInterrupted';
  }
}

/**
 * Sleeps on the wall clock in short slices, giving up as soon as the run is interrupted: a wait
 * on a real cluster can last minutes, longer than a CI runner waits before killing the job.
 */
export async function sleep(ms: number): Promise<void> {
  const end = Date.now() + Math.max(0, ms);
  for (;;) {
    if (interruptRequested()) throw new RunInterrupted();
    const left = end - Date.now();
    if (left <= 0) return;
    await new Promise((resolve) => setTimeout(resolve, Math.min(left, 250)));
  }
}
