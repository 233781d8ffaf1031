/**
 * Schema-driven walks over objects, after sigs.k8s.io/structured-merge-diff's typed package: the
 * field set an object sets (ToFieldSet), the difference between two objects (Compare), the server-side
 * apply merge (Merge) and the removal of items (RemoveItems). Structs, maps and lists follow the
 * OpenAPI extensions of the generated schemas (`x-kubernetes-list-type`, `-list-map-keys`,
 * `-map-type`); without a schema (custom resources) maps are granular and lists atomic.
 */
import { isDeepStrictEqual } from 'node:util';
import { resolveSchema } from '../openapi/go-round-trip.ts';
import type { JsonSchema } from '../openapi/schema-generator.ts';
import {
  type FieldPath,
  FieldSet,
  fieldElement,
  indexElement,
  keyElement,
  type PathElement,
  pathString,
  valueElement,
} from './field-set.ts';

/** A value's schema; undefined when unknown, and then its shape decides (a "deduced" type). */
export type SchemaRef = JsonSchema | undefined;

type TypeInfo =
  | { kind: 'scalar' }
  | { kind: 'struct'; atomic: boolean; fields: Readonly<Record<string, JsonSchema>> }
  | { kind: 'map'; atomic: boolean; element: SchemaRef }
  | { kind: 'list'; relationship: 'atomic' | 'set' | 'map'; keys: readonly string[]; element: SchemaRef };

/**
 * Defaults of associative-list key fields (`+default="TCP"` on ContainerPort and ServicePort
 * protocol), which structured-merge-diff uses when an item leaves the key out.
 */
const KEY_FIELD_DEFAULTS: Readonly<Record<string, unknown>> = { protocol: 'TCP' };

type Json = Record<string, unknown>;

