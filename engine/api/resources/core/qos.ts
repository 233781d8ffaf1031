import type { Container, Pod } from 'kubernetes-types/core/v1';
import { compareQuantities, parseQuantity } from '../../quantity.ts';

const COMPUTE = ['cpu', 'memory'];

/** The pod's QoS class, as pkg/apis/core/v1/helper/qos.GetPodQOS. */
export function podQosClass(pod: Pod): 'Guaranteed' | 'Burstable' | 'BestEffort' {
  const containers: Container[] = [...(pod.spec?.containers ?? []), ...(pod.spec?.initContainers ?? [])];
  const requests = new Map<string, string[]>();
  const limits = new Map<string, string[]>();
  let guaranteed = true;
  for (const container of containers) {
    const r = container.resources ?? {};
    for (const name of COMPUTE) {
      const request = r.requests?.[name];
      const limit = r.limits?.[name];
      if (request !== undefined && !isZero(request))
        requests.set(name, [...(requests.get(name) ?? []), request]);
      if (limit !== undefined && !isZero(limit)) limits.set(name, [...(limits.get(name) ?? []), limit]);
    }
    const hasAllLimits = COMPUTE.every((name) => r.limits?.[name] !== undefined && !isZero(r.limits[name]!));
    if (!hasAllLimits) guaranteed = false;
  }
  if (requests.size === 0 && limits.size === 0) return 'BestEffort';
  if (guaranteed) {
    for (const container of containers) {
      const r = container.resources ?? {};
      for (const name of COMPUTE) {
        const request = r.requests?.[name];
        const limit = r.limits?.[name];
        if (
          request !== undefined &&
          limit !== undefined &&
          compareQuantities(parseQuantity(request), parseQuantity(limit)) !== 0
        ) {
          guaranteed = false;
        }
      }
    }
  }
  return guaranteed ? 'Guaranteed' : 'Burstable';
}

function isZero(text: string): boolean {
  return compareQuantities(parseQuantity(text), parseQuantity('0')) === 0;
}
