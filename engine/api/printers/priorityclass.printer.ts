import type { PriorityClass } from 'kubernetes-types/scheduling/v1';
import { ageColumn, nameColumn } from './columns.ts';
import { translateTimestampSince } from './duration.ts';
import { column, definePrinter } from './printer.ts';
import { priorityClassDoc } from './swagger-docs.ts';

export const priorityClassColumns = [
  nameColumn,
  column('Value', 'integer', priorityClassDoc.value),
  column('Global-Default', 'boolean', priorityClassDoc.globalDefault),
  ageColumn,
  column('PreemptionPolicy', 'string', priorityClassDoc.preemptionPolicy),
];

export const priorityClassPrinter = definePrinter<PriorityClass>({
  group: 'scheduling.k8s.io',
  resource: 'priorityclasses',
  columns: priorityClassColumns,
  cells(priorityClass, { now }) {
    return [
      priorityClass.metadata?.name ?? '',
      priorityClass.value ?? 0,
      priorityClass.globalDefault ?? false,
      translateTimestampSince(priorityClass.metadata?.creationTimestamp, now),
      priorityClass.preemptionPolicy ?? '',
    ];
  },
});
