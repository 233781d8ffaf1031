import { badRequest } from '../errors.ts';
import type { KubeObject } from '../types.ts';
import { createBuiltinPrinterRegistry } from './builtin-printers.ts';
import { defaultTableCells, defaultTableColumns } from './default-table.ts';
import type { PrintContext, ResourcePrinter } from './printer.ts';
import type { PrinterRegistry } from './printer-registry.ts';
import type {
  IncludeObjectPolicy,
  PartialObjectMetadata,
  Table,
  TableCell,
  TableColumnDefinition,
  TableListMeta,
  TableRow,
} from './table-types.ts';

export interface PrintTableOptions {
  /** The engine's clock, in milliseconds since the epoch; ages are computed against it. */
  now: number;
  /** What each row embeds: PartialObjectMetadata (default), the full object, or nothing. */
  includeObject?: IncludeObjectPolicy | undefined;
  resourceVersion: string;
  continueToken?: string | undefined;
  remainingItemCount?: number | undefined;
  /** `TableOptions.noHeaders`: leave out the column definitions. */
  noHeaders?: boolean | undefined;
  /** Printers to use instead of the built-in ones. */
  registry?: PrinterRegistry | undefined;
  /** The printer of this resource when it is data, not code (a custom resource's columns). */
  printer?: ResourcePrinter | undefined;
}

const defaultRegistry = createBuiltinPrinterRegistry();

const INCLUDE_OBJECT_POLICIES: ReadonlySet<string> = new Set(['None', 'Metadata', 'Object']);

/** The BadRequest message for an unknown `includeObject` value. */
export const unrecognizedIncludeObjectMessage = (value: string): string =>
  `unrecognized includeObject value: ${JSON.stringify(value)}`;

type RowObject = (object: KubeObject) => unknown;

const asPartialObjectMetadata: RowObject = (object): PartialObjectMetadata => ({
  kind: 'PartialObjectMetadata',
  apiVersion: 'meta.k8s.io/v1',
  metadata: object.metadata,
});

function rowObjectFor(policy: IncludeObjectPolicy | undefined): RowObject {
  switch (policy) {
    case 'Object':
      return (object) => object;
    case 'None':
      return () => null;
    default:
      return asPartialObjectMetadata;
  }
}

function tableMetadata(options: PrintTableOptions): TableListMeta {
  const metadata: TableListMeta = {};
  if (options.resourceVersion) metadata.resourceVersion = options.resourceVersion;
  if (options.continueToken) metadata.continue = options.continueToken;
  if (options.remainingItemCount !== undefined) metadata.remainingItemCount = options.remainingItemCount;
  return metadata;
}

function printedRows(
  printer: ResourcePrinter,
  objects: readonly KubeObject[],
  context: PrintContext,
  rowObject: RowObject,
): TableRow[] {
  const rows = new Array<TableRow>(objects.length);
  for (let i = 0; i < objects.length; i++) {
    const object = objects[i] as KubeObject;
    const conditions = printer.conditions?.(object);
    rows[i] = conditions
      ? { cells: printer.cells(object, context), conditions, object: rowObject(object) }
      : { cells: printer.cells(object, context), object: rowObject(object) };
  }
  return rows;
}

function defaultRows(objects: readonly KubeObject[], rowObject: RowObject): TableRow[] | null {
  // The default convertor appends to a nil slice, so an empty list serializes as `"rows": null`.
  if (objects.length === 0) return null;
  return objects.map((object) => ({
    cells: defaultTableCells(object) as TableCell[],
    object: rowObject(object),
  }));
}

const copyColumns = (columns: readonly TableColumnDefinition[]): TableColumnDefinition[] =>
  columns.map((c) => ({
    name: c.name,
    type: c.type,
    format: c.format,
    description: c.description,
    priority: c.priority,
  }));

/** Checks an `includeObject` value; a BadRequest ApiError for an unknown one. */
function checkIncludeObject(policy: IncludeObjectPolicy | undefined): void {
  if (policy !== undefined && (policy as string) !== '' && !INCLUDE_OBJECT_POLICIES.has(policy)) {
    throw badRequest(unrecognizedIncludeObjectMessage(policy));
  }
}

/**
 * The `meta.k8s.io/v1` Table a 1.32 API server returns for `objects` of one resource, as the
 * apiserver builds it for `Accept: application/json;as=Table;v=v1;g=meta.k8s.io`: the resource's
 * printer (always wide), or the default Name / Created At table when upstream has none.
 * Throws a BadRequest ApiError for an unknown includeObject value.
 */
