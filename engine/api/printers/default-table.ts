// apiserver pkg/registry/rest/table.go defaultTableConvertor: the table for resources without a printer.
import type { KubeObject } from '../types.ts';
import { column } from './printer.ts';
import { objectMetaDoc } from './swagger-docs.ts';
import type { TableCell } from './table-types.ts';

export const defaultTableColumns = [
  column('Name', 'string', objectMetaDoc.name, { format: 'name' }),
  column('Created At', 'date', objectMetaDoc.creationTimestamp),
];

/** Go's zero time formatted as RFC3339. */
const ZERO_TIME_RFC3339 = '0001-01-01T00:00:00Z';

/** `t.UTC().Format(time.RFC3339)`: whole seconds, `Z` suffix. */
export function formatRFC3339(timestamp: string | null | undefined): string {
  if (!timestamp) return ZERO_TIME_RFC3339;
  const ms = Date.parse(timestamp);
  if (Number.isNaN(ms)) return ZERO_TIME_RFC3339;
  return new Date(ms).toISOString().replace(/\.\d{3}Z$/, 'Z');
}

/** The default table's cells: the name and the creation time in RFC3339. */
export function defaultTableCells(object: KubeObject): TableCell[] {
  return [object.metadata?.name ?? '', formatRFC3339(object.metadata?.creationTimestamp)];
}
