/**
 * Strategic merge patch (application/strategic-merge-patch+json), as apimachinery's
 * strategicpatch.StrategicMergePatch: maps merge recursively, null deletes a key, lists with a
 * patch merge key merge element-wise by that key, lists with the `merge` strategy of primitives
 * union, all other lists are replaced. Directives: `$patch: replace|delete|merge`,
 * `$setElementOrder/<list>`, `$deleteFromPrimitiveList/<list>`, `$retainKeys`.
 */

type Json = null | boolean | number | string | Json[] | { [key: string]: Json };
type JsonObject = { [key: string]: Json };

/** What the schema says about the list at a field path (field names only, no indices). */
export interface ListPatchMeta {
  mergeKey?: string;
  strategy?: 'merge' | 'replace' | 'retainKeys' | 'merge,retainKeys';
}

export type PatchMetaLookup = (path: readonly string[]) => ListPatchMeta | undefined;

export class StrategicMergePatchError extends Error {}

export function strategicMergePatch(original: unknown, patch: unknown, lookup: PatchMetaLookup): unknown {
  if (!isObject(patch)) throw new StrategicMergePatchError('strategic merge patch must be a JSON object');
  return mergeMap(isObject(original) ? original : {}, patch, [], lookup);
}

function isObject(value: unknown): value is JsonObject {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function mergeMap(
  original: JsonObject,
  patch: JsonObject,
  path: string[],
  lookup: PatchMetaLookup,
): JsonObject {
  if (patch.$patch === 'replace') {
    const { $patch: _ignored, ...rest } = patch;
    return stripDirectives(rest) as JsonObject;
  }
  if (patch.$patch === 'delete') return {};
  const result: JsonObject = { ...original };
  const retainKeys = Array.isArray(patch.$retainKeys) ? (patch.$retainKeys as string[]) : undefined;
  for (const [key, value] of Object.entries(patch)) {
    if (key === '$patch' || key === '$retainKeys' || key.startsWith('$setElementOrder/')) continue;
    if (key.startsWith('$deleteFromPrimitiveList/')) {
      const field = key.slice('$deleteFromPrimitiveList/'.length);
      const current = result[field];
      if (Array.isArray(current) && Array.isArray(value)) {
        result[field] = current.filter((item) => !value.some((v) => v === item));
      }
      continue;
    }
    if (value === null) {
      delete result[key];
      continue;
    }
    const childPath = [...path, key];
    const current = result[key];
    if (Array.isArray(value)) {
      const order = patch[`$setElementOrder/${key}`];
      result[key] = mergeList(
        Array.isArray(current) ? current : [],
        value,
        childPath,
        lookup,
        Array.isArray(order) ? order : undefined,
      );
    } else if (isObject(value)) {
      result[key] = mergeMap(isObject(current) ? current : {}, value, childPath, lookup);
    } else {
      result[key] = value;
    }
  }
  if (retainKeys) {
    for (const key of Object.keys(result)) if (!retainKeys.includes(key)) delete result[key];
  }
  return result;
}

function mergeList(
  original: Json[],
  patch: Json[],
  path: string[],
  lookup: PatchMetaLookup,
  order?: Json[],
): Json[] {
  const meta = lookup(path);
  const strategy = meta?.strategy ?? 'replace';
  if (!strategy.includes('merge')) {
    if (patch.some((item) => isObject(item) && item.$patch === 'replace')) {
      return patch.filter((item) => !(isObject(item) && item.$patch === 'replace')).map(stripDirectives);
    }
    return patch.map(stripDirectives);
  }
  const mergeKey = meta?.mergeKey;
  if (!mergeKey || patch.every((item) => !isObject(item))) {
    const merged = [...original];
    for (const item of patch) if (!merged.some((existing) => existing === item)) merged.push(item);
    return order ? orderPrimitives(merged, order) : merged;
  }
  if (patch.some((item) => isObject(item) && item.$patch === 'replace')) {
    return patch.filter((item) => !(isObject(item) && item.$patch === 'replace')).map(stripDirectives);
  }
  const result: Json[] = original.map((item) => item);
  for (const item of patch) {
    if (!isObject(item)) continue;
    const keyValue = item[mergeKey];
    const index = result.findIndex((existing) => isObject(existing) && existing[mergeKey] === keyValue);
    if (item.$patch === 'delete') {
      if (index >= 0) result.splice(index, 1);
      continue;
    }
    if (index >= 0) {
      result[index] = mergeMap(result[index] as JsonObject, item, path, lookup);
    } else {
      result.push(mergeMap({}, item, path, lookup));
    }
  }
  if (!order) return result;
  return orderByKey(result, order, mergeKey);
}

function orderByKey(items: Json[], order: Json[], mergeKey: string): Json[] {
  const position = (item: Json): number => {
    const key = isObject(item) ? item[mergeKey] : undefined;
    const index = order.findIndex((o) => isObject(o) && o[mergeKey] === key);
    return index < 0 ? Number.MAX_SAFE_INTEGER : index;
  };
  return items
    .map((item, index) => ({ item, index }))
    .sort((a, b) => position(a.item) - position(b.item) || a.index - b.index)
    .map(({ item }) => item);
}

function orderPrimitives(items: Json[], order: Json[]): Json[] {
  const rank = (item: Json): number => {
    const index = order.indexOf(item);
    return index < 0 ? Number.MAX_SAFE_INTEGER : index;
  };
  return items
    .map((item, index) => ({ item, index }))
    .sort((a, b) => rank(a.item) - rank(b.item) || a.index - b.index)
    .map(({ item }) => item);
}

function stripDirectives(value: Json): Json {
  if (Array.isArray(value)) return value.map(stripDirectives);
  if (!isObject(value)) return value;
  const out: JsonObject = {};
  for (const [key, child] of Object.entries(value)) {
    if (key.startsWith('$')) continue;
    out[key] = stripDirectives(child);
  }
  return out;
}
