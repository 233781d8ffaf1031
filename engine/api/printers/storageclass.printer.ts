import type { StorageClass } from 'kubernetes-types/storage/v1';
import { ageColumn, nameColumn } from './columns.ts';
import { translateTimestampSince } from './duration.ts';
import { column, definePrinter } from './printer.ts';
import { storageClassDoc } from './swagger-docs.ts';

/** Annotations that mark the default StorageClass (`storageutil.IsDefaultAnnotation`). */
export const IS_DEFAULT_STORAGE_CLASS_ANNOTATION = 'storageclass.kubernetes.io/is-default-class';
export const BETA_IS_DEFAULT_STORAGE_CLASS_ANNOTATION = 'storageclass.beta.kubernetes.io/is-default-class';

export const storageClassColumns = [
  nameColumn,
  column('Provisioner', 'string', storageClassDoc.provisioner),
  column('ReclaimPolicy', 'string', storageClassDoc.reclaimPolicy),
  column('VolumeBindingMode', 'string', storageClassDoc.volumeBindingMode),
  column('AllowVolumeExpansion', 'string', storageClassDoc.allowVolumeExpansion),
  ageColumn,
];

export const storageClassPrinter = definePrinter<StorageClass>({
  group: 'storage.k8s.io',
  resource: 'storageclasses',
  columns: storageClassColumns,
  cells(storageClass, { now }) {
    const annotations = storageClass.metadata?.annotations ?? {};
    const isDefault =
      annotations[IS_DEFAULT_STORAGE_CLASS_ANNOTATION] === 'true' ||
      annotations[BETA_IS_DEFAULT_STORAGE_CLASS_ANNOTATION] === 'true';
    const name = storageClass.metadata?.name ?? '';
    return [
      isDefault ? `${name} (default)` : name,
      storageClass.provisioner ?? '',
      storageClass.reclaimPolicy ?? 'Delete',
      storageClass.volumeBindingMode ?? 'Immediate',
      storageClass.allowVolumeExpansion ?? false,
      translateTimestampSince(storageClass.metadata?.creationTimestamp, now),
    ];
  },
});
