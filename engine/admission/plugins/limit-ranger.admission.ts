import type { Container, LimitRange, PersistentVolumeClaim, Pod } from 'kubernetes-types/core/v1';
import {
  addQuantities,
  compareQuantities,
  formatQuantity,
  maxQuantity,
  parseQuantityCached,
  type Quantity,
  quantityMilliValue,
  quantityValue,
} from '../../api/quantity.ts';
import type { AdmissionAttributes, AdmissionPlugin } from '../admission.ts';
import { admissionForbidden } from '../forbidden.ts';

type ResourceList = Record<string, string>;

export const LIMIT_RANGER_ANNOTATION = 'kubernetes.io/limit-ranger';

/** Go's resource.MaxMilliValue: above it, comparisons fall back to whole units. */
const MAX_MILLI_VALUE = Number.MAX_SAFE_INTEGER / 1000;

/**
 * LimitRanger: on pod create, fills in missing container requests and limits from the
 * namespace's LimitRanges (type Container `defaultRequest` / `default`); then, in the validating
 * phase, refuses pods and PersistentVolumeClaims outside their min, max and limit/request ratio.
 */
export const limitRangerAdmission: AdmissionPlugin = {
  name: 'LimitRanger',
  type: 'mutating',
  handles: supportsAttributes,
  admit(attributes, context) {
    if (attributes.resource.resource !== 'pods') return;
    for (const limitRange of limitRangesOf(attributes.namespace, context.store)) {
      mutatePod(attributes.object as unknown as Pod, limitRange);
    }
  },
  validate(attributes, context) {
    const errors: string[] = [];
    for (const limitRange of limitRangesOf(attributes.namespace, context.store)) {
      const object = attributes.object as unknown;
      errors.push(
        ...(attributes.resource.resource === 'pods'
          ? podLimitErrors(object as Pod, limitRange)
          : claimLimitErrors(object as PersistentVolumeClaim, limitRange)),
      );
    }
    if (errors.length > 0) throw admissionForbidden(attributes, aggregate(errors));
  },
};

/**
 * Pods on create only (their containers cannot change afterwards) and claims on create and
 * update; never subresources or objects being deleted.
 */
function supportsAttributes(a: AdmissionAttributes): boolean {
  if (a.subresource !== '' || a.resource.group !== '') return false;
  if (a.object?.metadata.deletionTimestamp) return false;
  if (a.resource.resource === 'pods') return a.operation === 'CREATE';
  return (
    a.resource.resource === 'persistentvolumeclaims' && (a.operation === 'CREATE' || a.operation === 'UPDATE')
  );
}

function limitRangesOf(namespace: string, store: AdmissionContextStore): LimitRange[] {
  return (store.list('/limitranges', namespace) as unknown as LimitRange[]).sort((a, b) =>
    (a.metadata?.name ?? '').localeCompare(b.metadata?.name ?? ''),
  );
}

type AdmissionContextStore = Parameters<AdmissionPlugin['admit']>[1]['store'];

/** utilerrors.NewAggregate's message: one error as is, several as `[a, b]`. */
function aggregate(errors: string[]): string {
  return errors.length === 1 ? errors[0]! : `[${errors.join(', ')}]`;
}

// ---- mutation ---------------------------------------------------------------------------------

/** The defaults of every type Container item, later items winning (defaultContainerResourceRequirements). */
export function containerDefaults(limitRange: LimitRange): { requests: ResourceList; limits: ResourceList } {
  const requests: ResourceList = {};
  const limits: ResourceList = {};
  for (const item of limitRange.spec?.limits ?? []) {
    if (item.type !== 'Container') continue;
    Object.assign(requests, item.defaultRequest ?? {});
    Object.assign(limits, item.default ?? {});
  }
  return { requests, limits };
}

/** PodMutateLimitFunc: sets what is missing and records it in the kubernetes.io/limit-ranger annotation. */
export function mutatePod(pod: Pod, limitRange: LimitRange): void {
  const defaults = containerDefaults(limitRange);
  const notes: string[] = [];
  for (const container of pod.spec?.containers ?? [])
    notes.push(...mergeDefaults(container, defaults, 'container'));
  for (const container of pod.spec?.initContainers ?? [])
    notes.push(...mergeDefaults(container, defaults, 'init container'));
  if (notes.length === 0) return;
  pod.metadata ??= {};
  pod.metadata.annotations = {
    ...pod.metadata.annotations,
    [LIMIT_RANGER_ANNOTATION]: `LimitRanger plugin set: ${notes.join('; ')}`,
  };
}

