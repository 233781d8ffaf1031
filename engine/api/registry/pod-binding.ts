import type { Pod } from 'kubernetes-types/core/v1';
import { toRfc3339 } from '../../clock/clock.ts';
import { ApiError, statusBody } from '../errors.ts';
import { podsResource } from '../resources/core/pods.ts';
import type { KubeObject } from '../types.ts';
import type { GenericRegistry } from './generic-registry.ts';

/** pods/binding: assigns a pod to a node once, and marks it PodScheduled (upstream BindingREST). */
export function bindPod(
  registry: GenericRegistry,
  namespace: string,
  name: string,
  node: string,
  dryRun: boolean,
  now: number,
): KubeObject {
  const pod = registry.get(podsResource, namespace, name) as unknown as Pod;
  const refuse = (why: string) =>
    new ApiError(
      statusBody(409, 'Conflict', `Operation cannot be fulfilled on pods/binding "${name}": ${why}`, {
        name,
        kind: 'pods/binding',
      }),
    );
  if (pod.spec?.nodeName) throw refuse(`pod ${name} is already assigned to node "${pod.spec.nodeName}"`);
  if (pod.metadata?.deletionTimestamp)
    throw refuse(`pod ${name} is being deleted, cannot be assigned to a host`);
  const conditions = (pod.status?.conditions ?? []).filter((c) => c.type !== 'PodScheduled');
  conditions.push({
    type: 'PodScheduled',
    status: 'True',
    lastProbeTime: null as unknown as string,
    lastTransitionTime: toRfc3339(now),
  });
  const bound = {
    ...pod,
    spec: { ...pod.spec, nodeName: node },
    status: { ...pod.status, conditions },
  } as unknown as KubeObject;
  return registry.writeDirect(podsResource, bound, dryRun);
}
