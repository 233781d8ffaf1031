/**
 * Resource quantities as apimachinery's `resource.Quantity` handles them: exact fixed-point values
 * (never floating point), the three serialization formats, and the canonical `String()` form the API
 * server writes back (`0.5` → `500m`, `1.5Gi` → `1536Mi`).
 *
 * Source: kubernetes/apimachinery pkg/api/resource (quantity.go, amount.go, suffix.go).
 */

/** How a quantity is written: `12e6`, `12Mi` (12 × 2^20) or `12M` (12 × 10^6). */
export type QuantityFormat = 'DecimalExponent' | 'BinarySI' | 'DecimalSI';

/** An exact quantity: the amount is `value × 10^scale`. */
export interface Quantity {
  readonly value: bigint;
  readonly scale: number;
  readonly format: QuantityFormat;
  /** The parsed text, kept when upstream keeps it as the canonical string (it is already canonical). */
  readonly text?: string;
}

export const QUANTITY_FORMAT_ERROR =
  "quantities must match the regular expression '^([+-]?[0-9.]+)([eEinumkKMGTP]*[-+]?[0-9]*)$'";
export const QUANTITY_NUMERIC_ERROR = 'unable to parse numeric part of quantity';
export const QUANTITY_SUFFIX_ERROR = "unable to parse quantity's suffix";

/** Thrown for text that is not a quantity; the message is upstream's error text. */
export class QuantityParseError extends Error {
  constructor(message: string = QUANTITY_FORMAT_ERROR) {
    super(message);
    this.name = 'QuantityParseError';
  }
}

const NANO = -9;
const MAX_INT64 = (1n << 63n) - 1n;
const SUFFIX_CHARS = 'eEinumkKMGTP';

const DECIMAL_SUFFIXES: Readonly<Record<string, number>> = {
  n: -9,
  u: -6,
  m: -3,
  '': 0,
  k: 3,
  M: 6,
  G: 9,
  T: 12,
  P: 15,
  E: 18,
};
const BINARY_SUFFIXES: Readonly<Record<string, number>> = { Ki: 10, Mi: 20, Gi: 30, Ti: 40, Pi: 50, Ei: 60 };
const DECIMAL_SUFFIX_BY_EXPONENT = new Map(Object.entries(DECIMAL_SUFFIXES).map(([s, e]) => [e, s]));
const BINARY_SUFFIX_BY_POWER = ['', 'Ki', 'Mi', 'Gi', 'Ti', 'Pi', 'Ei'] as const;

const ZERO: Quantity = Object.freeze({ value: 0n, scale: 0, format: 'DecimalSI', text: '0' });

interface ScannedQuantity {
  positive: boolean;
  num: string;
  denom: string;
  suffix: string;
}

const isDigit = (c: string | undefined): boolean => c !== undefined && c >= '0' && c <= '9';

/** Splits text into sign, integer digits, fraction digits and suffix, as upstream's parseQuantityString. */
function scanQuantity(str: string): ScannedQuantity {
  const end = str.length;
  let positive = true;
  let pos = 0;
  if (str[0] === '-') {
    positive = false;
    pos++;
  } else if (str[0] === '+') {
    pos++;
  }
  while (pos < end && str[pos] === '0') pos++;
  if (pos >= end) return { positive, num: '0', denom: '', suffix: '' };

  let i = pos;
  while (i < end && isDigit(str[i])) i++;
  const num = str.slice(pos, i) || '0';
  pos = i;
  let denom = '';
  if (pos < end && str[pos] === '.') {
    pos++;
    i = pos;
    while (i < end && isDigit(str[i])) i++;
    denom = str.slice(pos, i);
    pos = i;
  }
  const suffixStart = pos;
  while (pos < end && SUFFIX_CHARS.includes(str[pos] as string)) pos++;
  if (pos < end && (str[pos] === '-' || str[pos] === '+')) pos++;
  while (pos < end && isDigit(str[pos])) pos++;
  if (pos < end) throw new QuantityParseError(QUANTITY_FORMAT_ERROR);
  return { positive, num, denom, suffix: str.slice(suffixStart) };
}

