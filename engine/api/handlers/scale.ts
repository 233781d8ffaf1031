import type { LabelSelector } from 'kubernetes-types/meta/v1';
import { badRequest } from '../errors.ts';
import type { GenericRegistry, WriteOptions } from '../registry/generic-registry.ts';
import type { ResourceDefinition } from '../resources/resource.ts';
import { labelSelectorToString } from '../selectors/label-selector.ts';
import type { KubeObject } from '../types.ts';

/** The autoscaling/v1 Scale view of a workload (deployments/scale, replicasets/scale, …). */
export function getScale(object: KubeObject): KubeObject {
  const spec = (object.spec ?? {}) as { replicas?: number; selector?: LabelSelector };
  const status = (object.status ?? {}) as { replicas?: number };
  const { name, namespace, uid, resourceVersion, creationTimestamp } = object.metadata;
  return {
    kind: 'Scale',
    apiVersion: 'autoscaling/v1',
    metadata: { name, namespace, uid, resourceVersion, creationTimestamp } as KubeObject['metadata'],
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
  const next: KubeObject = {
    ...current,
    spec: { ...(current.spec as object), replicas },
    metadata: {
      ...current.metadata,
      resourceVersion: scale.metadata?.resourceVersion || current.metadata.resourceVersion || '',
    },
  };
  const updated = registry.update(def, namespace, name, next, options, 'scale');
  return getScale(updated);
}
