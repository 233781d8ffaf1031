import type { KubeList, KubeObject } from '../types.ts';

// Stored objects are never mutated (the store replaces them), so their JSON can be kept with them.
const asItem = new WeakMap<object, string>();

/** An object's JSON as a list item: without apiVersion and kind, as real servers list them. */
export function itemJson(object: KubeObject): string {
  let text = asItem.get(object);
  if (text === undefined) {
    const { apiVersion: _apiVersion, kind: _kind, ...rest } = object;
    text = JSON.stringify(rest);
    asItem.set(object, text);
  }
  return text;
}

/**
 * A list response body, newline-terminated as Go's encoder writes it, built from each item's
 * cached JSON: listing 10,000 pods serialises only the pods that changed since the last list.
 */
export function listJson(list: KubeList): string {
  const head = JSON.stringify({ apiVersion: list.apiVersion, kind: list.kind, metadata: list.metadata });
  return `${head.slice(0, -1)},"items":[${list.items.map(itemJson).join(',')}]}\n`;
}
