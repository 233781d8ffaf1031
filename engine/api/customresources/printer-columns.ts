/**
 * The server-side table of a custom resource, after apiextensions-apiserver
 * registry/customresource/tableconvertor: a Name column, then the version's additionalPrinterColumns
 * (or a single Age column when it declares none), each cell read by the column's JSONPath.
 */

import { JSONPath } from 'jsonpath-plus';
import type { CustomResourceColumnDefinition } from 'kubernetes-types/apiextensions/v1';
import { humanDuration, INVALID_DURATION, UNKNOWN_TIMESTAMP } from '../printers/duration.ts';
import type { PrintContext, ResourcePrinter } from '../printers/printer.ts';
import { column } from '../printers/printer.ts';
import { objectMetaDoc } from '../printers/swagger-docs.ts';
import type { TableCell, TableColumnDefinition } from '../printers/table-types.ts';
import type { KubeObject } from '../types.ts';
import { goFloat } from './go-format.ts';

/** serveDefaultColumnsIfEmpty: the column every CRD version without printer columns gets. */
export const DEFAULT_PRINTER_COLUMNS: readonly CustomResourceColumnDefinition[] = [
  {
    name: 'Age',
    type: 'date',
    description: objectMetaDoc.creationTimestamp,
    jsonPath: '.metadata.creationTimestamp',
  },
];

const RFC3339 = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})$/;

/**
 * A Kubernetes JSONPath as the CRD writes it (`.spec.cronSpec`, `.metadata.labels.app\.kubernetes\.io/name`,
 * `.status.conditions[?(@.type=="Ready")].status`) in jsonpath-plus syntax (`$.spec.cronSpec`).
 */
export function toJsonPathPlus(path: string): string {
  let out = '$';
  let name = '';
  const flush = () => {
    if (name === '') return;
    out += /^[A-Za-z_$][\w$]*$/.test(name) ? `.${name}` : `[${JSON.stringify(name)}]`;
    name = '';
  };
  for (let i = 0; i < path.length; i++) {
    const c = path[i];
    if (c === '\\' && i + 1 < path.length) {
      name += path[++i];
    } else if (c === '.') {
      flush();
      if (path[i + 1] === '.') {
        out += '..';
        i++;
      }
    } else if (c === '[') {
      flush();
      let depth = 0;
      let quote = '';
      let j = i;
      for (; j < path.length; j++) {
        const d = path[j];
        if (quote) {
          if (d === quote) quote = '';
        } else if (d === '"' || d === "'") quote = d;
        else if (d === '[') depth++;
        else if (d === ']' && --depth === 0) break;
      }
      out += path.slice(i, j + 1);
      i = j;
    } else {
      name += c;
    }
  }
  flush();
  return out;
}

/** The first value a column's path finds in the object, undefined when it finds none. */
function firstResult(object: KubeObject, path: string): { found: boolean; value: unknown } {
  let results: unknown[];
  try {
    results = JSONPath({ path, json: object as object, wrap: true, eval: 'safe' }) as unknown[];
  } catch {
    return { found: false, value: undefined };
  }
  if (!Array.isArray(results) || results.length === 0) return { found: false, value: undefined };
  return { found: true, value: results[0] };
}

/** jsonpath's PrintResults of one value: text for scalars, JSON for maps and lists. */
function printed(value: unknown): string | undefined {
  if (value === null || value === undefined) return undefined;
  if (typeof value === 'string') return value;
  if (typeof value === 'number') return goFloat(value);
  if (typeof value === 'boolean') return String(value);
  return JSON.stringify(sortKeys(value));
}

function sortKeys(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(sortKeys);
  if (value !== null && typeof value === 'object') {
    return Object.fromEntries(
      Object.keys(value as object)
        .sort()
        .map((key) => [key, sortKeys((value as Record<string, unknown>)[key])]),
    );
  }
  return value;
}

/** cellForJSONValue: the cell of a non-string column, or null when the value has another type. */
function typedCell(type: string, value: unknown, now: number): TableCell {
  switch (type) {
    case 'integer':
      return typeof value === 'number' ? Math.trunc(value) : null;
    case 'number':
      return typeof value === 'number' ? value : null;
    case 'boolean':
      return typeof value === 'boolean' ? value : null;
    case 'date': {
      if (typeof value !== 'string') return null;
      if (value === '') return UNKNOWN_TIMESTAMP;
      const ms = RFC3339.test(value) ? Date.parse(value) : Number.NaN;
      if (Number.isNaN(ms)) return INVALID_DURATION;
      return humanDuration(now - ms);
    }
    default:
      return null;
  }
}

/** The table printer of one custom resource version. */
export function customResourcePrinter(
  group: string,
  resource: string,
  crdColumns: readonly CustomResourceColumnDefinition[] | undefined,
): ResourcePrinter {
  const definitions = crdColumns && crdColumns.length > 0 ? crdColumns : DEFAULT_PRINTER_COLUMNS;
  const columns: TableColumnDefinition[] = [
    column('Name', 'string', objectMetaDoc.name, { format: 'name' }),
    ...definitions.map((definition) =>
      column(
        definition.name,
        definition.type,
        definition.description ||
          `Custom resource definition column (in JSONPath format): ${definition.jsonPath}`,
        { format: definition.format ?? '', priority: definition.priority ?? 0 },
      ),
    ),
  ];
  const paths = definitions.map((definition) => ({
    type: definition.type,
    path: toJsonPathPlus(definition.jsonPath),
  }));
  return {
    group,
    resource,
    columns,
    cells(object: KubeObject, context: PrintContext): TableCell[] {
      const cells: TableCell[] = [object.metadata.name ?? ''];
      for (const { type, path } of paths) {
        const { found, value } = firstResult(object, path);
        if (!found) cells.push(null);
        else if (type === 'string') cells.push(printed(value) ?? null);
        else cells.push(typedCell(type, value, context.now));
      }
      return cells;
    },
  };
}
