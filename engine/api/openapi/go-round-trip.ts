/**
 * What a real API server's decode into the Go types and encode back does to a built-in object, driven by
 * the generated schemas: fields the type does not declare are dropped, `null` becomes "unset", and empty
 * maps and lists are left out (the `omitempty` of k8s.io/api fields). Struct-typed fields stay, even
 * empty (`resources: {}`, `emptyDir: {}`), as they do upstream.
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

function normalize(value: unknown, schema: JsonSchema, schemas: Schemas): unknown {
  const resolved = resolveSchema(schema, schemas);
  if (resolved['x-kubernetes-preserve-unknown-fields'] === true) return value;
  const properties = resolved.properties;
  const additional = resolved.additionalProperties;
  const items = resolved.items;
  if (Array.isArray(value)) {
    if (!isObject(items)) return value;
    return value.filter((item) => item !== null).map((item) => normalize(item, items as JsonSchema, schemas));
  }
  if (!isObject(value)) return value;
  if (isObject(properties)) {
    const required = Array.isArray(resolved.required) ? (resolved.required as string[]) : [];
    const out: Record<string, unknown> = {};
    for (const [key, child] of Object.entries(value)) {
      const fieldSchema = (properties as Record<string, unknown>)[key];
      if (!isObject(fieldSchema) || child === null || child === undefined) continue;
      const next = normalize(child, fieldSchema as JsonSchema, schemas);
      if (!required.includes(key) && isOmittedWhenEmpty(next, fieldSchema as JsonSchema, schemas)) continue;
      out[key] = next;
    }
    return out;
  }
  if (isObject(additional)) {
    const out: Record<string, unknown> = {};
    for (const [key, child] of Object.entries(value)) {
      if (child === null || child === undefined) continue;
      out[key] = normalize(child, additional as JsonSchema, schemas);
    }
    return out;
  }
  return value;
}

/** Empty lists and empty maps are nil after decoding, and `omitempty` leaves them out. */
function isOmittedWhenEmpty(value: unknown, schema: JsonSchema, schemas: Schemas): boolean {
  if (Array.isArray(value)) return value.length === 0;
  if (!isObject(value) || Object.keys(value).length > 0) return false;
  const resolved = resolveSchema(schema, schemas);
  return !isObject(resolved.properties) && isObject(resolved.additionalProperties);
}
