import type { CustomResourceDefinition } from 'kubernetes-types/apiextensions/v1';
import { CRD_STORAGE_KEY } from '../api/customresources/crd.ts';
import type { KubeObject } from '../api/types.ts';
import type { Controller, ControllerContext } from './runtime/controller.ts';

/**
 * Resources whose objects are commonly owned by others and collected with their owners: what the
 * built-in controllers create, and what operators create for their custom resources.
 */
const DEPENDENT_RESOURCES = [
  '/pods',
  'apps/replicasets',
  'apps/controllerrevisions',
  'batch/jobs',
  'discovery.k8s.io/endpointslices',
  '/persistentvolumeclaims',
  '/events',
  '/configmaps',
  '/secrets',
  '/services',
  '/serviceaccounts',
  'apps/deployments',
  'apps/statefulsets',
  'apps/daemonsets',
  'batch/cronjobs',
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
 * The resources the collector follows: the built-in owners and dependents above, and every custom
 * resource, which may own objects and be owned (the graph builder watches all deletable resources).
 */
class GraphResources {
  readonly owners: string[] = [...OWNER_RESOURCES];
  readonly dependents: string[] = [...DEPENDENT_RESOURCES];
  /** Custom resources are found by uid in every namespace, cluster-scoped owners included. */
  readonly custom = new Set<string>();
}

/**
 * The garbage collector: dependents of a deleted owner are deleted (background propagation);
 * an owner marked with the `orphan` finalizer first has its dependents released; one marked
 * `foregroundDeletion` waits until its blocking dependents are gone.
 */
export const garbageCollectorController: Controller = {
  name: 'garbagecollector',
  start(context) {
    const graph = new GraphResources();
    const followOwner = (key: string) => {
      context.informers.for(key).addHandlers({
        delete: (owner) => context.loop.enqueue(() => collect(context, graph, owner)),
        update: (owner) => {
          if (owner.metadata.deletionTimestamp && (owner.metadata.finalizers ?? []).length > 0) {
            context.loop.enqueue(() => finalize(context, graph, key, owner));
          }
        },
      });
    };
    const followDependent = (key: string) => {
      context.informers.for(key).addHandlers({
        delete: (dependent) => {
          for (const ref of dependent.metadata.ownerReferences ?? []) {
            const owner = findOwner(context, graph, ref.uid, dependent.metadata.namespace ?? '');
            if (owner?.object.metadata.finalizers?.includes('foregroundDeletion')) {
              context.loop.enqueue(() => finalize(context, graph, owner.key, owner.object));
            }
          }
        },
      });
    };
    for (const key of OWNER_RESOURCES) followOwner(key);
    for (const key of DEPENDENT_RESOURCES) followDependent(key);
    const followCustom = (object: KubeObject) => {
      const crd = object as unknown as CustomResourceDefinition;
      const key = `${crd.spec?.group}/${crd.spec?.names?.plural}`;
      if (graph.custom.has(key)) return;
      graph.custom.add(key);
      graph.owners.push(key);
      graph.dependents.push(key);
      followOwner(key);
      followDependent(key);
    };
    context.informers.for(CRD_STORAGE_KEY).addHandlers({ add: followCustom, update: followCustom });
  },
};

function dependentsOf(
  context: ControllerContext,
  graph: GraphResources,
  owner: KubeObject,
): Array<{ key: string; object: KubeObject }> {
  const uid = owner.metadata.uid;
  const found: Array<{ key: string; object: KubeObject }> = [];
  for (const key of graph.dependents) {
    for (const object of context.informers.for(key).list(owner.metadata.namespace || undefined)) {
      if (object.metadata.ownerReferences?.some((ref) => ref.uid === uid)) found.push({ key, object });
    }
  }
  return found;
}

function collect(context: ControllerContext, graph: GraphResources, owner: KubeObject): void {
  for (const { key, object } of dependentsOf(context, graph, owner)) {
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

function finalize(context: ControllerContext, graph: GraphResources, key: string, owner: KubeObject): void {
  const current = context.informers.for(key).get(owner.metadata.namespace ?? '', owner.metadata.name ?? '');
  if (!current?.metadata.deletionTimestamp) return;
  const finalizers = current.metadata.finalizers ?? [];
  const dependents = dependentsOf(context, graph, current);
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
  graph: GraphResources,
  uid: string,
  namespace: string,
): { key: string; object: KubeObject } | undefined {
  for (const key of graph.owners) {
    const object = context.informers
      .for(key)
      .list(graph.custom.has(key) ? undefined : namespace || undefined)
      .find((o) => o.metadata.uid === uid);
    if (object) return { key, object };
  }
  return undefined;
}
