/**
 * How CustomResourceDefinitions are written, after apiextensions-apiserver
 * registry/customresourcedefinition (strategy.go, etcd.go) and apis/apiextensions/v1/defaults.go:
 * v1 defaulting, a status reset to empty names and the storage version on create, storedVersions
 * that only grow, validation, and a DELETE that first adds the cleanup finalizer.
 */
import { toRfc3339 } from '../../clock/clock.ts';
import type { ResourceStrategy } from '../resources/resource.ts';
import { specStatusStrategy } from '../resources/resource.ts';
import type { KubeObject } from '../types.ts';
import { asCrd, CUSTOM_RESOURCE_CLEANUP_FINALIZER, withCondition } from './crd.ts';
import { validateCrdCreate, validateCrdUpdate, validateNames } from './crd-validation.ts';

/** SetDefaults_CustomResourceDefinitionSpec and SetDefaults_ServiceReference. */
function applyCrdDefaults(object: KubeObject): void {
  const spec = object.spec as Record<string, unknown> | undefined;
  if (!spec || typeof spec !== 'object') return;
  const names = spec.names as Record<string, unknown> | undefined;
  if (names && typeof names === 'object') {
    const kind = typeof names.kind === 'string' ? names.kind : '';
    if (!names.singular) names.singular = kind.toLowerCase();
    if (!names.listKind && kind) names.listKind = `${kind}List`;
  }
  spec.conversion ??= { strategy: 'None' };
  const service = (spec.conversion as { webhook?: { clientConfig?: { service?: { port?: number } } } })
    .webhook?.clientConfig?.service;
  if (service && service.port === undefined) service.port = 443;
}

/** The storage version joins status.storedVersions the first time it is the storage version. */
function recordStorageVersion(object: KubeObject): void {
  const crd = asCrd(object);
  const storage = (crd.spec?.versions ?? []).find((v) => v.storage)?.name;
  if (!storage) return;
  const status = (object.status ?? {}) as { storedVersions?: string[] | null };
  const stored = status.storedVersions ?? [];
  if (!stored.includes(storage)) object.status = { ...status, storedVersions: [...stored, storage] };
}

export const customResourceDefinitionStrategy: ResourceStrategy = specStatusStrategy({
  applyDefaults: applyCrdDefaults,
  prepareForCreate(object) {
    // PrepareForCreate resets the status: the naming controller fills in names and conditions.
    object.status = { conditions: null, acceptedNames: { plural: '', kind: '' }, storedVersions: null };
    recordStorageVersion(object);
  },
  prepareForUpdate(object) {
    recordStorageVersion(object);
  },
  validateCreate: (object) => validateCrdCreate(asCrd(object)),
  validateUpdate: (object, old) => validateCrdUpdate(asCrd(object), asCrd(old)),
  validateStatusUpdate: (object) =>
    validateNames(asCrd(object).status?.acceptedNames, 'status.acceptedNames'),
  prepareForDelete(object, now) {
    // etcd.go Delete: the first DELETE adds the cleanup finalizer and a Terminating condition.
    if (object.metadata.deletionTimestamp) return object;
    const finalizers = object.metadata.finalizers ?? [];
    const status = (object.status ?? {}) as { conditions?: unknown };
    return {
      ...object,
      metadata: {
        ...object.metadata,
        deletionTimestamp: toRfc3339(now),
        finalizers: finalizers.includes(CUSTOM_RESOURCE_CLEANUP_FINALIZER)
          ? finalizers
          : [...finalizers, CUSTOM_RESOURCE_CLEANUP_FINALIZER],
      },
      status: {
        ...status,
        conditions: withCondition(
          asCrd(object).status?.conditions,
          {
            type: 'Terminating',
            status: 'True',
            reason: 'InstanceDeletionPending',
            message: 'CustomResourceDefinition marked for deletion; CustomResource deletion will begin soon',
          },
          now,
        ),
      },
    };
  },
});
