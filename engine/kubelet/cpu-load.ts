// CPU load that comes from outside the pods (clients of a Service), spread over the pods that serve it.
import type { Pod } from 'kubernetes-types/core/v1';
import {
  type LabelRequirement,
  parseLabelSelector,
  requirementsMatch,
} from '../api/selectors/label-selector.ts';

interface Load {
  namespace: string;
  selector: string;
  requirements: LabelRequirement[];
  millicores: number;
}

/** A pod that a Service would send requests to: running, Ready, not terminating. */
export function servesLoad(pod: Pod): boolean {
  if (pod.metadata?.deletionTimestamp || pod.status?.phase !== 'Running') return false;
  return pod.status.conditions?.some((c) => c.type === 'Ready' && c.status === 'True') ?? false;
}

/**
 * Loads on groups of pods (a namespace and a label selector, as a Service selects its endpoints):
 * each load's CPU is shared evenly by the pods that serve it at the instant, so scaling the group
 * out lowers what each pod uses. A pod's share is added to what its first container's process uses
 * by itself; the kubelet then throttles it at the container's CPU limit.
 */
export class CpuLoads {
  private readonly loads = new Map<string, Load>();

  /** `pods(namespace)` lists the pods of a namespace as the API has them. */
  constructor(private readonly pods: (namespace: string) => readonly Pod[]) {}

  /** Puts `millicores` of load on the pods `selector` picks in `namespace` (0 removes it). */
  set(namespace: string, selector: string, millicores: number): void {
    const key = `${namespace}\u0000${selector}`;
    if (millicores <= 0) {
      this.loads.delete(key);
      return;
    }
    this.loads.set(key, { namespace, selector, requirements: parseLabelSelector(selector), millicores });
  }

  get size(): number {
    return this.loads.size;
  }

  /** The millicores of load `pod` takes now: for each load it serves, the load over the pods serving it. */
  shareOf(pod: Pod): number {
    if (this.loads.size === 0 || !servesLoad(pod)) return 0;
    let share = 0;
    const namespace = pod.metadata?.namespace ?? '';
    for (const load of this.loads.values()) {
      if (load.namespace !== namespace || !requirementsMatch(load.requirements, pod.metadata?.labels))
        continue;
      const serving = this.pods(namespace).filter(
        (p) => servesLoad(p) && requirementsMatch(load.requirements, p.metadata?.labels),
      ).length;
      share += load.millicores / Math.max(1, serving);
    }
    return share;
  }
}
