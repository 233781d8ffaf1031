import type { KubeObject } from '../api/types.ts';

/** Plain code-unit order, as etcd orders keys (not locale order). */
export function compareKeys(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/**
 * One namespace's objects in name order, kept between lists: a LIST after an update costs one
 * array copy at most (the last answer may still be in a caller's hands), a LIST after
 * additions or removals a merge, and a LIST with nothing changed nothing at all. Controllers
 * list a namespace's pods on every sync, so at 150,000 pods sorting on each LIST (O(n log n)
 * string compares and map lookups) dominated them.
 */
export class SortedView {
  /** Sorted names and their objects, as of the last list (plus in-place replacements). */
  private names: string[] = [];
  private items: KubeObject[] = [];
  /** Names added, and names removed, since the last list. */
  private pending: string[] = [];
  private readonly removedNames = new Set<string>();
  /** Whether `items` was handed out; it is copied before it changes. */
  private shared = false;

  added(name: string): void {
    this.pending.push(name);
  }

  removed(name: string): void {
    this.removedNames.add(name);
  }

  replaced(name: string, object: KubeObject): void {
    const index = binarySearch(this.names, name);
    if (index < 0) return;
    if (this.shared) {
      this.items = this.items.slice();
      this.shared = false;
    }
    this.items[index] = object;
  }

  /** The objects in name order; the caller must not modify the array. */
  list(objects: ReadonlyMap<string, KubeObject>): KubeObject[] {
    this.reindex(objects);
    this.shared = true;
    return this.items;
  }

  /** Like list, for a caller that copies the array before anything else changes. */
  peek(objects: ReadonlyMap<string, KubeObject>): readonly KubeObject[] {
    this.reindex(objects);
    return this.items;
  }

  private reindex(objects: ReadonlyMap<string, KubeObject>): void {
    if (this.pending.length === 0 && this.removedNames.size === 0) return;
    let names = this.names;
    let items = this.items;
    if (this.removedNames.size > 0) {
      // A removed name that came back is among the pending ones, with its new object.
      const keep = names.map((name) => !this.removedNames.has(name));
      names = names.filter((_, i) => keep[i]);
      items = items.filter((_, i) => keep[i]);
      this.removedNames.clear();
    }
    if (this.pending.length > 0) {
      const added = [...new Set(this.pending)].filter((name) => objects.has(name)).sort(compareKeys);
      [names, items] = merge(names, items, added, (name) => objects.get(name)!);
      this.pending = [];
    }
    this.names = names;
    this.items = items;
    this.shared = false;
  }
}

function binarySearch(sorted: readonly string[], name: string): number {
  let low = 0;
  let high = sorted.length - 1;
  while (low <= high) {
    const mid = (low + high) >>> 1;
    const value = sorted[mid]!;
    if (value === name) return mid;
    if (value < name) low = mid + 1;
    else high = mid - 1;
  }
  return -1;
}

/** Merges sorted `added` names (with their objects) into sorted `names` and aligned `items`. */
function merge(
  names: readonly string[],
  items: readonly KubeObject[],
  added: readonly string[],
  objectOf: (name: string) => KubeObject,
): [string[], KubeObject[]] {
  const total = names.length + added.length;
  const outNames = new Array<string>(total);
  const outItems = new Array<KubeObject>(total);
  let i = 0;
  let j = 0;
  for (let k = 0; k < total; k++) {
    if (j >= added.length || (i < names.length && names[i]! < added[j]!)) {
      outNames[k] = names[i]!;
      outItems[k] = items[i++]!;
    } else {
      outNames[k] = added[j]!;
      outItems[k] = objectOf(added[j++]!);
    }
  }
  return [outNames, outItems];
}
