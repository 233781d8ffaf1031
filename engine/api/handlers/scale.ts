import type { LabelSelector } from 'kubernetes-types/meta/v1';
import { badRequest } from '../errors.ts';
import type { GenericRegistry, WriteOptions } from '../registry/generic-registry.ts';
import type { ResourceDefinition } from '../resources/resource.ts';
import { labelSelectorToString } from '../selectors/label-selector.ts';
import type { KubeObject } from '../types.ts';

/** The field a `.spec.replicas`-style path names, read as unstructured.Nested* reads it. */
function atPath(object: KubeObject, path: string): unknown {
  let value: unknown = object;
  for (const key of path.replace(/^\./, '').split('.')) {
    if (value === null || typeof value !== 'object' || Array.isArray(value)) return undefined;
    value = (value as Record<string, unknown>)[key];
  }
  return value;
}

/** Sets the field a `.spec.replicas`-style path names, creating the objects on the way. */
function withPath(object: KubeObject, path: string, value: unknown): KubeObject {
  const copy = structuredClone(object);
  const keys = path.replace(/^\./, '').split('.');
  let node = copy as unknown as Record<string, unknown>;
  for (const key of keys.slice(0, -1)) {
    const next = node[key];
    node[key] = next !== null && typeof next === 'object' && !Array.isArray(next) ? next : {};
    node = node[key] as Record<string, unknown>;
  }
  node[keys[keys.length - 1] ?? ''] = value;
  return copy;
}

/**
 * The autoscaling/v1 Scale view of a workload (deployments/scale, replicasets/scale, …), or of a
 * custom resource through its CRD's replicas and selector paths (scaleFromCustomResource).
 */
export function getScale(def: ResourceDefinition, object: KubeObject): KubeObject {
  const { name, namespace, uid, resourceVersion, creationTimestamp } = object.metadata;
  const metadata = { name, namespace, uid, resourceVersion, creationTimestamp } as KubeObject['metadata'];
  const paths = def.custom?.scale;
  if (paths) {
    const replicas = (path: string) => {
      const value = atPath(object, path);
      return typeof value === 'number' ? Math.trunc(value) : 0;
    };
    const selector = paths.labelSelectorPath ? atPath(object, paths.labelSelectorPath) : undefined;
    return {
      kind: 'Scale',
      apiVersion: 'autoscaling/v1',
      metadata,
      spec: { replicas: replicas(paths.specReplicasPath) },
      status: {
        replicas: replicas(paths.statusReplicasPath),
        ...(typeof selector === 'string' && selector !== '' ? { selector } : {}),
      },
    };
  }
  const spec = (object.spec ?? {}) as { replicas?: number; selector?: LabelSelector };
  const status = (object.status ?? {}) as { replicas?: number };
  return {
    kind: 'Scale',
    apiVersion: 'autoscaling/v1',
    metadata,
    spec: { replicas: spec.replicas ?? 0 },
    status: {
      replicas: status.replicas ?? 0,
      ...(spec.selector ? { selector: labelSelectorToString(spec.selector) } : {}),
    },
  };
}

/** Writes a Scale's spec.replicas back into its workload and answers with the new Scale. */
export function updateScale(
  registry: GenericRegistry,
  def: ResourceDefinition,
  namespace: string,
  name: string,
  scale: KubeObject,
  options: WriteOptions,
): KubeObject {
  const replicas = (scale.spec as { replicas?: unknown } | undefined)?.replicas;
  if (typeof replicas !== 'number' || !Number.isInteger(replicas)) {
    throw badRequest('Scale.autoscaling "" is invalid: spec.replicas: Invalid value: must be an integer');
  }
  const current = registry.get(def, namespace, name);
  const scalePath = def.custom?.scale?.specReplicasPath;
  const replaced = scalePath
    ? withPath(current, scalePath, replicas)
    : { ...current, spec: { ...(current.spec as object), replicas } };
  const next: KubeObject = {
    ...replaced,
    metadata: {
      ...current.metadata,
      resourceVersion: scale.metadata?.resourceVersion || current.metadata.resourceVersion || '',
    },
  };
  const updated = registry.update(def, namespace, name, next, options, 'scale');
  return getScale(def, updated);
}
