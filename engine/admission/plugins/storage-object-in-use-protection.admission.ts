import type { AdmissionPlugin } from '../admission.ts';

export const PVC_PROTECTION_FINALIZER = 'kubernetes.io/pvc-protection';
export const PV_PROTECTION_FINALIZER = 'kubernetes.io/pv-protection';

const FINALIZERS: Readonly<Record<string, string>> = {
  persistentvolumeclaims: PVC_PROTECTION_FINALIZER,
  persistentvolumes: PV_PROTECTION_FINALIZER,
};

/**
 * StorageObjectInUseProtection (plugin/pkg/admission/storage/storageobjectinuseprotection): new
 * claims and volumes get the finalizer that keeps them while in use; the pvc-protection and
 * pv-protection controllers remove it.
 */
export const storageObjectInUseProtectionAdmission: AdmissionPlugin = {
  name: 'StorageObjectInUseProtection',
  type: 'mutating',
  handles: (attributes) =>
    attributes.operation === 'CREATE' &&
    attributes.subresource === '' &&
    attributes.resource.group === '' &&
    FINALIZERS[attributes.resource.resource] !== undefined,
  admit(attributes) {
    const object = attributes.object;
    const finalizer = FINALIZERS[attributes.resource.resource];
    if (!object || !finalizer) return;
    const finalizers = object.metadata.finalizers ?? [];
    if (finalizers.includes(finalizer)) return;
    object.metadata = { ...object.metadata, finalizers: [...finalizers, finalizer] };
  },
};