interface Suffix {
  base: 2 | 10;
  exponent: number;
  format: QuantityFormat;
}

function interpretSuffix(suffix: string): Suffix {
  const decimal = DECIMAL_SUFFIXES[suffix];
  if (decimal !== undefined) return { base: 10, exponent: decimal, format: 'DecimalSI' };
  const binary = BINARY_SUFFIXES[suffix];
  if (binary !== undefined) return { base: 2, exponent: binary, format: 'BinarySI' };
  if (suffix.length > 1 && (suffix[0] === 'e' || suffix[0] === 'E') && /^[+-]?\d+$/.test(suffix.slice(1))) {
    const parsed = BigInt(suffix.slice(1));
    if (parsed > MAX_INT64 || parsed < -MAX_INT64 - 1n) throw new QuantityParseError(QUANTITY_SUFFIX_ERROR);
    // Go converts the int64 exponent to int32, wrapping.
    return { base: 10, exponent: Number(BigInt.asIntN(32, parsed)), format: 'DecimalExponent' };
  }
  throw new QuantityParseError(QUANTITY_SUFFIX_ERROR);
}

/** Mirrors ParseQuantity's int64 fast path, which keeps the input text when it is already canonical. */
function keepsInputText(scanned: ScannedQuantity, suffix: Suffix): boolean {
  const { num, denom } = scanned;
  let precision: number;
  if (suffix.format !== 'BinarySI') {
    precision = 18 - (num.length + denom.length);
  } else if (suffix.exponent >= 0 && denom.length === 0) {
    precision = 15 - num.length - (suffix.exponent * 3) / 10 - 1;
  } else {
    precision = -1;
  }
  if (precision < 0) return false;
  const scale = (suffix.format === 'BinarySI' ? 0 : suffix.exponent) - denom.length;
  if (scale < NANO) return false;
  const shifted = num + denom;
  if (suffix.format === 'BinarySI') return suffix.exponent % 10 === 0 && (BigInt(shifted) & 7n) !== 0n;
  return scale % 3 === 0 && !shifted.endsWith('000') && shifted[0] !== '0';
}

const pow10 = (n: number): bigint => 10n ** BigInt(n);
const abs = (v: bigint): bigint => (v < 0n ? -v : v);

/** Divides by 10^digits, rounding away from zero. */
function divPow10AwayFromZero(value: bigint, digits: number): bigint {
  if (value === 0n) return 0n;
  const magnitude = abs(value);
  if (digits > magnitude.toString().length) return value < 0n ? -1n : 1n;
  const divisor = pow10(digits);
  let q = magnitude / divisor;
  if (magnitude % divisor !== 0n) q += 1n;
  return value < 0n ? -q : q;
}

/** Parses a quantity (`500m`, `1.5Gi`, `129e6`), throwing QuantityParseError with upstream's message. */
export function parseQuantity(text: string): Quantity {
  if (text.length === 0) throw new QuantityParseError(QUANTITY_FORMAT_ERROR);
  if (text === '0') return ZERO;
  const scanned = scanQuantity(text);
  const suffix = interpretSuffix(scanned.suffix);
  const mantissa = BigInt(scanned.num + scanned.denom);
  let value = scanned.positive ? mantissa : -mantissa;
  let scale = -scanned.denom.length;
  if (suffix.base === 2) value <<= BigInt(suffix.exponent);
  else scale += suffix.exponent;
  let format = suffix.format;

  if (keepsInputText(scanned, suffix)) return { value, scale, format, text };

  if (scale < NANO) {
    // Upstream rounds non-zero values up to the smallest representable amount (1n) rather than to 0.
    value = divPow10AwayFromZero(value, NANO - scale);
    scale = NANO;
  }
  if (format === 'BinarySI' && value !== 0n) {
    const magnitude: Quantity = { value: abs(value), scale, format };
    if (compareQuantities(magnitude, newQuantity(MAX_INT64)) > 0) {
      // Upstream silently caps binary quantities at 2^63-1.
      value = value < 0n ? -MAX_INT64 : MAX_INT64;
      scale = 0;
    } else if (compareQuantities(magnitude, newQuantity(1)) < 0) {
      format = 'DecimalSI';
    }
  }
  return { value, scale, format };
}

