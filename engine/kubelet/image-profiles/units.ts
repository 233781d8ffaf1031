// Parsing of the sizes, durations and counts that profiles and container arguments use.

const KUBERNETES_SUFFIXES: Record<string, number> = {
  '': 1,
  m: 1e-3,
  k: 1e3,
  M: 1e6,
  G: 1e9,
  T: 1e12,
  P: 1e15,
  E: 1e18,
  Ki: 2 ** 10,
  Mi: 2 ** 20,
  Gi: 2 ** 30,
  Ti: 2 ** 40,
  Pi: 2 ** 50,
  Ei: 2 ** 60,
};

/** Pattern of a Kubernetes resource quantity (`128Mi`, `1.5G`, `100m`, `1e6`). */
export const QUANTITY_PATTERN =
  '^[+]?([0-9]+(\\.[0-9]*)?|\\.[0-9]+)([eE][+-]?[0-9]+|Ki|Mi|Gi|Ti|Pi|Ei|[mkMGTPE])?$';

/** Pattern of a Go duration as profiles write it (`500ms`, `10s`, `1m30s`). */
export const DURATION_PATTERN = '^([0-9]+(\\.[0-9]+)?(ms|s|m|h))+$';

const QUANTITY_RE = /^\+?([0-9]+(?:\.[0-9]*)?|\.[0-9]+)(?:[eE]([+-]?[0-9]+)|(Ki|Mi|Gi|Ti|Pi|Ei|[mkMGTPE]))?$/;

/** A Kubernetes quantity as a number of base units (bytes for memory), or undefined if it is malformed. */
export function parseQuantity(text: string): number | undefined {
  const m = QUANTITY_RE.exec(text.trim());
  if (!m) return undefined;
  const value = Number(m[1]);
  if (m[2] !== undefined) return value * 10 ** Number(m[2]);
  return value * (KUBERNETES_SUFFIXES[m[3] ?? ''] ?? 1);
}

const BINARY_SIZE_RE = /^([0-9]+(?:\.[0-9]+)?)([bBkKmMgGtT])?$/;
const BINARY_FACTORS: Record<string, number> = { b: 1, k: 2 ** 10, m: 2 ** 20, g: 2 ** 30, t: 2 ** 40 };

/** A size as stress(1) reads it: `250M` is 250 × 1024², a bare number is bytes. */
export function parseBinarySize(text: string): number | undefined {
  const m = BINARY_SIZE_RE.exec(text.trim());
  if (!m) return undefined;
  return Math.floor(Number(m[1]) * (BINARY_FACTORS[(m[2] ?? 'b').toLowerCase()] ?? 1));
}

const DURATION_PART_RE = /([0-9]+(?:\.[0-9]+)?)(ms|s|m|h)/g;
const DURATION_FACTORS: Record<string, number> = { ms: 1, s: 1000, m: 60_000, h: 3_600_000 };

/** A Go-style duration (`1m30s`) in milliseconds, or undefined if it is malformed. */
export function parseDuration(text: string): number | undefined {
  if (!new RegExp(DURATION_PATTERN).test(text)) return undefined;
  let total = 0;
  for (const m of text.matchAll(DURATION_PART_RE))
    total += Number(m[1]) * (DURATION_FACTORS[m[2] ?? 's'] ?? 0);
  return Math.round(total);
}

const SECONDS_RE = /^([0-9]+(?:\.[0-9]+)?)([smhdy]?)$/;
const SECONDS_FACTORS: Record<string, number> = { '': 1, s: 1, m: 60, h: 3600, d: 86_400, y: 31_536_000 };

/** Seconds as `sleep` and `stress --timeout` read them (`10`, `1.5`, `2m`, `1d`), in milliseconds. */
export function parseSeconds(text: string): number | undefined {
  const m = SECONDS_RE.exec(text.trim());
  if (!m) return undefined;
  return Math.round(Number(m[1]) * (SECONDS_FACTORS[m[2] ?? ''] ?? 1) * 1000);
}
