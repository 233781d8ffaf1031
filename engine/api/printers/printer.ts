import type { KubeObject } from '../types.ts';
import type { TableCell, TableColumnDefinition, TableRowCondition } from './table-types.ts';

/** What a printer may read besides the object: the engine's clock. */
export interface PrintContext {
  /** Milliseconds since the epoch. */
  readonly now: number;
}

/**
 * The server-side table printer of one resource (one `h.TableHandler` in upstream printers.go).
 * The apiserver always prints wide, so `cells` returns a value for every column, priority 1 included.
 */
export interface ResourcePrinter {
  readonly group: string;
  readonly resource: string;
  readonly columns: readonly TableColumnDefinition[];
  cells(object: KubeObject, context: PrintContext): TableCell[];
  conditions?(object: KubeObject): TableRowCondition[] | undefined;
}

/** Typed view of a ResourcePrinter for the printer modules; the registry sees it untyped. */
export interface TypedPrinter<T> {
  readonly group: string;
  readonly resource: string;
  readonly columns: readonly TableColumnDefinition[];
  cells(object: T, context: PrintContext): TableCell[];
  conditions?(object: T): TableRowCondition[] | undefined;
}

/** Declares a printer over a kubernetes-types shape (the stored JSON is trusted to have that shape). */
export function definePrinter<T>(printer: TypedPrinter<T>): ResourcePrinter {
  return printer as unknown as ResourcePrinter;
}

/** A column definition with upstream's zero values for format and priority. */
export function column(
  name: string,
  type: string,
  description: string,
  options: { format?: string; priority?: number } = {},
): TableColumnDefinition {
  return Object.freeze({
    name,
    type,
    format: options.format ?? '',
    description,
    priority: options.priority ?? 0,
  });
}
