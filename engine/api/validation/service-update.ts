import type { Service, ServiceSpec } from 'kubernetes-types/core/v1';
import { type FieldError, GoFormattedValue } from '../errors.ts';

const needsClusterIP = (spec: ServiceSpec) => spec.type !== 'ExternalName';
const isHeadless = (spec: ServiceSpec) => spec.clusterIP === 'None';
const sameClusterIPs = (a: ServiceSpec, b: ServiceSpec) =>
  JSON.stringify(a.clusterIPs ?? []) === JSON.stringify(b.clusterIPs ?? []);

/**
 * What the service REST storage does to an update before validating it (storage.go beginUpdate):
 * patchAllocatedValues keeps the allocated cluster IPs a client left out, then normalizeClusterIPs
 * keeps `clusterIP` and `clusterIPs` in step (a client that changed only the singular field
 * changed both).
 */
export function prepareServiceUpdate(service: Service, old: Service): void {
  const spec = (service.spec ??= {});
  const oldSpec = old.spec ?? {};
  if (needsClusterIP(oldSpec) && needsClusterIP(spec)) {
    if (!spec.clusterIP && oldSpec.clusterIP) spec.clusterIP = oldSpec.clusterIP;
    if (!spec.clusterIPs?.length && oldSpec.clusterIPs?.length) spec.clusterIPs = oldSpec.clusterIPs;
  }
  if (oldSpec.clusterIPs?.length && !spec.clusterIPs?.length && oldSpec.clusterIP === spec.clusterIP) {
    spec.clusterIPs = oldSpec.clusterIPs;
  }
  if (oldSpec.clusterIP !== spec.clusterIP) {
    if (oldSpec.clusterIP && !spec.clusterIP) {
      if (sameClusterIPs(oldSpec, spec)) delete spec.clusterIPs;
    } else if (sameClusterIPs(oldSpec, spec) && spec.clusterIP) {
      spec.clusterIPs = [spec.clusterIP];
    }
  }
}

/**
 * validateUpgradeDowngradeClusterIPs (ValidateServiceUpdate): an allocated cluster IP cannot
 * change or be unset, except to or from ExternalName and between headless services.
 */
export function validateServiceUpdate(service: Service, old: Service): FieldError[] {
  const spec = service.spec ?? {};
  const oldSpec = old.spec ?? {};
  if (spec.type === 'ExternalName' || oldSpec.type === 'ExternalName') return [];
  if (isHeadless(spec) && isHeadless(oldSpec)) return [];
  const ips = spec.clusterIPs ?? [];
  const oldIps = oldSpec.clusterIPs ?? [];
  const value = new GoFormattedValue(
    spec.clusterIPs ? `[]string{${ips.map((ip) => JSON.stringify(ip)).join(', ')}}` : '[]string(nil)',
  );
  const at = (i: number, detail: string): FieldError => ({
    type: 'FieldValueInvalid',
    field: `spec.clusterIPs[${i}]`,
    value,
    detail,
  });
  const errors: FieldError[] = [];
  if (oldIps.length === ips.length) {
    oldIps.forEach((ip, i) => {
      if (ip !== ips[i]) errors.push(at(i, 'may not change once set'));
    });
  } else if (oldIps.length > ips.length) {
    if (ips.length === 0) errors.push(at(0, 'primary clusterIP can not be unset'));
    if (oldIps.length > 0 && ips.length > 0 && ips[0] !== oldIps[0]) {
      errors.push(at(0, 'may not change once set'));
    }
  } else if (oldIps.length > 0 && ips[0] !== oldIps[0]) {
    errors.push(at(0, 'may not change once set'));
  }
  return errors;
}
