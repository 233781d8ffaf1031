import type { Node, Pod, Service } from 'kubernetes-types/core/v1';
import type { EndpointSlice } from 'kubernetes-types/discovery/v1';
import { ApiError } from '../api/errors.ts';
import type { KubeObject } from '../api/types.ts';
import { toRfc3339 } from '../clock/clock.ts';
import { controllerRef } from './controller-ref.ts';
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
const SLICES = 'discovery.k8s.io/endpointslices';
const PODS = '/pods';
const NODES = '/nodes';

export const SERVICE_NAME_LABEL = 'kubernetes.io/service-name';
export const MANAGED_BY_LABEL = 'endpointslice.kubernetes.io/managed-by';
export const MANAGED_BY = 'endpointslice-controller.k8s.io';
export const MAX_ENDPOINTS_PER_SLICE = 100;

/**
 * The EndpointSlice controller (pkg/controller/endpointslice): IPv4 EndpointSlices `<svc>-xxxxx`
 * for each Service with a selector, one endpoint per selected pod with its ready, serving and
 * terminating conditions, node and zone; at most 100 endpoints per slice.
 */
export const endpointSliceController: Controller = {
  name: 'endpointslice',
  start(context) {
    const queue = context.queue('endpointslice', (key) => sync(context, key));
    const services = context.informers.for(SERVICES);
    services.addHandlers({
      add: (svc) => queue.add(objectKey(svc)),
      update: (svc) => queue.add(objectKey(svc)),
    });
    const enqueueFor = (pod: KubeObject) => {
      for (const svc of services.list(pod.metadata.namespace)) queue.add(objectKey(svc));
    };
    context.informers.for(PODS).addHandlers({ add: enqueueFor, update: enqueueFor, delete: enqueueFor });
  },
};

type SliceEndpoint = NonNullable<EndpointSlice['endpoints']>[number];
type SlicePort = NonNullable<EndpointSlice['ports']>[number];

function sliceEndpoint(
  endpoint: ServiceEndpoint,
  service: Service,
  zoneOf: (node: string) => string | undefined,
): SliceEndpoint {
  const pod = endpoint.pod;
  const node = pod.spec?.nodeName;
  const zone = node ? zoneOf(node) : undefined;
  return {
    addresses: [endpoint.ip],
    conditions: { ready: endpoint.ready, serving: endpoint.serving, terminating: endpoint.terminating },
    ...(pod.spec?.hostname && pod.spec.subdomain === service.metadata?.name
      ? { hostname: pod.spec.hostname }
      : {}),
    targetRef: {
      kind: 'Pod',
      namespace: pod.metadata?.namespace ?? '',
      name: pod.metadata?.name ?? '',
      uid: pod.metadata?.uid ?? '',
    },
    ...(node ? { nodeName: node } : {}),
    ...(zone ? { zone } : {}),
  };
}

/** The slice ports: each service port with the number the endpoints resolve it to. */
function slicePorts(service: Service, endpoints: readonly ServiceEndpoint[]): SlicePort[] {
  const ports: SlicePort[] = [];
  for (const servicePort of service.spec?.ports ?? []) {
    const resolved = endpoints.map((e) => e.ports.get(servicePort.name ?? '')).find((p) => p !== undefined);
    if (!resolved) continue;
    ports.push({
      name: servicePort.name ?? '',
      port: resolved.port,
      protocol: resolved.protocol,
      ...(resolved.appProtocol ? { appProtocol: resolved.appProtocol } : {}),
    });
  }
  return ports;
}

function sync(context: ControllerContext, key: string): void {
  const { namespace, name } = splitKey(key);
  const { client } = context;
  const service = context.informers.for(SERVICES).get(namespace, name) as unknown as Service | undefined;
  if (!service) return; // the garbage collector removes slices of deleted Services (ownerReferences)
  const selector = service.spec?.selector;
  if (!selector || Object.keys(selector).length === 0) return;
  const existing = (context.informers.for(SLICES).list(namespace) as unknown as EndpointSlice[])
    .filter(
      (s) =>
        s.metadata?.labels?.[SERVICE_NAME_LABEL] === name &&
        s.metadata?.labels?.[MANAGED_BY_LABEL] === MANAGED_BY &&
        !s.metadata?.deletionTimestamp,
    )
    .sort((a, b) => (a.metadata?.name ?? '').localeCompare(b.metadata?.name ?? ''));
  const pods = context.informers.for(PODS).list(namespace) as unknown as Pod[];
  const nodes = context.informers.for(NODES);
  const zoneOf = (node: string) =>
    (nodes.get('', node) as unknown as Node | undefined)?.metadata?.labels?.['topology.kubernetes.io/zone'];
  const endpoints = serviceEndpoints(service, pods, true).filter(
    (e) => e.ports.size > 0 || (service.spec?.ports ?? []).length === 0,
  );
  const labels: Record<string, string> = {
    ...service.metadata?.labels,
    [SERVICE_NAME_LABEL]: name,
    [MANAGED_BY_LABEL]: MANAGED_BY,
  };
  if (isHeadless(service)) labels[HEADLESS_SERVICE_LABEL] = '';
  // Chunks of at most 100 endpoints; a Service with none still has one (empty) slice.
  const chunks: ServiceEndpoint[][] = [];
  for (let i = 0; i < endpoints.length; i += MAX_ENDPOINTS_PER_SLICE) {
    chunks.push(endpoints.slice(i, i + MAX_ENDPOINTS_PER_SLICE));
  }
  if (chunks.length === 0) chunks.push([]);
  const now = toRfc3339(context.clock.now());
  chunks.forEach((chunk, index) => {
    const slice = existing[index];
    const ports = chunk.length > 0 ? slicePorts(service, chunk) : [];
    // Stored empty lists read back as null (`json:"endpoints"`, `json:"ports"`: no omitempty).
    const body = {
      addressType: 'IPv4',
      endpoints: chunk.length > 0 ? chunk.map((e) => sliceEndpoint(e, service, zoneOf)) : null,
      ports: ports.length > 0 ? ports : null,
    };
    if (
      slice &&
      JSON.stringify(slice.endpoints ?? null) === JSON.stringify(body.endpoints) &&
      JSON.stringify(slice.ports ?? null) === JSON.stringify(body.ports) &&
      JSON.stringify(slice.metadata?.labels ?? {}) === JSON.stringify(labels)
    ) {
      return;
    }
    const metadata = {
      ...(slice?.metadata ?? { generateName: `${name}-`, namespace }),
      labels,
      annotations: { ...slice?.metadata?.annotations, [LAST_CHANGE_TRIGGER_TIME]: now },
      ownerReferences: [controllerRef(service as unknown as KubeObject)],
    };
    const object = {
      apiVersion: 'discovery.k8s.io/v1',
      kind: 'EndpointSlice',
      metadata,
      ...body,
    } as unknown as KubeObject;
    try {
      if (slice) client.update(SLICES, object);
      else client.create(SLICES, namespace, object);
    } catch (error) {
      if (!(error instanceof ApiError && (error.code === 409 || error.code === 404))) throw error;
    }
  });
  for (const extra of existing.slice(chunks.length))
    client.delete(SLICES, namespace, extra.metadata?.name ?? '');
}
