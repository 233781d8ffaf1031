import { isDeepStrictEqual } from 'node:util';

/** One difference between what was expected and what was observed, at a field path. */
export interface Mismatch {
  path: string;
  expected: unknown;
  actual: unknown;
}

/**
 * Compares a partial expected object with an observed one (Chainsaw/kuttl style): every field
 * the expectation states must match; fields it leaves out are ignored. Lists match element-wise
 * and must have the same length.
 */
export function subsetMismatches(expected: unknown, actual: unknown, path = ''): Mismatch[] {
  if (expected === null || typeof expected !== 'object') {
    return isDeepStrictEqual(expected, actual) || String(expected) === String(actual)
      ? []
      : [{ path: path || '.', expected, actual }];
  }
  if (Array.isArray(expected)) {
    if (!Array.isArray(actual) || actual.length !== expected.length)
      return [{ path: path || '.', expected, actual }];
    return expected.flatMap((item, index) => subsetMismatches(item, actual[index], `${path}[${index}]`));
  }
  if (actual === null || typeof actual !== 'object' || Array.isArray(actual))
    return [{ path: path || '.', expected, actual }];
  return Object.entries(expected as Record<string, unknown>).flatMap(([key, value]) =>
    subsetMismatches(value, (actual as Record<string, unknown>)[key], path ? `${path}.${key}` : key),
  );
}

/** Mismatches as a small diff: `- path: expected` / `+ path: actual`. */
export function formatMismatches(mismatches: Mismatch[]): string {
  return mismatches
    .map((m) => `  - ${m.path}: ${render(m.expected)}\n  + ${m.path}: ${render(m.actual)}`)
    .join('\n');
}

function render(value: unknown): string {
  if (value === undefined) return '(absent)';
  const text = JSON.stringify(value);
  return text.length > 200 ? `${text.slice(0, 197)}...` : text;
}
