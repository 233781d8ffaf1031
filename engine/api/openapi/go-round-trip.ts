/**
 * What a real API server's decode into the Go types and encode back does to a built-in object, driven by
 * the generated schemas: fields the type does not declare are dropped, `null` becomes "unset", and empty
 * maps and lists are left out (the `omitempty` of k8s.io/api fields), or written `null` when the field
 * has no `omitempty` (required). Struct-typed fields stay, even empty (`resources: {}`,
 * `emptyDir: {}`), as they do upstream.
 */
import { generatedSchemas } from './openapi.ts';
import type { JsonSchema } from './schema-generator.ts';
import { schemaPackage } from './served-resources.ts';

const SCHEMA_REF = '#/components/schemas/';

type Schemas = Readonly<Record<string, JsonSchema>>;

/** Follows `$ref` and single-element `allOf` wrappers to the schema that describes a value. */
export function resolveSchema(schema: JsonSchema, schemas: Schemas = generatedSchemas()): JsonSchema {
  let current = schema;
  for (;;) {
    const target = current.$ref;
    const allOf = current.allOf;
    if (typeof target === 'string' && target.startsWith(SCHEMA_REF)) {
      const next = schemas[target.slice(SCHEMA_REF.length)];
      if (!next) return {};
      current = next;
    } else if (Array.isArray(allOf) && allOf.length === 1 && isObject(allOf[0])) {
      current = allOf[0] as JsonSchema;
    } else {
      return current;
    }
  }
}

/** The schema of a built-in kind (`apps/v1`, `Deployment`), if the engine has one. */
export function kindSchema(apiVersion: string, kind: string): JsonSchema | undefined {
  return generatedSchemas()[`${schemaPackage(apiVersion)}.${kind}`];
}

/**
 * The object as a v1.32 API server would store it after decoding it into its Go type; the object
 * itself when its kind has no schema (custom resources keep what they are sent).
 */
