import type { Controller, ControllerContext } from './runtime/controller.ts';
import { objectKey } from './runtime/work-queue.ts';

const NAMESPACES = '/namespaces';
const RECHECK_MS = 5_000;

/**
 * The namespace controller: once a namespace is Terminating it deletes everything in it, waits
 * for graceful deletions (pods) to finish, then removes the namespace for good.
 */
export const namespaceController: Controller = {
  name: 'namespace',
  start(context) {
    const namespaces = context.informers.for(NAMESPACES);
    const queue = context.queue('namespace', (key) => {
      if (!sync(context, key)) queue.addAfter(key, RECHECK_MS);
    });
    namespaces.addHandlers({
      add: (ns) => queue.add(objectKey(ns)),
      update: (ns) => queue.add(objectKey(ns)),
    });
    context.informers.for('/pods').addHandlers({
      delete: (pod) => {
        const ns = namespaces.get('', pod.metadata.namespace ?? '');
        if (ns?.metadata.deletionTimestamp) queue.add(objectKey(ns));
      },
    });
  },
};

/** Returns true when there is nothing left to wait for. */
function sync(context: ControllerContext, name: string): boolean {
  const namespace = context.informers.for(NAMESPACES).get('', name);
  if (!namespace?.metadata.deletionTimestamp) return true;
  let remaining = 0;
  for (const def of context.client.namespacedResources()) {
    for (const object of context.informers.for(def).list(name)) {
      remaining++;
      // The namespaced resources deleter asks for background propagation.
      if (!object.metadata.deletionTimestamp)
        context.client.delete(def, name, object.metadata.name ?? '', { propagationPolicy: 'Background' });
    }
  }
  if (remaining > 0) return false;
  context.client.finalizeNamespace(name);
  return true;
}