function mergeDefaults(
  container: Container,
  defaults: { requests: ResourceList; limits: ResourceList },
  prefix: string,
): string[] {
  const resources = (container.resources ??= {});
  const limits: ResourceList = { ...resources.limits };
  const requests: ResourceList = { ...resources.requests };
  const setLimits = Object.keys(defaults.limits).filter((name) => !(name in limits));
  const setRequests = Object.keys(defaults.requests).filter((name) => !(name in requests));
  for (const name of setLimits) limits[name] = defaults.limits[name]!;
  for (const name of setRequests) requests[name] = defaults.requests[name]!;
  if (setLimits.length > 0) resources.limits = limits;
  if (setRequests.length > 0) resources.requests = requests;
  const notes: string[] = [];
  if (setRequests.length > 0)
    notes.push(`${setRequests.sort().join(', ')} request for ${prefix} ${container.name}`);
  if (setLimits.length > 0)
    notes.push(`${setLimits.sort().join(', ')} limit for ${prefix} ${container.name}`);
  return notes;
}

// ---- validation -------------------------------------------------------------------------------

/** PodValidateLimitFunc: every container against type Container items, the whole pod against type Pod. */
export function podLimitErrors(pod: Pod, limitRange: LimitRange): string[] {
  const errors: string[] = [];
  const containers = [...(pod.spec?.containers ?? []), ...(pod.spec?.initContainers ?? [])];
  for (const item of limitRange.spec?.limits ?? []) {
    if (item.type === 'Container') {
      for (const container of containers) {
        errors.push(
          ...itemErrors(
            'Container',
            item,
            container.resources?.requests ?? {},
            container.resources?.limits ?? {},
          ),
        );
      }
    } else if (item.type === 'Pod') {
      errors.push(...itemErrors('Pod', item, podTotals(pod, 'requests'), podTotals(pod, 'limits')));
    }
  }
  return errors;
}

/** PersistentVolumeClaimValidateLimitFunc: the claim's requests against min and max. */
export function claimLimitErrors(claim: PersistentVolumeClaim, limitRange: LimitRange): string[] {
  const errors: string[] = [];
  const requests = (claim.spec?.resources?.requests ?? {}) as ResourceList;
  for (const item of limitRange.spec?.limits ?? []) {
    if (item.type !== 'PersistentVolumeClaim') continue;
    for (const [name, min] of sortedEntries(item.min)) {
      const error = minConstraint('PersistentVolumeClaim', name, min, requests, {});
      if (error) errors.push(error);
    }
    for (const [name, max] of sortedEntries(item.max)) {
      const request = requests[name];
      if (request === undefined) {
        errors.push(
          `maximum ${name} usage per PersistentVolumeClaim is ${canonical(max)}.  No request is specified`,
        );
      } else if (compareQuantities(parseQuantityCached(request), parseQuantityCached(max)) > 0) {
        errors.push(
          `maximum ${name} usage per PersistentVolumeClaim is ${canonical(max)}, but request is ${canonical(request)}`,
        );
      }
    }
  }
  return errors;
}

interface LimitItem {
  min?: ResourceList;
  max?: ResourceList;
  maxLimitRequestRatio?: ResourceList;
}

function itemErrors(type: string, item: LimitItem, requests: ResourceList, limits: ResourceList): string[] {
  const errors: string[] = [];
  for (const [name, min] of sortedEntries(item.min)) {
    const error = minConstraint(type, name, min, requests, limits);
    if (error) errors.push(error);
  }
  for (const [name, max] of sortedEntries(item.max)) {
    const error = maxConstraint(type, name, max, requests, limits);
    if (error) errors.push(error);
  }
  for (const [name, ratio] of sortedEntries(item.maxLimitRequestRatio)) {
    const error = ratioConstraint(type, name, ratio, requests, limits);
    if (error) errors.push(error);
  }
  return errors;
}

