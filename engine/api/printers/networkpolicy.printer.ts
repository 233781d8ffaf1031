import type { NetworkPolicy } from 'kubernetes-types/networking/v1';
import { ageColumn, nameColumn } from './columns.ts';
import { translateTimestampSince } from './duration.ts';
import { formatLabelSelector } from './format.ts';
import { column, definePrinter } from './printer.ts';
import { networkPolicySpecDoc } from './swagger-docs.ts';

export const networkPolicyColumns = [
  nameColumn,
  column('Pod-Selector', 'string', networkPolicySpecDoc.podSelector),
  ageColumn,
];

export const networkPolicyPrinter = definePrinter<NetworkPolicy>({
  group: 'networking.k8s.io',
  resource: 'networkpolicies',
  columns: networkPolicyColumns,
  cells(policy, { now }) {
    // The internal type's podSelector is a value, never nil: an absent one selects everything.
    return [
      policy.metadata?.name ?? '',
      formatLabelSelector(policy.spec?.podSelector ?? {}),
      translateTimestampSince(policy.metadata?.creationTimestamp, now),
    ];
  },
});
