/**
 * The CRD finalizer of apiextensions-apiserver (pkg/controller/finalizer/crd_finalizer.go): a CRD
 * being deleted first loses its custom resources, deleted as any client deletes them (finalizers and
 * the garbage collector apply), then its cleanup finalizer, and with it the CRD itself.
 */
import type { Controller, ControllerContext } from '../../controllers/runtime/controller.ts';
import {
  asCrd,
  asObject,
  CRD_STORAGE_KEY,
  CUSTOM_RESOURCE_CLEANUP_FINALIZER,
  isConditionTrue,
  withCondition,
} from './crd.ts';

/** How often deletion is checked again while custom resources remain (upstream polls every 5s). */
const RECHECK_MS = 5_000;

/** Deletes what is left of the CRD's resources; returns how many remain. */
function deleteInstances(context: ControllerContext, key: string): number {
  const instances = context.informers.for(key).list();
  for (const instance of instances) {
    if (instance.metadata.deletionTimestamp) continue;
    context.client.delete(key, instance.metadata.namespace ?? '', instance.metadata.name ?? '');
  }
  return context.informers.for(key).list().length;
}

/** Returns false while custom resources remain to be deleted. */
function sync(context: ControllerContext, name: string): boolean {
  const object = context.informers.for(CRD_STORAGE_KEY).get('', name);
  if (!object?.metadata.deletionTimestamp) return true;
  if (!(object.metadata.finalizers ?? []).includes(CUSTOM_RESOURCE_CLEANUP_FINALIZER)) return true;
  let crd = asCrd(object);
  const now = context.clock.now();
  const inProgress = withCondition(
    crd.status?.conditions,
    {
      type: 'Terminating',
      status: 'True',
      reason: 'InstanceDeletionInProgress',
      message: 'CustomResource deletion is in progress',
    },
    now,
  );
  crd = asCrd(
    context.client.updateStatus(
      CRD_STORAGE_KEY,
      asObject({ ...crd, status: { ...crd.status, conditions: inProgress } }),
    ),
  );
  let outcome: { reason: string; message: string };
  if (isConditionTrue(crd, 'Established')) {
    if (deleteInstances(context, `${crd.spec.group}/${crd.spec.names.plural}`) > 0) return false;
    outcome = { reason: 'InstanceDeletionCompleted', message: 'removed all instances' };
  } else {
    outcome = { reason: 'NeverEstablished', message: 'resource was never established' };
  }
  const conditions = withCondition(
    crd.status?.conditions,
    { type: 'Terminating', status: 'False', ...outcome },
    now,
  );
  crd = asCrd(
    context.client.updateStatus(CRD_STORAGE_KEY, asObject({ ...crd, status: { ...crd.status, conditions } })),
  );
  const finalizers = (crd.metadata?.finalizers ?? []).filter((f) => f !== CUSTOM_RESOURCE_CLEANUP_FINALIZER);
  context.client.update(CRD_STORAGE_KEY, asObject({ ...crd, metadata: { ...crd.metadata, finalizers } }));
  return true;
}

export const crdFinalizerController: Controller = {
  name: 'crd-finalizer',
  start(context) {
    const queue = context.queue('crd-finalizer', (name) => {
      if (!sync(context, name)) queue.addAfter(name, RECHECK_MS);
    });
    context.informers.for(CRD_STORAGE_KEY).addHandlers({
      add: (crd) => queue.add(crd.metadata.name ?? ''),
      update: (crd) => queue.add(crd.metadata.name ?? ''),
    });
  },
};
