/**
 * A pod's effective resource requests and limits (k8s.io/component-helpers/resource PodRequests /
 * PodLimits), used by the scheduler, quota and the kubelet alike:
 *
 *   effective = max( Σ app containers + Σ sidecars,
 *                    max over each plain init container i of (request_i + Σ sidecars started before i) )
 *               + spec.overhead
 *
 * Sidecars are init containers with `restartPolicy: Always`. Without sidecars this is
 * max(sum(containers), max(initContainers)). Pod-level `spec.resources` is alpha and off in 1.32, so it
 * is ignored, as are status resources (in-place resize is off by default too).
 */
import type { Container, Pod } from 'kubernetes-types/core/v1';
import {
  addQuantities,
  compareQuantities,
  isZeroQuantity,
  newMilliQuantity,
  newQuantity,
  parseQuantityCached,
  type Quantity,
  QuantityParseError,
  quantityMilliValue,
  quantityValue,
} from '../../api/quantity.ts';
import {
  isScalarResourceName,
  RESOURCE_CPU,
  RESOURCE_EPHEMERAL_STORAGE,
  RESOURCE_MEMORY,
  RESOURCE_PODS,
} from './resource-names.ts';

/** Quantities by resource name (a v1.ResourceList). */
export type ResourceList = Map<string, Quantity>;

export interface PodResourcesOptions {
  /** Leave `spec.overhead` out. */
  readonly excludeOverhead?: boolean;
  /** Values for requests a container does not state at all (an explicit zero is kept). */
  readonly nonMissingContainerRequests?: ReadonlyMap<string, Quantity>;
}

/** The scheduler's numeric resource vector (framework.Resource). */
export interface Resource {
  milliCPU: number;
  memory: number;
  ephemeralStorage: number;
  allowedPodNumber: number;
  scalar: Map<string, number>;
}

/** Requests assumed for a container that states none, for scoring only (schedutil defaults). */
export const DEFAULT_MILLI_CPU_REQUEST = 100;
export const DEFAULT_MEMORY_REQUEST = 200 * 1024 * 1024;

/** The non-zero defaults as the scheduler's PodRequests option. */
export const NON_ZERO_DEFAULT_REQUESTS: ReadonlyMap<string, Quantity> = new Map([
  [RESOURCE_CPU, newMilliQuantity(DEFAULT_MILLI_CPU_REQUEST, 'DecimalSI')],
  [RESOURCE_MEMORY, newQuantity(DEFAULT_MEMORY_REQUEST, 'BinarySI')],
]);

type Kind = 'requests' | 'limits';

function toQuantity(value: unknown): Quantity | undefined {
  if (typeof value !== 'string' && typeof value !== 'number') return undefined;
  try {
    return parseQuantityCached(String(value));
  } catch (error) {
    // Validation rejects malformed quantities; anything that slips through counts as unset.
    if (error instanceof QuantityParseError) return undefined;
    throw error;
  }
}

function addInto(list: ResourceList, name: string, quantity: Quantity): void {
  const current = list.get(name);
  list.set(name, current === undefined ? quantity : addQuantities(current, quantity));
}

function addListInto(list: ResourceList, other: ReadonlyMap<string, Quantity>): void {
  for (const [name, quantity] of other) addInto(list, name, quantity);
}

function maxListInto(list: ResourceList, other: ReadonlyMap<string, Quantity>): void {
  for (const [name, quantity] of other) {
    const current = list.get(name);
    if (current === undefined || compareQuantities(quantity, current) > 0) list.set(name, quantity);
  }
}

function containerList(container: Container, kind: Kind, options: PodResourcesOptions): ResourceList {
  const list: ResourceList = new Map();
  const stated = container.resources?.[kind];
  if (stated) {
    for (const name in stated) {
      const quantity = toQuantity(stated[name]);
      if (quantity !== undefined) list.set(name, quantity);
    }
  }
  if (kind === 'requests' && options.nonMissingContainerRequests) {
    for (const [name, quantity] of options.nonMissingContainerRequests) {
      if (!stated || !Object.hasOwn(stated, name)) list.set(name, quantity);
    }
  }
  return list;
}

const isSidecar = (container: Container): boolean => container.restartPolicy === 'Always';

