import type { KubeObject } from '../api/types.ts';
import { compareKeys, SortedView } from './sorted-view.ts';

export type WatchEventType = 'ADDED' | 'MODIFIED' | 'DELETED';

/** One change, as the store records it and as watchers receive it. */
export interface StoreEvent {
  readonly type: WatchEventType;
  readonly resource: string;
  readonly namespace: string;
  readonly object: KubeObject;
  readonly resourceVersion: number;
  /** For MODIFIED events, the object as it was before, so filtered watches can tell entering from leaving. */
  readonly previous?: KubeObject;
  /** The event serialised as one watch-stream line (UTF-8), computed once and shared by every watcher. */
  serialized?: Uint8Array | undefined;
}

export type StoreListener = (event: StoreEvent) => void;

export class StoreNotFoundError extends Error {}
export class StoreAlreadyExistsError extends Error {}
export class StoreConflictError extends Error {}
/** A watch asked for history the store no longer keeps; clients relist on this (410 Expired). */
export class StoreExpiredError extends Error {
  constructor(
    readonly requested: number,
    readonly oldestAvailable: number,
  ) {
    super(`too old resource version: ${requested} (${oldestAvailable})`);
  }
}

interface Watcher {
  namespace: string | undefined;
  listener: StoreListener;
}

class ResourceTable {
  readonly byNamespace = new Map<string, Map<string, KubeObject>>();
  size = 0;
  private readonly views = new Map<string, SortedView>();
  private sortedNamespaces: string[] | undefined;
  /** Every object in key order, while nothing changed since it was built. */
  private all: KubeObject[] | undefined;

  get(namespace: string, name: string): KubeObject | undefined {
    return this.byNamespace.get(namespace)?.get(name);
  }

  set(namespace: string, name: string, object: KubeObject): boolean {
    let names = this.byNamespace.get(namespace);
    if (!names) {
      names = new Map();
      this.byNamespace.set(namespace, names);
      this.sortedNamespaces = undefined;
    }
    const added = !names.has(name);
    names.set(name, object);
    const view = this.view(namespace);
    if (added) {
      this.size++;
      view.added(name);
    } else {
      view.replaced(name, object);
    }
    this.all = undefined;
    return added;
  }

  remove(namespace: string, name: string): void {
    const names = this.byNamespace.get(namespace);
    if (!names?.delete(name)) return;
    this.size--;
    this.all = undefined;
    if (names.size === 0) {
      this.byNamespace.delete(namespace);
      this.views.delete(namespace);
      this.sortedNamespaces = undefined;
    } else {
      this.view(namespace).removed(name);
    }
  }

  /** Objects in key order (namespace, then name), as etcd returns them. Callers must not modify it. */
  list(namespace: string | undefined): KubeObject[] {
    if (namespace !== undefined) {
      const names = this.byNamespace.get(namespace);
      return names ? this.view(namespace).list(names) : [];
    }
    if (!this.all) {
      this.sortedNamespaces ??= [...this.byNamespace.keys()].sort(compareKeys);
      const all: KubeObject[] = [];
      for (const ns of this.sortedNamespaces) {
        for (const object of this.view(ns).peek(this.byNamespace.get(ns)!)) all.push(object);
      }
      this.all = all;
    }
    return this.all;
  }

  private view(namespace: string): SortedView {
    let view = this.views.get(namespace);
    if (!view) {
      view = new SortedView();
      this.views.set(namespace, view);
    }
    return view;
  }
}

/**
 * The versioned object store: every write gets the next resourceVersion, writes can be made
 * conditional on the version the writer read (optimistic concurrency), and every change is
 * kept in a bounded history so watches can resume from a version.
 * Stored objects are never mutated; writers always store a new object.
 */
export class ObjectStore {
  private revision = 0;
  private readonly tables = new Map<string, ResourceTable>();
  private readonly watchers = new Map<string, Set<Watcher>>();
  private readonly writeListeners: Array<(resource: string, revision: number) => void> = [];
  private readonly history: Array<StoreEvent | undefined>;
  private historyStart = 0;
  private historyLength = 0;

  constructor(readonly historyCapacity = 20_000) {
    this.history = new Array(historyCapacity);
  }

  /** The resourceVersion of the latest write. */
  get resourceVersion(): number {
    return this.revision;
  }

  get(resource: string, namespace: string, name: string): KubeObject | undefined {
    return this.tables.get(resource)?.get(namespace, name);
  }

  list(resource: string, namespace?: string): KubeObject[] {
    return this.tables.get(resource)?.list(namespace) ?? [];
  }

  count(resource: string, namespace?: string): number {
    const table = this.tables.get(resource);
    if (!table) return 0;
    return namespace === undefined ? table.size : (table.byNamespace.get(namespace)?.size ?? 0);
  }

  /** Namespaces holding at least one object of `resource`. */
  namespacesOf(resource: string): string[] {
    return [...(this.tables.get(resource)?.byNamespace.keys() ?? [])];
  }

