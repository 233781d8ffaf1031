/**
 * How custom resources of one CRD version are decoded and written, after apiextensions-apiserver
 * pkg/apiserver (unstructuredSchemaCoercer, unstructuredDefaulter) and registry/customresource
 * (strategy.go, validator.go): pruning and defaulting by the version's structural schema, status
 * behind the status subresource when the CRD declares it, generation on every non-metadata change,
 * schema validation and the scale paths' checks.
 */
import { isDeepStrictEqual } from 'node:util';
import type { CustomResourceSubresourceScale } from 'kubernetes-types/apiextensions/v1';
import type { FieldError } from '../errors.ts';
import type { ResourceStrategy } from '../resources/resource.ts';
import type { KubeObject } from '../types.ts';
import { goFloat } from './go-format.ts';
import type { Schema } from './schema.ts';
import { validateCustomResource } from './schema-validation.ts';
import { applyDefaults, hasDefaults, pruneNonNullableNulls } from './structural-defaulting.ts';
import { pruneCustomResource } from './structural-pruning.ts';

/** The decoding of a request body: what the body keeps, and the fields it loses. */
export interface CustomResourceCodec {
  decode(object: KubeObject): KubeObject;
  unknownFields(object: KubeObject): string[];
}

/** The pipeline of unstructuredSchemaCoercer then unstructuredDefaulter for one version's schema. */
export function customResourceCodec(schema: Schema | undefined): CustomResourceCodec {
  const defaults = hasDefaults(schema);
  return {
    decode(object) {
      const copy = structuredClone(object) as unknown as Record<string, unknown>;
      pruneCustomResource(copy, schema);
      pruneNonNullableNulls(copy, schema);
      if (defaults) applyDefaults(copy, schema);
      return copy as unknown as KubeObject;
    },
    unknownFields(object) {
      return pruneCustomResource(structuredClone(object) as unknown as Record<string, unknown>, schema);
    },
  };
}

const MAX_INT32 = 2147483647;

function goTypeName(value: unknown): string {
  if (typeof value === 'string') return 'string';
  if (typeof value === 'boolean') return 'bool';
  if (typeof value === 'number') return Number.isInteger(value) ? 'int64' : 'float64';
  if (Array.isArray(value)) return '[]interface {}';
  return 'map[string]interface {}';
}

/** unstructured's jsonPath of the fields a path names, as its accessor errors print it. */
function jsonPath(path: string): string {
  return `.${path.replace(/^\./, '')}`;
}

/** unstructured.NestedFieldNoCopy along a `.spec.replicas`-style path. */
function nested(object: KubeObject, path: string): { found: boolean; value: unknown } {
  let value: unknown = object;
  for (const key of path.replace(/^\./, '').split('.')) {
    if (value === null || typeof value !== 'object' || Array.isArray(value) || !(key in value)) {
      return { found: false, value: undefined };
    }
    value = (value as Record<string, unknown>)[key];
  }
  return { found: true, value };
}

/** ValidateScaleSpec / ValidateScaleStatus for one replicas path. */
function validateReplicas(object: KubeObject, path: string): FieldError[] {
  const { found, value } = nested(object, path);
  if (!found) return [];
  const field = path;
  if (typeof value !== 'number' || !Number.isInteger(value)) {
    const shown = typeof value === 'number' ? goFloat(value) : String(value);
    return [
      {
        type: 'FieldValueInvalid',
        field,
        value: 0,
        detail: `${jsonPath(path)} accessor error: ${shown} is of the type ${goTypeName(value)}, expected int64`,
      },
    ];
  }
  if (value < 0)
    return [{ type: 'FieldValueInvalid', field, value, detail: 'should be a non-negative integer' }];
  if (value > MAX_INT32) {
    return [
      { type: 'FieldValueInvalid', field, value, detail: `should be less than or equal to ${MAX_INT32}` },
    ];
  }
  return [];
}

function validateLabelSelector(object: KubeObject, path: string | undefined): FieldError[] {
  if (!path) return [];
  const { found, value } = nested(object, path);
  if (!found || typeof value === 'string') return [];
  return [
    {
      type: 'FieldValueInvalid',
      field: path,
      value: '',
      detail: `${jsonPath(path)} accessor error: ${String(value)} is of the type ${goTypeName(value)}, expected string`,
    },
  ];
}

export interface CustomResourceStrategyOptions {
  kind: string;
  apiVersion: string;
  schema: Schema | undefined;
  statusSubresource: boolean;
  scale: CustomResourceSubresourceScale | undefined;
}

function withoutMetadata(object: KubeObject): Record<string, unknown> {
  const { metadata: _metadata, ...rest } = object;
  return rest;
}

/** customResourceStrategy and its status strategy for one version. */
export function customResourceStrategy(options: CustomResourceStrategyOptions): ResourceStrategy {
  const { kind, apiVersion, schema, scale } = options;
  const validateTypeMeta = (object: KubeObject): FieldError[] => {
    const errors: FieldError[] = [];
    if (object.kind !== kind) {
      errors.push({
        type: 'FieldValueInvalid',
        field: 'kind',
        value: object.kind,
        detail: `must be ${kind}`,
      });
    }
    if (object.apiVersion !== apiVersion) {
      errors.push({
        type: 'FieldValueInvalid',
        field: 'apiVersion',
        value: object.apiVersion,
        detail: `must be ${apiVersion}`,
      });
    }
    return errors;
  };
  const validateScaleStatus = (object: KubeObject): FieldError[] =>
    scale
      ? [
          ...validateReplicas(object, scale.statusReplicasPath ?? ''),
          ...validateLabelSelector(object, scale.labelSelectorPath),
        ]
      : [];
  const validate = (object: KubeObject): FieldError[] => {
    const typeMeta = validateTypeMeta(object);
    if (typeMeta.length > 0) return typeMeta;
    return [
      ...(schema ? validateCustomResource(object, schema) : []),
      ...(scale ? validateReplicas(object, scale.specReplicasPath ?? '') : []),
      ...validateScaleStatus(object),
    ];
  };
  return {
    hasStatus: options.statusSubresource,
    trackGeneration: true,
    nameRule: 'dns-subdomain',
    generationChanged: (object, old) => !isDeepStrictEqual(withoutMetadata(object), withoutMetadata(old)),
    validate,
    validateStatusUpdate(object) {
      const typeMeta = validateTypeMeta(object);
      if (typeMeta.length > 0) return typeMeta;
      return [...(schema ? validateCustomResource(object, schema) : []), ...validateScaleStatus(object)];
    },
  };
}
