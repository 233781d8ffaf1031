import { readFileSync } from 'node:fs';
import { type Document, isNode, isSeq, LineCounter, parseAllDocuments, parseDocument, visit } from 'yaml';
import type { KubeObject } from '../kube/kube-client.ts';

/** Where a manifest came from, so errors can name the file and line. */
export interface ManifestSource {
  file: string;
  /** Line in `file` where the manifest text starts (a doc string's first content line). */
  line: number;
}

export class ManifestError extends Error {
  constructor(
    readonly source: ManifestSource,
    readonly lineInFile: number,
    problem: string,
  ) {
    super(`${source.file}:${lineInFile}: ${problem}`);
    this.name = 'ManifestError';
  }
}

/** Values substituted for `${name}` in manifests and expected messages. */
export type Placeholders = Record<string, string>;

/** Replaces `${name}` with its value; an unknown placeholder is an error naming it. */
export function interpolate(text: string, values: Placeholders, where = 'text'): string {
  return text.replace(/\$\{([A-Za-z_][A-Za-z0-9_.-]*)\}/g, (_match, name: string) => {
    const value = values[name];
    if (value === undefined)
      throw new Error(
        `unknown placeholder \${${name}} in ${where} (known: ${Object.keys(values).join(', ')})`,
      );
    return value;
  });
}

/**
 * Parses every object of a (multi-document) YAML or JSON manifest. Each object must have
 * apiVersion, kind and metadata; errors name the source file and line.
 */
export function parseManifests(text: string, source: ManifestSource): KubeObject[] {
  const lines = new LineCounter();
  const documents = parseAllDocuments(text, { lineCounter: lines });
  const list = Array.isArray(documents) ? documents : [];
  const objects: KubeObject[] = [];
  const secret = /\bSecret/.test(text);
  for (const doc of list) {
    const value = documentValue(doc, lines, source, secret);
    if (value === null || value === undefined) continue;
    const lineOf = (offset: number) => source.line + lines.linePos(offset).line - 1;
    const startLine = lineOf(doc.contents?.range?.[0] ?? doc.range[0]);
    if (!isList(value)) {
      objects.push(checkObject(value, source, startLine));
      continue;
    }
    // A List (`kind: List` or `PodList`, as `kubectl get -o yaml` prints) holds its objects in items.
    const itemNodes = doc.get('items', true);
    value.items.forEach((item, index) => {
      const node = isSeq(itemNodes) ? itemNodes.items[index] : undefined;
      const range = isNode(node) ? node.range : undefined;
      objects.push(checkObject(item, source, range ? lineOf(range[0]) : startLine, `items[${index}].`));
    });
  }
  if (objects.length === 0) throw new ManifestError(source, source.line, 'the manifest holds no objects');
  return objects;
}

/**
 * One YAML (or JSON) value, such as a patch, with errors naming the source file and line.
 * `secret`: the value belongs to a Secret, so errors must not quote its text.
 */
export function parseYamlValue(
  text: string,
  source: ManifestSource,
  options: { secret?: boolean } = {},
): unknown {
  const lines = new LineCounter();
  return documentValue(parseDocument(text, { lineCounter: lines }), lines, source, options.secret ?? false);
}

/**
 * A parsed document's value, or a ManifestError at the line of its first problem: a syntax
 * error, or an alias to an anchor that is not there (yaml finds those only when converting).
 */
function documentValue(
  doc: Document.Parsed,
  lines: LineCounter,
  source: ManifestSource,
  secret: boolean,
): unknown {
  // yaml's own position counts from the manifest's first line; the file line replaces it.
  const fileLine = (offset: number) => source.line + lines.linePos(offset).line - 1;
  const error = doc.errors[0];
  if (error) {
    const line = error.linePos?.[0]?.line ?? lines.linePos(error.pos[0]).line;
    throw new ManifestError(
      source,
      source.line + line - 1,
      `invalid YAML: ${yamlProblem(error.message, secret)}`,
    );
  }
  try {
    return doc.toJS() as unknown;
  } catch (problem) {
    let offset = doc.contents?.range?.[0] ?? doc.range[0];
    visit(doc, {
      Alias(_key, alias) {
        if (alias.resolve(doc) !== undefined) return undefined;
        offset = alias.range?.[0] ?? offset;
        return visit.BREAK;
      },
    });
    throw new ManifestError(
      source,
      fileLine(offset),
      `invalid YAML: ${yamlProblem(String((problem as Error).message), secret)}`,
    );
  }
}

/**
 * yaml's description of a problem, without its position (the error names the file line). For a
 * Secret's text also without the piece of source some descriptions quote (`Unresolved tag:
 * !Pa55`, `Unresolved alias …: *x`, `Invalid escape sequence \q`): a value that is not valid
 * YAML can be the Secret's.
 */
function yamlProblem(message: string, secret: boolean): string {
  const problem = (message.split('\n')[0] ?? '').replace(/ at line \d+, column \d+:?$/, '');
  if (!secret) return problem;
  return problem
    .replace(/: .*$/, '')
    .replace(/^(Invalid escape sequence) .*$/, '$1')
    .replace(/^Unexpected \S+ in /, 'Unexpected token in ');
}

export function readManifestFile(path: string): { text: string; source: ManifestSource } {
  return { text: readFileSync(path, 'utf8'), source: { file: path, line: 1 } };
}

function isList(value: unknown): value is { items: unknown[] } {
  return (
    typeof value === 'object' &&
    value !== null &&
    typeof (value as { kind?: unknown }).kind === 'string' &&
    ((value as { kind: string }).kind as string).endsWith('List') &&
    Array.isArray((value as { items?: unknown }).items)
  );
}

function checkObject(value: unknown, source: ManifestSource, line: number, path = ''): KubeObject {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    throw new ManifestError(
      source,
      line,
      path
        ? `${path.slice(0, -1)}: must be a Kubernetes object (a map)`
        : 'each document must be a Kubernetes object (a map)',
    );
  }
  const object = value as Record<string, unknown>;
  for (const field of ['apiVersion', 'kind'] as const) {
    if (typeof object[field] !== 'string' || object[field] === '')
      throw new ManifestError(source, line, `${path}${field}: required`);
  }
  if (typeof object.metadata !== 'object' || object.metadata === null)
    throw new ManifestError(source, line, `${path}metadata: required`);
  const metadata = object.metadata as { name?: unknown; generateName?: unknown };
  if (typeof metadata.name !== 'string' && typeof metadata.generateName !== 'string') {
    throw new ManifestError(source, line, `${path}metadata.name: required (or metadata.generateName)`);
  }
  return object as KubeObject;
}
