import type { Pod, ResourceQuota, Service } from 'kubernetes-types/core/v1';
import { parseQuantityCached } from '../api/quantity.ts';
import { podQosClass } from '../api/resources/core/qos.ts';
import type { ResourceDefinition } from '../api/resources/resource.ts';
import type { KubeObject } from '../api/types.ts';
import { podCountsTowardsQuota, podUsage, type Usage } from './pod-usage.ts';

const LEGACY_COUNT_NAMES: Record<string, string> = {
  services: 'services',
  configmaps: 'configmaps',
  secrets: 'secrets',
  persistentvolumeclaims: 'persistentvolumeclaims',
  replicationcontrollers: 'replicationcontrollers',
  resourcequotas: 'resourcequotas',
};

/** What creating `object` charges against quotas in its namespace. */
export function objectUsage(def: ResourceDefinition, object: KubeObject): Usage {
  if (def.group === '' && def.resource === 'pods') return podUsage(object as unknown as Pod);
  const usage: Usage = new Map();
  const one = parseQuantityCached('1');
  usage.set(def.group ? `count/${def.resource}.${def.group}` : `count/${def.resource}`, one);
  const legacy = def.group === '' ? LEGACY_COUNT_NAMES[def.resource] : undefined;
  if (legacy) usage.set(legacy, one);
  if (def.group === '' && def.resource === 'services') {
    const spec = (object as unknown as Service).spec;
    const nodePorts =
      spec?.type === 'NodePort' || spec?.type === 'LoadBalancer' ? (spec.ports?.length ?? 0) : 0;
    usage.set('services.nodeports', parseQuantityCached(String(nodePorts)));
    usage.set('services.loadbalancers', parseQuantityCached(spec?.type === 'LoadBalancer' ? '1' : '0'));
  }
  return usage;
}

/** Whether `object` still counts (finished pods do not). */
export function objectCounts(def: ResourceDefinition, object: KubeObject, now: number): boolean {
  if (def.group === '' && def.resource === 'pods')
    return podCountsTowardsQuota(object as unknown as Pod, now);
  return true;
}

/** Whether a quota's scopes select this object (Terminating, NotTerminating, BestEffort, NotBestEffort). */
export function quotaSelects(quota: ResourceQuota, def: ResourceDefinition, object: KubeObject): boolean {
  const scopes = quota.spec?.scopes ?? [];
  if (scopes.length === 0) return true;
  if (!(def.group === '' && def.resource === 'pods')) return false;
  const pod = object as unknown as Pod;
  const terminating = pod.spec?.activeDeadlineSeconds !== undefined && pod.spec.activeDeadlineSeconds >= 0;
  const bestEffort = podQosClass(pod) === 'BestEffort';
  return scopes.every((scope) => {
    switch (scope) {
      case 'Terminating':
        return terminating;
      case 'NotTerminating':
        return !terminating;
      case 'BestEffort':
        return bestEffort;
      case 'NotBestEffort':
        return !bestEffort;
      default:
        return false;
    }
  });
}

/** Only the usage a quota limits is charged to it. */
export function relevantUsage(usage: Usage, hard: Record<string, string>): Usage {
  const out: Usage = new Map();
  for (const [name, value] of usage) if (name in hard) out.set(name, value);
  return out;
}