function aggregateContainers(pod: Pod, kind: Kind, options: PodResourcesOptions): ResourceList {
  const result: ResourceList = new Map();
  for (const container of pod.spec?.containers ?? [])
    addListInto(result, containerList(container, kind, options));

  const sidecars: ResourceList = new Map();
  const initPeak: ResourceList = new Map();
  for (const container of pod.spec?.initContainers ?? []) {
    const own = containerList(container, kind, options);
    if (isSidecar(container)) {
      addListInto(result, own);
      addListInto(sidecars, own);
      maxListInto(initPeak, sidecars);
    } else {
      const combined: ResourceList = new Map(own);
      addListInto(combined, sidecars);
      maxListInto(initPeak, combined);
    }
  }
  maxListInto(result, initPeak);
  return result;
}

/** The pod's effective requests by resource name (exact quantities). */
export function podRequestsList(pod: Pod, options: PodResourcesOptions = {}): ResourceList {
  const requests = aggregateContainers(pod, 'requests', options);
  if (!options.excludeOverhead) {
    for (const [name, value] of Object.entries(pod.spec?.overhead ?? {})) {
      const quantity = toQuantity(value);
      if (quantity !== undefined) addInto(requests, name, quantity);
    }
  }
  return requests;
}

/** The pod's effective limits; overhead is added only to limits that are set and non-zero. */
export function podLimitsList(pod: Pod, options: PodResourcesOptions = {}): ResourceList {
  const limits = aggregateContainers(pod, 'limits', options);
  if (!options.excludeOverhead) {
    for (const [name, value] of Object.entries(pod.spec?.overhead ?? {})) {
      const quantity = toQuantity(value);
      const current = limits.get(name);
      if (quantity !== undefined && current !== undefined && !isZeroQuantity(current)) {
        limits.set(name, addQuantities(current, quantity));
      }
    }
  }
  return limits;
}

const milliMemo = new WeakMap<Quantity, number>();
const valueMemo = new WeakMap<Quantity, number>();

function milli(quantity: Quantity): number {
  let result = milliMemo.get(quantity);
  if (result === undefined) {
    result = quantityMilliValue(quantity);
    milliMemo.set(quantity, result);
  }
  return result;
}

function whole(quantity: Quantity): number {
  let result = valueMemo.get(quantity);
  if (result === undefined) {
    result = quantityValue(quantity);
    valueMemo.set(quantity, result);
  }
  return result;
}

export function emptyResource(): Resource {
  return { milliCPU: 0, memory: 0, ephemeralStorage: 0, allowedPodNumber: 0, scalar: new Map() };
}

/** framework.NewResource: cpu in millicores, everything else in whole units, rounded up. */
export function resourceFromList(list: ReadonlyMap<string, Quantity>): Resource {
  const resource = emptyResource();
  for (const [name, quantity] of list) {
    switch (name) {
      case RESOURCE_CPU:
        resource.milliCPU += milli(quantity);
        break;
      case RESOURCE_MEMORY:
        resource.memory += whole(quantity);
        break;
      case RESOURCE_PODS:
        resource.allowedPodNumber += whole(quantity);
        break;
      case RESOURCE_EPHEMERAL_STORAGE:
        resource.ephemeralStorage += whole(quantity);
        break;
      default:
        if (isScalarResourceName(name))
          resource.scalar.set(name, (resource.scalar.get(name) ?? 0) + whole(quantity));
    }
  }
  return resource;
}

/** A resource list from an object's `{name: quantity}` map (node allocatable, overhead, …). */
export function resourceListFromObject(object: Readonly<Record<string, unknown>> | undefined): ResourceList {
  const list: ResourceList = new Map();
  for (const name in object ?? {}) {
    const quantity = toQuantity(object?.[name]);
    if (quantity !== undefined) list.set(name, quantity);
  }
  return list;
}

/** Effective requests as numbers: millicores, bytes, and whole units for the rest. */
export function podResourceRequests(pod: Pod, options: PodResourcesOptions = {}): Resource {
  return resourceFromList(podRequestsList(pod, options));
}

/** Effective limits as numbers, like podResourceRequests. */
export function podResourceLimits(pod: Pod, options: PodResourcesOptions = {}): Resource {
  return resourceFromList(podLimitsList(pod, options));
}

/** The requests the scheduler scores with: 100m cpu / 200Mi memory for containers that state none. */
export function podNonZeroRequests(pod: Pod): { milliCPU: number; memory: number } {
  const list = podRequestsList(pod, { nonMissingContainerRequests: NON_ZERO_DEFAULT_REQUESTS });
  const cpu = list.get(RESOURCE_CPU);
  const memory = list.get(RESOURCE_MEMORY);
  return { milliCPU: cpu ? milli(cpu) : 0, memory: memory ? whole(memory) : 0 };
}
