/** Unix seconds of Go's zero time.Time (0001-01-01T00:00:00Z), which metav1.Time writes as JSON null. */
export const ZERO_TIME_SECONDS = -62135596800;

/** Go's Time.MarshalJSON refuses years it cannot print in four digits. */
export const YEAR_OUT_OF_RANGE = 'Time.MarshalJSON: year outside of range [0,9999]';

const pad = (n: number, width = 2): string => String(n).padStart(width, '0');

/**
 * RFC3339 in UTC as metav1.Time (`2006-01-02T15:04:05Z`) or, with `micros`, metav1.MicroTime
 * (`2006-01-02T15:04:05.000000Z`). Returns undefined when the year cannot be printed.
 */
export function formatRfc3339(seconds: number, micros?: number): string | undefined {
  const date = new Date(seconds * 1000);
  const year = date.getUTCFullYear();
  if (!Number.isFinite(year) || year < 0 || year > 9999) return undefined;
  const day = `${pad(year, 4)}-${pad(date.getUTCMonth() + 1)}-${pad(date.getUTCDate())}`;
  const time = `${pad(date.getUTCHours())}:${pad(date.getUTCMinutes())}:${pad(date.getUTCSeconds())}`;
  const fraction = micros === undefined ? '' : `.${pad(micros, 6)}`;
  return `${day}T${time}${fraction}Z`;
}

const RFC3339 =
  /^(\d{4})-(\d{2})-(\d{2})[Tt](\d{2}):(\d{2}):(\d{2})(?:\.(\d+))?(?:([Zz])|([+-])(\d{2}):(\d{2}))$/;

/** Parses an RFC3339 timestamp into Unix seconds and nanoseconds; undefined when malformed. */
export function parseRfc3339(text: string): { seconds: number; nanos: number } | undefined {
  const m = RFC3339.exec(text);
  if (!m) return undefined;
  const [, y, mo, d, h, mi, s, frac, , sign, oh, om] = m;
  const month = Number(mo);
  const day = Number(d);
  if (month < 1 || month > 12 || day < 1 || day > 31 || Number(h) > 23 || Number(mi) > 59 || Number(s) > 59) {
    return undefined;
  }
  const date = new Date(0);
  date.setUTCFullYear(Number(y), month - 1, day);
  if (date.getUTCDate() !== day) return undefined;
  date.setUTCHours(Number(h), Number(mi), Number(s), 0);
  let seconds = date.getTime() / 1000;
  if (sign) seconds -= (sign === '-' ? -1 : 1) * (Number(oh) * 3600 + Number(om) * 60);
  const nanos = frac ? Number(frac.slice(0, 9).padEnd(9, '0')) : 0;
  return { seconds, nanos };
}
