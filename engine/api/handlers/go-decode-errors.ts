/**
 * The words Go's decoders use for bodies they cannot read, so that 400s quote them as kube-apiserver
 * does: encoding/json's scanner errors (`invalid character '}' looking for beginning of object key
 * string`, `unexpected end of JSON input`), its type errors for the apiVersion/kind probe, go-yaml's
 * problems, and apiserver's summary of the body.
 */

/** encoding/json's message for input that ends inside a value. */
export const UNEXPECTED_END_OF_JSON = 'unexpected end of JSON input';

/** How Go's scanner quotes an offending byte (encoding/json quoteChar). */
function quoteChar(byte: number): string {
  if (byte === 0x27) return "'\\''";
  if (byte === 0x22) return `'"'`;
  const escapes: Record<number, string> = {
    7: '\\a',
    8: '\\b',
    9: '\\t',
    10: '\\n',
    11: '\\v',
    12: '\\f',
    13: '\\r',
  };
  if (escapes[byte]) return `'${escapes[byte]}'`;
  if (byte === 0x5c) return "'\\\\'";
  if (byte < 0x20 || byte === 0x7f) return `'\\x${byte.toString(16).padStart(2, '0')}'`;
  if (byte >= 0x80 && byte < 0xa0) return `'\\u00${byte.toString(16)}'`;
  return `'${String.fromCharCode(byte)}'`;
}

class SyntaxFailure extends Error {}

/**
 * The syntax error Go's encoding/json reports for `bytes` (scanner.go), or undefined when the bytes
 * are one valid JSON value.
 */
export function goJsonSyntaxError(bytes: Uint8Array): string | undefined {
  let i = 0;
  const fail = (context: string): never => {
    if (i >= bytes.length) throw new SyntaxFailure(UNEXPECTED_END_OF_JSON);
    throw new SyntaxFailure(`invalid character ${quoteChar(bytes[i]!)} ${context}`);
  };
  const isSpace = (c: number | undefined) => c === 0x20 || c === 0x09 || c === 0x0a || c === 0x0d;
  const skipSpace = () => {
    while (isSpace(bytes[i])) i++;
  };
  const isDigit = (c: number | undefined) => c !== undefined && c >= 0x30 && c <= 0x39;
  const isHex = (c: number | undefined) =>
    c !== undefined && (isDigit(c) || (c >= 0x61 && c <= 0x66) || (c >= 0x41 && c <= 0x46));

  const literal = (word: string) => {
    for (let k = 1; k < word.length; k++) {
      i++;
      if (bytes[i] !== word.charCodeAt(k)) fail(`in literal ${word} (expecting '${word[k]}')`);
    }
    i++;
  };
  const string = () => {
    i++;
    for (;;) {
      const c = bytes[i];
      if (c === undefined) fail('');
      if (c === 0x22) {
        i++;
        return;
      }
      if (c === 0x5c) {
        i++;
        const e = bytes[i];
        if (e === 0x75) {
          for (let k = 0; k < 4; k++) {
            i++;
            if (!isHex(bytes[i])) fail('in \\u hexadecimal character escape');
          }
        } else if (e === undefined || !'"\\/bfnrt'.includes(String.fromCharCode(e))) {
          fail('in string escape code');
        }
        i++;
        continue;
      }
      if (c! < 0x20) fail('in string literal');
      i++;
    }
  };
  const number = () => {
    if (bytes[i] === 0x2d) {
      i++;
      if (!isDigit(bytes[i])) fail('in numeric literal');
    }
    if (bytes[i] === 0x30) i++;
    else while (isDigit(bytes[i])) i++;
    if (bytes[i] === 0x2e) {
      i++;
      if (!isDigit(bytes[i])) fail('after decimal point in numeric literal');
      while (isDigit(bytes[i])) i++;
    }
    if (bytes[i] === 0x65 || bytes[i] === 0x45) {
      i++;
      if (bytes[i] === 0x2b || bytes[i] === 0x2d) i++;
      if (!isDigit(bytes[i])) fail('in exponent of numeric literal');
      while (isDigit(bytes[i])) i++;
    }
  };
  const value = (): void => {
    skipSpace();
    const c = bytes[i];
    if (c === 0x7b) {
      i++;
      skipSpace();
      if (bytes[i] === 0x7d) {
        i++;
        return;
      }
      for (;;) {
        skipSpace();
        if (bytes[i] !== 0x22) fail('looking for beginning of object key string');
        string();
        skipSpace();
        if (bytes[i] !== 0x3a) fail('after object key');
        i++;
        value();
        skipSpace();
        if (bytes[i] === 0x2c) {
          i++;
          continue;
        }
        if (bytes[i] === 0x7d) {
          i++;
          return;
        }
        fail('after object key:value pair');
      }
    }
    if (c === 0x5b) {
      i++;
      skipSpace();
      if (bytes[i] === 0x5d) {
        i++;
        return;
      }
      for (;;) {
        value();
        skipSpace();
        if (bytes[i] === 0x2c) {
          i++;
          continue;
        }
        if (bytes[i] === 0x5d) {
          i++;
          return;
        }
        fail('after array element');
      }
    }
    if (c === 0x22) string();
    else if (c === 0x2d || isDigit(c)) number();
    else if (c === 0x74) literal('true');
    else if (c === 0x66) literal('false');
    else if (c === 0x6e) literal('null');
    else fail('looking for beginning of value');
  };
  try {
    value();
    skipSpace();
    if (i < bytes.length) fail('after top-level value');
    return undefined;
  } catch (error) {
    if (error instanceof SyntaxFailure) return error.message;
    throw error;
  }
}