export function printTable(
  resource: string,
  group: string,
  objects: readonly KubeObject[],
  options: PrintTableOptions,
): Table {
  const policy = options.includeObject;
  checkIncludeObject(policy);
  const printer = options.printer ?? (options.registry ?? defaultRegistry).lookup(group, resource);
  const rowObject = rowObjectFor(policy);
  const columns = printer ? printer.columns : defaultTableColumns;
  const rows = printer
    ? printedRows(printer, objects, { now: options.now }, rowObject)
    : defaultRows(objects, rowObject);
  return {
    kind: 'Table',
    apiVersion: 'meta.k8s.io/v1',
    metadata: tableMetadata(options),
    columnDefinitions: options.noHeaders ? null : copyColumns(columns),
    rows,
  };
}

// Stored objects are never mutated (a write stores a new object), so the bytes of a row's
// embedded object can be kept with the object. Cells are kept with the instant they were
// printed at: AGE and RESTARTS read the clock, so a row printed at another instant is printed
// anew. Printers are pure over (object, now); a custom resource's printer is its own cache key.
const metadataRowObjects = new WeakMap<object, Buffer>();
const fullRowObjects = new WeakMap<object, Buffer>();
const NULL_ROW_OBJECT = Buffer.from('null');
const DEFAULT_TABLE = Symbol('default table');
const printedCells = new WeakMap<ResourcePrinter | typeof DEFAULT_TABLE, WeakMap<object, PrintedCells>>();

interface PrintedCells {
  now: number;
  /** `{"cells":[…]` and, when the printer gives them, `,"conditions":[…]`, then `,"object":`. */
  bytes: Buffer;
}

function rowObjectBytes(object: KubeObject, policy: IncludeObjectPolicy | undefined): Buffer {
  if (policy === 'None') return NULL_ROW_OBJECT;
  const cache = policy === 'Object' ? fullRowObjects : metadataRowObjects;
  let bytes = cache.get(object);
  if (bytes === undefined) {
    bytes = Buffer.from(JSON.stringify(policy === 'Object' ? object : asPartialObjectMetadata(object)));
    cache.set(object, bytes);
  }
  return bytes;
}

function cellsBytes(printer: ResourcePrinter | undefined, object: KubeObject, now: number): Buffer {
  const key = printer ?? DEFAULT_TABLE;
  let byObject = printedCells.get(key);
  if (!byObject) {
    byObject = new WeakMap();
    printedCells.set(key, byObject);
  }
  const cached = byObject.get(object);
  if (cached && cached.now === now) return cached.bytes;
  let text: string;
  if (printer) {
    const conditions = printer.conditions?.(object);
    const cells = JSON.stringify(printer.cells(object, { now }));
    text = conditions
      ? `{"cells":${cells},"conditions":${JSON.stringify(conditions)},"object":`
      : `{"cells":${cells},"object":`;
  } else {
    text = `{"cells":${JSON.stringify(defaultTableCells(object))},"object":`;
  }
  const bytes = Buffer.from(text);
  byObject.set(object, { now, bytes });
  return bytes;
}

const ROW_END = Buffer.from('}');
const ROW_SEPARATOR = Buffer.from('},');
const ROWS_END = Buffer.from(']}\n');

/**
 * `printTable` serialised as Go's encoder writes it (UTF-8, newline-terminated), byte for byte
 * `JSON.stringify(printTable(…)) + "\n"`, joined from per-object cached pieces: each row's
 * embedded object is encoded once per resourceVersion, its cells once per instant of the clock.
 */
export function printTableBody(
  resource: string,
  group: string,
  objects: readonly KubeObject[],
  options: PrintTableOptions,
): Buffer {
  return Buffer.concat(printTableChunks(resource, group, objects, options));
}

/** `printTableBody` as the pieces it is joined from, for a transport that writes them in turn. */
export function printTableChunks(
  resource: string,
  group: string,
  objects: readonly KubeObject[],
  options: PrintTableOptions,
): Buffer[] {
  const policy = options.includeObject;
  checkIncludeObject(policy);
  const printer = options.printer ?? (options.registry ?? defaultRegistry).lookup(group, resource);
  const columns = printer ? printer.columns : defaultTableColumns;
  const head = JSON.stringify({
    kind: 'Table',
    apiVersion: 'meta.k8s.io/v1',
    metadata: tableMetadata(options),
    columnDefinitions: options.noHeaders ? null : copyColumns(columns),
  });
  // The default convertor appends to a nil slice, so an empty list serializes as `"rows": null`.
  if (!printer && objects.length === 0) return [Buffer.from(`${head.slice(0, -1)},"rows":null}\n`)];
  const parts: Buffer[] = [Buffer.from(`${head.slice(0, -1)},"rows":[`)];
  for (let i = 0; i < objects.length; i++) {
    const object = objects[i] as KubeObject;
    parts.push(cellsBytes(printer, object, options.now), rowObjectBytes(object, policy));
    parts.push(i === objects.length - 1 ? ROW_END : ROW_SEPARATOR);
  }
  parts.push(ROWS_END);
  return parts;
}
