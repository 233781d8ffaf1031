import type {
  ObjectReference,
  PersistentVolume,
  PersistentVolumeClaim,
  PersistentVolumeClaimStatus,
  PersistentVolumeStatus,
} from 'kubernetes-types/core/v1';
import type { StorageClass } from 'kubernetes-types/storage/v1';
import { ApiError } from '../api/errors.ts';
import { quantityValue, tryParseQuantity } from '../api/quantity.ts';
import { labelSelectorMatches } from '../api/selectors/label-selector.ts';
import type { KubeObject } from '../api/types.ts';
import { toRfc3339 } from '../clock/clock.ts';
import type { Controller, ControllerContext } from './runtime/controller.ts';
import type { EventRecorder } from './runtime/event-recorder.ts';
import { objectKey, splitKey } from './runtime/work-queue.ts';

const CLAIMS = '/persistentvolumeclaims';
const VOLUMES = '/persistentvolumes';
const CLASSES = 'storage.k8s.io/storageclasses';

export const ANN_BIND_COMPLETED = 'pv.kubernetes.io/bind-completed';
export const ANN_BOUND_BY_CONTROLLER = 'pv.kubernetes.io/bound-by-controller';
export const ANN_STORAGE_PROVISIONER = 'volume.kubernetes.io/storage-provisioner';
export const ANN_BETA_STORAGE_PROVISIONER = 'volume.beta.kubernetes.io/storage-provisioner';
export const ANN_BETA_STORAGE_CLASS = 'volume.beta.kubernetes.io/storage-class';
export const ANN_SELECTED_NODE = 'volume.kubernetes.io/selected-node';
export const NO_PROVISIONER = 'kubernetes.io/no-provisioner';

export const NO_CLASS_MESSAGE = 'no persistent volumes available for this claim and no storage class is set';
export const WAIT_FOR_FIRST_CONSUMER_MESSAGE = 'waiting for first consumer to be created before binding';
export const CLAIM_LOST_MESSAGE = 'Bound claim has lost its PersistentVolume. Data on the volume is lost!';

/** The ExternalProvisioning event of a claim waiting for `provisioner`. */
export function externalProvisioningMessage(provisioner: string): string {
  return `Waiting for a volume to be created either by the external provisioner '${provisioner}' or manually by the system administrator. If volume creation is delayed, please verify that the provisioner is running and correctly registered.`;
}

/** The class a claim asks for: the beta annotation wins over spec.storageClassName. */
export function claimClass(claim: PersistentVolumeClaim): string {
  return claim.metadata?.annotations?.[ANN_BETA_STORAGE_CLASS] ?? claim.spec?.storageClassName ?? '';
}

/**
 * The PersistentVolume controller's binder (pkg/controller/volume/persistentvolume): binds each
 * pending claim to the smallest available volume that fits (or to the volume provisioned for it),
 * hands claims of a provisioning class to their external provisioner, keeps volume phases
 * (Available, Bound, Released) and marks claims whose volume vanished as Lost.
 */
export const persistentVolumeBinderController: Controller = {
  name: 'persistentvolume-binder',
  start(context) {
    const recorder = context.events.recorder('persistentvolume-controller');
    const claimQueue = context.queue('claims', (key) => syncClaim(context, recorder, key));
    const volumeQueue = context.queue('volumes', (name) => syncVolume(context, name));
    const claims = context.informers.for(CLAIMS);
    const volumes = context.informers.for(VOLUMES);
    const enqueueClaimOf = (volume: KubeObject) => {
      const ref = (volume as unknown as PersistentVolume).spec?.claimRef;
      if (ref?.name) claimQueue.add(`${ref.namespace ?? ''}/${ref.name}`);
    };
    claims.addHandlers({
      add: (claim) => claimQueue.add(objectKey(claim)),
      update: (claim) => claimQueue.add(objectKey(claim)),
      delete: (claim) => {
        for (const volume of volumes.list()) {
          const ref = (volume as unknown as PersistentVolume).spec?.claimRef;
          if (ref?.uid === claim.metadata.uid) volumeQueue.add(objectKey(volume));
        }
      },
    });
    volumes.addHandlers({
      add: (volume) => {
        volumeQueue.add(objectKey(volume));
        enqueueClaimOf(volume);
      },
      update: (volume) => {
        volumeQueue.add(objectKey(volume));
        enqueueClaimOf(volume);
      },
      delete: (volume) => {
        enqueueClaimOf(volume);
        for (const claim of claims.list()) {
          if ((claim as unknown as PersistentVolumeClaim).spec?.volumeName === volume.metadata.name)
            claimQueue.add(objectKey(claim));
        }
      },
    });
    context.informers.for(CLASSES).addHandlers({
      add: () => {
        for (const claim of claims.list()) {
          if (!(claim as unknown as PersistentVolumeClaim).spec?.volumeName) claimQueue.add(objectKey(claim));
        }
      },
    });
  },
};

