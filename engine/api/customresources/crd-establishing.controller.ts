/**
 * The establishing controller of apiextensions-apiserver (pkg/controller/establish): once a CRD's
 * names are accepted, it is Established and its resources appear in discovery.
 */
import type { Controller, ControllerContext } from '../../controllers/runtime/controller.ts';
import { asCrd, asObject, CRD_STORAGE_KEY, isConditionTrue, withCondition } from './crd.ts';

function sync(context: ControllerContext, name: string): void {
  const object = context.informers.for(CRD_STORAGE_KEY).get('', name);
  if (!object) return;
  const crd = asCrd(object);
  if (!isConditionTrue(crd, 'NamesAccepted') || isConditionTrue(crd, 'Established')) return;
  const conditions = withCondition(
    crd.status?.conditions,
    {
      type: 'Established',
      status: 'True',
      reason: 'InitialNamesAccepted',
      message: 'the initial names have been accepted',
    },
    context.clock.now(),
  );
  context.client.updateStatus(CRD_STORAGE_KEY, asObject({ ...crd, status: { ...crd.status, conditions } }));
}

export const crdEstablishingController: Controller = {
  name: 'crd-establishing',
  start(context) {
    const queue = context.queue('crd-establishing', (name) => sync(context, name));
    context.informers.for(CRD_STORAGE_KEY).addHandlers({
      add: (crd) => queue.add(crd.metadata.name ?? ''),
      update: (crd) => queue.add(crd.metadata.name ?? ''),
    });
  },
};
