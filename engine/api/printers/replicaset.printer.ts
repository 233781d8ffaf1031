import type { ReplicaSet } from 'kubernetes-types/apps/v1';
import { ageColumn, containersColumn, imagesColumn, nameColumn } from './columns.ts';
import { translateTimestampSince } from './duration.ts';
import { formatLabelSelector, layoutContainerCells } from './format.ts';
import { column, definePrinter } from './printer.ts';
import { replicaSetSpecDoc, replicaSetStatusDoc } from './swagger-docs.ts';

export const replicaSetColumns = [
  nameColumn,
  column('Desired', 'integer', replicaSetSpecDoc.replicas),
  column('Current', 'integer', replicaSetStatusDoc.replicas),
  column('Ready', 'integer', replicaSetStatusDoc.readyReplicas),
  ageColumn,
  containersColumn,
  imagesColumn,
  column('Selector', 'string', replicaSetSpecDoc.selector, { priority: 1 }),
];

export const replicaSetPrinter = definePrinter<ReplicaSet>({
  group: 'apps',
  resource: 'replicasets',
  columns: replicaSetColumns,
  cells(replicaSet, { now }) {
    const [containers, images] = layoutContainerCells(replicaSet.spec?.template?.spec?.containers);
    return [
      replicaSet.metadata?.name ?? '',
      replicaSet.spec?.replicas ?? 0,
      replicaSet.status?.replicas ?? 0,
      replicaSet.status?.readyReplicas ?? 0,
      translateTimestampSince(replicaSet.metadata?.creationTimestamp, now),
      containers,
      images,
      formatLabelSelector(replicaSet.spec?.selector),
    ];
  },
});
