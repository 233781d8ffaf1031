import type { StatefulSet } from 'kubernetes-types/apps/v1';
import { ageColumn, containersColumn, imagesColumn, nameColumn } from './columns.ts';
import { translateTimestampSince } from './duration.ts';
import { layoutContainerCells } from './format.ts';
import { column, definePrinter } from './printer.ts';

export const statefulSetColumns = [
  nameColumn,
  column('Ready', 'string', 'Number of the pod with ready state'),
  ageColumn,
  containersColumn,
  imagesColumn,
];

export const statefulSetPrinter = definePrinter<StatefulSet>({
  group: 'apps',
  resource: 'statefulsets',
  columns: statefulSetColumns,
  cells(statefulSet, { now }) {
    const [containers, images] = layoutContainerCells(statefulSet.spec?.template?.spec?.containers);
    return [
      statefulSet.metadata?.name ?? '',
      `${statefulSet.status?.readyReplicas ?? 0}/${statefulSet.spec?.replicas ?? 0}`,
      translateTimestampSince(statefulSet.metadata?.creationTimestamp, now),
      containers,
      images,
    ];
  },
});
