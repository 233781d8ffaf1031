import type { ResourceDefinition } from '../resources/resource.ts';
import type { KubeObject } from '../types.ts';
import type { DeleteOutcome } from './generic-registry.ts';

/**
 * The registries that set ReturnDeletedObject in Kubernetes 1.32 (pkg/registry/…/storage): a
 * DELETE of these answers with the deleted object; every other registry answers with a Success
 * Status once the object is gone. Keyed `group/resource`, the core group empty.
 */
export const RETURN_DELETED_OBJECT: ReadonlySet<string> = new Set([
  '/namespaces',
  '/persistentvolumeclaims',
  '/persistentvolumes',
  '/pods',
  '/podtemplates',
  '/resourcequotas',
  '/serviceaccounts',
  '/services',
  'storage.k8s.io/storageclasses',
]);

/** The Success Status of store.finalizeDelete: `kind` holds the resource, as upstream sets it. */
export interface DeleteSuccessStatus {
  kind: 'Status';
  apiVersion: 'v1';
  metadata: Record<string, never>;
  status: 'Success';
  details: { name: string; group?: string; kind: string; uid?: string };
}

/**
 * What a DELETE answers (generic registry store.Delete): the object while its deletion is pending
 * (grace period, finalizers) or when the registry returns deleted objects, else a Success Status
 * naming it. Custom resources answer with the Status.
 */
export function deleteResult(
  def: ResourceDefinition,
  outcome: DeleteOutcome,
): { object: KubeObject } | { status: DeleteSuccessStatus } {
  const { object } = outcome;
  if (!outcome.deleted) return { object };
  if (!def.custom && RETURN_DELETED_OBJECT.has(`${def.group}/${def.resource}`)) return { object };
  const { name, uid } = object.metadata;
  const status: DeleteSuccessStatus = {
    kind: 'Status',
    apiVersion: 'v1',
    metadata: {},
    status: 'Success',
    details: {
      name: name ?? '',
      ...(def.group ? { group: def.group } : {}),
      kind: def.resource,
      ...(uid ? { uid } : {}),
    },
  };
  return { status };
}
