// Defaulting of custom resources from their schema's `default`s, after apiextensions-apiserver
// pkg/apiserver/schema/defaulting (Default, PruneNonNullableNullsWithoutDefaults).
import { additionalPropertiesSchema, isJsonObject, itemsSchema, type Schema } from './schema.ts';

function isNonNullableNull(value: unknown, schema: Schema | undefined): boolean {
  return value === null && schema !== undefined && schema.nullable !== true;
}

/**
 * Sets, in place, every missing (or non-nullable null) property that has a default, then defaults
 * inside what is there, defaults included.
 */
export function applyDefaults(value: unknown, schema: Schema | undefined): void {
  if (!schema) return;
  if (isJsonObject(value)) {
    for (const [name, property] of Object.entries(schema.properties ?? {})) {
      if (property.default === undefined) continue;
      if (!(name in value) || isNonNullableNull(value[name], property)) {
        value[name] = structuredClone(property.default);
      }
    }
    const additional = additionalPropertiesSchema(schema);
    for (const [name, child] of Object.entries(value)) {
      const property = schema.properties?.[name];
      if (property) applyDefaults(child, property);
      else if (additional) {
        if (isNonNullableNull(child, additional) && additional.default !== undefined) {
          value[name] = structuredClone(additional.default);
        }
        applyDefaults(value[name], additional);
      }
    }
  } else if (Array.isArray(value)) {
    const items = itemsSchema(schema);
    value.forEach((item, index) => {
      if (isNonNullableNull(item, items) && items?.default !== undefined)
        value[index] = structuredClone(items.default);
      applyDefaults(value[index], items);
    });
  }
}

/** Drops, in place, null values of non-nullable fields that have no default to take their place. */
export function pruneNonNullableNulls(value: unknown, schema: Schema | undefined): void {
  if (!schema) return;
  if (isJsonObject(value)) {
    const additional = additionalPropertiesSchema(schema);
    for (const [name, child] of Object.entries(value)) {
      const property = schema.properties?.[name] ?? additional;
      if (!property) continue;
      if (child === null && property.nullable !== true && property.default === undefined) delete value[name];
      else pruneNonNullableNulls(child, property);
    }
  } else if (Array.isArray(value)) {
    const items = itemsSchema(schema);
    for (const item of value) pruneNonNullableNulls(item, items);
  }
}

/** Whether any node of the schema has a `default` (defaulting can be skipped otherwise). */
export function hasDefaults(schema: Schema | undefined): boolean {
  if (!schema) return false;
  if (schema.default !== undefined) return true;
  if (Object.values(schema.properties ?? {}).some(hasDefaults)) return true;
  return hasDefaults(itemsSchema(schema)) || hasDefaults(additionalPropertiesSchema(schema));
}
