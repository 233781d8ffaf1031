import { isDeepStrictEqual } from 'node:util';
import type { PersistentVolume, PersistentVolumeClaim } from 'kubernetes-types/core/v1';
import { toRfc3339 } from '../../../clock/clock.ts';
import { badRequest, type FieldError } from '../../errors.ts';
import { goJsonKind } from '../../handlers/go-decode-errors.ts';
import type { KubeObject } from '../../types.ts';
import { goBase64ErrorOffset } from '../../validation/go-base64.ts';
import {
  plainStrategy,
  type ResourceDefinition,
  STANDARD_VERBS,
  STATUS_SUBRESOURCE,
  specStatusStrategy,
} from '../resource.ts';

function core(
  def: Omit<ResourceDefinition, 'group' | 'version' | 'verbs'> & { verbs?: string[] },
): ResourceDefinition {
  return { group: '', version: 'v1', verbs: STANDARD_VERBS, ...def };
}

export const configMapsResource = core({
  resource: 'configmaps',
  singular: 'configmap',
  kind: 'ConfigMap',
  namespaced: true,
  shortNames: ['cm'],
  strategy: plainStrategy({
    validateUpdate: (object, old) => immutableFields(object, old, ['data', 'binaryData']),
  }),
});

/**
 * ValidateConfigMapUpdate / ValidateSecretUpdate: once `immutable` is set, neither it nor the
 * data may change.
 */
function immutableFields(object: KubeObject, old: KubeObject, fields: string[]): FieldError[] {
  if (old.immutable !== true) return [];
  const detail = 'field is immutable when `immutable` is set';
  const errors: FieldError[] = [];
  if (object.immutable !== true) errors.push({ type: 'FieldValueForbidden', field: 'immutable', detail });
  for (const field of fields) {
    if (!isDeepStrictEqual(object[field], old[field]))
      errors.push({ type: 'FieldValueForbidden', field, detail });
  }
  return errors;
}

export const secretsResource = core({
  resource: 'secrets',
  singular: 'secret',
  kind: 'Secret',
  namespaced: true,
  strategy: plainStrategy({
    applyDefaults(object) {
      mergeStringData(object);
      object.type ??= 'Opaque';
    },
    validateUpdate(object, old) {
      const typeChanged: FieldError[] =
        object.type === old.type
          ? []
          : [{ type: 'FieldValueInvalid', field: 'type', value: object.type, detail: 'field is immutable' }];
      return [...typeChanged, ...immutableFields(object, old, ['data'])];
    },
  }),
});

/**
 * stringData is write-only: decoding a Secret merges it into data (base64, overriding keys of
 * the same name) and drops it, so it is never stored or returned.
 */
function mergeStringData(secret: KubeObject): void {
  checkSecretValues(secret.data, 'data', '[]uint8');
  checkBase64(secret.data as Record<string, string> | undefined);
  checkSecretValues(secret.stringData, 'stringData', 'string');
  const stringData = secret.stringData as Record<string, string> | undefined;
  if (stringData === undefined || stringData === null) return;
  const data = { ...((secret.data as Record<string, string> | undefined) ?? {}) };
  for (const [key, value] of Object.entries(stringData))
    data[key] = Buffer.from(value, 'utf8').toString('base64');
  secret.data = data;
  delete secret.stringData;
}

/**
 * The decoding error apiserver gives a Secret whose values are not strings (a YAML number, a
 * map): encoding/json's type error, which names the field but never the value.
 */
function checkSecretValues(values: unknown, field: 'data' | 'stringData', goType: string): void {
  if (values === undefined || values === null) return;
  const wrong =
    typeof values !== 'object' || Array.isArray(values)
      ? { value: values, type: `map[string]${goType}` }
      : Object.values(values)
          .filter((value) => value !== null && typeof value !== 'string')
          .map((value) => ({ value, type: goType }))[0];
  if (!wrong) return;
  throw badRequest(
    `Secret in version "v1" cannot be handled as a Secret: json: cannot unmarshal ${goJsonKind(wrong.value)} into Go struct field Secret.${field} of type ${wrong.type}`,
  );
}

/** data values are []byte on the wire: base64 that Go cannot decode fails the whole request. */
function checkBase64(data: Record<string, string> | undefined): void {
  for (const value of Object.values(data ?? {})) {
    const offset = value === null ? undefined : goBase64ErrorOffset(value);
    if (offset !== undefined) {
      throw badRequest(
        `Secret in version "v1" cannot be handled as a Secret: illegal base64 data at input byte ${offset}`,
      );
    }
  }
}

export const serviceAccountsResource = core({
  resource: 'serviceaccounts',
  singular: 'serviceaccount',
  kind: 'ServiceAccount',
  namespaced: true,
  shortNames: ['sa'],
  subresources: [
    { name: 'token', kind: 'TokenRequest', group: 'authentication.k8s.io', version: 'v1', verbs: ['create'] },
  ],
  strategy: plainStrategy(),
});

