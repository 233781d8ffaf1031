import type { ComponentIdentity } from './component-identities.ts';
import { ApiError } from './errors.ts';
import { getScale, updateScale } from './handlers/scale.ts';
import { kindSchema } from './openapi/go-round-trip.ts';
import type { DeleteOptions, GenericRegistry, PatchType, WriteOptions } from './registry/generic-registry.ts';
import { bindPod } from './registry/pod-binding.ts';
import type { ResourceRegistry } from './resources/registry.ts';
import type { ResourceDefinition } from './resources/resource.ts';
import type { KubeObject, UserInfo } from './types.ts';

/**
 * How the engine's own components (controllers, scheduler, kubelets) write: through the same
 * registry as HTTP clients, so defaulting, validation, admission, resourceVersion and watch
 * apply to them too; only the HTTP encoding is skipped. Inputs are never stored as given (see
 * `own`), so callers may pass objects derived from what they read.
 */
export class InternalClient {
  private readonly options: WriteOptions;

  constructor(
    private readonly registry: GenericRegistry,
    private readonly resources: ResourceRegistry,
    readonly user: UserInfo,
    readonly fieldManager: string = fieldManagerOf(user),
  ) {
    this.options = { user, fieldManager };
  }

  /** A client over the same API that writes as another component. */
  as(identity: ComponentIdentity): InternalClient {
    return new InternalClient(this.registry, this.resources, identity.user, identity.fieldManager);
  }

  /**
   * The resource with this storage key, e.g. `/pods`, `apps/replicasets` or a custom resource's
   * `stable.example.com/crontabs` (served while its CRD is).
   */
  resource(key: string): ResourceDefinition {
    const slash = key.indexOf('/');
    const def = this.resources.forGroupResource(key.slice(0, slash), key.slice(slash + 1));
    if (!def) throw new Error(`internal client: unknown resource ${key}`);
    return def;
  }

  /** The served resource of a kind (`apps/v1` `Deployment`), custom resources included. */
  resourceForKind(apiVersion: string, kind: string): ResourceDefinition | undefined {
    return this.resources.forKind(apiVersion, kind);
  }

  /** The autoscaling/v1 Scale of a workload (`deployments/scale`); throws the API's NotFound. */
  getScale(def: ResourceDefinition, namespace: string, name: string): KubeObject {
    return getScale(def, this.registry.get(def, namespace, name));
  }

  /** Writes a Scale through the scale subresource, as `PUT …/scale` does; returns the new Scale. */
  updateScale(def: ResourceDefinition, namespace: string, name: string, scale: KubeObject): KubeObject {
    return updateScale(this.registry, def, namespace, name, copy(scale), this.options);
  }

  /** Storage keys of every stored namespaced resource, for sweeping a namespace. */
  namespacedResources(): string[] {
    const keys = this.resources
      .all()
      .filter((def) => def.namespaced && !def.virtual)
      .map((def) => `${def.group}/${def.resource}`);
    return [...new Set(keys)];
  }

  get(key: string, namespace: string, name: string): KubeObject | undefined {
    try {
      return this.registry.get(this.resource(key), namespace, name);
    } catch (error) {
      if (error instanceof ApiError && error.code === 404) return undefined;
      throw error;
    }
  }

  create(key: string, namespace: string, object: KubeObject): KubeObject {
    return this.registry.create(this.resource(key), namespace, own(object), this.options);
  }

  update(key: string, object: KubeObject): KubeObject {
    const { namespace = '', name = '' } = object.metadata;
    return this.registry.update(this.resource(key), namespace, name, own(object), this.options);
  }

  updateStatus(key: string, object: KubeObject): KubeObject {
    const { namespace = '', name = '' } = object.metadata;
    return this.registry.update(this.resource(key), namespace, name, own(object), this.options, 'status');
  }

  patch(
    key: string,
    namespace: string,
    name: string,
    type: PatchType,
    patch: unknown,
    subresource = '',
  ): KubeObject {
    return this.registry.patch(
      this.resource(key),
      namespace,
      name,
      type,
      copy(patch),
      this.options,
      subresource,
    );
  }

  delete(key: string, namespace: string, name: string, options: DeleteOptions = {}): KubeObject | undefined {
    try {
      return this.registry.delete(this.resource(key), namespace, name, options, this.options);
    } catch (error) {
      if (error instanceof ApiError && error.code === 404) return undefined;
      throw error;
    }
  }

  /** pods/binding, as the scheduler binds a pod to the node it chose. */
  bind(namespace: string, name: string, node: string, now: number): KubeObject {
    return bindPod(this.registry, namespace, name, node, false, now);
  }

  /** Removes a namespace whose content is gone (the namespace controller's finalize step). */
  finalizeNamespace(name: string): void {
    this.registry.finalizeNamespace(name);
  }
}

/**
 * The field manager an engine component writes as, after the User-Agent product names the real
 * components send: `system:kube-controller-manager` is `kube-controller-manager`.
 */
export function fieldManagerOf(user: UserInfo): string {
  if (user.username === 'system:apiserver') return 'kube-apiserver';
  return user.username.replace(/^system:/, '');
}

/**
 * An input the registry may modify and store. Built-in kinds are rebuilt anyway when the registry
 * normalises them as Go's decoding would, so copying them first was wasted work; other kinds
 * (custom resources) are stored as given and are copied here.
 */
function own(object: KubeObject): KubeObject {
  return kindSchema(object.apiVersion, object.kind) ? object : copy(object);
}

function copy<T>(value: T): T {
  return JSON.parse(JSON.stringify(value)) as T;
}
