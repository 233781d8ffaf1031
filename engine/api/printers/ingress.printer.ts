import type { Ingress, IngressClass, IngressRule, IngressTLS } from 'kubernetes-types/networking/v1';
import { ageColumn, nameColumn } from './columns.ts';
import { translateTimestampSince } from './duration.ts';
import { NONE } from './format.ts';
import { column, definePrinter } from './printer.ts';
import { loadBalancerStatusString } from './service.printer.ts';

export const ingressColumns = [
  nameColumn,
  column(
    'Class',
    'string',
    'The name of the IngressClass resource that should be used for additional configuration',
  ),
  column('Hosts', 'string', 'Hosts that incoming requests are matched against before the ingress rule'),
  column('Address', 'string', 'Address is a list containing ingress points for the load-balancer'),
  column('Ports', 'string', 'Ports of TLS configurations that open'),
  ageColumn,
];

export const ingressClassColumns = [
  nameColumn,
  column('Controller', 'string', 'Controller that is responsible for handling this class'),
  column('Parameters', 'string', 'A reference to a resource with additional parameters'),
  ageColumn,
];

const MAX_HOSTS = 3;

/** `formatHosts`: up to three rule hosts, `*` when none names a host. */
export function formatHosts(rules: readonly IngressRule[] | undefined): string {
  const list: string[] = [];
  let more = false;
  for (const rule of rules ?? []) {
    if (list.length === MAX_HOSTS) more = true;
    if (!more && rule.host) list.push(rule.host);
  }
  if (list.length === 0) return '*';
  const joined = list.join(',');
  return more ? `${joined} + ${(rules?.length ?? 0) - MAX_HOSTS} more...` : joined;
}

/** `formatPorts`: `80`, or `80, 443` when the ingress has TLS. */
export function formatIngressPorts(tls: readonly IngressTLS[] | undefined): string {
  return tls && tls.length > 0 ? '80, 443' : '80';
}

export const ingressPrinter = definePrinter<Ingress>({
  group: 'networking.k8s.io',
  resource: 'ingresses',
  columns: ingressColumns,
  cells(ingress, { now }) {
    return [
      ingress.metadata?.name ?? '',
      ingress.spec?.ingressClassName ?? NONE,
      formatHosts(ingress.spec?.rules),
      loadBalancerStatusString(ingress.status?.loadBalancer),
      formatIngressPorts(ingress.spec?.tls),
      translateTimestampSince(ingress.metadata?.creationTimestamp, now),
    ];
  },
});

export const ingressClassPrinter = definePrinter<IngressClass>({
  group: 'networking.k8s.io',
  resource: 'ingressclasses',
  columns: ingressClassColumns,
  cells(ingressClass, { now }) {
    const ref = ingressClass.spec?.parameters;
    let parameters = NONE;
    if (ref) {
      parameters = ref.kind;
      if (ref.apiGroup !== undefined && ref.apiGroup !== null) parameters = `${parameters}.${ref.apiGroup}`;
      parameters = `${parameters}/${ref.name}`;
    }
    return [
      ingressClass.metadata?.name ?? '',
      ingressClass.spec?.controller ?? '',
      parameters,
      translateTimestampSince(ingressClass.metadata?.creationTimestamp, now),
    ];
  },
});
