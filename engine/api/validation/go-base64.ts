const ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/';
const DECODE = new Map([...ALPHABET].map((c, i) => [c, i]));
const isNewline = (c: string | undefined) => c === '\n' || c === '\r';

/**
 * Where Go's base64.StdEncoding.Decode gives up on `text` (its CorruptInputError offset), or
 * undefined when it decodes; the API server answers `illegal base64 data at input byte N` for
 * a Secret's `data` value it cannot decode. Newlines are skipped, as Go skips them.
 */
export function goBase64ErrorOffset(text: string): number | undefined {
  let si = 0;
  while (si < text.length) {
    const result = decodeQuantum(text, si);
    if (result.error !== undefined) return result.error;
    si = result.next;
    if (result.done) return undefined;
  }
  return undefined;
}

/** decodeQuantum of encoding/base64, for the padded standard encoding. */
function decodeQuantum(src: string, start: number): { next: number; done: boolean; error?: number } {
  let si = start;
  for (let j = 0; j < 4; j++) {
    if (si === src.length) {
      if (j === 0) return { next: si, done: true };
      return { next: si, done: true, error: si - j };
    }
    const c = src[si]!;
    si++;
    if (DECODE.has(c)) continue;
    if (isNewline(c)) {
      j--;
      continue;
    }
    if (c !== '=') return { next: si, done: true, error: si - 1 };
    if (j === 0 || j === 1) return { next: si, done: true, error: si - 1 };
    if (j === 2) {
      while (si < src.length && isNewline(src[si])) si++;
      if (si === src.length) return { next: si, done: true, error: src.length };
      if (src[si] !== '=') return { next: si, done: true, error: si - 1 };
      si++;
    }
    while (si < src.length && isNewline(src[si])) si++;
    if (si < src.length) return { next: si, done: true, error: si };
    return { next: si, done: true };
  }
  return { next: si, done: false };
}
