// Reading flag values out of a container's argument list.

/**
 * The value of the last occurrence of any of `flags` in `argv`, written `--flag value` or `--flag=value`
 * (single-dash Go flags too), or undefined when absent.
 */
export function argValue(argv: readonly string[], flags: readonly string[]): string | undefined {
  let found: string | undefined;
  for (let i = 0; i < argv.length; i++) {
    const word = argv[i] ?? '';
    for (const flag of flags) {
      if (word === flag && i + 1 < argv.length) found = argv[i + 1];
      else if (word.startsWith(`${flag}=`)) found = word.slice(flag.length + 1);
    }
  }
  return found;
}

/** A non-negative integer flag value, `fallback` when absent or not a number. */
export function argCount(argv: readonly string[], flags: readonly string[], fallback: number): number {
  const value = argValue(argv, flags);
  if (value === undefined) return fallback;
  const n = Number.parseInt(value, 10);
  return Number.isFinite(n) && n >= 0 ? n : fallback;
}
