import type { Job, JobCondition } from 'kubernetes-types/batch/v1';
import { ageColumn, containersColumn, imagesColumn, nameColumn } from './columns.ts';
import { humanDuration, parseTimestamp, translateTimestampSince } from './duration.ts';
import { formatLabelSelector, layoutContainerCells } from './format.ts';
import { column, definePrinter } from './printer.ts';
import { jobDoc } from './swagger-docs.ts';

export const jobColumns = [
  nameColumn,
  column('Status', 'string', 'Status of the job.'),
  column('Completions', 'string', jobDoc.succeeded),
  column('Duration', 'string', 'Time required to complete the job.'),
  ageColumn,
  containersColumn,
  imagesColumn,
  column('Selector', 'string', jobDoc.selector, { priority: 1 }),
];

/** `hasJobCondition`: the first condition of that type decides. */
function hasJobCondition(conditions: readonly JobCondition[] | undefined, type: string): boolean {
  const condition = (conditions ?? []).find((c) => c.type === type);
  return condition?.status === 'True';
}

/** The STATUS cell of `kubectl get jobs` (1.30+). */
export function jobStatus(job: Job): string {
  const conditions = job.status?.conditions;
  if (hasJobCondition(conditions, 'Complete')) return 'Complete';
  if (hasJobCondition(conditions, 'Failed')) return 'Failed';
  if (job.metadata?.deletionTimestamp) return 'Terminating';
  if (hasJobCondition(conditions, 'Suspended')) return 'Suspended';
  if (hasJobCondition(conditions, 'FailureTarget')) return 'FailureTarget';
  return 'Running';
}

/** The COMPLETIONS cell: `succeeded/completions`, or `n/1 of p` for a work queue with parallelism. */
export function jobCompletions(job: Job): string {
  const succeeded = job.status?.succeeded ?? 0;
  const completions = job.spec?.completions;
  if (completions !== undefined && completions !== null) return `${succeeded}/${completions}`;
  const parallelism = job.spec?.parallelism ?? 0;
  return parallelism > 1 ? `${succeeded}/1 of ${parallelism}` : `${succeeded}/1`;
}

function jobDuration(job: Job, now: number): string {
  const start = parseTimestamp(job.status?.startTime);
  if (start === undefined) return '';
  const completion = parseTimestamp(job.status?.completionTime);
  return humanDuration((completion ?? now) - start);
}

export const jobPrinter = definePrinter<Job>({
  group: 'batch',
  resource: 'jobs',
  columns: jobColumns,
  cells(job, { now }) {
    const [containers, images] = layoutContainerCells(job.spec?.template?.spec?.containers);
    return [
      job.metadata?.name ?? '',
      jobStatus(job),
      jobCompletions(job),
      jobDuration(job, now),
      translateTimestampSince(job.metadata?.creationTimestamp, now),
      containers,
      images,
      formatLabelSelector(job.spec?.selector),
    ];
  },
});
