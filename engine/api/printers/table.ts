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
  if (policy !== undefined && (policy as string) !== '' && !INCLUDE_OBJECT_POLICIES.has(policy)) {
    throw badRequest(unrecognizedIncludeObjectMessage(policy));
  }
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
