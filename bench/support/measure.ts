/** The value below which `p` percent of the samples fall (nearest rank, as latency reports use). */
export function percentile(samples: readonly number[], p: number): number {
  if (samples.length === 0) throw new RangeError('percentile of no samples');
  if (!(p >= 0 && p <= 100)) throw new RangeError(`percentile must be within 0..100, got ${p}`);
  const sorted = [...samples].sort((a, b) => a - b);
  const rank = Math.max(1, Math.ceil((p / 100) * sorted.length));
  return sorted[rank - 1]!;
}

/** The middle sample; for an even count, the mean of the two middle ones. */
export function median(samples: readonly number[]): number {
  if (samples.length === 0) throw new RangeError('median of no samples');
  const sorted = [...samples].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 === 1 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
}

export interface Summary {
  count: number;
  min: number;
  median: number;
  p50: number;
  p99: number;
  max: number;
}

export function summarize(samples: readonly number[]): Summary {
  return {
    count: samples.length,
    min: Math.min(...samples),
    median: median(samples),
    p50: percentile(samples, 50),
    p99: percentile(samples, 99),
    max: Math.max(...samples),
  };
}

/** Milliseconds since an arbitrary origin, with sub-millisecond resolution. */
export function nowMs(): number {
  return performance.now();
}

/** Runs `fn` and returns its wall time in milliseconds along with its result. */
export async function timed<T>(fn: () => T | Promise<T>): Promise<{ ms: number; result: T }> {
  const start = nowMs();
  const result = await fn();
  return { ms: nowMs() - start, result };
}

export interface SampleOptions {
  /** Runs thrown away first, so JIT compilation and lazy loading are not measured. */
  warmUp?: number;
  runs: number;
}

/** Times `fn` `runs` times after `warmUp` untimed runs; returns the wall time of each run in ms. */
export async function sample(options: SampleOptions, fn: (run: number) => unknown): Promise<number[]> {
  for (let i = 0; i < (options.warmUp ?? 0); i++) await fn(-1 - i);
  const samples: number[] = [];
  for (let run = 0; run < options.runs; run++) {
    const start = nowMs();
    await fn(run);
    samples.push(nowMs() - start);
  }
  return samples;
}

/** Events (or requests) per second for `count` of them done in `ms` milliseconds. */
export function perSecond(count: number, ms: number): number {
  return ms > 0 ? (count * 1000) / ms : Number.POSITIVE_INFINITY;
}

/** Rounds to `digits` significant digits, keeping integers above that whole. */
export function roundSignificant(value: number, digits = 3): number {
  if (!Number.isFinite(value) || value === 0) return value;
  const magnitude = Math.floor(Math.log10(Math.abs(value)));
  if (magnitude >= digits - 1) return Math.round(value);
  const factor = 10 ** (digits - 1 - magnitude);
  return Math.round(value * factor) / factor;
}

/** Resolves after `ms` of wall time. */
export function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
