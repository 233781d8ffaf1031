import type { KubeClient } from '../kube/kube-client.ts';
import {
  type ChangeWaiter,
  nextLook,
  type Probe,
  sleep,
  type TargetClock,
  VirtualTargetClock,
  type WaitResult,
  WallTargetClock,
} from '../waiting/target-clock.ts';

/** kuke's engine serves its clock here; other clusters answer 404 or 403. */
export const ENGINE_CLOCK_PATH = '/kuke/v1/clock';

/**
 * Which clock a cluster runs on: `virtual` (a kuke engine that moves only when told), `real`
 * (a kuke engine on wall time, possibly sped up with `engine serve --speed`), or `none` (any
 * other cluster: wall time).
 */
export type ClusterClockKind = 'virtual' | 'real' | 'none';

/** Asks the cluster for kuke's clock endpoint; anything but a kuke engine's answer means `none`. */
export async function detectClusterClock(client: KubeClient): Promise<ClusterClockKind> {
  try {
    const response = await client.raw('GET', ENGINE_CLOCK_PATH, undefined, { accept: 'application/json' });
    if (response.status !== 200) return 'none';
    const state = JSON.parse(response.body) as { mode?: unknown; nowMs?: unknown };
    if ((state.mode === 'virtual' || state.mode === 'real') && typeof state.nowMs === 'number')
      return state.mode;
  } catch {
    // not JSON or not reachable: an ordinary cluster (reachability is checked elsewhere)
  }
  return 'none';
}

/** The clock a scenario waits on for a cluster of this kind. */
export function clockFor(kind: ClusterClockKind, client: KubeClient, feed?: ChangeWaiter): TargetClock {
  if (kind === 'virtual') return new VirtualTargetClock(client);
  if (kind === 'real') return new ClusterTimeClock(client, 100, feed);
  return new WallTargetClock(250, feed);
}

/**
 * Waiting that counts the cluster's own time while sleeping on the wall clock: on a kuke engine
 * served with `--speed 50`, "for 2 minutes" takes 2.4 real seconds, as the engine's timers do.
 */
export class ClusterTimeClock implements TargetClock {
  readonly virtual = false;

  mayHaveChanged(): boolean {
    return true;
  }

  constructor(
    private readonly client: KubeClient,
    private readonly pollMs = 100,
    private readonly feed?: ChangeWaiter,
  ) {}

  async now(): Promise<number> {
    return (await this.client.json<{ nowMs: number }>('GET', ENGINE_CLOCK_PATH)).nowMs;
  }

  async until<T>(probe: Probe<T>, timeoutMs: number): Promise<WaitResult<T>> {
    return this.observe(probe, timeoutMs, 'until');
  }

  async throughout<T>(probe: Probe<T>, durationMs: number): Promise<WaitResult<T>> {
    return this.observe(probe, durationMs, 'throughout');
  }

  async pass(ms: number): Promise<void> {
    const target = (await this.now()) + ms;
    for (let now = await this.now(); now < target; now = await this.now()) {
      await sleep(Math.min(this.pollMs, target - now));
    }
  }

  private async observe<T>(
    probe: Probe<T>,
    spanMs: number,
    mode: 'until' | 'throughout',
  ): Promise<WaitResult<T>> {
    const start = await this.now();
    const deadline = start + spanMs;
    let observations = 0;
    for (;;) {
      const last = await probe();
      observations++;
      const now = await this.now();
      const done = mode === 'until' ? last.ok : !last.ok;
      if (done) return { ok: mode === 'until', last, waitedMs: now - start, observations };
      if (now >= deadline) return { ok: mode === 'throughout', last, waitedMs: now - start, observations };
      await nextLook(this.feed, Math.min(this.pollMs, deadline - now));
    }
  }
}
