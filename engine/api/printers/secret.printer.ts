import type { Secret } from 'kubernetes-types/core/v1';
import { ageColumn, nameColumn } from './columns.ts';
import { translateTimestampSince } from './duration.ts';
import { column, definePrinter } from './printer.ts';
import { secretDoc } from './swagger-docs.ts';

export const secretColumns = [
  nameColumn,
  column('Type', 'string', secretDoc.type),
  column('Data', 'string', secretDoc.data),
  ageColumn,
];

/** Keys in `data`; v1→internal conversion merges write-only `stringData` into `data` first. */
function dataCount(secret: Secret): number {
  const keys = new Set(Object.keys(secret.data ?? {}));
  for (const key of Object.keys(secret.stringData ?? {})) keys.add(key);
  return keys.size;
}

export const secretPrinter = definePrinter<Secret>({
  group: '',
  resource: 'secrets',
  columns: secretColumns,
  cells(secret, { now }) {
    return [
      secret.metadata?.name ?? '',
      secret.type ?? '',
      dataCount(secret),
      translateTimestampSince(secret.metadata?.creationTimestamp, now),
    ];
  },
});