function isBoundClaim(claim: PersistentVolumeClaim): boolean {
  return claim.metadata?.annotations?.[ANN_BIND_COMPLETED] !== undefined;
}

function bytes(quantity: unknown): number {
  const parsed = quantity === undefined ? undefined : tryParseQuantity(String(quantity));
  return parsed ? quantityValue(parsed) : 0;
}

function storageRequest(claim: PersistentVolumeClaim): number {
  return bytes(claim.spec?.resources?.requests?.storage);
}

function volumeSize(volume: PersistentVolume): number {
  return bytes(volume.spec?.capacity?.storage);
}

/** checkVolumeSatisfyClaim, and the volume is free (or already meant for this claim). */
function fits(volume: PersistentVolume, claim: PersistentVolumeClaim): boolean {
  if (volume.metadata?.deletionTimestamp) return false;
  const ref = volume.spec?.claimRef;
  if (ref && !(ref.namespace === claim.metadata?.namespace && ref.name === claim.metadata?.name))
    return false;
  if (ref?.uid && ref.uid !== claim.metadata?.uid) return false;
  if ((volume.spec?.storageClassName ?? '') !== claimClass(claim)) return false;
  if ((volume.spec?.volumeMode ?? 'Filesystem') !== (claim.spec?.volumeMode ?? 'Filesystem')) return false;
  const modes = volume.spec?.accessModes ?? [];
  if (!(claim.spec?.accessModes ?? []).every((mode) => modes.includes(mode))) return false;
  if (volumeSize(volume) < storageRequest(claim)) return false;
  if (claim.spec?.selector && !labelSelectorMatches(claim.spec.selector, volume.metadata?.labels ?? {})) {
    return false;
  }
  return true;
}

/** findBestMatchForClaim: a volume pre-bound to the claim, else the smallest that fits. */
export function findBestMatch(
  volumes: readonly PersistentVolume[],
  claim: PersistentVolumeClaim,
): PersistentVolume | undefined {
  const candidates = volumes.filter((volume) => fits(volume, claim));
  const preBound = candidates.find((volume) => volume.spec?.claimRef);
  if (preBound) return preBound;
  return candidates
    .filter((volume) => (volume.status?.phase ?? 'Pending') !== 'Released')
    .sort((a, b) => volumeSize(a) - volumeSize(b))[0];
}

function syncClaim(context: ControllerContext, recorder: EventRecorder, key: string): void {
  const { namespace, name } = splitKey(key);
  const claim = context.informers.for(CLAIMS).get(namespace, name) as unknown as
    | PersistentVolumeClaim
    | undefined;
  if (!claim) return;
  try {
    if (isBoundClaim(claim)) syncBoundClaim(context, recorder, claim);
    else syncUnboundClaim(context, recorder, claim);
  } catch (error) {
    // A conflicting write means a newer version is on its way to this queue.
    if (!(error instanceof ApiError && (error.code === 409 || error.code === 404))) throw error;
  }
}

function syncUnboundClaim(
  context: ControllerContext,
  recorder: EventRecorder,
  claim: PersistentVolumeClaim,
): void {
  const volumes = context.informers.for(VOLUMES).list() as unknown as PersistentVolume[];
  const claimObject = claim as unknown as KubeObject;
  const wanted = claim.spec?.volumeName;
  if (wanted) {
    const volume = volumes.find((v) => v.metadata?.name === wanted);
    if (volume && fits(volume, claim)) bind(context, volume, claim);
    return;
  }
  const volume = findBestMatch(volumes, claim);
  if (volume) {
    bind(context, volume, claim);
    return;
  }
  const className = claimClass(claim);
  if (className === '') {
    recorder.event(claimObject, 'Normal', 'FailedBinding', NO_CLASS_MESSAGE);
    return;
  }
  const storageClass = context.informers.for(CLASSES).get('', className) as unknown as
    | StorageClass
    | undefined;
  if (!storageClass) {
    recorder.event(
      claimObject,
      'Warning',
      'ProvisioningFailed',
      `storageclass.storage.k8s.io "${className}" not found`,
    );
    return;
  }
  if (
    storageClass.volumeBindingMode === 'WaitForFirstConsumer' &&
    !claim.metadata?.annotations?.[ANN_SELECTED_NODE]
  ) {
    recorder.event(claimObject, 'Normal', 'WaitForFirstConsumer', WAIT_FOR_FIRST_CONSUMER_MESSAGE);
    return;
  }
  const provisioner = storageClass.provisioner;
  if (!provisioner || provisioner === NO_PROVISIONER) return;
  const annotations = claim.metadata?.annotations ?? {};
  if (
    annotations[ANN_STORAGE_PROVISIONER] !== provisioner ||
    annotations[ANN_BETA_STORAGE_PROVISIONER] !== provisioner
  ) {
    context.client.update(CLAIMS, {
      ...claimObject,
      metadata: {
        ...claimObject.metadata,
        annotations: {
          ...annotations,
          [ANN_BETA_STORAGE_PROVISIONER]: provisioner,
          [ANN_STORAGE_PROVISIONER]: provisioner,
        },
      },
    });
  }
  recorder.event(claimObject, 'Normal', 'ExternalProvisioning', externalProvisioningMessage(provisioner));
}

