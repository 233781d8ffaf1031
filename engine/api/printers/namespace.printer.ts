import type { Namespace } from 'kubernetes-types/core/v1';
import { ageColumn, nameColumn } from './columns.ts';
import { translateTimestampSince } from './duration.ts';
import { column, definePrinter } from './printer.ts';

export const namespaceColumns = [
  nameColumn,
  column('Status', 'string', 'The status of the namespace'),
  ageColumn,
];

export const namespacePrinter = definePrinter<Namespace>({
  group: '',
  resource: 'namespaces',
  columns: namespaceColumns,
  cells(namespace, { now }) {
    return [
      namespace.metadata?.name ?? '',
      namespace.status?.phase ?? '',
      translateTimestampSince(namespace.metadata?.creationTimestamp, now),
    ];
  },
});