export const eventsResource = core({
  resource: 'events',
  singular: 'event',
  kind: 'Event',
  namespaced: true,
  shortNames: ['ev'],
  strategy: plainStrategy(),
});

export const endpointsResource = core({
  resource: 'endpoints',
  singular: 'endpoints',
  kind: 'Endpoints',
  namespaced: true,
  shortNames: ['ep'],
  strategy: plainStrategy(),
});

export const resourceQuotasResource = core({
  resource: 'resourcequotas',
  singular: 'resourcequota',
  kind: 'ResourceQuota',
  namespaced: true,
  shortNames: ['quota'],
  subresources: [STATUS_SUBRESOURCE('ResourceQuota')],
  strategy: { hasStatus: true, trackGeneration: false, nameRule: 'dns-subdomain' },
});

export const limitRangesResource = core({
  resource: 'limitranges',
  singular: 'limitrange',
  kind: 'LimitRange',
  namespaced: true,
  shortNames: ['limits'],
  strategy: plainStrategy({ applyDefaults: defaultLimitRangeItems }),
});

/**
 * SetDefaults_LimitRangeItem, for type Container: a missing default limit comes from max, a
 * missing default request from the default limit, else from min.
 */
function defaultLimitRangeItems(limitRange: KubeObject): void {
  const items = ((limitRange.spec as { limits?: unknown[] } | undefined)?.limits ?? []) as Array<
    Record<string, Record<string, string> | string | undefined>
  >;
  for (const item of items) {
    if (item.type !== 'Container') continue;
    const max = (item.max ?? {}) as Record<string, string>;
    const min = (item.min ?? {}) as Record<string, string>;
    const limits = { ...max, ...((item.default ?? {}) as Record<string, string>) };
    const requests = { ...min, ...limits, ...((item.defaultRequest ?? {}) as Record<string, string>) };
    if (Object.keys(limits).length > 0) item.default = limits;
    if (Object.keys(requests).length > 0) item.defaultRequest = requests;
  }
}

export const persistentVolumesResource = core({
  resource: 'persistentvolumes',
  singular: 'persistentvolume',
  kind: 'PersistentVolume',
  namespaced: false,
  shortNames: ['pv'],
  subresources: [STATUS_SUBRESOURCE('PersistentVolume')],
  strategy: specStatusStrategy({
    trackGeneration: false,
    applyDefaults(object) {
      const spec = ((object as unknown as PersistentVolume).spec ??= {});
      spec.persistentVolumeReclaimPolicy ||= 'Retain';
      spec.volumeMode ??= 'Filesystem';
      if (spec.hostPath) spec.hostPath.type ??= '';
    },
    // PersistentVolumeLastPhaseTransitionTime (GA in 1.31): a new volume is Pending from now.
    prepareForCreate(object, context) {
      object.status = { phase: 'Pending', lastPhaseTransitionTime: toRfc3339(context.now()) };
    },
  }),
});

export const persistentVolumeClaimsResource = core({
  resource: 'persistentvolumeclaims',
  singular: 'persistentvolumeclaim',
  kind: 'PersistentVolumeClaim',
  namespaced: true,
  shortNames: ['pvc'],
  subresources: [STATUS_SUBRESOURCE('PersistentVolumeClaim')],
  strategy: specStatusStrategy({
    trackGeneration: false,
    applyDefaults(object) {
      const spec = ((object as unknown as PersistentVolumeClaim).spec ??= {});
      spec.volumeMode ??= 'Filesystem';
    },
    prepareForCreate(object) {
      object.status = { phase: 'Pending' };
    },
  }),
});

export const replicationControllersResource = core({
  resource: 'replicationcontrollers',
  singular: 'replicationcontroller',
  kind: 'ReplicationController',
  namespaced: true,
  shortNames: ['rc'],
  categories: ['all'],
  subresources: [
    { name: 'scale', kind: 'Scale', group: 'autoscaling', version: 'v1', verbs: ['get', 'patch', 'update'] },
    STATUS_SUBRESOURCE('ReplicationController'),
  ],
  // v1 keeps orphaning pods by default, for backward compatibility (rcStrategy).
  strategy: specStatusStrategy({ defaultGarbageCollectionPolicy: 'OrphanDependents' }),
});

export const podTemplatesResource = core({
  resource: 'podtemplates',
  singular: 'podtemplate',
  kind: 'PodTemplate',
  namespaced: true,
  strategy: plainStrategy(),
});

export const bindingsResource = core({
  resource: 'bindings',
  singular: 'binding',
  kind: 'Binding',
  namespaced: true,
  verbs: ['create'],
  strategy: plainStrategy(),
  virtual: true,
});
