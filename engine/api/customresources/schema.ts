// The OpenAPI v3 schema of a CustomResourceDefinition version (apiextensions JSONSchemaProps), as
// the engine reads it to validate, prune and default custom resources.

/** One node of a CRD's openAPIV3Schema. */
export interface Schema {
  type?: string;
  format?: string;
  title?: string;
  description?: string;
  nullable?: boolean;
  default?: unknown;
  enum?: unknown[];
  maximum?: number;
  exclusiveMaximum?: boolean;
  minimum?: number;
  exclusiveMinimum?: boolean;
  multipleOf?: number;
  maxLength?: number;
  minLength?: number;
  pattern?: string;
  maxItems?: number;
  minItems?: number;
  uniqueItems?: boolean;
  maxProperties?: number;
  minProperties?: number;
  required?: string[];
  properties?: Record<string, Schema>;
  additionalProperties?: Schema | boolean;
  items?: Schema | Schema[];
  allOf?: Schema[];
  anyOf?: Schema[];
  oneOf?: Schema[];
  not?: Schema;
  'x-kubernetes-preserve-unknown-fields'?: boolean;
  'x-kubernetes-int-or-string'?: boolean;
  'x-kubernetes-embedded-resource'?: boolean;
  'x-kubernetes-list-type'?: string;
  'x-kubernetes-list-map-keys'?: string[];
  'x-kubernetes-map-type'?: string;
  'x-kubernetes-validations'?: unknown[];
  [key: string]: unknown;
}

export type JsonObject = Record<string, unknown>;

export function isJsonObject(value: unknown): value is JsonObject {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** The single schema of `items` (an array of schemas is not structural and is ignored). */
export function itemsSchema(schema: Schema | undefined): Schema | undefined {
  const items = schema?.items;
  return isJsonObject(items) ? (items as Schema) : undefined;
}

/** The schema of `additionalProperties`, when it is one (`true` allows anything, unchecked). */
export function additionalPropertiesSchema(schema: Schema | undefined): Schema | undefined {
  const additional = schema?.additionalProperties;
  return isJsonObject(additional) ? (additional as Schema) : undefined;
}

export function preservesUnknownFields(schema: Schema | undefined): boolean {
  return schema?.['x-kubernetes-preserve-unknown-fields'] === true;
}

/** The JSON type of a decoded value, as kube-openapi's type validator infers it. */
export function jsonType(
  value: unknown,
): 'null' | 'boolean' | 'string' | 'integer' | 'number' | 'array' | 'object' {
  if (value === null || value === undefined) return 'null';
  if (typeof value === 'boolean') return 'boolean';
  if (typeof value === 'string') return 'string';
  if (typeof value === 'number') return Number.isInteger(value) ? 'integer' : 'number';
  if (Array.isArray(value)) return 'array';
  return 'object';
}