export function roundTripLikeGo<T>(object: T, apiVersion: string, kind: string): T {
  const schema = kindSchema(apiVersion, kind);
  if (!schema) return object;
  return normalize(object, schema, generatedSchemas()) as T;
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** What normalize needs to know about a schema, worked out once per schema object. */
interface Plan {
  preserveUnknown: boolean;
  /** The item schema of a list. */
  items: JsonSchema | undefined;
  /** The fields of a struct. */
  properties: Readonly<Record<string, unknown>> | undefined;
  /** The value schema of a map (a schema without properties). */
  additional: JsonSchema | undefined;
  /** Struct fields written even when nil. */
  writtenWhenNil: ReadonlySet<string>;
  /** A list or a map: nil once empty (isNilCollection). */
  nilCollection: boolean;
  /** A map: left out when empty (isOmittedWhenEmpty). */
  map: boolean;
}

const plansBySchemas = new WeakMap<Schemas, WeakMap<JsonSchema, Plan>>();
const NO_FIELDS: ReadonlySet<string> = new Set();

function planOf(schema: JsonSchema, schemas: Schemas): Plan {
  let plans = plansBySchemas.get(schemas);
  if (!plans) {
    plans = new WeakMap();
    plansBySchemas.set(schemas, plans);
  }
  let plan = plans.get(schema);
  if (plan) return plan;
  const resolved = resolveSchema(schema, schemas);
  const properties = isObject(resolved.properties) ? resolved.properties : undefined;
  const additional = isObject(resolved.additionalProperties)
    ? (resolved.additionalProperties as JsonSchema)
    : undefined;
  plan = {
    preserveUnknown: resolved['x-kubernetes-preserve-unknown-fields'] === true,
    items: isObject(resolved.items) ? (resolved.items as JsonSchema) : undefined,
    properties,
    additional,
    writtenWhenNil: properties ? fieldsWithoutOmitEmpty(resolved, schemas) : NO_FIELDS,
    nilCollection: resolved.type === 'array' || (!properties && additional !== undefined),
    map: !properties && additional !== undefined,
  };
  plans.set(schema, plan);
  return plan;
}

function normalize(value: unknown, schema: JsonSchema, schemas: Schemas): unknown {
  const plan = planOf(schema, schemas);
  if (plan.preserveUnknown) return value;
  if (Array.isArray(value)) {
    const items = plan.items;
    if (!items) return value;
    const out: unknown[] = [];
    for (const item of value) if (item !== null) out.push(normalize(item, items, schemas));
    return out;
  }
  if (!isObject(value)) return value;
  const properties = plan.properties;
  if (properties) {
    const writtenWhenNil = plan.writtenWhenNil;
    const out: Record<string, unknown> = {};
    for (const key of Object.keys(value)) {
      const fieldSchema = properties[key];
      if (!isObject(fieldSchema)) continue;
      const child = value[key];
      if (child === null || child === undefined) {
        if (writtenWhenNil.has(key) && isNilCollection(fieldSchema as JsonSchema, schemas)) out[key] = null;
        continue;
      }
      const next = normalize(child, fieldSchema as JsonSchema, schemas);
      if (isOmittedWhenEmpty(next, fieldSchema as JsonSchema, schemas)) {
        if (writtenWhenNil.has(key)) out[key] = null;
        continue;
      }
      out[key] = next;
    }
    for (const key of writtenWhenNil) {
      const fieldSchema = properties[key];
      if (!(key in out) && isObject(fieldSchema) && isNilCollection(fieldSchema as JsonSchema, schemas)) {
        out[key] = null;
      }
    }
    return out;
  }
  const additional = plan.additional;
  if (additional) {
    const out: Record<string, unknown> = {};
    for (const key of Object.keys(value)) {
      const child = value[key];
      if (child === null || child === undefined) continue;
      out[key] = normalize(child, additional, schemas);
    }
    return out;
  }
  return value;
}

/**
 * Optional list fields declared without `omitempty` in k8s.io/api (`json:"ports"`), which the
 * schemas cannot tell from omitempty ones: nil, they are written `null` like required ones.
 */
const NO_OMITEMPTY_FIELDS: Readonly<Record<string, readonly string[]>> = {
  'io.k8s.api.discovery.v1.EndpointSlice': ['ports'],
  'io.k8s.api.rbac.v1.Role': ['rules'],
  'io.k8s.api.rbac.v1.ClusterRole': ['rules'],
};

const schemaNames = new WeakMap<object, string>();

const withoutOmitEmpty = new WeakMap<object, Set<string>>();

/** The fields of a struct schema that Go writes even when nil: required ones and the listed ones. */
function fieldsWithoutOmitEmpty(schema: JsonSchema, schemas: Schemas): Set<string> {
  const known = withoutOmitEmpty.get(schema);
  if (known) return known;
  if (schemaNames.get(schemas) === undefined) {
    for (const [name, candidate] of Object.entries(schemas)) schemaNames.set(candidate, name);
    schemaNames.set(schemas, '');
  }
  const required = Array.isArray(schema.required) ? (schema.required as string[]) : [];
  const listed = NO_OMITEMPTY_FIELDS[schemaNames.get(schema) ?? ''] ?? [];
  const fields = new Set([...required, ...listed]);
  withoutOmitEmpty.set(schema, fields);
  return fields;
}

/**
 * A list or map field: empty, it is nil once stored (protobuf keeps no empty collections), so
 * `omitempty` leaves it out and a field without `omitempty` (required) is written `null`, as an
 * EndpointSlice without endpoints shows `"endpoints": null`.
 */
function isNilCollection(schema: JsonSchema, schemas: Schemas): boolean {
  return planOf(schema, schemas).nilCollection;
}

/** Empty lists and empty maps are nil after decoding, and `omitempty` leaves them out. */
function isOmittedWhenEmpty(value: unknown, schema: JsonSchema, schemas: Schemas): boolean {
  if (Array.isArray(value)) return value.length === 0;
  if (!isObject(value) || Object.keys(value).length > 0) return false;
  return planOf(schema, schemas).map;
}

const core = 'io.k8s.api.core.v1';

/**
 * Optional struct fields that are Go values, not pointers, so a zero object already has them as `{}`
 * (k8s.io/api types.go). Required struct fields and every metadata/spec/status are values too.
 */
const VALUE_STRUCT_FIELDS: Readonly<Record<string, readonly string[]>> = {
  [`${core}.Container`]: ['resources'],
  [`${core}.EphemeralContainer`]: ['resources'],
  [`${core}.PersistentVolumeClaimSpec`]: ['resources'],
  [`${core}.ServiceStatus`]: ['loadBalancer'],
  [`${core}.Event`]: ['involvedObject', 'source'],
  [`${core}.NodeStatus`]: ['daemonEndpoints', 'nodeInfo'],
  'io.k8s.api.apps.v1.DeploymentSpec': ['strategy'],
  'io.k8s.api.apps.v1.DaemonSetSpec': ['updateStrategy'],
  'io.k8s.api.apps.v1.StatefulSetSpec': ['updateStrategy'],
};

const ALWAYS_VALUES = new Set(['metadata', 'spec', 'status']);

/**
 * The object a freshly allocated Go value of `apiVersion`/`kind` converts to (what upstream compares
 * a create against, and what watch bookmarks carry): value-typed structs as `{}` (ObjectMeta as
 * `{"creationTimestamp":null}`), other fields without `omitempty` (required ones) as null.
 */
export function goZeroObject(apiVersion: string, kind: string): Record<string, unknown> {
  return zeroOf(`${schemaPackage(apiVersion)}.${kind}`, 0);
}

function zeroOf(name: string, depth: number): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  const schema = generatedSchemas()[name];
  if (!schema || depth > 8) return out;
  const properties = schema.properties as Record<string, JsonSchema> | undefined;
  if (!isObject(properties)) return out;
  const required = fieldsWithoutOmitEmpty(schema, generatedSchemas());
  const values = VALUE_STRUCT_FIELDS[name] ?? [];
  for (const [field, property] of Object.entries(properties)) {
    const target = String(refOf(property) ?? '').replace(SCHEMA_REF, '');
    const isStruct = target !== '' && isObject(generatedSchemas()[target]?.properties);
    if (isStruct && (ALWAYS_VALUES.has(field) || required.has(field) || values.includes(field))) {
      out[field] = OBJECT_META_REF.test(target) ? { creationTimestamp: null } : zeroOf(target, depth + 1);
    } else if (required.has(field)) {
      out[field] = null;
    }
  }
  return out;
}

const OBJECT_META_REF = /\.meta\.v1\.ObjectMeta$/;

/** The schema name a property refers to, directly or through a single-element allOf. */
function refOf(property: JsonSchema): unknown {
  const allOf = property.allOf;
  if (Array.isArray(allOf) && allOf.length === 1 && isObject(allOf[0])) return (allOf[0] as JsonSchema).$ref;
  return property.$ref;
}
