// Ports of k8s.io/apimachinery/pkg/util/duration and the printers' timestamp helpers.
// Durations are in milliseconds; Go truncates toward zero when it converts to whole units.

const SECOND = 1000;
const MINUTE = 60 * SECOND;
const HOUR = 60 * MINUTE;

/** The cell upstream prints for a missing (zero) timestamp. */
export const UNKNOWN_TIMESTAMP = '<unknown>';
/** What the duration helpers print for a duration more than a second in the future. */
export const INVALID_DURATION = '<invalid>';

const whole = (ms: number, unit: number): number => Math.trunc(ms / unit);

/** `duration.ShortHumanDuration`: one unit only (`45s`, `3m`, `5h`, `12d`, `2y`). */
export function shortHumanDuration(ms: number): string {
  const seconds = whole(ms, SECOND);
  if (seconds < -1) return INVALID_DURATION;
  if (seconds < 0) return '0s';
  if (seconds < 60) return `${seconds}s`;
  const minutes = whole(ms, MINUTE);
  if (minutes < 60) return `${minutes}m`;
  const hours = whole(ms, HOUR);
  if (hours < 24) return `${hours}h`;
  if (hours < 24 * 365) return `${Math.trunc(hours / 24)}d`;
  return `${Math.trunc(ms / HOUR / 24 / 365)}y`;
}

/** `duration.HumanDuration`: about two significant figures (`90s`, `5m3s`, `119m`, `3h5m`, `2d3h`, `3y5d`). */
export function humanDuration(ms: number): string {
  const seconds = whole(ms, SECOND);
  if (seconds < -1) return INVALID_DURATION;
  if (seconds < 0) return '0s';
  if (seconds < 60 * 2) return `${seconds}s`;
  const minutes = whole(ms, MINUTE);
  if (minutes < 10) {
    const s = seconds % 60;
    return s === 0 ? `${minutes}m` : `${minutes}m${s}s`;
  }
  if (minutes < 60 * 3) return `${minutes}m`;
  const hours = whole(ms, HOUR);
  if (hours < 8) {
    const m = minutes % 60;
    return m === 0 ? `${hours}h` : `${hours}h${m}m`;
  }
  if (hours < 48) return `${hours}h`;
  const days = Math.trunc(hours / 24);
  if (hours < 24 * 8) {
    const h = hours % 24;
    return h === 0 ? `${days}d` : `${days}d${h}h`;
  }
  if (hours < 24 * 365 * 2) return `${days}d`;
  const years = Math.trunc(days / 365);
  if (hours < 24 * 365 * 8) {
    const dy = days % 365;
    return dy === 0 ? `${years}y` : `${years}y${dy}d`;
  }
  return `${years}y`;
}

/** Milliseconds since the epoch for an RFC3339 timestamp, or undefined when it is missing or unparsable. */
export function parseTimestamp(timestamp: string | null | undefined): number | undefined {
  if (!timestamp) return undefined;
  const ms = Date.parse(timestamp);
  return Number.isNaN(ms) ? undefined : ms;
}

/** The printers' `translateTimestampSince`: the human age of a timestamp at `now`, `<unknown>` when missing. */
export function translateTimestampSince(timestamp: string | null | undefined, now: number): string {
  const ms = parseTimestamp(timestamp);
  return ms === undefined ? UNKNOWN_TIMESTAMP : humanDuration(now - ms);
}

/** The printers' `translateTimestampUntil`: the human time left until a timestamp, `<unknown>` when missing. */
export function translateTimestampUntil(timestamp: string | null | undefined, now: number): string {
  const ms = parseTimestamp(timestamp);
  return ms === undefined ? UNKNOWN_TIMESTAMP : humanDuration(ms - now);
}
