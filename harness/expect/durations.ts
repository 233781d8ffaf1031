const UNITS: Record<string, number> = {
  ms: 1,
  millisecond: 1,
  milliseconds: 1,
  s: 1000,
  sec: 1000,
  second: 1000,
  seconds: 1000,
  m: 60_000,
  min: 60_000,
  minute: 60_000,
  minutes: 60_000,
  h: 3_600_000,
  hour: 3_600_000,
  hours: 3_600_000,
};

/** The pattern a `{duration}` step parameter matches: `30 seconds`, `2 minutes`, `1 hour`, `90s`, `5m`. */
export const DURATION_PATTERN =
  /\d+(?:\.\d+)?\s*(?:ms|milliseconds?|s|secs?|seconds?|m|mins?|minutes?|h|hours?)/;

/** Milliseconds in a duration like `30 seconds` or `5m`. */
export function parseDuration(text: string): number {
  const match = /^(\d+(?:\.\d+)?)\s*([a-z]+)$/.exec(text.trim());
  const unit = match ? UNITS[match[2]!] : undefined;
  if (!match || unit === undefined)
    throw new Error(`not a duration: "${text}" (write e.g. "30 seconds", "2 minutes", "90s")`);
  return Number(match[1]) * unit;
}

/** `90000` → `1m30s`, for messages. */
export function formatDuration(ms: number): string {
  if (ms < 1000) return `${Math.round(ms)}ms`;
  const seconds = Math.round(ms / 1000);
  const h = Math.floor(seconds / 3600);
  const m = Math.floor((seconds % 3600) / 60);
  const s = seconds % 60;
  return `${h ? `${h}h` : ''}${m ? `${m}m` : ''}${s || (!h && !m) ? `${s}s` : ''}`;
}