/** Parses, returning undefined instead of throwing. */
export function tryParseQuantity(text: string): Quantity | undefined {
  try {
    return parseQuantity(text);
  } catch (error) {
    if (error instanceof QuantityParseError) return undefined;
    throw error;
  }
}

/** Upstream's NewQuantity: an integer amount in the given format. */
export function newQuantity(value: number | bigint, format: QuantityFormat = 'DecimalSI'): Quantity {
  return { value: BigInt(value), scale: 0, format };
}

/** Upstream's NewMilliQuantity: `value / 1000` in the given format. */
export function newMilliQuantity(value: number | bigint, format: QuantityFormat = 'DecimalSI'): Quantity {
  return { value: BigInt(value), scale: -3, format };
}

/** Upstream's NewScaledQuantity: `value × 10^scale` in DecimalSI. */
export function newScaledQuantity(value: number | bigint, scale: number): Quantity {
  return { value: BigInt(value), scale, format: 'DecimalSI' };
}

function aligned(a: Quantity, b: Quantity): [bigint, bigint, number] {
  if (a.scale === b.scale) return [a.value, b.value, a.scale];
  if (a.scale > b.scale) return [a.value * pow10(a.scale - b.scale), b.value, b.scale];
  return [a.value, b.value * pow10(b.scale - a.scale), a.scale];
}

/** `a + b`; the sum keeps a's format unless a is zero, as Quantity.Add does. */
export function addQuantities(a: Quantity, b: Quantity): Quantity {
  const format = a.value === 0n ? b.format : a.format;
  if (b.value === 0n) return { value: a.value, scale: a.scale, format };
  if (a.value === 0n) return { value: b.value, scale: b.scale, format };
  const [x, y, scale] = aligned(a, b);
  return { value: x + y, scale, format };
}

/** `a - b`; keeps a's format unless a is zero, as Quantity.Sub does. */
export function subtractQuantities(a: Quantity, b: Quantity): Quantity {
  return addQuantities(a, { value: -b.value, scale: b.scale, format: b.format });
}

/** The negated quantity, keeping its format. */
export function negateQuantity(q: Quantity): Quantity {
  return { value: -q.value, scale: q.scale, format: q.format };
}

export function isZeroQuantity(q: Quantity): boolean {
  return q.value === 0n;
}

/** -1, 0 or 1 as a is less than, equal to or greater than b. */
export function compareQuantities(a: Quantity, b: Quantity): -1 | 0 | 1 {
  const signA = a.value === 0n ? 0 : a.value < 0n ? -1 : 1;
  const signB = b.value === 0n ? 0 : b.value < 0n ? -1 : 1;
  if (signA !== signB) return signA > signB ? 1 : -1;
  if (signA === 0) return 0;
  // Settle far-apart magnitudes from their digit counts before aligning scales.
  const magA = abs(a.value).toString().length + a.scale;
  const magB = abs(b.value).toString().length + b.scale;
  if (magA > magB + 1) return signA > 0 ? 1 : -1;
  if (magB > magA + 1) return signA > 0 ? -1 : 1;
  const [x, y] = aligned(a, b);
  return x === y ? 0 : x > y ? 1 : -1;
}

/** The larger of a and b (a when equal). */
export function maxQuantity(a: Quantity, b: Quantity): Quantity {
  return compareQuantities(b, a) > 0 ? b : a;
}

/** ceil(q / 10^scale), rounding away from zero, as Quantity.ScaledValue. */
export function scaledValue(q: Quantity, scale: number): bigint {
  if (q.value === 0n) return 0n;
  if (q.scale >= scale) return q.value * pow10(q.scale - scale);
  return divPow10AwayFromZero(q.value, scale - q.scale);
}

