import type { Endpoint, EndpointPort, EndpointSlice } from 'kubernetes-types/discovery/v1';
import { ageColumn, nameColumn } from './columns.ts';
import { translateTimestampSince } from './duration.ts';
import { listWithMoreString } from './format.ts';
import { column, definePrinter } from './printer.ts';
import { endpointSliceDoc } from './swagger-docs.ts';

export const endpointSliceColumns = [
  nameColumn,
  column('AddressType', 'string', endpointSliceDoc.addressType),
  column('Ports', 'string', endpointSliceDoc.ports),
  column('Endpoints', 'string', endpointSliceDoc.endpoints),
  ageColumn,
];

const MAX_SHOWN = 3;

/** `formatDiscoveryPorts`: port numbers (or names, or `*`), three at most. */
export function formatDiscoveryPorts(ports: readonly EndpointPort[] | undefined): string {
  const list: string[] = [];
  let more = false;
  let count = 0;
  for (const port of ports ?? []) {
    if (list.length < MAX_SHOWN) {
      let portNum = '*';
      if (port.port !== undefined && port.port !== null) portNum = String(port.port);
      else if (port.name !== undefined && port.name !== null) portNum = port.name;
      list.push(portNum);
    } else if (list.length === MAX_SHOWN) {
      more = true;
    }
    count++;
  }
  return listWithMoreString(list, more, count, MAX_SHOWN);
}

/** `formatDiscoveryEndpoints`: endpoint addresses, three at most. */
export function formatDiscoveryEndpoints(endpoints: readonly Endpoint[] | undefined): string {
  const list: string[] = [];
  let more = false;
  let count = 0;
  for (const endpoint of endpoints ?? []) {
    for (const address of endpoint.addresses ?? []) {
      if (list.length < MAX_SHOWN) list.push(address);
      else if (list.length === MAX_SHOWN) more = true;
      count++;
    }
  }
  return listWithMoreString(list, more, count, MAX_SHOWN);
}

export const endpointSlicePrinter = definePrinter<EndpointSlice>({
  group: 'discovery.k8s.io',
  resource: 'endpointslices',
  columns: endpointSliceColumns,
  cells(slice, { now }) {
    return [
      slice.metadata?.name ?? '',
      slice.addressType ?? '',
      formatDiscoveryPorts(slice.ports),
      formatDiscoveryEndpoints(slice.endpoints),
      translateTimestampSince(slice.metadata?.creationTimestamp, now),
    ];
  },
});
