import type { Deployment } from 'kubernetes-types/apps/v1';
import { ageColumn, containersColumn, imagesColumn, nameColumn } from './columns.ts';
import { translateTimestampSince } from './duration.ts';
import { labelSelectorString, layoutContainerCells } from './format.ts';
import { column, definePrinter } from './printer.ts';
import { deploymentSpecDoc, deploymentStatusDoc } from './swagger-docs.ts';

export const deploymentColumns = [
  nameColumn,
  column('Ready', 'string', 'Number of the pod with ready state'),
  column('Up-to-date', 'string', deploymentStatusDoc.updatedReplicas),
  column('Available', 'string', deploymentStatusDoc.availableReplicas),
  ageColumn,
  containersColumn,
  imagesColumn,
  column('Selector', 'string', deploymentSpecDoc.selector, { priority: 1 }),
];

export const deploymentPrinter = definePrinter<Deployment>({
  group: 'apps',
  resource: 'deployments',
  columns: deploymentColumns,
  cells(deployment, { now }) {
    const status = deployment.status;
    const [containers, images] = layoutContainerCells(deployment.spec?.template?.spec?.containers);
    return [
      deployment.metadata?.name ?? '',
      `${status?.readyReplicas ?? 0}/${deployment.spec?.replicas ?? 0}`,
      status?.updatedReplicas ?? 0,
      status?.availableReplicas ?? 0,
      translateTimestampSince(deployment.metadata?.creationTimestamp, now),
      containers,
      images,
      labelSelectorString(deployment.spec?.selector) ?? '<invalid>',
    ];
  },
});
