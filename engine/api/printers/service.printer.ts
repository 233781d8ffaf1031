import type { LoadBalancerStatus, Service, ServicePort } from 'kubernetes-types/core/v1';
import { ageColumn, nameColumn } from './columns.ts';
import { translateTimestampSince } from './duration.ts';
import { formatLabels, NONE, sortedUnique, UNKNOWN } from './format.ts';
import { column, definePrinter } from './printer.ts';
import { serviceSpecDoc } from './swagger-docs.ts';

export const serviceColumns = [
  nameColumn,
  column('Type', 'string', serviceSpecDoc.type),
  column('Cluster-IP', 'string', serviceSpecDoc.clusterIP),
  column('External-IP', 'string', serviceSpecDoc.externalIPs),
  column('Port(s)', 'string', serviceSpecDoc.ports),
  ageColumn,
  column('Selector', 'string', serviceSpecDoc.selector, { priority: 1 }),
];

/** `loadBalancerStatusStringer` as the server calls it (wide, so never clipped): sorted unique IPs or hostnames. */
export function loadBalancerStatusString(
  status: { ingress?: Array<{ ip?: string; hostname?: string }> } | undefined,
): string {
  const addresses: string[] = [];
  for (const ingress of status?.ingress ?? []) {
    if (ingress.ip) addresses.push(ingress.ip);
    else if (ingress.hostname) addresses.push(ingress.hostname);
  }
  return sortedUnique(addresses).join(',');
}

/** The EXTERNAL-IP cell (`getServiceExternalIP`). */
export function serviceExternalIP(service: Service): string {
  const spec = service.spec ?? {};
  const externalIPs = spec.externalIPs ?? [];
  switch (spec.type) {
    case 'ClusterIP':
    case 'NodePort':
      return externalIPs.length > 0 ? externalIPs.join(',') : NONE;
    case 'LoadBalancer': {
      const lbIPs = loadBalancerStatusString(service.status?.loadBalancer as LoadBalancerStatus | undefined);
      if (externalIPs.length > 0) return [...(lbIPs ? lbIPs.split(',') : []), ...externalIPs].join(',');
      return lbIPs || '<pending>';
    }
    case 'ExternalName':
      return spec.externalName ?? '';
    default:
      return UNKNOWN;
  }
}

/** `makePortString`: `80/TCP` or `80:30080/TCP`, comma-joined. */
export function servicePortsString(ports: readonly ServicePort[] | undefined): string {
  return (ports ?? [])
    .map((p) => {
      const protocol = p.protocol ?? '';
      return p.nodePort && p.nodePort > 0 ? `${p.port}:${p.nodePort}/${protocol}` : `${p.port}/${protocol}`;
    })
    .join(',');
}

/** The first cluster IP; v1→internal conversion fills clusterIPs from clusterIP when only that is set. */
function clusterIP(service: Service): string {
  return service.spec?.clusterIPs?.[0] ?? (service.spec?.clusterIP || NONE);
}

export const servicePrinter = definePrinter<Service>({
  group: '',
  resource: 'services',
  columns: serviceColumns,
  cells(service, { now }) {
    return [
      service.metadata?.name ?? '',
      service.spec?.type ?? '',
      clusterIP(service),
      serviceExternalIP(service),
      servicePortsString(service.spec?.ports) || NONE,
      translateTimestampSince(service.metadata?.creationTimestamp, now),
      formatLabels(service.spec?.selector),
    ];
  },
});
