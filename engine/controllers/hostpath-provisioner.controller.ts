import type { ObjectReference, PersistentVolume, PersistentVolumeClaim } from 'kubernetes-types/core/v1';
import type { StorageClass } from 'kubernetes-types/storage/v1';
import { serviceAccountIdentity } from '../api/component-identities.ts';
import { ApiError } from '../api/errors.ts';
import type { KubeObject } from '../api/types.ts';
import {
  ANN_BETA_STORAGE_PROVISIONER,
  ANN_STORAGE_PROVISIONER,
  claimClass,
} from './persistentvolume-binder.controller.ts';
import type { Controller, ControllerContext } from './runtime/controller.ts';
import type { EventRecorder } from './runtime/event-recorder.ts';
import { objectKey, splitKey } from './runtime/work-queue.ts';

const CLAIMS = '/persistentvolumeclaims';
const VOLUMES = '/persistentvolumes';
const CLASSES = 'storage.k8s.io/storageclasses';
const NODES = '/nodes';

/** minikube's storage-provisioner: its provisioner name, and where it makes volume directories. */
export const HOSTPATH_PROVISIONER = 'k8s.io/minikube-hostpath';
export const HOSTPATH_PROVISIONER_DIR = '/tmp/hostpath-provisioner';
export const ANN_PROVISIONED_BY = 'pv.kubernetes.io/provisioned-by';
export const ANN_PROVISIONER_IDENTITY = 'hostPathProvisionerIdentity';
export const STORAGE_PROVISIONER_IDENTITY = serviceAccountIdentity(
  'kube-system',
  'storage-provisioner',
  'storage-provisioner',
);

/** The PV provisioned for a claim: `pvc-<claim uid>`. */
export function provisionedVolumeName(claim: PersistentVolumeClaim): string {
  return `pvc-${claim.metadata?.uid ?? ''}`;
}

/**
 * The hostPath provisioner minikube runs (storage-provisioner, on sig-storage-lib-external-provisioner):
 * for each claim handed to `k8s.io/minikube-hostpath` it creates `pvc-<uid>`, a hostPath volume
 * at /tmp/hostpath-provisioner/<namespace>/<claim> of the requested size, pre-bound to the
 * claim; released volumes whose reclaim policy is Delete are deleted.
 */
export const hostPathProvisionerController: Controller = {
  name: 'hostpath-provisioner',
  start(managerContext) {
    // minikube runs it as a pod under the kube-system/storage-provisioner service account.
    const context = managerContext.as(STORAGE_PROVISIONER_IDENTITY);
    const identity = context.random.uuid();
    let recorder: EventRecorder | undefined;
    // Events come from "<provisioner>_<host>_<identity>", the host being the node it runs on.
    const events = () => {
      if (recorder) return recorder;
      const host = context.informers.for(NODES).list()[0]?.metadata.name ?? '';
      recorder = context.events.recorder(`${HOSTPATH_PROVISIONER}_${host}_${identity}`);
      return recorder;
    };
    const claimQueue = context.queue('provision', (key) => provision(context, events, identity, key));
    const volumeQueue = context.queue('reclaim', (name) => reclaim(context, name));
    context.informers.for(CLAIMS).addHandlers({
      add: (claim) => claimQueue.add(objectKey(claim)),
      update: (claim) => claimQueue.add(objectKey(claim)),
    });
    context.informers.for(VOLUMES).addHandlers({
      add: (volume) => volumeQueue.add(objectKey(volume)),
      update: (volume) => volumeQueue.add(objectKey(volume)),
    });
  },
};

/** shouldProvision: a pending claim handed to this provisioner, with no volume yet. */
function wantsVolume(claim: PersistentVolumeClaim): boolean {
  if (claim.metadata?.deletionTimestamp || claim.spec?.volumeName) return false;
  const annotations = claim.metadata?.annotations ?? {};
  const provisioner = annotations[ANN_STORAGE_PROVISIONER] ?? annotations[ANN_BETA_STORAGE_PROVISIONER];
  return provisioner === HOSTPATH_PROVISIONER;
}

function provision(
  context: ControllerContext,
  events: () => EventRecorder,
  identity: string,
  key: string,
): void {
  const { namespace, name } = splitKey(key);
  const claim = context.informers.for(CLAIMS).get(namespace, name) as unknown as
    | PersistentVolumeClaim
    | undefined;
  if (!claim || !wantsVolume(claim)) return;
  const volumeName = provisionedVolumeName(claim);
  if (context.informers.for(VOLUMES).get('', volumeName)) return;
  const className = claimClass(claim);
  const storageClass = context.informers.for(CLASSES).get('', className) as unknown as
    | StorageClass
    | undefined;
  if (storageClass?.provisioner !== HOSTPATH_PROVISIONER) return;
  const claimObject = claim as unknown as KubeObject;
  const recorder = events();
  recorder.event(
    claimObject,
    'Normal',
    'Provisioning',
    `External provisioner is provisioning volume for claim "${namespace}/${name}"`,
  );
  if (claim.spec?.selector) {
    recorder.event(
      claimObject,
      'Warning',
      'ProvisioningFailed',
      `failed to provision volume with StorageClass "${className}": claim Selector is not supported`,
    );
    return;
  }
  const claimRef: ObjectReference = {
    kind: 'PersistentVolumeClaim',
    namespace,
    name,
    uid: claim.metadata?.uid ?? '',
    apiVersion: 'v1',
    resourceVersion: claim.metadata?.resourceVersion ?? '',
  };
  const storage = claim.spec?.resources?.requests?.storage;
  const volume: PersistentVolume = {
    apiVersion: 'v1',
    kind: 'PersistentVolume',
    metadata: {
      name: volumeName,
      annotations: { [ANN_PROVISIONER_IDENTITY]: identity, [ANN_PROVISIONED_BY]: HOSTPATH_PROVISIONER },
    },
    spec: {
      accessModes: claim.spec?.accessModes ?? [],
      capacity: storage === undefined ? {} : { storage },
      claimRef,
      hostPath: { path: `${HOSTPATH_PROVISIONER_DIR}/${namespace}/${name}` },
      persistentVolumeReclaimPolicy: storageClass.reclaimPolicy ?? 'Delete',
      storageClassName: className,
      ...(claim.spec?.volumeMode ? { volumeMode: claim.spec.volumeMode } : {}),
      ...(storageClass.mountOptions ? { mountOptions: storageClass.mountOptions } : {}),
    },
  };
  try {
    context.client.create(VOLUMES, '', volume as unknown as KubeObject);
  } catch (error) {
    if (error instanceof ApiError && error.code === 409) return;
    throw error;
  }
  recorder.event(
    claimObject,
    'Normal',
    'ProvisioningSucceeded',
    `Successfully provisioned volume ${volumeName}`,
  );
}

/** shouldDelete: a released volume this provisioner made, whose policy is Delete. */
function reclaim(context: ControllerContext, name: string): void {
  const volume = context.informers.for(VOLUMES).get('', name) as unknown as PersistentVolume | undefined;
  if (!volume || volume.metadata?.deletionTimestamp) return;
  if (volume.metadata?.annotations?.[ANN_PROVISIONED_BY] !== HOSTPATH_PROVISIONER) return;
  if (volume.status?.phase !== 'Released' || volume.spec?.persistentVolumeReclaimPolicy !== 'Delete') return;
  context.client.delete(VOLUMES, '', name);
}
