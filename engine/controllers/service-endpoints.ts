import type { Container, Pod, Service, ServicePort } from 'kubernetes-types/core/v1';
import { labelSelectorMatches } from '../api/selectors/label-selector.ts';
import { isPodReady } from './pod-state.ts';

/** Label of the Endpoints and EndpointSlices of a headless Service. */
export const HEADLESS_SERVICE_LABEL = 'service.kubernetes.io/headless';
export const LAST_CHANGE_TRIGGER_TIME = 'endpoints.kubernetes.io/last-change-trigger-time';

/** A pod as an endpoint of a Service: its IP, readiness, and the ports it serves. */
export interface ServiceEndpoint {
  pod: Pod;
  ip: string;
  ready: boolean;
  serving: boolean;
  terminating: boolean;
  /** Service port name → resolved port number on the pod (ports a named targetPort cannot resolve are absent). */
  ports: Map<string, { port: number; protocol: string; appProtocol?: string }>;
}

/** The selector of a Service as a label selector; undefined for selectorless Services (endpoints managed by hand). */
export function serviceSelects(service: Service, pod: Pod): boolean {
  const selector = service.spec?.selector;
  if (!selector || Object.keys(selector).length === 0) return false;
  return labelSelectorMatches({ matchLabels: selector }, pod.metadata?.labels);
}

export function isHeadless(service: Service): boolean {
  return service.spec?.clusterIP === 'None';
}

/** FindPort: a numeric targetPort as is, a named one looked up in the pod's container ports. */
export function findPort(pod: Pod, port: ServicePort): number | undefined {
  const target = port.targetPort ?? port.port;
  if (typeof target === 'number') return target;
  const asNumber = Number(target);
  if (target !== '' && Number.isInteger(asNumber)) return asNumber;
  const containers: Container[] = pod.spec?.containers ?? [];
  for (const container of containers) {
    for (const p of container.ports ?? []) {
      if (p.name === target && (p.protocol ?? 'TCP') === (port.protocol ?? 'TCP')) return p.containerPort;
    }
  }
  return undefined;
}

/**
 * The pods behind a Service, as the endpoints controllers choose them (ShouldPodBeInEndpoints):
 * selected, with an IP, not finished; terminating pods only where terminating endpoints are
 * wanted (EndpointSlices, or publishNotReadyAddresses).
 */
export function serviceEndpoints(
  service: Service,
  pods: readonly Pod[],
  includeTerminating: boolean,
): ServiceEndpoint[] {
  const publishNotReady = service.spec?.publishNotReadyAddresses === true;
  const result: ServiceEndpoint[] = [];
  for (const pod of pods) {
    if (!serviceSelects(service, pod)) continue;
    const ip = pod.status?.podIP;
    if (!ip) continue;
    const phase = pod.status?.phase;
    if (phase === 'Succeeded' || phase === 'Failed') continue;
    const terminating = pod.metadata?.deletionTimestamp !== undefined;
    if (terminating && !includeTerminating && !publishNotReady) continue;
    const podReady = isPodReady(pod);
    const ports = new Map<string, { port: number; protocol: string; appProtocol?: string }>();
    for (const port of service.spec?.ports ?? []) {
      const number = findPort(pod, port);
      if (number === undefined) continue;
      ports.set(port.name ?? '', {
        port: number,
        protocol: port.protocol ?? 'TCP',
        ...(port.appProtocol ? { appProtocol: port.appProtocol } : {}),
      });
    }
    result.push({
      pod,
      ip,
      ready: publishNotReady || (podReady && !terminating),
      serving: publishNotReady || podReady,
      terminating,
      ports,
    });
  }
  return result.sort(
    (a, b) => compareIPs(a.ip, b.ip) || (a.pod.metadata?.uid ?? '').localeCompare(b.pod.metadata?.uid ?? ''),
  );
}

function compareIPs(a: string, b: string): number {
  const pa = a.split('.').map(Number);
  const pb = b.split('.').map(Number);
  for (let i = 0; i < 4; i++) {
    const d = (pa[i] ?? 0) - (pb[i] ?? 0);
    if (d !== 0) return d;
  }
  return 0;
}
