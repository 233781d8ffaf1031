import type { CronJob } from 'kubernetes-types/batch/v1';
import { ageColumn, containersColumn, imagesColumn, nameColumn } from './columns.ts';
import { translateTimestampSince } from './duration.ts';
import { formatLabelSelector, layoutContainerCells, NONE, printBoolPtr } from './format.ts';
import { column, definePrinter } from './printer.ts';
import { cronJobDoc, jobDoc } from './swagger-docs.ts';

export const cronJobColumns = [
  nameColumn,
  column('Schedule', 'string', cronJobDoc.schedule),
  column('Timezone', 'string', cronJobDoc.timeZone),
  column('Suspend', 'boolean', cronJobDoc.suspend),
  column('Active', 'integer', cronJobDoc.active),
  column('Last Schedule', 'string', cronJobDoc.lastScheduleTime),
  ageColumn,
  containersColumn,
  imagesColumn,
  column('Selector', 'string', jobDoc.selector, { priority: 1 }),
];

export const cronJobPrinter = definePrinter<CronJob>({
  group: 'batch',
  resource: 'cronjobs',
  columns: cronJobColumns,
  cells(cronJob, { now }) {
    const jobSpec = cronJob.spec?.jobTemplate?.spec;
    const [containers, images] = layoutContainerCells(jobSpec?.template?.spec?.containers);
    const lastSchedule = cronJob.status?.lastScheduleTime;
    return [
      cronJob.metadata?.name ?? '',
      cronJob.spec?.schedule ?? '',
      cronJob.spec?.timeZone ?? NONE,
      printBoolPtr(cronJob.spec?.suspend),
      cronJob.status?.active?.length ?? 0,
      lastSchedule ? translateTimestampSince(lastSchedule, now) : NONE,
      translateTimestampSince(cronJob.metadata?.creationTimestamp, now),
      containers,
      images,
      formatLabelSelector(jobSpec?.selector),
    ];
  },
});
