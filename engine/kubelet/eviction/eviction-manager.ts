// The kubelet's eviction manager for memory (pkg/kubelet/eviction/eviction_manager.go), on the virtual clock.
import type { Node, Pod } from 'kubernetes-types/core/v1';
import { bytesValue, type Quantity } from '../../api/quantity.ts';
import type { KubeObject } from '../../api/types.ts';
import type { Clock, TimerId } from '../../clock/clock.ts';
import type { EventRecorder } from '../../controllers/runtime/event-recorder.ts';
import {
  availableQuantity,
  type ContainerUsageStat,
  EVICTED_REASON,
  evictionMessage,
  THRESHOLD_MET_REASON,
  thresholdMetMessage,
} from './messages.ts';
import { rankMemoryPressure } from './rank.ts';
import {
  EVICTION_MONITORING_INTERVAL_MS,
  type EvictionConfig,
  IMMEDIATE_EVICTION_GRACE_PERIOD_MS,
  memoryPressureAfter,
  POD_CLEANUP_POLL_MS,
  POD_CLEANUP_TIMEOUT_MS,
  thresholdBytes,
  thresholdMet,
  thresholdQuantity,
} from './thresholds.ts';

/** A pod on the node as the eviction manager sees it (implemented by the pod worker). */
export interface EvictionPod {
  /** The pod as last seen. */
  readonly apiPod: Pod;
  /** One of the kubelet's active pods: not known to be terminated, not terminal unless terminating. */
  readonly active: boolean;
  /** The evicted pod's containers have stopped. */
  readonly cleanedUp: boolean;
  /** The running containers' usage; undefined when the summary has no stats for the pod yet. */
  containerStats(now: number): ContainerUsageStat[] | undefined;
  /** Working set of the running containers at `t`, if nothing starts or stops before. */
  memoryBytesAt(t: number): number;
  /** Until when the running containers' memory can only grow (their first exit, OOM kill or stop). */
  memoryGrowsUntil(): number;
  /** Kills the pod for the eviction: Failed, reason Evicted, `message`. */
  evict(message: string, gracePeriodMs: number): void;
}

/** What the eviction manager needs from its kubelet. */
export interface EvictionHost {
  readonly nodeName: string;
  readonly clock: Clock;
  readonly recorder: EventRecorder;
  /** False while the node is cut off: evictions go on locally, nothing is reported. */
  readonly connected: boolean;
  node(): Node | undefined;
  /** The pods the node's pod workers run. */
  evictionPods(): Iterable<EvictionPod>;
  /** MemoryPressure turned on or off: post the node status. */
  memoryPressureChanged(): void;
  /** Runs `task` after the work under way, at this instant. */
  defer(task: () => void): void;
}

/** The scheduling.SystemCriticalPriority: pods at or above it are critical and never evicted. */
const SYSTEM_CRITICAL_PRIORITY = 2_000_000_000;
const MIRROR_POD_ANNOTATION = 'kubernetes.io/config.mirror';

/** kubelettypes.IsCriticalPod for API pods: a mirror pod, or system-critical priority. */
export function isCriticalPod(pod: Pod): boolean {
  if (pod.metadata?.annotations?.[MIRROR_POD_ANNOTATION] !== undefined) return true;
  return (pod.spec?.priority ?? 0) >= SYSTEM_CRITICAL_PRIORITY;
}

/**
 * Watches memory.available (node capacity minus the working set of every running container) the
 * way the kubelet's eviction manager does: a synchronize every 10 s; when the hard threshold is met,
 * MemoryPressure, an EvictionThresholdMet event, and one pod evicted in rankMemoryPressure order;
 * after an eviction it waits for the pod's containers to stop (polling each second, 30 s at most)
 * and synchronizes again at once. MemoryPressure clears at the first synchronize a transition
 * period (5 min) after the threshold was last met.
 *
 * On the virtual clock a synchronize that would change nothing is skipped: between changes of the
 * running containers memory only grows, so the manager schedules itself for the first 10-second
 * tick at which the threshold would be met (or the pressure would end), and for nothing when the
 * containers' peaks cannot reach it. The sum of the peaks is kept as containers start and stop, so a
 * node far from its threshold costs one comparison per change.
 */
export class EvictionManager {
  /** Synchronizes happen every interval from this instant (the last one that ran). */
  private origin: number;
  private lastObservedAt: number | undefined;
  private pressure = false;
  private timer: { id: TimerId; at: number } | undefined;
  private cleanup: { pod: EvictionPod; deadline: number } | undefined;
  private limit: { capacityBytes: number; bytes: number | undefined } | undefined;
  /** The most the running containers can use together: a sum, and how many can grow without bound. */
  private readonly peak = { bytes: 0, unbounded: 0 };
  private planQueued = false;
  private stopped = false;

