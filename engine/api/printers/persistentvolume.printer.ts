import type { PersistentVolume, PersistentVolumeClaim } from 'kubernetes-types/core/v1';
import { ageColumn, nameColumn } from './columns.ts';
import { translateTimestampSince } from './duration.ts';
import { quantityString, UNSET } from './format.ts';
import { column, definePrinter } from './printer.ts';
import {
  persistentVolumeClaimSpecDoc,
  persistentVolumeClaimStatusDoc,
  persistentVolumeSpecDoc,
  persistentVolumeStatusDoc,
} from './swagger-docs.ts';

/** `v1.BetaStorageClassAnnotation`, which wins over spec.storageClassName. */
export const BETA_STORAGE_CLASS_ANNOTATION = 'volume.beta.kubernetes.io/storage-class';

export const persistentVolumeColumns = [
  nameColumn,
  column('Capacity', 'string', persistentVolumeSpecDoc.capacity),
  column('Access Modes', 'string', persistentVolumeSpecDoc.accessModes),
  column('Reclaim Policy', 'string', persistentVolumeSpecDoc.persistentVolumeReclaimPolicy),
  column('Status', 'string', persistentVolumeStatusDoc.phase),
  column('Claim', 'string', persistentVolumeSpecDoc.claimRef),
  column('StorageClass', 'string', 'StorageClass of the pv'),
  column('VolumeAttributesClass', 'string', 'VolumeAttributesClass of the pv'),
  column('Reason', 'string', persistentVolumeStatusDoc.reason),
  ageColumn,
  column('VolumeMode', 'string', persistentVolumeSpecDoc.volumeMode, { priority: 1 }),
];

export const persistentVolumeClaimColumns = [
  nameColumn,
  column('Status', 'string', persistentVolumeClaimStatusDoc.phase),
  column('Volume', 'string', persistentVolumeClaimSpecDoc.volumeName),
  column('Capacity', 'string', persistentVolumeClaimStatusDoc.capacity),
  column('Access Modes', 'string', persistentVolumeClaimStatusDoc.accessModes),
  column('StorageClass', 'string', 'StorageClass of the pvc'),
  column('VolumeAttributesClass', 'string', 'VolumeAttributesClass of the pvc'),
  ageColumn,
  column('VolumeMode', 'string', persistentVolumeClaimSpecDoc.volumeMode, { priority: 1 }),
];

const ACCESS_MODE_ABBREVIATIONS: ReadonlyArray<[mode: string, short: string]> = [
  ['ReadWriteOnce', 'RWO'],
  ['ReadOnlyMany', 'ROX'],
  ['ReadWriteMany', 'RWX'],
  ['ReadWriteOncePod', 'RWOP'],
];

/** `helper.GetAccessModesAsString`: always in the order RWO,ROX,RWX,RWOP. */
export function accessModesString(modes: readonly string[] | undefined): string {
  if (!modes || modes.length === 0) return '';
  return ACCESS_MODE_ABBREVIATIONS.filter(([mode]) => modes.includes(mode))
    .map(([, short]) => short)
    .join(',');
}

export const persistentVolumePrinter = definePrinter<PersistentVolume>({
  group: '',
  resource: 'persistentvolumes',
  columns: persistentVolumeColumns,
  cells(volume, { now }) {
    const spec = volume.spec ?? {};
    const claim = spec.claimRef ? `${spec.claimRef.namespace ?? ''}/${spec.claimRef.name ?? ''}` : '';
    const annotations = volume.metadata?.annotations ?? {};
    const storageClass = annotations[BETA_STORAGE_CLASS_ANNOTATION] ?? spec.storageClassName ?? '';
    return [
      volume.metadata?.name ?? '',
      quantityString(spec.capacity?.storage),
      accessModesString(spec.accessModes),
      spec.persistentVolumeReclaimPolicy ?? '',
      volume.metadata?.deletionTimestamp ? 'Terminating' : (volume.status?.phase ?? ''),
      claim,
      storageClass,
      spec.volumeAttributesClassName ?? UNSET,
      volume.status?.reason ?? '',
      translateTimestampSince(volume.metadata?.creationTimestamp, now),
      spec.volumeMode ?? UNSET,
    ];
  },
});

export const persistentVolumeClaimPrinter = definePrinter<PersistentVolumeClaim>({
  group: '',
  resource: 'persistentvolumeclaims',
  columns: persistentVolumeClaimColumns,
  cells(claim, { now }) {
    const spec = claim.spec ?? {};
    const bound = Boolean(spec.volumeName);
    const annotations = claim.metadata?.annotations ?? {};
    const storageClass = annotations[BETA_STORAGE_CLASS_ANNOTATION] ?? spec.storageClassName ?? '';
    return [
      claim.metadata?.name ?? '',
      claim.metadata?.deletionTimestamp ? 'Terminating' : (claim.status?.phase ?? ''),
      spec.volumeName ?? '',
      bound ? quantityString(claim.status?.capacity?.storage) : '',
      bound ? accessModesString(claim.status?.accessModes) : '',
      storageClass,
      spec.volumeAttributesClassName ?? UNSET,
      translateTimestampSince(claim.metadata?.creationTimestamp, now),
      spec.volumeMode ?? UNSET,
    ];
  },
});