  create(resource: string, object: KubeObject): KubeObject {
    const { namespace, name } = keyOf(object);
    const table = this.table(resource);
    if (table.get(namespace, name)) throw new StoreAlreadyExistsError(name);
    const stored = this.stamp(object);
    table.set(namespace, name, stored);
    this.record('ADDED', resource, namespace, stored);
    return stored;
  }

  /** Replaces an object; with `expectedVersion`, only if it is still the stored version. */
  update(resource: string, object: KubeObject, expectedVersion?: string): KubeObject {
    const { namespace, name } = keyOf(object);
    const table = this.table(resource);
    const current = table.get(namespace, name);
    if (!current) throw new StoreNotFoundError(name);
    if (expectedVersion && expectedVersion !== current.metadata.resourceVersion) {
      throw new StoreConflictError(name);
    }
    const stored = this.stamp(object);
    table.set(namespace, name, stored);
    this.record('MODIFIED', resource, namespace, stored, current);
    return stored;
  }

  delete(resource: string, namespace: string, name: string, expectedVersion?: string): KubeObject {
    const table = this.table(resource);
    const current = table.get(namespace, name);
    if (!current) throw new StoreNotFoundError(name);
    if (expectedVersion && expectedVersion !== current.metadata.resourceVersion) {
      throw new StoreConflictError(name);
    }
    table.remove(namespace, name);
    const tombstone = this.stamp(current);
    this.record('DELETED', resource, namespace, tombstone);
    return tombstone;
  }

  /**
   * Calls `listener` for every later change of `resource` (in `namespace`, if given). With
   * `sinceVersion`, first replays the recorded changes after that version, or throws
   * StoreExpiredError if they are no longer kept.
   */
  watch(
    resource: string,
    options: { namespace?: string | undefined; sinceVersion?: number },
    listener: StoreListener,
  ): () => void {
    const { namespace, sinceVersion } = options;
    if (sinceVersion !== undefined && sinceVersion < this.revision) {
      const oldest = this.oldestReplayableVersion();
      if (sinceVersion < oldest - 1) throw new StoreExpiredError(sinceVersion, oldest - 1);
      for (let i = 0; i < this.historyLength; i++) {
        const event = this.history[(this.historyStart + i) % this.historyCapacity]!;
        if (event.resourceVersion <= sinceVersion || event.resource !== resource) continue;
        if (namespace !== undefined && event.namespace !== namespace) continue;
        listener(event);
      }
    }
    const watcher: Watcher = { namespace, listener };
    let set = this.watchers.get(resource);
    if (!set) {
      set = new Set();
      this.watchers.set(resource, set);
    }
    set.add(watcher);
    return () => {
      set.delete(watcher);
    };
  }

  /** Calls `listener` after every write, with the resource written and the new revision. */
  onWrite(listener: (resource: string, revision: number) => void): void {
    this.writeListeners.push(listener);
  }

  /** Number of open watches, for diagnostics and benchmarks. */
  get watchCount(): number {
    let n = 0;
    for (const set of this.watchers.values()) n += set.size;
    return n;
  }

  private oldestReplayableVersion(): number {
    if (this.historyLength < this.historyCapacity) return 1;
    return this.history[this.historyStart]!.resourceVersion;
  }

  private table(resource: string): ResourceTable {
    let table = this.tables.get(resource);
    if (!table) {
      table = new ResourceTable();
      this.tables.set(resource, table);
    }
    return table;
  }

  private stamp(object: KubeObject): KubeObject {
    this.revision++;
    return { ...object, metadata: { ...object.metadata, resourceVersion: String(this.revision) } };
  }

  private record(
    type: WatchEventType,
    resource: string,
    namespace: string,
    object: KubeObject,
    previous?: KubeObject,
  ): void {
    const event: StoreEvent = previous
      ? { type, resource, namespace, object, resourceVersion: this.revision, previous }
      : { type, resource, namespace, object, resourceVersion: this.revision };
    if (this.historyLength < this.historyCapacity) {
      this.history[(this.historyStart + this.historyLength) % this.historyCapacity] = event;
      this.historyLength++;
    } else {
      this.history[this.historyStart] = event;
      this.historyStart = (this.historyStart + 1) % this.historyCapacity;
    }
    for (const listener of this.writeListeners) listener(resource, this.revision);
    const set = this.watchers.get(resource);
    if (!set) return;
    for (const watcher of [...set]) {
      if (watcher.namespace === undefined || watcher.namespace === namespace) watcher.listener(event);
    }
    // Every open watch has its line by now; the history need not keep it (a replay encodes anew).
    event.serialized = undefined;
  }
}

function keyOf(object: KubeObject): { namespace: string; name: string } {
  const name = object.metadata.name;
  if (!name) throw new Error('store: object without metadata.name');
  return { namespace: object.metadata.namespace ?? '', name };
}