/** A quantity in a unit (`''`, `m`, `k`, `Mi`, …) as a number, rounded up as Value/MilliValue do. */
export function quantityToNumber(q: Quantity, unit = ''): number {
  const decimal = DECIMAL_SUFFIXES[unit];
  if (decimal !== undefined) return Number(scaledValue(q, decimal));
  const binary = BINARY_SUFFIXES[unit];
  if (binary === undefined) throw new QuantityParseError(QUANTITY_SUFFIX_ERROR);
  const whole = scaledValue(q, 0);
  const divisor = 1n << BigInt(binary);
  let result = abs(whole) / divisor;
  if (abs(whole) % divisor !== 0n) result += 1n;
  return Number(whole < 0n ? -result : result);
}

/** Quantity.Value(): the integer amount, rounded up (bytes for memory). */
export function quantityValue(q: Quantity): number {
  return Number(scaledValue(q, 0));
}

/** Quantity.MilliValue(): the amount in thousandths, rounded up (millicores for cpu). */
export function quantityMilliValue(q: Quantity): number {
  return Number(scaledValue(q, -3));
}

const parseCache = new Map<string, Quantity>();
const PARSE_CACHE_LIMIT = 50_000;

/** parseQuantity with a memo: quantities are immutable and the same few strings recur everywhere. */
export function parseQuantityCached(text: string): Quantity {
  let q = parseCache.get(text);
  if (q === undefined) {
    q = parseQuantity(text);
    if (parseCache.size >= PARSE_CACHE_LIMIT) parseCache.clear();
    parseCache.set(text, q);
  }
  return q;
}

/** The milli value of a quantity string (`0.5` → 500), rounded up as MilliValue does. */
export function milliValue(text: string): number {
  return quantityMilliValue(parseQuantityCached(text));
}

/** The integer value of a quantity string (`1Gi` → 1073741824), rounded up as Value does. */
export function bytesValue(text: string): number {
  return quantityValue(parseQuantityCached(text));
}

function canonicalBase10(q: Quantity): [bigint, number] {
  let value = q.value;
  let exponent = q.scale;
  while (value % 10n === 0n) {
    value /= 10n;
    exponent++;
  }
  while (exponent % 3 !== 0) {
    value *= 10n;
    exponent--;
  }
  return [value, exponent];
}

function isWhole(q: Quantity): boolean {
  return q.scale >= 0 || q.value % pow10(-q.scale) === 0n;
}

/** The canonical string upstream's Quantity.String() writes. */
export function formatQuantity(q: Quantity): string {
  if (q.text !== undefined) return q.text;
  if (q.value === 0n) return '0';
  let format = q.format;
  if (format === 'BinarySI') {
    const small = compareQuantities({ value: abs(q.value), scale: q.scale, format }, newQuantity(1024)) < 0;
    if (small || !isWhole(q)) format = 'DecimalSI';
  }
  if (format === 'BinarySI') {
    let value = q.scale >= 0 ? q.value * pow10(q.scale) : q.value / pow10(-q.scale);
    let power = 0;
    while (power < BINARY_SUFFIX_BY_POWER.length - 1 && value % 1024n === 0n) {
      value /= 1024n;
      power++;
    }
    return `${value}${BINARY_SUFFIX_BY_POWER[power]}`;
  }
  const [mantissa, exponent] = canonicalBase10(q);
  if (format === 'DecimalSI') {
    const suffix = DECIMAL_SUFFIX_BY_EXPONENT.get(exponent);
    // DecimalSI has no suffix past E (10^18); upstream falls back to exponent notation there.
    if (suffix !== undefined) return `${mantissa}${suffix}`;
  }
  return exponent === 0 ? `${mantissa}` : `${mantissa}e${exponent}`;
}

/** The canonical form of a quantity string (`1.5Gi` → `1536Mi`), as the API server stores it. */
export function canonicalQuantity(text: string): string {
  return formatQuantity(parseQuantityCached(text));
}
