import type { KubeObject } from '../../api/types.ts';
import type { WorkLoop } from '../../clock/work-loop.ts';
import type { ObjectStore, StoreEvent } from '../../store/store.ts';

export interface InformerHandlers {
  add?(object: KubeObject): void;
  update?(object: KubeObject, previous: KubeObject): void;
  delete?(object: KubeObject): void;
}

/**
 * A shared informer over one resource. The engine's store is in-process, so the informer's
 * cache *is* the store (always current, never stale); what the informer adds is delivery:
 * each change reaches the handlers as a separate task on the work loop, after the write that
 * caused it has returned, just as a watch event reaches a real controller.
 */
export class Informer {
  private readonly handlers: InformerHandlers[] = [];

  constructor(
    private readonly store: ObjectStore,
    private readonly loop: WorkLoop,
    readonly resource: string,
  ) {
    store.watch(resource, {}, (event) => {
      if (this.handlers.length > 0) loop.enqueue(() => this.dispatch(event));
    });
  }

  addHandlers(handlers: InformerHandlers): void {
    this.handlers.push(handlers);
    for (const object of this.store.list(this.resource)) {
      this.loop.enqueue(() => handlers.add?.(object));
    }
  }

  get(namespace: string, name: string): KubeObject | undefined {
    return this.store.get(this.resource, namespace, name);
  }

  list(namespace?: string): KubeObject[] {
    return this.store.list(this.resource, namespace);
  }

  private dispatch(event: StoreEvent): void {
    for (const handler of this.handlers) {
      if (event.type === 'ADDED') handler.add?.(event.object);
      else if (event.type === 'MODIFIED') handler.update?.(event.object, event.previous ?? event.object);
      else handler.delete?.(event.object);
    }
  }
}

/** One informer per resource, shared by every controller that watches it. */
export class InformerFactory {
  private readonly informers = new Map<string, Informer>();

  constructor(
    private readonly store: ObjectStore,
    private readonly loop: WorkLoop,
  ) {}

  /** The informer for a storage key such as `/pods` or `apps/replicasets`. */
  for(resource: string): Informer {
    let informer = this.informers.get(resource);
    if (!informer) {
      informer = new Informer(this.store, this.loop, resource);
      this.informers.set(resource, informer);
    }
    return informer;
  }
}