/** Go iterates these maps in random order; sorting keeps several errors in one stable order. */
function sortedEntries(list: ResourceList | undefined): Array<[string, string]> {
  return Object.entries(list ?? {}).sort(([a], [b]) => a.localeCompare(b));
}

function canonical(text: string): string {
  return formatQuantity(parseQuantityCached(text));
}

/** requestLimitEnforcedValues: milli-units when none of the three would overflow, else whole units. */
function comparable(...texts: Array<string | undefined>): number[] {
  const quantities = texts.map((t) => (t === undefined ? undefined : parseQuantityCached(t)));
  const whole = quantities.map((q) => (q ? quantityValue(q) : 0));
  if (whole.every((v) => v <= MAX_MILLI_VALUE)) return quantities.map((q) => (q ? quantityMilliValue(q) : 0));
  return whole;
}

export function minConstraint(
  type: string,
  name: string,
  enforced: string,
  requests: ResourceList,
  limits: ResourceList,
): string | undefined {
  const request = requests[name];
  const limit = limits[name];
  const [req = 0, lim = 0, min = 0] = comparable(request, limit, enforced);
  if (request === undefined)
    return `minimum ${name} usage per ${type} is ${canonical(enforced)}.  No request is specified`;
  if (req < min)
    return `minimum ${name} usage per ${type} is ${canonical(enforced)}, but request is ${canonical(request)}`;
  if (limit !== undefined && lim < min)
    return `minimum ${name} usage per ${type} is ${canonical(enforced)}, but limit is ${canonical(limit)}`;
  return undefined;
}

export function maxConstraint(
  type: string,
  name: string,
  enforced: string,
  requests: ResourceList,
  limits: ResourceList,
): string | undefined {
  const request = requests[name];
  const limit = limits[name];
  const [req = 0, lim = 0, max = 0] = comparable(request, limit, enforced);
  if (limit === undefined)
    return `maximum ${name} usage per ${type} is ${canonical(enforced)}.  No limit is specified`;
  if (lim > max)
    return `maximum ${name} usage per ${type} is ${canonical(enforced)}, but limit is ${canonical(limit)}`;
  if (request !== undefined && req > max)
    return `maximum ${name} usage per ${type} is ${canonical(enforced)}, but request is ${canonical(request)}`;
  return undefined;
}

export function ratioConstraint(
  type: string,
  name: string,
  enforced: string,
  requests: ResourceList,
  limits: ResourceList,
): string | undefined {
  const request = requests[name];
  const limit = limits[name];
  const [req = 0, lim = 0] = comparable(request, limit, enforced);
  const shown = canonical(enforced);
  if (request === undefined || req === 0)
    return `${name} max limit to request ratio per ${type} is ${shown}, but no request is specified or request is 0`;
  if (limit === undefined || lim === 0)
    return `${name} max limit to request ratio per ${type} is ${shown}, but no limit is specified or limit is 0`;
  const observed = lim / req;
  const ratio = parseQuantityCached(enforced);
  const exceeds =
    quantityValue(ratio) <= MAX_MILLI_VALUE
      ? observed * 1000 > quantityMilliValue(ratio)
      : observed > quantityValue(ratio);
  if (exceeds)
    return `${name} max limit to request ratio per ${type} is ${shown}, but provided ratio is ${observed.toFixed(6)}`;
  return undefined;
}

/** The pod's total requests or limits: containers summed, init containers as a maximum. */
function podTotals(pod: Pod, kind: 'requests' | 'limits'): ResourceList {
  const totals = new Map<string, Quantity>();
  for (const container of pod.spec?.containers ?? []) {
    for (const [name, text] of Object.entries(container.resources?.[kind] ?? {})) {
      const quantity = parseQuantityCached(text);
      const total = totals.get(name);
      totals.set(name, total ? addQuantities(total, quantity) : quantity);
    }
  }
  for (const container of pod.spec?.initContainers ?? []) {
    for (const [name, text] of Object.entries(container.resources?.[kind] ?? {})) {
      const quantity = parseQuantityCached(text);
      const total = totals.get(name);
      totals.set(name, total ? maxQuantity(total, quantity) : quantity);
    }
  }
  return Object.fromEntries([...totals].map(([name, q]) => [name, formatQuantity(q)]));
}
