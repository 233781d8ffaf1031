import type { Container, Pod } from 'kubernetes-types/core/v1';
import { addQuantities, maxQuantity, parseQuantityCached, type Quantity } from '../api/quantity.ts';

/** Usage by quota resource name (`pods`, `requests.memory`, …). */
export type Usage = Map<string, Quantity>;

const ONE = parseQuantityCached('1');
const COMPUTE = ['cpu', 'memory', 'ephemeral-storage'] as const;

/** Quota resource names that oblige every container to state the matching request or limit. */
export const REQUIRES_EXPLICIT = [
  'cpu',
  'memory',
  'requests.cpu',
  'requests.memory',
  'limits.cpu',
  'limits.memory',
];

/** A pod no longer consumes quota once it has finished (upstream QuotaV1Pod). */
export function podCountsTowardsQuota(pod: Pod, now: number): boolean {
  const phase = pod.status?.phase;
  if (phase === 'Succeeded' || phase === 'Failed') return false;
  const deletion = pod.metadata?.deletionTimestamp;
  if (deletion && pod.metadata?.deletionGracePeriodSeconds !== undefined) {
    return Date.parse(deletion) > now;
  }
  return true;
}

/**
 * What one pod charges against a quota (pkg/quota/v1/evaluator/core/pods.go): `pods`, compute
 * requests and limits (max of the app-container sum and each init container, plus overhead).
 */
export function podUsage(pod: Pod): Usage {
  const usage: Usage = new Map([
    ['pods', ONE],
    ['count/pods', ONE],
  ]);
  const requests = effective(pod, 'requests');
  const limits = effective(pod, 'limits');
  for (const [name, value] of requests) {
    usage.set(`requests.${name}`, value);
    usage.set(name, value);
  }
  for (const [name, value] of limits) usage.set(`limits.${name}`, value);
  return usage;
}

function effective(pod: Pod, kind: 'requests' | 'limits'): Map<string, Quantity> {
  const sum = new Map<string, Quantity>();
  for (const container of pod.spec?.containers ?? []) addContainer(sum, container, kind);
  for (const container of pod.spec?.initContainers ?? []) {
    if (container.restartPolicy === 'Always') addContainer(sum, container, kind);
  }
  for (const container of pod.spec?.initContainers ?? []) {
    if (container.restartPolicy === 'Always') continue;
    for (const name of COMPUTE) {
      const text = container.resources?.[kind]?.[name];
      if (text === undefined) continue;
      const value = parseQuantityCached(text);
      const current = sum.get(name);
      sum.set(name, current ? maxQuantity(current, value) : value);
    }
  }
  for (const [name, text] of Object.entries(pod.spec?.overhead ?? {})) {
    const current = sum.get(name);
    if (current) sum.set(name, addQuantities(current, parseQuantityCached(text)));
  }
  return sum;
}

function addContainer(sum: Map<string, Quantity>, container: Container, kind: 'requests' | 'limits'): void {
  for (const name of COMPUTE) {
    const text = container.resources?.[kind]?.[name];
    if (text === undefined) continue;
    const value = parseQuantityCached(text);
    const current = sum.get(name);
    sum.set(name, current ? addQuantities(current, value) : value);
  }
}

/** Containers (app and init) that do not state `resource` (e.g. `limits.memory`), by name. */
export function containersMissing(pod: Pod, resource: string): string[] {
  const [kind, name] = resource.includes('.')
    ? (resource.split('.', 2) as [string, string])
    : ['requests', resource];
  const missing: string[] = [];
  for (const container of [...(pod.spec?.initContainers ?? []), ...(pod.spec?.containers ?? [])]) {
    const section = kind === 'limits' ? container.resources?.limits : container.resources?.requests;
    if (section?.[name] === undefined) missing.push(container.name);
  }
  return missing;
}
