import type { PodDisruptionBudget } from 'kubernetes-types/policy/v1';
import { ageColumn, nameColumn } from './columns.ts';
import { translateTimestampSince } from './duration.ts';
import { intOrStringString } from './format.ts';
import { column, definePrinter } from './printer.ts';

export const podDisruptionBudgetColumns = [
  nameColumn,
  column('Min Available', 'string', 'The minimum number of pods that must be available.'),
  column('Max Unavailable', 'string', 'The maximum number of pods that may be unavailable.'),
  column('Allowed Disruptions', 'integer', 'Calculated number of pods that may be disrupted at this time.'),
  ageColumn,
];

const orNotApplicable = (value: number | string | undefined): string =>
  value === undefined || value === null ? 'N/A' : intOrStringString(value);

export const podDisruptionBudgetPrinter = definePrinter<PodDisruptionBudget>({
  group: 'policy',
  resource: 'poddisruptionbudgets',
  columns: podDisruptionBudgetColumns,
  cells(budget, { now }) {
    return [
      budget.metadata?.name ?? '',
      orNotApplicable(budget.spec?.minAvailable),
      orNotApplicable(budget.spec?.maxUnavailable),
      budget.status?.disruptionsAllowed ?? 0,
      translateTimestampSince(budget.metadata?.creationTimestamp, now),
    ];
  },
});
