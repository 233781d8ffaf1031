import type { ServiceAccount } from 'kubernetes-types/core/v1';
import { ageColumn, nameColumn } from './columns.ts';
import { translateTimestampSince } from './duration.ts';
import { column, definePrinter } from './printer.ts';
import { serviceAccountDoc } from './swagger-docs.ts';

export const serviceAccountColumns = [
  nameColumn,
  column('Secrets', 'string', serviceAccountDoc.secrets),
  ageColumn,
];

export const serviceAccountPrinter = definePrinter<ServiceAccount>({
  group: '',
  resource: 'serviceaccounts',
  columns: serviceAccountColumns,
  cells(serviceAccount, { now }) {
    return [
      serviceAccount.metadata?.name ?? '',
      serviceAccount.secrets?.length ?? 0,
      translateTimestampSince(serviceAccount.metadata?.creationTimestamp, now),
    ];
  },
});
