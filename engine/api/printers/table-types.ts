// Wire shapes of meta.k8s.io/v1 Table (apimachinery pkg/apis/meta/v1/types.go).

/** One column of a Table. All fields are always serialized, `format` as '' when unset. */
export interface TableColumnDefinition {
  name: string;
  type: string;
  format: string;
  description: string;
  priority: number;
}

/**
 * A typed cell: strings, JSON integers for int64 cells, booleans for bool cells, null where a custom
 * resource's column finds nothing.
 */
export type TableCell = string | number | boolean | null;

export interface TableRowCondition {
  type: string;
  status: string;
  reason?: string;
  message?: string;
}

/** `includeObject` query values (`metav1.IncludeObjectPolicy`). */
export type IncludeObjectPolicy = 'None' | 'Metadata' | 'Object';

export interface PartialObjectMetadata {
  kind: 'PartialObjectMetadata';
  apiVersion: 'meta.k8s.io/v1';
  metadata: object;
}

export interface TableRow {
  cells: TableCell[];
  conditions?: TableRowCondition[];
  /** PartialObjectMetadata (default), the full object, or null for includeObject=None. */
  object: unknown;
}

export interface TableListMeta {
  resourceVersion?: string;
  continue?: string;
  remainingItemCount?: number;
}

export interface Table {
  kind: 'Table';
  apiVersion: 'meta.k8s.io/v1';
  metadata: TableListMeta;
  /** null when the request asked for no headers. */
  columnDefinitions: TableColumnDefinition[] | null;
  /** The default table convertor leaves this null for an empty list; printers give []. */
  rows: TableRow[] | null;
}
