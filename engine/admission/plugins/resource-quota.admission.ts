import type { Pod, ResourceQuota } from 'kubernetes-types/core/v1';
import { addQuantities, compareQuantities, formatQuantity, parseQuantityCached } from '../../api/quantity.ts';
import { storageKey } from '../../api/resources/resource.ts';
import type { KubeObject } from '../../api/types.ts';
import {
  containersMissing,
  objectUsage,
  quotaSelects,
  REQUIRES_EXPLICIT,
  relevantUsage,
} from '../../quota/index.ts';
import type { AdmissionAttributes, AdmissionPlugin } from '../admission.ts';
import { admissionForbidden } from '../forbidden.ts';

const QUOTAS = '/resourcequotas';

/**
 * ResourceQuota (validating, last in the chain): rejects creates that would exceed a quota in
 * the namespace and charges the usage to each quota's status.used at once.
 */
export const resourceQuotaAdmission: AdmissionPlugin = {
  name: 'ResourceQuota',
  type: 'validating',
  handles: (a) =>
    a.operation === 'CREATE' && a.subresource === '' && a.resource.namespaced && !a.resource.virtual,
  admit(attributes, context) {
    const object = attributes.object!;
    const quotas = context.store.list(QUOTAS, attributes.namespace) as unknown as ResourceQuota[];
    if (quotas.length === 0) return;
    const usage = objectUsage(attributes.resource, object);
    const charges: Array<{ quota: ResourceQuota; used: Record<string, string> }> = [];
    for (const quota of [...quotas].sort((a, b) =>
      (a.metadata?.name ?? '').localeCompare(b.metadata?.name ?? ''),
    )) {
      if (!quotaSelects(quota, attributes.resource, object)) continue;
      const name = quota.metadata?.name ?? '';
      const hard = quota.status?.hard ?? {};
      const specHard = quota.spec?.hard ?? {};
      const unknown = Object.keys(specHard)
        .filter((r) => !(r in hard) && usage.has(r))
        .sort();
      if (unknown.length > 0) {
        throw admissionForbidden(
          attributes,
          `status unknown for quota: ${name}, resources: ${unknown.join(',')}`,
        );
      }
      requireExplicitResources(attributes, object, name, hard);
      const charged = relevantUsage(usage, hard);
      if (charged.size === 0) continue;
      const used = quota.status?.used ?? {};
      const exceeded = [...charged.keys()]
        .filter((resource) => {
          const after = addQuantities(parseQuantityCached(used[resource] ?? '0'), charged.get(resource)!);
          return compareQuantities(after, parseQuantityCached(hard[resource]!)) > 0;
        })
        .sort();
      if (exceeded.length > 0) {
        const list = (values: (r: string) => string) => exceeded.map((r) => `${r}=${values(r)}`).join(',');
        throw admissionForbidden(
          attributes,
          `exceeded quota: ${name}, requested: ${list((r) => formatQuantity(charged.get(r)!))}, used: ${list((r) => used[r] ?? '0')}, limited: ${list((r) => hard[r]!)}`,
        );
      }
      const newUsed = { ...used };
      for (const [resource, value] of charged) {
        newUsed[resource] = formatQuantity(addQuantities(parseQuantityCached(used[resource] ?? '0'), value));
      }
      charges.push({ quota, used: newUsed });
    }
    if (attributes.dryRun) return;
    for (const { quota, used } of charges) {
      const updated = { ...quota, status: { ...quota.status, used } } as unknown as KubeObject;
      context.writeStatus(QUOTAS, updated);
    }
  },
};

function requireExplicitResources(
  attributes: AdmissionAttributes,
  object: KubeObject,
  quotaName: string,
  hard: Record<string, string>,
): void {
  if (storageKey(attributes.resource) !== '/pods') return;
  const pod = object as unknown as Pod;
  const problems = REQUIRES_EXPLICIT.filter((r) => r in hard)
    .map((r) => ({ resource: r, containers: containersMissing(pod, r).sort() }))
    .filter((p) => p.containers.length > 0)
    .sort((a, b) => a.resource.localeCompare(b.resource));
  if (problems.length === 0) return;
  const text = problems.map((p) => `${p.resource} for: ${p.containers.join(',')}`).join('; ');
  throw admissionForbidden(attributes, `failed quota: ${quotaName}: must specify ${text}`);
}
