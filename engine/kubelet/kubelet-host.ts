import type { Node, Pod } from 'kubernetes-types/core/v1';
import type { InternalClient } from '../api/internal-client.ts';
import type { Clock } from '../clock/clock.ts';
import type { EventRecorder } from '../controllers/runtime/event-recorder.ts';
import type { Random } from '../util/random.ts';
import type { Backoff } from './backoff.ts';
import type { ContainerBehaviour } from './image-profiles/index.ts';
import type { PodIpAllocator } from './pod-ips.ts';

/** What a pod worker needs from the kubelet that runs it. */
export interface KubeletHost {
  readonly nodeName: string;
  readonly clock: Clock;
  readonly client: InternalClient;
  readonly recorder: EventRecorder;
  readonly random: Random;
  readonly crashBackoff: Backoff;
  readonly pullBackoff: Backoff;
  readonly podIps: PodIpAllocator;
  /** Images already on this node. */
  readonly images: Set<string>;
  /** False while the node is cut off from the API server: containers run on, nothing is reported. */
  readonly connected: boolean;
  node(): Node | undefined;
  /** What a container of `pod` does, from the image behaviour profiles. */
  behaviourFor(pod: Pod, containerName: string): ContainerBehaviour;
  /** Why the container's environment cannot be built (CreateContainerConfigError), if it cannot. */
  containerConfigError(pod: Pod, containerName: string): string | undefined;
  /** The FailedMount message of the first volume that cannot be set up, if any. */
  volumeError(pod: Pod): string | undefined;
  /** The pod is gone from the API; the kubelet forgets its worker. */
  forget(uid: string): void;
  /** Runs `task` after the work now under way, still at this instant (the status manager's batching). */
  defer(task: () => void): void;
  /**
   * A container started (`sign` 1) or stopped (-1): the node's memory use changes course. `peakBytes`
   * is the most it can use (its memory limit at most; Infinity if unbounded), for the eviction manager.
   */
  containersChanged(peakBytes: number, sign: 1 | -1): void;
  /** The CPU load from outside (see cpu-load.ts) that `pod`'s first container serves now, in millicores. */
  cpuLoadShare?(pod: Pod): number;
}

/** Delay between a pod landing on the node and its sandbox (network, pause container) being ready. */
export const SANDBOX_DELAY_MS = 1_000;
/** The kubelet notices a container exit on its next PLEG relist, about a second later. */
export const PLEG_RELIST_MS = 1_000;
/** The pod worker retries a failed sync (CreateContainerConfigError) after this long (backOffPeriod). */
export const SYNC_RETRY_MS = 10_000;
/** Volume mount retries back off from 500ms, doubling, up to 2m2s (exponentialbackoff). */
export const MOUNT_RETRY_INITIAL_MS = 500;
export const MOUNT_RETRY_MAX_MS = 122_000;
/** The runtime always gives a container at least this long to stop (kuberuntime minimumGracePeriodInSeconds). */
export const MINIMUM_GRACE_PERIOD_MS = 2_000;
