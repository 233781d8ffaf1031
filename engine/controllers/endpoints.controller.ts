import type {
  EndpointAddress,
  EndpointPort,
  EndpointSubset,
  Endpoints,
  Pod,
  Service,
} from 'kubernetes-types/core/v1';
import { ApiError } from '../api/errors.ts';
import type { KubeObject } from '../api/types.ts';
import { toRfc3339 } from '../clock/clock.ts';
import type { Controller, ControllerContext } from './runtime/controller.ts';
import { objectKey, splitKey } from './runtime/work-queue.ts';
import {
  HEADLESS_SERVICE_LABEL,
  isHeadless,
  LAST_CHANGE_TRIGGER_TIME,
  type ServiceEndpoint,
  serviceEndpoints,
} from './service-endpoints.ts';

const SERVICES = '/services';
const ENDPOINTS = '/endpoints';
const PODS = '/pods';

/**
 * The Endpoints controller (pkg/controller/endpoint): an Endpoints object named after each
 * Service with a selector, listing the selected pods' IPs under `addresses` (ready) or
 * `notReadyAddresses`, with the Service ports resolved against each pod.
 */
export const endpointsController: Controller = {
  name: 'endpoint',
  start(context) {
    const queue = context.queue('endpoint', (key) => sync(context, key));
    const services = context.informers.for(SERVICES);
    services.addHandlers({
      add: (svc) => queue.add(objectKey(svc)),
      update: (svc) => queue.add(objectKey(svc)),
      delete: (svc) => queue.add(objectKey(svc)),
    });
    const enqueueFor = (pod: KubeObject) => {
      for (const svc of services.list(pod.metadata.namespace)) queue.add(objectKey(svc));
    };
    context.informers.for(PODS).addHandlers({ add: enqueueFor, update: enqueueFor, delete: enqueueFor });
  },
};

/** Addresses grouped by the ports they serve (RepackSubsets), ready ones apart from not-ready ones. */
export function endpointSubsets(service: Service, endpoints: readonly ServiceEndpoint[]): EndpointSubset[] {
  const groups = new Map<
    string,
    { ports: EndpointPort[]; addresses: EndpointAddress[]; notReady: EndpointAddress[] }
  >();
  const servicePorts = service.spec?.ports ?? [];
  for (const endpoint of endpoints) {
    const ports: EndpointPort[] = [];
    for (const servicePort of servicePorts) {
      const resolved = endpoint.ports.get(servicePort.name ?? '');
      if (!resolved) continue;
      ports.push({
        ...(servicePort.name ? { name: servicePort.name } : {}),
        port: resolved.port,
        protocol: resolved.protocol,
        ...(resolved.appProtocol ? { appProtocol: resolved.appProtocol } : {}),
      });
    }
    if (ports.length === 0 && servicePorts.length > 0) continue;
    const pod = endpoint.pod;
    const address: EndpointAddress = {
      ip: endpoint.ip,
      ...(pod.spec?.hostname && pod.spec.subdomain === service.metadata?.name
        ? { hostname: pod.spec.hostname }
        : {}),
      ...(pod.spec?.nodeName ? { nodeName: pod.spec.nodeName } : {}),
      targetRef: {
        kind: 'Pod',
        namespace: pod.metadata?.namespace ?? '',
        name: pod.metadata?.name ?? '',
        uid: pod.metadata?.uid ?? '',
      },
    };
    const key = JSON.stringify(ports);
    let group = groups.get(key);
    if (!group) {
      group = { ports, addresses: [], notReady: [] };
      groups.set(key, group);
    }
    (endpoint.ready ? group.addresses : group.notReady).push(address);
  }
  return [...groups.values()].map((g) => ({
    ...(g.addresses.length > 0 ? { addresses: g.addresses } : {}),
    ...(g.notReady.length > 0 ? { notReadyAddresses: g.notReady } : {}),
    ...(g.ports.length > 0 ? { ports: g.ports } : {}),
  }));
}

function sync(context: ControllerContext, key: string): void {
  const { namespace, name } = splitKey(key);
  const { client } = context;
  const service = context.informers.for(SERVICES).get(namespace, name) as unknown as Service | undefined;
  const existing = context.informers.for(ENDPOINTS).get(namespace, name) as unknown as Endpoints | undefined;
  if (!service) {
    if (existing) client.delete(ENDPOINTS, namespace, name);
    return;
  }
  const selector = service.spec?.selector;
  if (!selector || Object.keys(selector).length === 0) return;
  const pods = context.informers.for(PODS).list(namespace) as unknown as Pod[];
  const subsets = endpointSubsets(service, serviceEndpoints(service, pods, false));
  const labels: Record<string, string> = { ...service.metadata?.labels };
  if (isHeadless(service)) labels[HEADLESS_SERVICE_LABEL] = '';
  else delete labels[HEADLESS_SERVICE_LABEL];
  const sameSubsets = JSON.stringify(existing?.subsets ?? []) === JSON.stringify(subsets);
  const sameLabels = JSON.stringify(existing?.metadata?.labels ?? {}) === JSON.stringify(labels);
  if (existing && sameSubsets && sameLabels) return;
  const annotations = {
    ...existing?.metadata?.annotations,
    [LAST_CHANGE_TRIGGER_TIME]: toRfc3339(context.clock.now()),
  };
  const object: KubeObject = {
    apiVersion: 'v1',
    kind: 'Endpoints',
    metadata: {
      ...(existing?.metadata ?? {}),
      name,
      namespace,
      ...(Object.keys(labels).length > 0 ? { labels } : {}),
      annotations,
    },
    ...(subsets.length > 0 ? { subsets } : {}),
  };
  if (Object.keys(labels).length === 0) delete object.metadata.labels;
  try {
    if (existing) client.update(ENDPOINTS, object);
    else client.create(ENDPOINTS, namespace, object);
  } catch (error) {
    if (!(error instanceof ApiError && (error.code === 409 || error.code === 404))) throw error;
  }
}
