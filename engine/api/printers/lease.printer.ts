import type { Lease } from 'kubernetes-types/coordination/v1';
import { ageColumn, nameColumn } from './columns.ts';
import { translateTimestampSince } from './duration.ts';
import { column, definePrinter } from './printer.ts';
import { leaseSpecDoc } from './swagger-docs.ts';

export const leaseColumns = [nameColumn, column('Holder', 'string', leaseSpecDoc.holderIdentity), ageColumn];

export const leasePrinter = definePrinter<Lease>({
  group: 'coordination.k8s.io',
  resource: 'leases',
  columns: leaseColumns,
  cells(lease, { now }) {
    return [
      lease.metadata?.name ?? '',
      lease.spec?.holderIdentity ?? '',
      translateTimestampSince(lease.metadata?.creationTimestamp, now),
    ];
  },
});
