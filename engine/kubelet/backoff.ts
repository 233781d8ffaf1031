export const INITIAL_BACKOFF_MS = 10_000;
export const MAX_BACKOFF_MS = 300_000;

interface Entry {
  backoffMs: number;
  lastUpdate: number;
}

/**
 * client-go's flowcontrol.Backoff as the kubelet uses it for crash loops and image pulls:
 * 10s doubling to 5m, forgotten once the last back-off was set more than twice the maximum
 * (10 minutes) before the failure looked at.
 */
export class Backoff {
  private readonly entries = new Map<string, Entry>();

  constructor(
    private readonly initialMs = INITIAL_BACKOFF_MS,
    private readonly maxMs = MAX_BACKOFF_MS,
  ) {}

  /** Whether `id` is still backing off from a failure at `eventTime`, as of `now`. */
  isInBackOffSince(id: string, eventTime: number, now: number): boolean {
    const entry = this.entries.get(id);
    if (!entry) return false;
    if (this.hasExpired(eventTime, entry.lastUpdate)) return false;
    return now - eventTime < entry.backoffMs;
  }

  /** Whether `id` is backing off `now`, counting from when its back-off was last set (image pulls). */
  isInBackOffSinceUpdate(id: string, now: number): boolean {
    const entry = this.entries.get(id);
    if (!entry) return false;
    if (this.hasExpired(now, entry.lastUpdate)) return false;
    return now - entry.lastUpdate < entry.backoffMs;
  }

  /**
   * Records a failure at `eventTime`, seen at `now`: the back-off starts at 10s, or doubles
   * (capped at 5m). Like client-go, the entry's last update is `now`, not the failure time.
   */
  next(id: string, eventTime: number, now: number = eventTime): void {
    const entry = this.entries.get(id);
    if (!entry || this.hasExpired(eventTime, entry.lastUpdate)) {
      this.entries.set(id, { backoffMs: this.initialMs, lastUpdate: now });
      return;
    }
    entry.backoffMs = Math.min(entry.backoffMs * 2, this.maxMs);
    entry.lastUpdate = now;
  }

  /** The current back-off of `id`, in ms (0 if none). */
  get(id: string): number {
    return this.entries.get(id)?.backoffMs ?? 0;
  }

  reset(id: string): void {
    this.entries.delete(id);
  }

  private hasExpired(eventTime: number, lastUpdate: number): boolean {
    return eventTime - lastUpdate > this.maxMs * 2;
  }
}

/** Go's time.Duration String() for whole seconds and milliseconds: `10s`, `5m0s`, `1.5s`, `500ms`. */
export function goDuration(ms: number): string {
  if (ms === 0) return '0s';
  if (ms < 1000) return `${ms}ms`;
  const totalSeconds = ms / 1000;
  const hours = Math.floor(totalSeconds / 3600);
  const minutes = Math.floor((totalSeconds % 3600) / 60);
  const seconds = totalSeconds - hours * 3600 - minutes * 60;
  const secondsText = `${Number.isInteger(seconds) ? seconds : Number(seconds.toFixed(9))}s`;
  if (hours > 0) return `${hours}h${minutes}m${secondsText}`;
  if (minutes > 0) return `${minutes}m${secondsText}`;
  return secondsText;
}
