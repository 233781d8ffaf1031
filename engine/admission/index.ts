import type { AdmissionPlugin } from './admission.ts';
import { AdmissionChain } from './chain.ts';
import { defaultStorageClassAdmission } from './plugins/default-storage-class.admission.ts';
import { defaultTolerationSecondsAdmission } from './plugins/default-toleration-seconds.admission.ts';
import { limitRangerAdmission } from './plugins/limit-ranger.admission.ts';
import { namespaceLifecycleAdmission } from './plugins/namespace-lifecycle.admission.ts';
import { priorityAdmission } from './plugins/priority.admission.ts';
import { resourceQuotaAdmission } from './plugins/resource-quota.admission.ts';
import { serviceAccountAdmission } from './plugins/service-account.admission.ts';
import { storageObjectInUseProtectionAdmission } from './plugins/storage-object-in-use-protection.admission.ts';

/** Every admission plugin the engine has. */
export const ADMISSION_PLUGINS: readonly AdmissionPlugin[] = [
  namespaceLifecycleAdmission,
  limitRangerAdmission,
  serviceAccountAdmission,
  defaultTolerationSecondsAdmission,
  priorityAdmission,
  defaultStorageClassAdmission,
  storageObjectInUseProtectionAdmission,
  resourceQuotaAdmission,
];

/** The enabled plugins in upstream's recommended order (mutating run first, ResourceQuota last). */
export const DEFAULT_ADMISSION_ORDER: readonly string[] = [
  'NamespaceLifecycle',
  'LimitRanger',
  'ServiceAccount',
  'DefaultTolerationSeconds',
  'Priority',
  'DefaultStorageClass',
  'StorageObjectInUseProtection',
  'ResourceQuota',
];

export function defaultAdmissionChain(): AdmissionChain {
  return new AdmissionChain(ADMISSION_PLUGINS, DEFAULT_ADMISSION_ORDER);
}

export type {
  AdmissionAttributes,
  AdmissionContext,
  AdmissionOperation,
  AdmissionPlugin,
} from './admission.ts';
export { AdmissionChain } from './chain.ts';
