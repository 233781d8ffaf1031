import type { TSchema } from '@sinclair/typebox';
import { type ValueError, ValueErrorType } from '@sinclair/typebox/errors';
import { Value } from '@sinclair/typebox/value';
import { type Document, isMap, isScalar, isSeq, LineCounter, type Node, parseAllDocuments } from 'yaml';

export type FieldPath = Array<string | number>;

/** A fixture file that cannot be used; the message reads `file:line: field.path: problem`. */
export class FixtureError extends Error {
  override name = 'FixtureError';
  constructor(
    readonly file: string,
    readonly line: number | undefined,
    readonly fieldPath: string,
    readonly problem: string,
  ) {
    super(`${file}${line === undefined ? '' : `:${line}`}: ${fieldPath ? `${fieldPath}: ` : ''}${problem}`);
  }
}

/** Renders `['spec', 'nodes', 0, 'name']` as `spec.nodes[0].name`. */
export function formatFieldPath(path: FieldPath): string {
  return path.reduce<string>(
    (out, key) => (typeof key === 'number' ? `${out}[${key}]` : out === '' ? key : `${out}.${key}`),
    '',
  );
}

/** The line of a field path's key in a YAML document, or of its nearest existing parent. */
export function lineOf(doc: Document.Parsed, lines: LineCounter, path: FieldPath): number | undefined {
  let node: Node | null | undefined = doc.contents;
  let offset = node?.range?.[0];
  for (const key of path) {
    if (isMap(node)) {
      const pair = node.items.find((p) => (isScalar(p.key) ? p.key.value : p.key) === key);
      if (!pair) break;
      offset = (isScalar(pair.key) ? pair.key.range?.[0] : undefined) ?? offset;
      node = pair.value as Node | null;
    } else if (isSeq(node) && typeof key === 'number') {
      const item = node.items[key] as Node | undefined;
      if (!item) break;
      offset = item.range?.[0] ?? offset;
      node = item;
    } else break;
  }
  return offset === undefined ? undefined : lines.linePos(offset).line;
}

export function pointerToPath(pointer: string): FieldPath {
  if (pointer === '') return [];
  return pointer
    .slice(1)
    .split('/')
    .map((s) => s.replaceAll('~1', '/').replaceAll('~0', '~'))
    .map((s) => (/^[0-9]+$/.test(s) ? Number(s) : s));
}

export function describeSchemaError(error: ValueError): string {
  if (error.type === ValueErrorType.Union) {
    const options = (error.schema.anyOf as Array<{ const?: unknown }> | undefined) ?? [];
    if (options.length > 0 && options.every((o) => o.const !== undefined)) {
      return `Expected one of: ${options.map((o) => String(o.const)).join(', ')}`;
    }
  }
  return error.message;
}

export interface ParsedDocument {
  doc: Document.Parsed;
  lines: LineCounter;
  value: unknown;
}

/** Parses every YAML document of a file, failing with the file and line of the first syntax error. */
export function parseYamlDocuments(text: string, file: string): ParsedDocument[] {
  const lines = new LineCounter();
  const docs = parseAllDocuments(text, { lineCounter: lines, prettyErrors: false });
  const list = Array.isArray(docs) ? docs : [];
  const out: ParsedDocument[] = [];
  for (const doc of list) {
    const error = doc.errors[0];
    if (error) {
      const line = error.linePos?.[0]?.line ?? lines.linePos(error.pos[0]).line;
      throw new FixtureError(file, line, '', `invalid YAML: ${error.message.split('\n')[0]}`);
    }
    const value = doc.toJS();
    if (value === null || value === undefined) continue;
    out.push({ doc, lines, value });
  }
  return out;
}

/** Checks one parsed document against a TypeBox schema; the first problem becomes a FixtureError. */
export function validateDocument<T extends TSchema>(schema: T, parsed: ParsedDocument, file: string): void {
  const first = Value.Errors(schema, parsed.value).First();
  if (!first) return;
  const path = pointerToPath(first.path);
  throw new FixtureError(
    file,
    lineOf(parsed.doc, parsed.lines, path),
    formatFieldPath(path),
    describeSchemaError(first),
  );
}
