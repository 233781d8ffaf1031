import type { ResourceQuota } from 'kubernetes-types/core/v1';
import { ageColumn, nameColumn } from './columns.ts';
import { translateTimestampSince } from './duration.ts';
import { quantityString } from './format.ts';
import { column, definePrinter } from './printer.ts';

// 1.32 prints Age second; the move of Age to the end (kubernetes#129419) landed in 1.33.
export const resourceQuotaColumns = [
  nameColumn,
  ageColumn,
  column(
    'Request',
    'string',
    'Request represents a minimum amount of cpu/memory that a container may consume.',
  ),
  column(
    'Limit',
    'string',
    'Limits control the maximum amount of cpu/memory that a container may use independent of contention on the node.',
  ),
];

/** The REQUEST and LIMIT cells: `name: used/hard` for every hard limit, `limits.*` in the second. */
export function quotaUsage(quota: ResourceQuota): [request: string, limit: string] {
  const hard = quota.status?.hard ?? {};
  const used = quota.status?.used ?? {};
  const request: string[] = [];
  const limit: string[] = [];
  for (const resource of Object.keys(hard).sort()) {
    const pieces = resource.split('.');
    const target = pieces.length > 1 && pieces[0] === 'limits' ? limit : request;
    target.push(`${resource}: ${quantityString(used[resource])}/${quantityString(hard[resource])}`);
  }
  return [request.join(', '), limit.join(', ')];
}

export const resourceQuotaPrinter = definePrinter<ResourceQuota>({
  group: '',
  resource: 'resourcequotas',
  columns: resourceQuotaColumns,
  cells(quota, { now }) {
    const [request, limit] = quotaUsage(quota);
    return [
      quota.metadata?.name ?? '',
      translateTimestampSince(quota.metadata?.creationTimestamp, now),
      request,
      limit,
    ];
  },
});
