const NANOS_PER_SECOND = 1_000_000_000n;
const MAX_INT64 = (1n << 63n) - 1n;

/** Nanoseconds per unit, as Go's time.ParseDuration knows them. */
const UNITS: Record<string, bigint> = {
  ns: 1n,
  us: 1_000n,
  '\u00b5s': 1_000n,
  '\u03bcs': 1_000n,
  ms: 1_000_000n,
  s: NANOS_PER_SECOND,
  m: 60n * NANOS_PER_SECOND,
  h: 3600n * NANOS_PER_SECOND,
};

/** The digits of v / 10^prec after the point without trailing zeros (and no point when they are all zero). */
function fraction(v: bigint, prec: number): string {
  const digits = (v % 10n ** BigInt(prec)).toString().padStart(prec, '0').replace(/0+$/, '');
  return digits ? `.${digits}` : '';
}

/** Go's time.Duration.String(), e.g. 1h2m3s, 1.5s, 250ms, 0s. */
export function formatGoDuration(nanos: bigint): string {
  if (nanos === 0n) return '0s';
  const negative = nanos < 0n;
  const u = negative ? -nanos : nanos;
  let text: string;
  if (u < NANOS_PER_SECOND) {
    const [prec, unit] = u < 1_000n ? [0, 'ns'] : u < 1_000_000n ? [3, '\u00b5s'] : [6, 'ms'];
    text = `${u / 10n ** BigInt(prec)}${fraction(u, prec)}${unit}`;
  } else {
    let rest = u / NANOS_PER_SECOND;
    text = `${rest % 60n}${fraction(u, 9)}s`;
    rest /= 60n;
    if (rest > 0n) {
      text = `${rest % 60n}m${text}`;
      rest /= 60n;
      if (rest > 0n) text = `${rest}h${text}`;
    }
  }
  return negative ? `-${text}` : text;
}

/** Go's time.ParseDuration; throws with Go's message when the text is not a duration. */
export function parseGoDuration(text: string): bigint {
  const quoted = JSON.stringify(text);
  let s = text;
  let negative = false;
  if (s.startsWith('-') || s.startsWith('+')) {
    negative = s.startsWith('-');
    s = s.slice(1);
  }
  if (s === '0') return 0n;
  if (s === '') throw new Error(`time: invalid duration ${quoted}`);
  let total = 0n;
  while (s !== '') {
    const number = /^(\d*)(?:\.(\d*))?/.exec(s)!;
    const [consumed, whole = '', frac] = number;
    if (whole === '' && (frac === undefined || frac === ''))
      throw new Error(`time: invalid duration ${quoted}`);
    s = s.slice(consumed.length);
    const unitMatch = /^[^\d.]+/.exec(s);
    if (!unitMatch) throw new Error(`time: missing unit in duration ${quoted}`);
    const unitName = unitMatch[0];
    const unit = UNITS[unitName];
    if (unit === undefined)
      throw new Error(`time: unknown unit ${JSON.stringify(unitName)} in duration ${quoted}`);
    s = s.slice(unitName.length);
    let value = BigInt(whole || '0') * unit;
    if (frac) value += (BigInt(frac) * unit) / 10n ** BigInt(frac.length);
    total += value;
    if (total > MAX_INT64 + (negative ? 1n : 0n)) throw new Error(`time: invalid duration ${quoted}`);
  }
  return negative ? -total : total;
}
