import type { PersistentVolumeClaim } from 'kubernetes-types/core/v1';
import type { StorageClass } from 'kubernetes-types/storage/v1';
import type { AdmissionAttributes, AdmissionPlugin } from '../admission.ts';

export const IS_DEFAULT_CLASS_ANNOTATION = 'storageclass.kubernetes.io/is-default-class';
export const BETA_IS_DEFAULT_CLASS_ANNOTATION = 'storageclass.beta.kubernetes.io/is-default-class';
export const BETA_STORAGE_CLASS_ANNOTATION = 'volume.beta.kubernetes.io/storage-class';

function isDefaultClass(storageClass: StorageClass): boolean {
  const annotations = storageClass.metadata?.annotations ?? {};
  return (
    annotations[IS_DEFAULT_CLASS_ANNOTATION] === 'true' ||
    annotations[BETA_IS_DEFAULT_CLASS_ANNOTATION] === 'true'
  );
}

/** GetDefaultClass: of several default classes, the newest (then the first by name). */
export function defaultStorageClass(classes: readonly StorageClass[]): StorageClass | undefined {
  return classes.filter(isDefaultClass).sort((a, b) => {
    const age =
      Date.parse(b.metadata?.creationTimestamp ?? '') - Date.parse(a.metadata?.creationTimestamp ?? '');
    return age !== 0 ? age : (a.metadata?.name ?? '').localeCompare(b.metadata?.name ?? '');
  })[0];
}

function isClaimCreate(attributes: AdmissionAttributes): boolean {
  return (
    attributes.operation === 'CREATE' &&
    attributes.subresource === '' &&
    attributes.resource.group === '' &&
    attributes.resource.resource === 'persistentvolumeclaims'
  );
}

/**
 * DefaultStorageClass (plugin/pkg/admission/storage/storageclass/setdefault): a claim created
 * without a class (no storageClassName, no beta annotation) gets the default StorageClass.
 */
export const defaultStorageClassAdmission: AdmissionPlugin = {
  name: 'DefaultStorageClass',
  type: 'mutating',
  handles: isClaimCreate,
  admit(attributes, context) {
    const claim = attributes.object as unknown as PersistentVolumeClaim;
    if (claim.metadata?.annotations?.[BETA_STORAGE_CLASS_ANNOTATION] !== undefined) return;
    if (claim.spec?.storageClassName != null) return;
    const classes = context.store.list('storage.k8s.io/storageclasses') as unknown as StorageClass[];
    const chosen = defaultStorageClass(classes);
    if (!chosen?.metadata?.name) return;
    claim.spec = { ...claim.spec, storageClassName: chosen.metadata.name };
  },
};