  constructor(
    private readonly host: EvictionHost,
    private readonly config: EvictionConfig,
  ) {
    this.origin = host.clock.now();
  }

  /** When the next synchronize (or cleanup poll) is planned; undefined when nothing can change. */
  get plannedAt(): number | undefined {
    return this.timer?.at;
  }

  /** IsUnderMemoryPressure: MemoryPressure is among the manager's node conditions. */
  get underMemoryPressure(): boolean {
    return this.pressure;
  }

  /**
   * A container started (`sign` 1) or stopped (-1), which can use `peakBytes` at most: the next
   * synchronize that matters may have moved.
   */
  containersChanged(peakBytes: number, sign: 1 | -1): void {
    if (Number.isFinite(peakBytes)) this.peak.bytes += sign * peakBytes;
    else this.peak.unbounded += sign;
    if (this.planQueued || this.stopped) return;
    this.planQueued = true;
    this.host.defer(() => {
      this.planQueued = false;
      this.plan();
    });
  }

  stop(): void {
    this.stopped = true;
    this.cancelTimer();
  }

  private thresholdFor(capacityBytes: number): Quantity | undefined {
    const value = this.config.memoryAvailable;
    return value === undefined ? undefined : thresholdQuantity(value, capacityBytes);
  }

  /** The working set above which the threshold is met, for a node of `capacityBytes` (kept, as it seldom changes). */
  private limitFor(capacityBytes: number): number | undefined {
    if (this.limit?.capacityBytes !== capacityBytes) {
      const threshold = this.thresholdFor(capacityBytes);
      this.limit = {
        capacityBytes,
        // memory.available < X  ⟺  working set > capacity − X.
        bytes: threshold === undefined ? undefined : capacityBytes - thresholdBytes(threshold),
      };
    }
    return this.limit.bytes;
  }

  private capacityBytes(): number {
    const memory = this.host.node()?.status?.capacity?.memory;
    return memory === undefined ? 0 : bytesValue(memory);
  }

  /** Schedules the next synchronize that can change something. */
  private plan(): void {
    if (this.stopped || this.cleanup !== undefined) return;
    const now = this.host.clock.now();
    const next = Math.min(this.firstTickMet(now), this.pressureEndTick());
    this.schedule(next);
  }

  /** The first synchronize at or after `t` still to come (origin + k × interval, k ≥ 1). */
  private nextTick(t: number): number {
    const k = Math.max(1, Math.ceil((t - this.origin) / EVICTION_MONITORING_INTERVAL_MS));
    return this.origin + k * EVICTION_MONITORING_INTERVAL_MS;
  }

  /** The synchronize at which MemoryPressure turns off, if it is on. */
  private pressureEndTick(): number {
    if (!this.pressure || this.lastObservedAt === undefined) return Number.POSITIVE_INFINITY;
    return this.nextTick(this.lastObservedAt + this.config.pressureTransitionPeriodMs);
  }

  /** The first tick after `now` at which the threshold would be met, if the running containers go on as they are. */
  private firstTickMet(now: number): number {
    const limit = this.limitFor(this.capacityBytes());
    if (limit === undefined) return Number.POSITIVE_INFINITY;
    if (this.peak.unbounded === 0 && this.peak.bytes <= limit) return Number.POSITIVE_INFINITY;
    const pods = [...this.host.evictionPods()];
    let growsUntil = Number.POSITIVE_INFINITY;
    for (const pod of pods) growsUntil = Math.min(growsUntil, pod.memoryGrowsUntil());
    const first = this.nextTick(now);
    const at = (k: number) => first + k * EVICTION_MONITORING_INTERVAL_MS;
    const met = (k: number) => {
      let bytes = 0;
      for (const pod of pods) bytes += pod.memoryBytesAt(at(k));
      return bytes > limit;
    };
    if (met(0)) return first;
    // Past the first exit, OOM kill or stop the containers change and the plan is made again.
    const last = Number.isFinite(growsUntil)
      ? Math.ceil((growsUntil - first) / EVICTION_MONITORING_INTERVAL_MS) - 1
      : Number.MAX_SAFE_INTEGER / EVICTION_MONITORING_INTERVAL_MS;
    if (last < 1) return Number.POSITIVE_INFINITY;
    let below = 0;
    let step = 1;
    let above: number | undefined;
    while (above === undefined) {
      const k = Math.min(below + step, last);
      if (met(k)) above = k;
      else if (k === last) return Number.POSITIVE_INFINITY;
      else {
        below = k;
        step *= 2;
      }
    }
    while (above - below > 1) {
      const mid = Math.floor((below + above) / 2);
      if (met(mid)) above = mid;
      else below = mid;
    }
    return at(above);
  }

