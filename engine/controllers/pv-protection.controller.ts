import type { PersistentVolume } from 'kubernetes-types/core/v1';
import { PV_PROTECTION_FINALIZER } from '../admission/plugins/storage-object-in-use-protection.admission.ts';
import { removeFinalizer } from './pvc-protection.controller.ts';
import type { Controller, ControllerContext } from './runtime/controller.ts';
import { objectKey } from './runtime/work-queue.ts';

const VOLUMES = '/persistentvolumes';

/**
 * The PV protection controller (pkg/controller/volume/pvprotection): a volume being deleted keeps
 * its `kubernetes.io/pv-protection` finalizer while it is Bound.
 */
export const pvProtectionController: Controller = {
  name: 'pv-protection',
  start(context) {
    const queue = context.queue('pvprotection', (name) => sync(context, name));
    context.informers.for(VOLUMES).addHandlers({
      add: (volume) => queue.add(objectKey(volume)),
      update: (volume) => queue.add(objectKey(volume)),
    });
  },
};

function sync(context: ControllerContext, name: string): void {
  const volume = context.informers.for(VOLUMES).get('', name) as unknown as PersistentVolume | undefined;
  if (!volume?.metadata?.deletionTimestamp) return;
  const finalizers = volume.metadata.finalizers ?? [];
  if (!finalizers.includes(PV_PROTECTION_FINALIZER) || volume.status?.phase === 'Bound') return;
  removeFinalizer(context, VOLUMES, '', name, finalizers, PV_PROTECTION_FINALIZER);
}
