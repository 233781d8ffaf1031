import type { PersistentVolumeClaim, Pod } from 'kubernetes-types/core/v1';
import { PVC_PROTECTION_FINALIZER } from '../admission/plugins/storage-object-in-use-protection.admission.ts';
import { ApiError } from '../api/errors.ts';
import type { KubeObject } from '../api/types.ts';
import type { Controller, ControllerContext } from './runtime/controller.ts';
import { objectKey, splitKey } from './runtime/work-queue.ts';

const CLAIMS = '/persistentvolumeclaims';
const PODS = '/pods';

/** podUsesPVC: a scheduled pod that mounts the claim (even finished: it still holds it). */
export function podUsesClaim(pod: Pod, claimName: string): boolean {
  if (!pod.spec?.nodeName) return false;
  return (pod.spec.volumes ?? []).some((volume) => volume.persistentVolumeClaim?.claimName === claimName);
}

/**
 * The PVC protection controller (pkg/controller/volume/pvcprotection): a claim being deleted keeps
 * its `kubernetes.io/pvc-protection` finalizer while a scheduled pod mounts it.
 */
export const pvcProtectionController: Controller = {
  name: 'pvc-protection',
  start(context) {
    const queue = context.queue('pvcprotection', (key) => sync(context, key));
    context.informers.for(CLAIMS).addHandlers({
      add: (claim) => queue.add(objectKey(claim)),
      update: (claim) => queue.add(objectKey(claim)),
    });
    const enqueueClaimsOf = (pod: KubeObject) => {
      for (const volume of (pod as unknown as Pod).spec?.volumes ?? []) {
        const claim = volume.persistentVolumeClaim?.claimName;
        if (claim) queue.add(`${pod.metadata.namespace}/${claim}`);
      }
    };
    context.informers.for(PODS).addHandlers({ update: enqueueClaimsOf, delete: enqueueClaimsOf });
  },
};

function sync(context: ControllerContext, key: string): void {
  const { namespace, name } = splitKey(key);
  const claim = context.informers.for(CLAIMS).get(namespace, name) as unknown as
    | PersistentVolumeClaim
    | undefined;
  if (!claim?.metadata?.deletionTimestamp) return;
  const finalizers = claim.metadata.finalizers ?? [];
  if (!finalizers.includes(PVC_PROTECTION_FINALIZER)) return;
  const pods = context.informers.for(PODS).list(namespace) as unknown as Pod[];
  if (pods.some((pod) => podUsesClaim(pod, name))) return;
  removeFinalizer(context, CLAIMS, namespace, name, finalizers, PVC_PROTECTION_FINALIZER);
}

/** Patches `finalizer` out of the object's finalizers. */
export function removeFinalizer(
  context: ControllerContext,
  resource: string,
  namespace: string,
  name: string,
  finalizers: readonly string[],
  finalizer: string,
): void {
  const rest = finalizers.filter((f) => f !== finalizer);
  try {
    context.client.patch(resource, namespace, name, 'merge', {
      metadata: { finalizers: rest.length > 0 ? rest : null },
    });
  } catch (error) {
    if (!(error instanceof ApiError && (error.code === 404 || error.code === 409))) throw error;
  }
}
