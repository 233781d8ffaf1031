import type { KubeObject } from '../api/types.ts';
import type { Controller, ControllerContext } from './runtime/controller.ts';

/** Resources whose objects are commonly owned by others and collected with their owners. */
const DEPENDENT_RESOURCES = [
  '/pods',
  'apps/replicasets',
  'apps/controllerrevisions',
  'batch/jobs',
  'discovery.k8s.io/endpointslices',
  '/persistentvolumeclaims',
  '/events',
];
/** Resources that own others. */
const OWNER_RESOURCES = [
  'apps/deployments',
  'apps/replicasets',
  'apps/statefulsets',
  'apps/daemonsets',
  'batch/jobs',
  'batch/cronjobs',
  '/services',
  '/pods',
  '/replicationcontrollers',
];

/**
 * The garbage collector: dependents of a deleted owner are deleted (background propagation);
 * an owner marked with the `orphan` finalizer first has its dependents released; one marked
 * `foregroundDeletion` waits until its blocking dependents are gone.
 */
export const garbageCollectorController: Controller = {
  name: 'garbagecollector',
  start(context) {
    for (const key of OWNER_RESOURCES) {
      context.informers.for(key).addHandlers({
        delete: (owner) => context.loop.enqueue(() => collect(context, owner)),
        update: (owner) => {
          if (owner.metadata.deletionTimestamp && (owner.metadata.finalizers ?? []).length > 0) {
            context.loop.enqueue(() => finalize(context, key, owner));
          }
        },
      });
    }
    for (const key of DEPENDENT_RESOURCES) {
      context.informers.for(key).addHandlers({
        delete: (dependent) => {
          for (const ref of dependent.metadata.ownerReferences ?? []) {
            const owner = findOwner(context, ref.uid, dependent.metadata.namespace ?? '');
            if (owner?.object.metadata.finalizers?.includes('foregroundDeletion')) {
              context.loop.enqueue(() => finalize(context, owner.key, owner.object));
            }
          }
        },
      });
    }
  },
};

function dependentsOf(
  context: ControllerContext,
  owner: KubeObject,
): Array<{ key: string; object: KubeObject }> {
  const uid = owner.metadata.uid;
  const found: Array<{ key: string; object: KubeObject }> = [];
  for (const key of DEPENDENT_RESOURCES) {
    for (const object of context.informers.for(key).list(owner.metadata.namespace || undefined)) {
      if (object.metadata.ownerReferences?.some((ref) => ref.uid === uid)) found.push({ key, object });
    }
  }
  return found;
}

function collect(context: ControllerContext, owner: KubeObject): void {
  for (const { key, object } of dependentsOf(context, owner)) {
    const others = (object.metadata.ownerReferences ?? []).filter((ref) => ref.uid !== owner.metadata.uid);
    if (others.length > 0) {
      context.client.patch(key, object.metadata.namespace ?? '', object.metadata.name ?? '', 'merge', {
        metadata: { ownerReferences: others },
      });
    } else if (!object.metadata.deletionTimestamp) {
      context.client.delete(key, object.metadata.namespace ?? '', object.metadata.name ?? '', {
        propagationPolicy: 'Background',
      });
    }
  }
}

function finalize(context: ControllerContext, key: string, owner: KubeObject): void {
  const current = context.informers.for(key).get(owner.metadata.namespace ?? '', owner.metadata.name ?? '');
  if (!current?.metadata.deletionTimestamp) return;
  const finalizers = current.metadata.finalizers ?? [];
  const dependents = dependentsOf(context, current);
  if (finalizers.includes('orphan')) {
    for (const { key: depKey, object } of dependents) {
      const refs = (object.metadata.ownerReferences ?? []).filter((ref) => ref.uid !== current.metadata.uid);
      context.client.patch(depKey, object.metadata.namespace ?? '', object.metadata.name ?? '', 'merge', {
        metadata: { ownerReferences: refs.length > 0 ? refs : null },
      });
    }
    removeFinalizer(context, key, current, 'orphan');
    return;
  }
  if (finalizers.includes('foregroundDeletion')) {
    const blocking = dependents.filter(({ object }) =>
      object.metadata.ownerReferences?.some(
        (ref) => ref.uid === current.metadata.uid && ref.blockOwnerDeletion,
      ),
    );
    for (const { key: depKey, object } of dependents) {
      if (!object.metadata.deletionTimestamp) {
        context.client.delete(depKey, object.metadata.namespace ?? '', object.metadata.name ?? '', {
          propagationPolicy: 'Foreground',
        });
      }
    }
    if (blocking.length === 0) removeFinalizer(context, key, current, 'foregroundDeletion');
  }
}

function removeFinalizer(
  context: ControllerContext,
  key: string,
  object: KubeObject,
  finalizer: string,
): void {
  const finalizers = (object.metadata.finalizers ?? []).filter((f) => f !== finalizer);
  context.client.update(key, { ...object, metadata: { ...object.metadata, finalizers } });
}

function findOwner(
  context: ControllerContext,
  uid: string,
  namespace: string,
): { key: string; object: KubeObject } | undefined {
  for (const key of OWNER_RESOURCES) {
    const object = context.informers
      .for(key)
      .list(namespace || undefined)
      .find((o) => o.metadata.uid === uid);
    if (object) return { key, object };
  }
  return undefined;
}
