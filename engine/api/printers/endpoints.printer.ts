import type { Endpoints } from 'kubernetes-types/core/v1';
import { ageColumn, nameColumn } from './columns.ts';
import { translateTimestampSince } from './duration.ts';
import { joinHostPort, NONE } from './format.ts';
import { column, definePrinter } from './printer.ts';
import { endpointsDoc } from './swagger-docs.ts';

export const endpointsColumns = [nameColumn, column('Endpoints', 'string', endpointsDoc.subsets), ageColumn];

const MAX_SHOWN = 3;

/** `formatEndpoints(endpoints, nil)`: up to three `ip:port` entries, then `+ N more...`. */
export function formatEndpoints(endpoints: Endpoints): string {
  const subsets = endpoints.subsets ?? [];
  if (subsets.length === 0) return NONE;
  const list: string[] = [];
  let more = false;
  let count = 0;
  for (const subset of subsets) {
    const addresses = subset.addresses ?? [];
    const ports = subset.ports ?? [];
    if (ports.length === 0) {
      // Headless services may have no ports.
      count += addresses.length;
      for (const address of addresses) {
        if (list.length === MAX_SHOWN) {
          more = true;
          break;
        }
        list.push(address.ip);
      }
      continue;
    }
    for (const port of ports) {
      count += addresses.length;
      for (const address of addresses) {
        if (list.length === MAX_SHOWN) {
          more = true;
          break;
        }
        list.push(joinHostPort(address.ip, port.port));
      }
    }
  }
  const joined = list.join(',');
  return more ? `${joined} + ${count - MAX_SHOWN} more...` : joined;
}

export const endpointsPrinter = definePrinter<Endpoints>({
  group: '',
  resource: 'endpoints',
  columns: endpointsColumns,
  cells(endpoints, { now }) {
    return [
      endpoints.metadata?.name ?? '',
      formatEndpoints(endpoints),
      translateTimestampSince(endpoints.metadata?.creationTimestamp, now),
    ];
  },
});