function isObject(value: unknown): value is Json {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** Schemas already classified; null marks a schema that leaves the type to the value. */
const typeCache = new WeakMap<JsonSchema, TypeInfo | null>();

function typeOf(schema: SchemaRef, value: unknown): TypeInfo {
  if (!schema) return deducedType(value);
  let info = typeCache.get(schema);
  if (info === undefined) {
    info = schemaType(schema) ?? null;
    typeCache.set(schema, info);
  }
  return info ?? deducedType(value);
}

function deducedType(value: unknown): TypeInfo {
  if (isObject(value)) return { kind: 'map', atomic: false, element: undefined };
  if (Array.isArray(value)) return { kind: 'list', relationship: 'atomic', keys: [], element: undefined };
  return { kind: 'scalar' };
}

function schemaType(schema: JsonSchema): TypeInfo | undefined {
  const resolved = resolveSchema(schema);
  const atomic =
    schema['x-kubernetes-map-type'] === 'atomic' || resolved['x-kubernetes-map-type'] === 'atomic';
  if (resolved.type === 'array' || isObject(resolved.items)) {
    const relationship = (schema['x-kubernetes-list-type'] ?? resolved['x-kubernetes-list-type']) as
      | 'atomic'
      | 'set'
      | 'map'
      | undefined;
    const keys = (schema['x-kubernetes-list-map-keys'] ?? resolved['x-kubernetes-list-map-keys'] ?? []) as
      | string[]
      | [];
    return {
      kind: 'list',
      relationship: relationship ?? 'atomic',
      keys,
      element: isObject(resolved.items) ? (resolved.items as JsonSchema) : undefined,
    };
  }
  if (isObject(resolved.properties)) {
    return { kind: 'struct', atomic, fields: resolved.properties as Record<string, JsonSchema> };
  }
  if (isObject(resolved.additionalProperties)) {
    return { kind: 'map', atomic, element: resolved.additionalProperties as JsonSchema };
  }
  if (resolved.type === 'object' || Object.keys(resolved).filter((k) => k !== 'description').length === 0) {
    return undefined;
  }
  return { kind: 'scalar' };
}

function childSchema(info: TypeInfo, key: string): SchemaRef {
  if (info.kind === 'struct') return info.fields[key];
  if (info.kind === 'map') return info.element;
  return undefined;
}

/** A problem with an applied object, worded as structured-merge-diff's ValidationError. */
export class TypedValueError extends Error {}

function typedError(path: FieldPath, message: string): TypedValueError {
  const where = pathString(path);
  return new TypedValueError(where ? `${where}: ${message}` : message);
}

/**
 * The path element of a list item: its key fields for `+listType=map`, its value for `set`. In strict
 * mode (applied objects) a missing key is an error; live objects fall back to the index.
 */
function itemElement(
  info: Extract<TypeInfo, { kind: 'list' }>,
  item: unknown,
  index: number,
  path: FieldPath,
  strict: boolean,
): PathElement {
  if (info.relationship === 'set') return valueElement(item);
  const key: Json = {};
  for (const name of info.keys) {
    const value = isObject(item) ? item[name] : undefined;
    if (value !== undefined && value !== null) key[name] = value;
    else if (KEY_FIELD_DEFAULTS[name] !== undefined) key[name] = KEY_FIELD_DEFAULTS[name];
    else if (strict) {
      throw typedError(
        path,
        `element ${index}: associative list with keys has an element that omits key field "${name}" (and doesn't have default value)`,
      );
    } else return indexElement(index);
  }
  return keyElement(key);
}

/** Items of a granular list by path element, first occurrence wins; `duplicates` lists repeated ones. */
function indexItems(
  info: Extract<TypeInfo, { kind: 'list' }>,
  list: readonly unknown[],
  path: FieldPath,
  strict: boolean,
): { order: PathElement[]; items: Map<PathElement, unknown> } {
  const order: PathElement[] = [];
  const items = new Map<PathElement, unknown>();
  list.forEach((item, index) => {
    const element = itemElement(info, item, index, path, strict);
    if (items.has(element)) {
      if (strict) throw typedError([...path, element], 'duplicate entries for key');
      return;
    }
    items.set(element, item);
    order.push(element);
  });
  return { order, items };
}

/**
 * The fields `value` sets (structured-merge-diff ToFieldSet): leaves, empty maps, list items and map
 * entries. Strict (for applied configurations): undeclared fields and keyless items throw.
 */
export function toFieldSet(value: unknown, schema: SchemaRef, strict = false): FieldSet {
  const set = new FieldSet();
  collectFields(value, schema, [], set, strict);
  return set;
}

function collectFields(value: unknown, schema: SchemaRef, path: FieldPath, set: FieldSet, strict: boolean) {
  const info = typeOf(schema, value);
  if (info.kind === 'scalar' || value === null || value === undefined) {
    set.insert(path);
    return;
  }
  if (info.kind === 'list') {
    if (!Array.isArray(value) || info.relationship === 'atomic') {
      set.insert(path);
      return;
    }
    value.forEach((item, index) => {
      const itemPath = [...path, itemElement(info, item, index, path, strict)];
      collectFields(item, info.element, itemPath, set, strict);
      set.insert(itemPath);
    });
    return;
  }
  if (!isObject(value) || info.atomic) {
    set.insert(path);
    return;
  }
  for (const [key, child] of Object.entries(value)) {
    const fieldSchema = childSchema(info, key);
    if (info.kind === 'struct' && fieldSchema === undefined) {
      if (strict) throw typedError([...path, fieldElement(key)], 'field not declared in schema');
      continue;
    }
    const childPath = [...path, fieldElement(key)];
    collectFields(child, fieldSchema, childPath, set, strict);
    if (child === null || (isObject(child) && Object.keys(child).length === 0) || info.kind === 'map') {
      set.insert(childPath);
    }
  }
}

/** What changed from `lhs` to `rhs` (structured-merge-diff Comparison). */
export interface Comparison {
  added: FieldSet;
  modified: FieldSet;
  removed: FieldSet;
}

export function isSame(comparison: Comparison): boolean {
  return comparison.added.isEmpty() && comparison.modified.isEmpty() && comparison.removed.isEmpty();
}

/** Compares two objects of one schema; absent (undefined) differs from null, as in Go. */
export function compare(lhs: unknown, rhs: unknown, schema: SchemaRef): Comparison {
  const result: Comparison = { added: new FieldSet(), modified: new FieldSet(), removed: new FieldSet() };
  compareNode(lhs, rhs, schema, [], result);
  return result;
}

function isEmptyCollection(value: unknown): boolean {
  if (value === undefined || value === null) return true;
  if (Array.isArray(value)) return value.length === 0;
  return isObject(value) && Object.keys(value).length === 0;
}

/** isDeepStrictEqual, without its machinery for the scalars most leaves are. */
function sameLeaf(lhs: unknown, rhs: unknown): boolean {
  if (typeof lhs !== 'object' || lhs === null || typeof rhs !== 'object' || rhs === null)
    return Object.is(lhs, rhs);
  return isDeepStrictEqual(lhs, rhs);
}

function compareNode(lhs: unknown, rhs: unknown, schema: SchemaRef, path: FieldPath, result: Comparison) {
  // The same value on both sides (a subtree a write kept from the live object) has no changes.
  if (lhs === rhs && lhs !== undefined) return;
  const info = typeOf(schema, rhs === undefined ? lhs : rhs);
  let leaf = info.kind === 'scalar';
  if (info.kind === 'list' || info.kind === 'struct' || info.kind === 'map') {
    const atomic = info.kind === 'list' ? info.relationship === 'atomic' : info.atomic;
    leaf = atomic || (isEmptyCollection(lhs) && isEmptyCollection(rhs));
    if (!leaf && info.kind === 'list') {
      const left = indexItems(info, Array.isArray(lhs) ? lhs : [], path, false);
      const right = indexItems(info, Array.isArray(rhs) ? rhs : [], path, false);
      const all = [...left.order, ...right.order.filter((e) => !left.items.has(e))];
      for (const element of all) {
        compareNode(
          left.items.get(element),
          right.items.get(element),
          info.element,
          [...path, element],
          result,
        );
      }
    } else if (!leaf) {
      const left = isObject(lhs) ? lhs : {};
      const right = isObject(rhs) ? rhs : {};
      const keys = [...Object.keys(left), ...Object.keys(right).filter((k) => !(k in left))];
      for (const key of keys) {
        compareNode(left[key], right[key], childSchema(info, key), [...path, fieldElement(key)], result);
      }
    }
  }
  if (path.length === 0) return;
  if (leaf) {
    if (lhs === undefined) result.added.insert(path);
    else if (rhs === undefined) result.removed.insert(path);
    else if (!sameLeaf(lhs, rhs)) result.modified.insert(path);
    return;
  }
  if (lhs === undefined) result.added.insert(path);
  else if (rhs === undefined) result.removed.insert(path);
}

/**
 * The server-side apply merge of an applied configuration into the live object: leaves and atomic
 * values are replaced, maps and structs merge field by field, associative lists merge items by key
 * (keeping live-only items where they were) and sets are unions. A null in the configuration unsets.
 */
export function merge(live: unknown, config: unknown, schema: SchemaRef, path: FieldPath = []): unknown {
  if (config === undefined) return live;
  if (config === null) return undefined;
  if (live === undefined || live === null) return stripNulls(config);
  const info = typeOf(schema, config);
  if (info.kind === 'scalar') return config;
  if (info.kind === 'list') {
    if (info.relationship === 'atomic' || !Array.isArray(live) || !Array.isArray(config))
      return stripNulls(config);
    return mergeList(info, live, config, path);
  }
  if (info.atomic || !isObject(live) || !isObject(config)) return stripNulls(config);
  const out: Json = { ...live };
  for (const [key, child] of Object.entries(config)) {
    const merged = merge(live[key], child, childSchema(info, key), [...path, fieldElement(key)]);
    if (merged === undefined) delete out[key];
    else out[key] = merged;
  }
  return out;
}

function stripNulls(value: unknown): unknown {
  if (Array.isArray(value)) return value.filter((v) => v !== null).map(stripNulls);
  if (!isObject(value)) return value;
  const out: Json = {};
  for (const [key, child] of Object.entries(value)) if (child !== null) out[key] = stripNulls(child);
  return out;
}

/** structured-merge-diff's mergingWalker.visitListItems: shared items follow the configuration's order. */
function mergeList(
  info: Extract<TypeInfo, { kind: 'list' }>,
  live: readonly unknown[],
  config: readonly unknown[],
  path: FieldPath,
): unknown[] {
  const lhs = indexItems(info, live, path, false);
  const rhs = indexItems(info, config, path, false);
  const sharedOrder = rhs.order.filter((e) => lhs.items.has(e));
  let nextShared = sharedOrder.shift();
  const merged = new Set<PathElement>();
  const out: unknown[] = [];
  const mergeItem = (element: PathElement) => {
    const value = merge(lhs.items.get(element), rhs.items.get(element), info.element, [...path, element]);
    if (value !== undefined) out.push(value);
  };
  let l = 0;
  let r = 0;
  while (l < lhs.order.length || r < rhs.order.length) {
    if (l < lhs.order.length && r < rhs.order.length) {
      const element = lhs.order[l]!;
      if (element === rhs.order[r]) {
        merged.add(element);
        mergeItem(element);
        l++;
        r++;
        nextShared = sharedOrder.shift();
        continue;
      }
      if (rhs.items.has(element) && nextShared !== undefined && nextShared !== element) {
        l++;
        continue;
      }
    }
    if (l < lhs.order.length) {
      const element = lhs.order[l]!;
      if (!rhs.items.has(element)) {
        out.push(lhs.items.get(element));
        l++;
        continue;
      }
      if (merged.has(element)) {
        l++;
        continue;
      }
    }
    if (r < rhs.order.length) {
      const element = rhs.order[r]!;
      merged.add(element);
      mergeItem(element);
      r++;
      if (nextShared === element) nextShared = sharedOrder.shift();
    }
  }
  return out;
}

/** The value with every member path of `set` removed, whole subtrees included (RemoveItems). */
export function removeItems(value: unknown, set: FieldSet, schema: SchemaRef, path: FieldPath = []): unknown {
  if (set.children.size === 0) return value;
  const info = typeOf(schema, value);
  if (info.kind === 'list' && Array.isArray(value) && info.relationship !== 'atomic') {
    const out: unknown[] = [];
    value.forEach((item, index) => {
      const element = itemElement(info, item, index, path, false);
      const child = set.child(element);
      if (child?.member) return;
      out.push(child ? removeItems(item, child, info.element, [...path, element]) : item);
    });
    return out;
  }
  if ((info.kind === 'struct' || info.kind === 'map') && isObject(value) && !info.atomic) {
    const out: Json = {};
    for (const [key, child] of Object.entries(value)) {
      const element = fieldElement(key);
      const below = set.child(element);
      if (below?.member) continue;
      out[key] = below ? removeItems(child, below, childSchema(info, key), [...path, element]) : child;
    }
    return out;
  }
  return value;
}