/** The Go type apimachinery's SimpleMetaFactory decodes every body into first, to find its kind. */
const FIND_KIND_TYPE =
  'struct { APIVersion string "json:\\"apiVersion,omitempty\\""; Kind string "json:\\"kind,omitempty\\"" }';

/** The JSON kind encoding/json names in type errors: object, array, string, number, bool. */
export function goJsonKind(value: unknown): string {
  if (Array.isArray(value)) return 'array';
  if (typeof value === 'boolean') return 'bool';
  return typeof value === 'object' ? 'object' : typeof value;
}

/**
 * encoding/json's UnmarshalTypeError when a parsed body does not fit the apiVersion/kind probe:
 * a body that is not an object, or an apiVersion or kind that is not a string.
 */
export function findKindTypeError(value: unknown): string | undefined {
  if (value === null) return undefined;
  if (typeof value !== 'object' || Array.isArray(value)) {
    return `json: cannot unmarshal ${goJsonKind(value)} into Go value of type ${FIND_KIND_TYPE}`;
  }
  for (const field of ['apiVersion', 'kind']) {
    const member = (value as Record<string, unknown>)[field];
    if (member !== undefined && member !== null && typeof member !== 'string') {
      return `json: cannot unmarshal ${goJsonKind(member)} into Go struct field .${field} of type string`;
    }
  }
  return undefined;
}

/** apiserver's summarizeData: the first 30 bytes, as text for JSON objects and in hex otherwise. */
export function summarizeBody(bytes: Uint8Array, maxLength = 30): string {
  if (bytes.length === 0) return '<empty>';
  const head = bytes.subarray(0, maxLength);
  const more = bytes.length > maxLength ? ' ...' : '';
  if (bytes[0] === 0x7b) return `${Buffer.from(head).toString('latin1')}${more}`;
  return `${Buffer.from(head).toString('hex')}${more}`;
}

/** One problem the `yaml` package found, as far as the translation needs it. */
export interface YamlProblem {
  code: string;
  message: string;
  /** 1-based line of the problem. */
  line: number;
  /** Offset of the problem in the text. */
  offset: number;
}

/** The 1-based line of `offset` in `text`. */
function lineAt(text: string, offset: number): number {
  let line = 1;
  for (let k = 0; k < offset && k < text.length; k++) if (text[k] === '\n') line++;
  return line;
}

/**
 * go-yaml's error (`yaml: line 4: mapping values are not allowed in this context`) for the problem the
 * `yaml` package reported; undefined for what go-yaml v2 accepts (duplicate keys, last one wins).
 */
export function goYamlError(text: string, problem: YamlProblem): string | undefined {
  switch (problem.code) {
    case 'DUPLICATE_KEY':
      return undefined;
    case 'BLOCK_AS_IMPLICIT_KEY':
    case 'MULTILINE_IMPLICIT_KEY': {
      const colon = /:(?=[ \t\r\n]|$)/.exec(text.slice(problem.offset));
      const line = colon ? lineAt(text, problem.offset + colon.index) : problem.line;
      return `yaml: line ${line}: mapping values are not allowed in this context`;
    }
    case 'TAB_AS_INDENT':
    case 'BAD_SCALAR_START':
      return `yaml: line ${problem.line}: found character that cannot start any token`;
    case 'MISSING_CHAR':
      return `yaml: line ${problem.line}: found unexpected end of stream`;
    default:
      return `yaml: line ${problem.line}: ${problem.message.replace(/ at line \d+, column \d+:?[\s\S]*$/, '')}`;
  }
}
