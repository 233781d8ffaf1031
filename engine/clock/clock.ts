/** A handle for a scheduled timer, used to cancel it. */
export type TimerId = number;

/**
 * The engine's sense of time. Every timestamp the engine writes and every delay it waits
 * (back-offs, probes, grace periods) goes through a Clock, so the same engine runs on
 * virtual time in scenarios and on real (optionally sped-up) time when served.
 */
export interface Clock {
  readonly mode: 'virtual' | 'real';
  /** Milliseconds since the Unix epoch, in cluster time. */
  now(): number;
  /** Runs `task` once cluster time reaches `at` (ms since epoch). */
  setTimer(at: number, task: () => void, label?: string): TimerId;
  cancelTimer(id: TimerId): void;
  /** Releases real timers; the clock is unusable afterwards. */
  stop(): void;
}

/** RFC3339 with seconds precision, as metav1.Time serialises. */
export function toRfc3339(ms: number): string {
  const second = Math.floor(ms / 1000);
  // Most stamps of an instant are of the current second: one string, formatted once and shared.
  if (second !== lastSecond) {
    lastRfc3339 = `${new Date(second * 1000).toISOString().slice(0, 19)}Z`;
    lastSecond = second;
  }
  return lastRfc3339;
}

let lastSecond = Number.NaN;
let lastRfc3339 = '';

/** RFC3339 with microseconds, as metav1.MicroTime serialises. */
export function toRfc3339Micro(ms: number): string {
  const iso = new Date(Math.floor(ms)).toISOString();
  return `${iso.slice(0, 23)}000Z`;
}