  private schedule(at: number): void {
    if (this.timer?.at === at) return;
    this.cancelTimer();
    if (!Number.isFinite(at)) return;
    const id = this.host.clock.setTimer(
      at,
      () => {
        this.timer = undefined;
        this.synchronize();
      },
      `eviction-manager ${this.host.nodeName}`,
    );
    this.timer = { id, at };
  }

  private cancelTimer(): void {
    if (this.timer) this.host.clock.cancelTimer(this.timer.id);
    this.timer = undefined;
  }

  /** synchronize: observe, update MemoryPressure, and evict one pod if the threshold is met. */
  private synchronize(): void {
    if (this.stopped) return;
    const now = this.host.clock.now();
    this.origin = now;
    const capacityBytes = this.capacityBytes();
    const threshold = this.thresholdFor(capacityBytes);
    if (threshold === undefined) return;
    const pods = [...this.host.evictionPods()];
    const stats = new Map<EvictionPod, ContainerUsageStat[] | undefined>();
    let workingSet = 0;
    for (const pod of pods) {
      const containers = pod.containerStats(now);
      stats.set(pod, containers);
      for (const container of containers ?? []) workingSet += container.workingSetBytes;
    }
    const available = availableQuantity(capacityBytes, workingSet);
    const met = thresholdMet(threshold, available);
    const pressure = memoryPressureAfter(
      met,
      this.lastObservedAt,
      now,
      this.config.pressureTransitionPeriodMs,
    );
    this.lastObservedAt = pressure.lastObservedAt;
    if (pressure.underPressure !== this.pressure) {
      this.pressure = pressure.underPressure;
      this.host.memoryPressureChanged();
    }
    const evicted = met ? this.evictOne(pods, stats, threshold, available) : undefined;
    if (evicted) this.waitForCleanup(evicted, now);
    else this.plan();
  }

  /** Reclaims memory: the node event, then the first pod of the ranking that may be evicted. */
  private evictOne(
    pods: EvictionPod[],
    stats: Map<EvictionPod, ContainerUsageStat[] | undefined>,
    threshold: Quantity,
    available: Quantity,
  ): EvictionPod | undefined {
    const node = this.host.node();
    if (node && this.host.connected) {
      this.host.recorder.event(
        node as unknown as KubeObject,
        'Warning',
        THRESHOLD_MET_REASON,
        thresholdMetMessage('memory'),
      );
    }
    const candidates = pods
      .filter((pod) => pod.active)
      .map((pod) => {
        const containers = stats.get(pod);
        return {
          pod: pod.apiPod,
          source: pod,
          containers,
          workingSetBytes: containers?.reduce((sum, c) => sum + c.workingSetBytes, 0),
        };
      });
    for (const candidate of rankMemoryPressure(candidates)) {
      if (isCriticalPod(candidate.pod)) continue;
      const { message, annotations } = evictionMessage({
        resource: 'memory',
        pod: candidate.pod,
        threshold,
        available,
        containers: candidate.containers,
      });
      if (this.host.connected) {
        this.host.recorder.event(candidate.pod as unknown as KubeObject, 'Warning', EVICTED_REASON, message, {
          annotations,
        });
      }
      candidate.source.evict(message, IMMEDIATE_EVICTION_GRACE_PERIOD_MS);
      return candidate.source;
    }
    return undefined;
  }

  /** waitForPodsCleanup: poll every second (30 s at most), then synchronize again at once. */
  private waitForCleanup(pod: EvictionPod, now: number): void {
    this.cancelTimer();
    this.cleanup = { pod, deadline: now + POD_CLEANUP_TIMEOUT_MS };
    this.poll(now + POD_CLEANUP_POLL_MS);
  }

  private poll(at: number): void {
    const id = this.host.clock.setTimer(
      at,
      () => {
        this.timer = undefined;
        const cleanup = this.cleanup;
        if (!cleanup || this.stopped) return;
        if (cleanup.pod.cleanedUp || at >= cleanup.deadline) {
          this.cleanup = undefined;
          this.synchronize();
        } else this.poll(at + POD_CLEANUP_POLL_MS);
      },
      `eviction-manager ${this.host.nodeName} cleanup`,
    );
    this.timer = { id, at };
  }
}
