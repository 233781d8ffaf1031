// What a running container uses, as the node's stats (cAdvisor through the kubelet's summary) report it.
import type { Container } from 'kubernetes-types/core/v1';
import { milliValue } from '../api/quantity.ts';
import type { ContainerBehaviour } from './image-profiles/index.ts';

/** One container's usage at an instant. */
export interface ContainerUsage {
  /** Memory working set, in bytes (what the eviction manager ranks by). */
  workingSetBytes: number;
  /** CPU in use, in millicores: the process's demand, throttled at the container's CPU limit. */
  cpuMillicores: number;
}

/**
 * The CPU a container gets: what its process asks for, throttled by the CFS quota at its CPU limit,
 * and never more than the node has. Throttling only slows the process down; it is never killed or
 * restarted for it (unlike memory, where the limit is enforced by the OOM killer).
 */
export function cpuUsageMillicores(
  demandMillicores: number,
  limit: string | undefined,
  nodeMillicores: number,
): number {
  const cap = limit === undefined ? nodeMillicores : Math.min(milliValue(limit), nodeMillicores);
  return Math.min(demandMillicores, cap);
}

/**
 * The usage of a container `msSinceStart` after its process started, on a node of `nodeMillicores`;
 * `loadMillicores` is demand from outside (requests its clients send), on top of the process's own.
 */
export function containerUsage(
  behaviour: ContainerBehaviour,
  container: Container,
  msSinceStart: number,
  nodeMillicores: number,
  loadMillicores = 0,
): ContainerUsage {
  return {
    workingSetBytes: behaviour.memoryBytesAt(msSinceStart),
    cpuMillicores: cpuUsageMillicores(
      behaviour.cpuMillicores + loadMillicores,
      container.resources?.limits?.cpu,
      nodeMillicores,
    ),
  };
}

/** A named container's usage, as one entry of a pod's stats. */
export interface ContainerStats extends ContainerUsage {
  name: string;
}
