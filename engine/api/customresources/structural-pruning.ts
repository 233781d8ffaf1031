/**
 * Pruning of fields a CRD's structural schema does not specify, after apiextensions-apiserver
 * pkg/apiserver/schema/pruning and schema/objectmeta: what a request body loses on decoding, and the
 * paths a strict decoding error (or an "unknown field" warning) names.
 */
import {
  additionalPropertiesSchema,
  isJsonObject,
  itemsSchema,
  preservesUnknownFields,
  type Schema,
} from './schema.ts';

const META_FIELDS = new Set(['apiVersion', 'kind', 'metadata']);

/** The fields of metav1.ObjectMeta; others are dropped from a custom resource's metadata. */
const OBJECT_META_FIELDS = new Set([
  'name',
  'generateName',
  'namespace',
  'selfLink',
  'uid',
  'resourceVersion',
  'generation',
  'creationTimestamp',
  'deletionTimestamp',
  'deletionGracePeriodSeconds',
  'labels',
  'annotations',
  'ownerReferences',
  'finalizers',
  'managedFields',
]);

function key(path: string, name: string): string {
  return path === '' ? name : `${path}.${name}`;
}

function isEmbedded(schema: Schema | undefined): boolean {
  return schema?.['x-kubernetes-embedded-resource'] === true;
}

function prune(value: unknown, schema: Schema | undefined, path: string, found: string[]): void {
  if (schema && preservesUnknownFields(schema)) {
    skipPrune(value, schema, path, found);
    return;
  }
  if (isJsonObject(value)) {
    if (!schema) {
      for (const name of Object.keys(value)) {
        found.push(key(path, name));
        delete value[name];
      }
      return;
    }
    for (const name of Object.keys(value)) {
      if (isEmbedded(schema) && META_FIELDS.has(name)) continue;
      const property = schema.properties?.[name];
      if (property) prune(value[name], property, key(path, name), found);
      else if (schema.additionalProperties !== undefined && schema.additionalProperties !== false) {
        prune(value[name], additionalPropertiesSchema(schema), key(path, name), found);
      } else {
        if (!META_FIELDS.has(name) || path !== '') found.push(key(path, name));
        delete value[name];
      }
    }
  } else if (Array.isArray(value)) {
    const items = schema ? itemsSchema(schema) : undefined;
    value.forEach((item, index) => {
      prune(item, items, `${path}[${index}]`, found);
    });
  }
}

function skipPrune(value: unknown, schema: Schema, path: string, found: string[]): void {
  if (isJsonObject(value)) {
    for (const name of Object.keys(value)) {
      if (isEmbedded(schema) && META_FIELDS.has(name)) continue;
      const property = schema.properties?.[name];
      if (property) prune(value[name], property, key(path, name), found);
      else if (schema.additionalProperties !== undefined && schema.additionalProperties !== false) {
        prune(value[name], additionalPropertiesSchema(schema), key(path, name), found);
      }
    }
  } else if (Array.isArray(value)) {
    const items = itemsSchema(schema);
    if (!items) return;
    value.forEach((item, index) => {
      skipPrune(item, items, `${path}[${index}]`, found);
    });
  }
}

/** Drops the fields of `metadata` that ObjectMeta does not have (schemaobjectmeta.Coerce). */
function coerceObjectMeta(object: Record<string, unknown>, path: string, found: string[]): void {
  const metadata = object.metadata;
  if (!isJsonObject(metadata)) return;
  for (const name of Object.keys(metadata)) {
    if (!OBJECT_META_FIELDS.has(name)) {
      found.push(key(key(path, 'metadata'), name));
      delete metadata[name];
    }
  }
}

function coerceEmbedded(value: unknown, schema: Schema | undefined, path: string, found: string[]): void {
  if (!schema) return;
  if (isJsonObject(value)) {
    if (isEmbedded(schema)) coerceObjectMeta(value, path, found);
    for (const [name, child] of Object.entries(value)) {
      const property = schema.properties?.[name] ?? additionalPropertiesSchema(schema);
      if (property && !(isEmbedded(schema) && name === 'metadata')) {
        coerceEmbedded(child, property, key(path, name), found);
      }
    }
  } else if (Array.isArray(value)) {
    const items = itemsSchema(schema);
    value.forEach((item, index) => {
      coerceEmbedded(item, items, `${path}[${index}]`, found);
    });
  }
}

/** Prunes, in place, a value that is not a resource root (a default); returns the removed paths. */
export function pruneValue(value: unknown, schema: Schema | undefined): string[] {
  const pruned: string[] = [];
  prune(value, schema, '', pruned);
  return pruned;
}

/**
 * Removes, in place, the fields of a custom resource its schema does not specify, keeping
 * apiVersion, kind and ObjectMeta's fields at the root and in embedded resources. Returns the
 * removed paths: the pruned ones sorted, then those of metadata (`spec.foo`, `metadata.bar`).
 */
export function pruneCustomResource(object: Record<string, unknown>, schema: Schema | undefined): string[] {
  const root: Schema = { ...(schema ?? {}), 'x-kubernetes-embedded-resource': true };
  const pruned: string[] = [];
  prune(object, root, '', pruned);
  pruned.sort();
  const metadata: string[] = [];
  coerceEmbedded(object, root, '', metadata);
  return [...pruned, ...metadata];
}