/** bind: volume to claim, volume Bound, claim to volume, claim Bound (in upstream's order). */
function bind(context: ControllerContext, volume: PersistentVolume, claim: PersistentVolumeClaim): void {
  const { client } = context;
  let current = volume as unknown as KubeObject;
  const ref = volume.spec?.claimRef;
  if (!ref?.uid || ref.uid !== claim.metadata?.uid) {
    const claimRef: ObjectReference = {
      kind: 'PersistentVolumeClaim',
      namespace: claim.metadata?.namespace ?? '',
      name: claim.metadata?.name ?? '',
      uid: claim.metadata?.uid ?? '',
      apiVersion: 'v1',
      resourceVersion: claim.metadata?.resourceVersion ?? '',
    };
    current = client.update(VOLUMES, {
      ...current,
      metadata: {
        ...current.metadata,
        annotations: { ...current.metadata.annotations, [ANN_BOUND_BY_CONTROLLER]: 'yes' },
      },
      spec: { ...(current.spec as object), claimRef },
    });
  }
  setVolumePhase(context, current, 'Bound');
  let claimObject = claim as unknown as KubeObject;
  const annotations = { ...claimObject.metadata.annotations };
  const spec = { ...(claim.spec ?? {}) };
  if (spec.volumeName !== volume.metadata?.name) {
    spec.volumeName = volume.metadata?.name ?? '';
    annotations[ANN_BOUND_BY_CONTROLLER] = 'yes';
  }
  annotations[ANN_BIND_COMPLETED] = 'yes';
  claimObject = client.update(CLAIMS, {
    ...claimObject,
    metadata: { ...claimObject.metadata, annotations },
    spec,
  });
  const status: PersistentVolumeClaimStatus = {
    ...((claimObject.status as PersistentVolumeClaimStatus | undefined) ?? {}),
    phase: 'Bound',
    accessModes: volume.spec?.accessModes ?? [],
    capacity: volume.spec?.capacity ?? {},
  };
  if (JSON.stringify(status) !== JSON.stringify(claimObject.status)) {
    client.updateStatus(CLAIMS, { ...claimObject, status });
  }
}

/** updateVolumePhase, stamping lastPhaseTransitionTime as the volume strategy does. */
function setVolumePhase(context: ControllerContext, volume: KubeObject, phase: string): void {
  const status = (volume.status as PersistentVolumeStatus | undefined) ?? {};
  if (status.phase === phase) return;
  context.client.updateStatus(VOLUMES, {
    ...volume,
    status: { ...status, phase, lastPhaseTransitionTime: toRfc3339(context.clock.now()) },
  });
}

function syncBoundClaim(
  context: ControllerContext,
  recorder: EventRecorder,
  claim: PersistentVolumeClaim,
): void {
  const volumeName = claim.spec?.volumeName ?? '';
  const volume = context.informers.for(VOLUMES).get('', volumeName) as unknown as
    | PersistentVolume
    | undefined;
  const claimObject = claim as unknown as KubeObject;
  if (volume && volume.spec?.claimRef?.uid === claim.metadata?.uid) return;
  if (claim.status?.phase === 'Lost') return;
  context.client.updateStatus(CLAIMS, { ...claimObject, status: { ...claim.status, phase: 'Lost' } });
  recorder.event(claimObject, 'Warning', 'ClaimLost', CLAIM_LOST_MESSAGE);
}

function syncVolume(context: ControllerContext, name: string): void {
  const volume = context.informers.for(VOLUMES).get('', name);
  if (!volume) return;
  const pv = volume as unknown as PersistentVolume;
  const ref = pv.spec?.claimRef;
  try {
    if (!ref) {
      setVolumePhase(context, volume, 'Available');
      return;
    }
    if (!ref.uid) return; // pre-bound by name: the claim's sync binds it
    const claim = context.informers.for(CLAIMS).get(ref.namespace ?? '', ref.name ?? '') as unknown as
      | PersistentVolumeClaim
      | undefined;
    if (claim && claim.metadata?.uid === ref.uid) {
      if (claim.spec?.volumeName === name) setVolumePhase(context, volume, 'Bound');
      return;
    }
    // The claim is gone: the volume is released and waits for its reclaim policy.
    if (pv.status?.phase !== 'Released' && pv.status?.phase !== 'Failed') {
      setVolumePhase(context, volume, 'Released');
    }
  } catch (error) {
    if (!(error instanceof ApiError && (error.code === 409 || error.code === 404))) throw error;
  }
}
