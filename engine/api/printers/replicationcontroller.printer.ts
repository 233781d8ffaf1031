import type { ReplicationController } from 'kubernetes-types/core/v1';
import { ageColumn, containersColumn, imagesColumn, nameColumn } from './columns.ts';
import { translateTimestampSince } from './duration.ts';
import { formatLabels, layoutContainerCells } from './format.ts';
import { column, definePrinter } from './printer.ts';
import { replicationControllerSpecDoc, replicationControllerStatusDoc } from './swagger-docs.ts';

export const replicationControllerColumns = [
  nameColumn,
  column('Desired', 'integer', replicationControllerSpecDoc.replicas),
  column('Current', 'integer', replicationControllerStatusDoc.replicas),
  column('Ready', 'integer', replicationControllerStatusDoc.readyReplicas),
  ageColumn,
  containersColumn,
  imagesColumn,
  column('Selector', 'string', replicationControllerSpecDoc.selector, { priority: 1 }),
];

export const replicationControllerPrinter = definePrinter<ReplicationController>({
  group: '',
  resource: 'replicationcontrollers',
  columns: replicationControllerColumns,
  cells(controller, { now }) {
    const [containers, images] = layoutContainerCells(controller.spec?.template?.spec?.containers);
    return [
      controller.metadata?.name ?? '',
      controller.spec?.replicas ?? 0,
      controller.status?.replicas ?? 0,
      controller.status?.readyReplicas ?? 0,
      translateTimestampSince(controller.metadata?.creationTimestamp, now),
      containers,
      images,
      formatLabels(controller.spec?.selector),
    ];
  },
});
