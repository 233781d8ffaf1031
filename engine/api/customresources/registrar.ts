/**
 * Keeps the served resources in step with the stored CustomResourceDefinitions, as
 * apiextensions-apiserver's crdHandler does from its CRD informer: every write of a CRD re-derives
 * what it serves (nothing until its names are accepted), and deleting it stops serving its resources.
 */
import type { ObjectStore, StoreEvent } from '../../store/store.ts';
import type { ResourceRegistry } from '../resources/registry.ts';
import { asCrd, CRD_STORAGE_KEY } from './crd.ts';
import { customResourceDefinitions } from './custom-resources.ts';

export class CustomResourceRegistrar {
  private stop: (() => void) | undefined;

  constructor(
    private readonly store: ObjectStore,
    private readonly resources: ResourceRegistry,
  ) {}

  /** Serves the CRDs already stored and follows every later change, synchronously with the write. */
  start(): void {
    for (const object of this.store.list(CRD_STORAGE_KEY)) this.serve(object.metadata.name ?? '', object);
    this.stop = this.store.watch(CRD_STORAGE_KEY, {}, (event: StoreEvent) => {
      const name = event.object.metadata.name ?? '';
      if (event.type === 'DELETED') this.resources.setCustom(name, []);
      else this.serve(name, event.object);
    });
  }

  close(): void {
    this.stop?.();
  }

  private serve(name: string, object: StoreEvent['object']): void {
    try {
      this.resources.setCustom(name, customResourceDefinitions(asCrd(object)));
    } catch {
      // A clash with a resource already served: upstream's naming controller keeps such a CRD's
      // names unaccepted, so it serves nothing.
      this.resources.setCustom(name, []);
    }
  }
}
