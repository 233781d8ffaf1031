// The query of GET pods/<name>/log, decoded like the API server's parameter codec (url.Values to
// PodLogOptions) and checked like ValidatePodLogOptions (pkg/apis/core/validation).
import { badRequest, type FieldError, invalid } from '../errors.ts';

/** What the kubelet needs to answer a log request; sinceTime in ms since the epoch. */
export interface PodLogRequest {
  container?: string;
  previous: boolean;
  timestamps: boolean;
  tailLines?: number;
  sinceSeconds?: number;
  sinceTime?: number;
  limitBytes?: number;
}

export const NEGATIVE_ERROR = 'must be greater than or equal to 0';
export const NOT_POSITIVE_ERROR = 'must be greater than 0';
export const SINCE_BOTH_ERROR = 'at most one of `sinceTime` or `sinceSeconds` may be specified';

/** Parses and validates the log options of pod `name`; throws 400 (undecodable) or 422 (invalid). */
export function podLogOptions(query: URLSearchParams, name: string): PodLogRequest {
  const options: PodLogRequest = {
    previous: queryBool(query, 'previous'),
    timestamps: queryBool(query, 'timestamps'),
  };
  const container = query.get('container');
  if (container) options.container = container;
  for (const key of ['tailLines', 'sinceSeconds', 'limitBytes'] as const) {
    const value = queryInt(query, key);
    if (value !== undefined) options[key] = value;
  }
  const sinceTime = query.get('sinceTime');
  if (sinceTime !== null) {
    const parsed = parseQueryTime(sinceTime);
    if (parsed !== undefined) options.sinceTime = parsed;
  }
  const errors = validatePodLogOptions(options);
  if (errors.length > 0) throw invalid('PodLogOptions', '', name, errors);
  return options;
}

/** ValidatePodLogOptions. */
export function validatePodLogOptions(options: PodLogRequest): FieldError[] {
  const errors: FieldError[] = [];
  if (options.tailLines !== undefined && options.tailLines < 0) {
    errors.push({
      type: 'FieldValueInvalid',
      field: 'tailLines',
      value: options.tailLines,
      detail: NEGATIVE_ERROR,
    });
  }
  if (options.limitBytes !== undefined && options.limitBytes < 1) {
    errors.push({
      type: 'FieldValueInvalid',
      field: 'limitBytes',
      value: options.limitBytes,
      detail: NOT_POSITIVE_ERROR,
    });
  }
  if (options.sinceSeconds !== undefined && options.sinceTime !== undefined) {
    // field.NewPath("") prints as "[]".
    errors.push({ type: 'FieldValueForbidden', field: '[]', detail: SINCE_BOTH_ERROR });
  } else if (options.sinceSeconds !== undefined && options.sinceSeconds < 1) {
    errors.push({
      type: 'FieldValueInvalid',
      field: 'sinceSeconds',
      value: options.sinceSeconds,
      detail: NOT_POSITIVE_ERROR,
    });
  }
  return errors;
}

/** Convert_Slice_string_To_bool: present and not "0", "f" or "false" (any case) is true. */
export function queryBool(query: URLSearchParams, key: string): boolean {
  const value = query.get(key);
  if (value === null) return false;
  return !(value === '0' || value.toLowerCase() === 'f' || value.toLowerCase() === 'false');
}

const MAX_INT64 = (1n << 63n) - 1n;

/** Convert_Slice_string_To_Pointer_int64: blank is unset, else strconv.ParseInt. */
function queryInt(query: URLSearchParams, key: string): number | undefined {
  const raw = query.get(key);
  if (raw === null) return undefined;
  const text = raw.trim();
  if (text === '') return undefined;
  const quoted = JSON.stringify(text);
  if (!/^[+-]?\d+$/.test(text)) throw badRequest(`strconv.ParseInt: parsing ${quoted}: invalid syntax`);
  const value = BigInt(text);
  if (value > MAX_INT64 || value < -MAX_INT64 - 1n) {
    throw badRequest(`strconv.ParseInt: parsing ${quoted}: value out of range`);
  }
  return Number(value);
}

const RFC3339 = '2006-01-02T15:04:05Z07:00';

/**
 * metav1.Time.UnmarshalQueryParameter: "" and "null" are unset, else time.Parse(RFC3339) with Go's
 * error messages (a 400).
 */
export function parseQueryTime(text: string): number | undefined {
  if (text === '' || text === 'null') return undefined;
  const result = parseRfc3339(text);
  if (typeof result === 'string') throw badRequest(result);
  return result;
}

/** Go's time.Parse(time.RFC3339, value): the time in ms, or the error text. */
export function parseRfc3339(value: string): number | string {
  const quote = JSON.stringify;
  const cannot = (rest: string, element: string) =>
    `parsing time ${quote(value)} as ${quote(RFC3339)}: cannot parse ${quote(rest)} as ${quote(element)}`;
  const outOfRange = (what: string) => `parsing time ${quote(value)}: ${what} out of range`;
  let rest = value;
  const digits = (count: number | 'one-or-two', element: string): number | string => {
    const match = count === 'one-or-two' ? /^\d\d?/.exec(rest) : new RegExp(`^\\d{${count}}`).exec(rest);
    if (!match) return cannot(rest, element);
    rest = rest.slice(match[0].length);
    return Number(match[0]);
  };
  const literal = (text: string): string | undefined => {
    if (!rest.startsWith(text)) return cannot(rest, text);
    rest = rest.slice(text.length);
    return undefined;
  };
  const year = digits(4, '2006');
  if (typeof year === 'string') return year;
  const parts: number[] = [year];
  const steps: Array<[string, number | 'one-or-two', string, number, number, string]> = [
    ['-', 2, '01', 1, 12, 'month'],
    ['-', 2, '02', 1, 31, ''],
    ['T', 'one-or-two', '15', 0, 23, 'hour'],
    [':', 2, '04', 0, 59, 'minute'],
    [':', 2, '05', 0, 59, 'second'],
  ];
  for (const [separator, count, element, min, max, name] of steps) {
    const bad = literal(separator);
    if (bad) return bad;
    const n = digits(count, element);
    if (typeof n === 'string') return n;
    if (name && (n < min || n > max)) return outOfRange(name);
    parts.push(n);
  }
  let nanos = 0;
  const fraction = /^[.,](\d+)/.exec(rest);
  if (fraction) {
    nanos = Number(fraction[1]!.slice(0, 9).padEnd(9, '0'));
    rest = rest.slice(fraction[0].length);
  }
  let offsetMinutes = 0;
  if (rest.startsWith('Z')) {
    rest = rest.slice(1);
  } else {
    const zone = /^([+-])(\d\d):(\d\d)/.exec(rest);
    if (!zone) return cannot(rest, 'Z07:00');
    offsetMinutes = (zone[1] === '-' ? -1 : 1) * (Number(zone[2]) * 60 + Number(zone[3]));
    rest = rest.slice(zone[0].length);
  }
  if (rest.length > 0) return `parsing time ${quote(value)}: extra text: ${quote(rest)}`;
  const [y, month, day, hour, minute, second] = parts as [number, number, number, number, number, number];
  const daysInMonth = new Date(Date.UTC(y, month, 0)).getUTCDate();
  if (day < 1 || day > daysInMonth) return outOfRange('day');
  return Date.UTC(y, month - 1, day, hour, minute, second) - offsetMinutes * 60_000 + Math.floor(nanos / 1e6);
}
