// Small formatting helpers that upstream printers share (labels, selectors, lists, bools).
import type { Container } from 'kubernetes-types/core/v1';
import type { LabelSelector } from 'kubernetes-types/meta/v1';

export const NONE = '<none>';
export const UNSET = '<unset>';
export const UNKNOWN = '<unknown>';

/** `labels.FormatLabels`: `k=v` pairs sorted as strings and comma-joined, `<none>` when empty. */
export function formatLabels(labels: Record<string, string> | undefined): string {
  const s = labelsString(labels);
  return s === '' ? NONE : s;
}

/** `labels.Set.String()`: sorted `k=v` pairs, '' when empty. */
export function labelsString(labels: Record<string, string> | undefined): string {
  if (!labels) return '';
  const pairs: string[] = [];
  for (const key in labels) pairs.push(`${key}=${labels[key]}`);
  return pairs.sort().join(',');
}

interface Requirement {
  key: string;
  text: string;
}

const sortedValues = (values: readonly string[]): string =>
  values.length === 1 ? (values[0] as string) : [...values].sort().join(',');

/**
 * `metav1.LabelSelectorAsSelector(s).String()`: '' for a nil or empty selector, undefined when the
 * selector is invalid (unknown operator or wrong value count).
 */
export function labelSelectorString(selector: LabelSelector | null | undefined): string | undefined {
  if (!selector) return '';
  const requirements: Requirement[] = [];
  for (const key in selector.matchLabels ?? {}) {
    requirements.push({ key, text: `${key}=${selector.matchLabels?.[key] ?? ''}` });
  }
  for (const expr of selector.matchExpressions ?? []) {
    const values = expr.values ?? [];
    switch (expr.operator) {
      case 'In':
      case 'NotIn':
        if (values.length === 0) return undefined;
        requirements.push({
          key: expr.key,
          text: `${expr.key} ${expr.operator === 'In' ? 'in' : 'notin'} (${sortedValues(values)})`,
        });
        break;
      case 'Exists':
      case 'DoesNotExist':
        if (values.length > 0) return undefined;
        requirements.push({ key: expr.key, text: expr.operator === 'Exists' ? expr.key : `!${expr.key}` });
        break;
      default:
        return undefined;
    }
  }
  requirements.sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
  return requirements.map((r) => r.text).join(',');
}

/** `metav1.FormatLabelSelector`: `<none>` when it selects by nothing, `<error>` when invalid. */
export function formatLabelSelector(selector: LabelSelector | null | undefined): string {
  const s = labelSelectorString(selector);
  if (s === undefined) return '<error>';
  return s === '' ? NONE : s;
}

/** `layoutContainerCells`: container names and images, each comma-joined. */
export function layoutContainerCells(containers: readonly Container[] | undefined): [string, string] {
  if (!containers || containers.length === 0) return ['', ''];
  return [containers.map((c) => c.name).join(','), containers.map((c) => c.image ?? '').join(',')];
}

/** `net.JoinHostPort`: brackets IPv6 hosts. */
export function joinHostPort(host: string, port: number | string): string {
  return host.includes(':') ? `[${host}]:${port}` : `${host}:${port}`;
}

/** `listWithMoreString`: `a,b,c + N more...`, `<unset>` for an empty list. */
export function listWithMoreString(
  list: readonly string[],
  more: boolean,
  count: number,
  max: number,
): string {
  const joined = list.join(',');
  if (more) return `${joined} + ${count - max} more...`;
  return joined === '' ? UNSET : joined;
}

/** `printBool`: Go's `True` / `False`. */
export function printBool(value: boolean): string {
  return value ? 'True' : 'False';
}

/** `printBoolPtr`: `<unset>` for a nil pointer. */
export function printBoolPtr(value: boolean | null | undefined): string {
  return value === undefined || value === null ? UNSET : printBool(value);
}

/** A stored quantity as `Quantity.String()` prints it; the zero Quantity prints `0`. */
export function quantityString(quantity: string | number | undefined): string {
  return quantity === undefined ? '0' : String(quantity);
}

/** `intstr.IntOrString.String()`. */
export function intOrStringString(value: number | string): string {
  return String(value);
}

/** The value of a pointer-to-string field, '' when nil. */
export function stringValue(value: string | null | undefined): string {
  return value ?? '';
}

/** `sets.NewString(...).List()`: unique and sorted. */
export function sortedUnique(values: Iterable<string>): string[] {
  return [...new Set(values)].sort();
}
