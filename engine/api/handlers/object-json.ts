import type { KubeList, KubeObject } from '../types.ts';

// Stored objects are never mutated (the store replaces them on every write), so the bytes of
// their JSON can be kept with them: a new resourceVersion is a new object and a cache miss.
const asItem = new WeakMap<object, Buffer>();

/** An object's JSON as a list item, UTF-8: without apiVersion and kind, as real servers list them. */
export function itemBytes(object: KubeObject): Buffer {
  let bytes = asItem.get(object);
  if (bytes === undefined) {
    const { apiVersion: _apiVersion, kind: _kind, ...rest } = object;
    bytes = Buffer.from(JSON.stringify(rest));
    asItem.set(object, bytes);
  }
  return bytes;
}

const COMMA = Buffer.from(',');
const LIST_END = Buffer.from(']}\n');

/**
 * A list response body, newline-terminated as Go's encoder writes it, as pieces: the list's head,
 * then each item's cached bytes. Listing 10,000 pods encodes only the pods that changed since the
 * last list, and never builds (or converts) one string of the whole answer.
 */
export function listChunks(list: KubeList): Buffer[] {
  const head = JSON.stringify({ apiVersion: list.apiVersion, kind: list.kind, metadata: list.metadata });
  const chunks: Buffer[] = [Buffer.from(`${head.slice(0, -1)},"items":[`)];
  list.items.forEach((item, i) => {
    if (i > 0) chunks.push(COMMA);
    chunks.push(itemBytes(item));
  });
  chunks.push(LIST_END);
  return chunks;
}

/** `listChunks` joined into one buffer. */
export function listBody(list: KubeList): Buffer {
  return Buffer.concat(listChunks(list));
}
