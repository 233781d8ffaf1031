import { isMap, isNode, isScalar, isSeq, type Node, parseAllDocuments, Scalar } from 'yaml';

export const REDACTED = '<redacted>';

const LAST_APPLIED = 'kubectl.kubernetes.io/last-applied-configuration';

/** A Secret's values replaced, keys kept, so reports never show them. */
export function redactObject(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(redactObject);
  if (!value || typeof value !== 'object') return value;
  const object = value as Record<string, unknown>;
  const copy: Record<string, unknown> = {};
  for (const [key, child] of Object.entries(object)) copy[key] = redactObject(child);
  if (object.kind === 'Secret') {
    for (const field of ['data', 'stringData']) {
      const map = object[field];
      if (map && typeof map === 'object') {
        copy[field] = Object.fromEntries(Object.keys(map).map((k) => [k, REDACTED]));
      }
    }
    const annotations = (object.metadata as { annotations?: Record<string, string> } | undefined)
      ?.annotations;
    if (annotations?.[LAST_APPLIED]) {
      (copy.metadata as { annotations: Record<string, string> }).annotations = {
        ...annotations,
        [LAST_APPLIED]: REDACTED,
      };
    }
  }
  return copy;
}

export interface RedactOptions {
  /**
   * The kind of a document that names none: a patch doc string of `I patch secret "x" with:`
   * is part of a Secret although it has no `kind`.
   */
  kind?: string;
}

/**
 * YAML or JSON text (one or many documents) with the values of every Secret's `data` and
 * `stringData` (and its last-applied-configuration annotation) replaced by `<redacted>` where
 * they are written. Everything else stays as written, line breaks included, so line numbers
 * still point at the same lines. A document that is not valid YAML is left as it is.
 */
export function redactText(text: string, options: RedactOptions = {}): string {
  if (options.kind !== 'Secret' && !/\bSecret/.test(text)) return text;
  const spans: Span[] = [];
  try {
    const documents = parseAllDocuments(text);
    if (!Array.isArray(documents)) return text;
    for (const document of documents) {
      if (document.errors.length > 0) continue;
      const root = document.contents;
      const implied = options.kind === 'Secret' && isMap(root) && !root.has('kind');
      collectSecretValues(root, implied, spans);
    }
  } catch {
    return text;
  }
  if (spans.length === 0) return text;
  // JSON stays JSON: a number or `true` becomes the string "<redacted>".
  const json = /^\s*[[{]/.test(text);
  spans.sort((a, b) => a.start - b.start);
  let result = '';
  let at = 0;
  for (const span of spans) {
    if (span.start < at) continue;
    result += text.slice(at, span.start) + replacement(text.slice(span.start, span.end), span.node, json);
    at = span.end;
  }
  return result + text.slice(at);
}

interface Span {
  start: number;
  end: number;
  node: Node;
}

/** Finds the values to hide: under `data`/`stringData` of each Secret, and SecretList items. */
function collectSecretValues(node: unknown, isSecret: boolean, spans: Span[]): void {
  if (isSeq(node)) {
    for (const item of node.items) collectSecretValues(item, isSecret, spans);
    return;
  }
  if (!isMap(node)) return;
  const kind = scalarValue(node.get('kind', true));
  const secret = isSecret || kind === 'Secret';
  for (const pair of node.items) {
    const key = scalarValue(pair.key);
    if (secret && (key === 'data' || key === 'stringData')) {
      if (isMap(pair.value)) for (const entry of pair.value.items) addSpan(entry.value, spans);
      else addSpan(pair.value, spans);
      continue;
    }
    if (secret && key === 'metadata' && isMap(pair.value)) {
      const annotations = pair.value.get('annotations', true);
      if (isMap(annotations)) addSpan(annotations.get(LAST_APPLIED, true), spans);
    }
    // A SecretList's items are Secrets even when they do not say so (API lists omit item kinds).
    collectSecretValues(pair.value, kind === 'SecretList' && key === 'items', spans);
  }
}

function addSpan(value: unknown, spans: Span[]): void {
  if (!isNode(value)) return;
  const range = value.range;
  if (!range || range[1] <= range[0]) return;
  spans.push({ start: range[0], end: range[1], node: value });
}

function scalarValue(node: unknown): string | undefined {
  return isScalar(node) && node.value !== null && node.value !== undefined ? String(node.value) : undefined;
}

/**
 * `<redacted>` in the value's own quoting; a value written over several lines keeps its line
 * breaks (as empty lines) and the indentation of its last line, so what follows stays in place.
 */
function replacement(original: string, node: Node, json: boolean): string {
  const type = isScalar(node) ? node.type : undefined;
  const marker =
    type === Scalar.QUOTE_SINGLE
      ? `'${REDACTED}'`
      : type === Scalar.QUOTE_DOUBLE || json
        ? `"${REDACTED}"`
        : REDACTED;
  const breaks = original.match(/\r?\n/g) ?? [];
  if (breaks.length === 0) return marker;
  const lastLine = original.slice(original.lastIndexOf('\n') + 1);
  return marker + breaks.join('') + (/^[ \t]*/.exec(lastLine)?.[0] ?? '');
}

/** A shell word: unquoted characters and quoted strings, run together. */
const WORD = String.raw`(?:[^\s"']+|"[^"]*"|'[^']*')+`;
/** The options of `kubectl create secret` that carry a value: `--from-literal=KEY=VALUE`, `--docker-password=VALUE`. */
const SECRET_OPTION = new RegExp(String.raw`(--from-literal|--docker-password)(=|\s+)(${WORD})`, 'g');

/**
 * A command line (a step's text, a kubectl command run by a step) with the values given to
 * `kubectl create secret` replaced by `<redacted>`; keys stay, as for Secrets in manifests.
 */
export function redactCommandLine(text: string): string {
  if (!/\bcreate\s+secret\b/.test(text)) return text;
  return text.replace(SECRET_OPTION, (_match, option: string, separator: string, word: string) => {
    if (option === '--docker-password') return `${option}${separator}${REDACTED}`;
    const quote = /^["']/.exec(word)?.[0];
    const inner = quote && word.endsWith(quote) && word.length > 1 ? word.slice(1, -1) : word;
    const equals = inner.indexOf('=');
    if (equals < 0) return `${option}${separator}${word}`;
    const key = inner.slice(0, equals + 1);
    return quote && inner !== word
      ? `${option}${separator}${quote}${key}${REDACTED}${quote}`
      : `${option}${separator}${key}${REDACTED}`;
  });
}
