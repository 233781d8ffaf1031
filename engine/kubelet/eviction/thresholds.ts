// Eviction thresholds and the MemoryPressure window, as pkg/kubelet/eviction (helpers.go, api/types.go) has them.
import { parseGoDuration } from '../../api/protobuf/go-duration.ts';
import {
  compareQuantities,
  formatQuantity,
  newQuantity,
  parseQuantity,
  type Quantity,
  QuantityParseError,
  quantityValue,
} from '../../api/quantity.ts';

/** The one signal the bundled kubelet observes: memory.available = capacity − working set of the node. */
export const SIGNAL_MEMORY_AVAILABLE = 'memory.available';
/** The kubelet's default hard threshold (`--eviction-hard` memory.available<100Mi). */
export const DEFAULT_MEMORY_AVAILABLE = '100Mi';
/** `evictionPressureTransitionPeriod`: how long a pressure condition stays after its threshold was last met. */
export const DEFAULT_PRESSURE_TRANSITION_PERIOD_MS = 300_000;
/** The eviction manager's monitoring interval (`--housekeeping-interval`). */
export const EVICTION_MONITORING_INTERVAL_MS = 10_000;
/** immediateEvictionGracePeriodSeconds: the grace a pod gets under a hard threshold. */
export const IMMEDIATE_EVICTION_GRACE_PERIOD_MS = 1_000;
/** waitForPodsCleanup: how often, and how long at most, the manager waits for an evicted pod to be gone. */
export const POD_CLEANUP_POLL_MS = 1_000;
export const POD_CLEANUP_TIMEOUT_MS = 30_000;

/** A threshold value: a quantity, or a percentage of the capacity (a float32 fraction, as upstream keeps it). */
export type ThresholdValue = { quantity: Quantity } | { percentage: number };

/** The kubelet settings the bundled kubelet honours (KubeletConfiguration field names). */
export interface KubeletEvictionSettings {
  evictionHard?: { 'memory.available'?: string };
  evictionPressureTransitionPeriod?: string;
}

/** Parsed eviction configuration of one kubelet. */
export interface EvictionConfig {
  /** Undefined: no memory threshold (`memory.available: "0%"` or `"100%"` switch it off, as upstream). */
  memoryAvailable: ThresholdValue | undefined;
  pressureTransitionPeriodMs: number;
}

export const DEFAULT_EVICTION_CONFIG: EvictionConfig = {
  memoryAvailable: { quantity: parseQuantity(DEFAULT_MEMORY_AVAILABLE) },
  pressureTransitionPeriodMs: DEFAULT_PRESSURE_TRANSITION_PERIOD_MS,
};

/**
 * parseThresholdStatement for one signal: `100Mi`, or `10%` of the capacity. Throws with upstream's
 * message for a value the kubelet would refuse to start with; returns undefined for `0%` and `100%`,
 * which upstream ignores.
 */
export function parseThresholdValue(signal: string, text: string): ThresholdValue | undefined {
  if (text.endsWith('%')) {
    if (text === '0%' || text === '100%') return undefined;
    const number = text.slice(0, -1);
    const parsed = Number(number);
    if (number.trim() === '' || Number.isNaN(parsed)) {
      throw new Error(`strconv.ParseFloat: parsing ${JSON.stringify(number)}: invalid syntax`);
    }
    const percentage = Math.fround(Math.fround(parsed) / 100);
    if (percentage < 0) throw new Error(`eviction percentage threshold ${signal} must be >= 0%: ${text}`);
    if (percentage > 1) throw new Error(`eviction percentage threshold ${signal} must be <= 100%: ${text}`);
    return { percentage };
  }
  let quantity: Quantity;
  try {
    quantity = parseQuantity(text);
  } catch (error) {
    if (error instanceof QuantityParseError) throw new Error(error.message);
    throw error;
  }
  if (quantity.value <= 0n) {
    throw new Error(`eviction threshold ${signal} must be positive: ${formatQuantity(quantity)}`);
  }
  return { quantity };
}

/** The eviction configuration of a kubelet from its settings; throws naming the field for a bad value. */
export function evictionConfig(settings: KubeletEvictionSettings | undefined): EvictionConfig {
  if (!settings) return DEFAULT_EVICTION_CONFIG;
  const memoryText = settings.evictionHard?.[SIGNAL_MEMORY_AVAILABLE];
  let memoryAvailable = DEFAULT_EVICTION_CONFIG.memoryAvailable;
  if (memoryText !== undefined) {
    try {
      memoryAvailable = parseThresholdValue(SIGNAL_MEMORY_AVAILABLE, memoryText);
    } catch (error) {
      throw new EvictionConfigError(['evictionHard', SIGNAL_MEMORY_AVAILABLE], (error as Error).message);
    }
  }
  let pressureTransitionPeriodMs = DEFAULT_PRESSURE_TRANSITION_PERIOD_MS;
  const period = settings.evictionPressureTransitionPeriod;
  if (period !== undefined) {
    let nanos: bigint;
    try {
      nanos = parseGoDuration(period);
    } catch (error) {
      throw new EvictionConfigError(['evictionPressureTransitionPeriod'], (error as Error).message);
    }
    if (nanos < 0n) {
      throw new EvictionConfigError(['evictionPressureTransitionPeriod'], `must not be negative: ${period}`);
    }
    pressureTransitionPeriodMs = Number(nanos / 1_000_000n);
  }
  return { memoryAvailable, pressureTransitionPeriodMs };
}

/** A kubelet setting that cannot be used; `path` is the field under the node's `kubelet` settings. */
export class EvictionConfigError extends Error {
  constructor(
    readonly path: Array<string | number>,
    readonly problem: string,
  ) {
    super(problem);
    this.name = 'EvictionConfigError';
  }
}

/** GetThresholdQuantity: the quantity itself, or the percentage of the capacity (truncated, BinarySI). */
export function thresholdQuantity(value: ThresholdValue, capacityBytes: number): Quantity {
  if ('quantity' in value) return value.quantity;
  return newQuantity(Math.trunc(capacityBytes * value.percentage), 'BinarySI');
}

/** thresholdsMet for `memory.available<X`: met when the threshold quantity is above what is available. */
export function thresholdMet(threshold: Quantity, available: Quantity): boolean {
  return compareQuantities(threshold, available) > 0;
}

/** The threshold in bytes, rounded up as Quantity.Value does. */
export function thresholdBytes(threshold: Quantity): number {
  return quantityValue(threshold);
}

/**
 * nodeConditionsLastObservedAt and nodeConditionsObservedSince for MemoryPressure: the condition
 * holds while its threshold was met within the transition period.
 */
export function memoryPressureAfter(
  met: boolean,
  lastObservedAt: number | undefined,
  now: number,
  transitionPeriodMs: number,
): { underPressure: boolean; lastObservedAt: number | undefined } {
  const observed = met ? now : lastObservedAt;
  return {
    underPressure: observed !== undefined && now - observed < transitionPeriodMs,
    lastObservedAt: observed,
  };
}
