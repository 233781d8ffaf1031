// JSON values as Go's fmt prints the interface{} values they decode into (int64, float64, string,
// bool, map[string]interface{}, []interface{}, nil): `%v` in kube-openapi's messages, `%#v` in
// field errors' bad values.
import { GoFormattedValue } from '../errors.ts';
import { goQuote } from '../selectors/go-quote.ts';

/** A float64 as `%v` prints it: shortest digits, exponent form below 1e-4 or from 1e21 (`1.5e+06`). */
export function goFloat(value: number): string {
  if (Number.isInteger(value) && Math.abs(value) < 1e21) return String(value);
  if (!Number.isFinite(value)) return value > 0 ? '+Inf' : value < 0 ? '-Inf' : 'NaN';
  const [mantissa = '0', exponentText = '0'] = value.toExponential().split('e');
  const exponent = Number(exponentText);
  if (exponent < -4 || exponent >= 21) {
    const sign = exponent < 0 ? '-' : '+';
    return `${mantissa}e${sign}${String(Math.abs(exponent)).padStart(2, '0')}`;
  }
  return String(value);
}

function sortedEntries(value: Record<string, unknown>): Array<[string, unknown]> {
  return Object.entries(value).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
}

/** `%v`: `map[a:1 b:x]`, `[a 1]`, `<nil>`; strings unquoted. */
export function goValue(value: unknown): string {
  if (value === null || value === undefined) return '<nil>';
  if (typeof value === 'number') return goFloat(value);
  if (Array.isArray(value)) return `[${value.map(goValue).join(' ')}]`;
  if (typeof value === 'object') {
    const entries = sortedEntries(value as Record<string, unknown>);
    return `map[${entries.map(([k, v]) => `${k}:${goValue(v)}`).join(' ')}]`;
  }
  return String(value);
}

/** `%#v` of a value inside an interface{}: `map[string]interface {}{"a":1}`, `[]interface {}{"x"}`. */
export function goSyntax(value: unknown): string {
  if (value === null || value === undefined) return 'interface {}(nil)';
  if (typeof value === 'string') return goQuote(value);
  if (typeof value === 'number') return goFloat(value);
  if (typeof value === 'boolean') return String(value);
  if (Array.isArray(value)) return `[]interface {}{${value.map(goSyntax).join(', ')}}`;
  const entries = sortedEntries(value as Record<string, unknown>);
  return `map[string]interface {}{${entries.map(([k, v]) => `${goQuote(k)}:${goSyntax(v)}`).join(', ')}}`;
}

/**
 * A decoded JSON value as a field error's bad value: scalars as field.Error prints them, maps and
 * slices in `%#v`.
 */
export function goBadValue(value: unknown): unknown {
  if (value !== null && typeof value === 'object') return new GoFormattedValue(goSyntax(value));
  if (typeof value === 'number' && !Number.isInteger(value)) return new GoFormattedValue(goFloat(value));
  return value;
}
