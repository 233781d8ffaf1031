import type { DaemonSet } from 'kubernetes-types/apps/v1';
import { ageColumn, containersColumn, imagesColumn, nameColumn } from './columns.ts';
import { translateTimestampSince } from './duration.ts';
import { formatLabelSelector, formatLabels, layoutContainerCells } from './format.ts';
import { column, definePrinter } from './printer.ts';
import { daemonSetSpecDoc, daemonSetStatusDoc, podSpecDoc } from './swagger-docs.ts';

export const daemonSetColumns = [
  nameColumn,
  column('Desired', 'integer', daemonSetStatusDoc.desiredNumberScheduled),
  column('Current', 'integer', daemonSetStatusDoc.currentNumberScheduled),
  column('Ready', 'integer', daemonSetStatusDoc.numberReady),
  column('Up-to-date', 'integer', daemonSetStatusDoc.updatedNumberScheduled),
  column('Available', 'integer', daemonSetStatusDoc.numberAvailable),
  column('Node Selector', 'string', podSpecDoc.nodeSelector),
  ageColumn,
  containersColumn,
  imagesColumn,
  column('Selector', 'string', daemonSetSpecDoc.selector, { priority: 1 }),
];

export const daemonSetPrinter = definePrinter<DaemonSet>({
  group: 'apps',
  resource: 'daemonsets',
  columns: daemonSetColumns,
  cells(daemonSet, { now }) {
    const status = daemonSet.status;
    const podSpec = daemonSet.spec?.template?.spec;
    const [containers, images] = layoutContainerCells(podSpec?.containers);
    return [
      daemonSet.metadata?.name ?? '',
      status?.desiredNumberScheduled ?? 0,
      status?.currentNumberScheduled ?? 0,
      status?.numberReady ?? 0,
      status?.updatedNumberScheduled ?? 0,
      status?.numberAvailable ?? 0,
      formatLabels(podSpec?.nodeSelector),
      translateTimestampSince(daemonSet.metadata?.creationTimestamp, now),
      containers,
      images,
      formatLabelSelector(daemonSet.spec?.selector),
    ];
  },
});
