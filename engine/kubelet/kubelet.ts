import type { Node, Pod } from 'kubernetes-types/core/v1';
import type { InternalClient } from '../api/internal-client.ts';
import type { KubeObject } from '../api/types.ts';
import type { TimerId } from '../clock/clock.ts';
import { toRfc3339, toRfc3339Micro } from '../clock/clock.ts';
import type { ControllerContext } from '../controllers/runtime/controller.ts';
import type { EventRecorder } from '../controllers/runtime/event-recorder.ts';
import type { Random } from '../util/random.ts';
import { Backoff } from './backoff.ts';
import {
  containerConfigError,
  containerEnvironment,
  mountedFiles,
  type ObjectSource,
  volumeMountError,
} from './container-environment.ts';
import type { CpuLoads } from './cpu-load.ts';
import { type EvictionHost, EvictionManager, type EvictionPod } from './eviction/eviction-manager.ts';
import { DEFAULT_EVICTION_CONFIG, type EvictionConfig } from './eviction/thresholds.ts';
import {
  type ContainerBehaviour,
  type ImageProfileSet,
  resolveContainerBehaviour,
} from './image-profiles/index.ts';
import type { KubeletHost } from './kubelet-host.ts';
import {
  kubeletNodeConditions,
  nodeStatusEventMessage,
  type ReportedNodeConditions,
} from './node-conditions.ts';
import { PodIpAllocator } from './pod-ips.ts';
import { PodWorker } from './pod-worker.ts';

const LEASE_NAMESPACE = 'kube-node-lease';
const LEASE_DURATION_SECONDS = 40;
const LEASE_RENEW_MS = 10_000;

/**
 * The simulated kubelet of one node: keeps the node Ready, renews its lease, runs a pod worker for
 * every pod bound to the node, and evicts pods when the node runs low on memory.
 */
export class Kubelet implements KubeletHost, EvictionHost {
  readonly crashBackoff = new Backoff();
  readonly pullBackoff = new Backoff();
  readonly images = new Set<string>();
  readonly podIps: PodIpAllocator;
  readonly clock: ControllerContext['clock'];
  readonly client: InternalClient;
  readonly recorder: EventRecorder;
  readonly random: Random;
  private readonly workers = new Map<string, PodWorker>();
  private readonly evictionManager: EvictionManager;
  private leaseTimer: TimerId | undefined;
  private stopped = false;
  private disconnected = false;

  constructor(
    readonly nodeName: string,
    private readonly context: ControllerContext,
    private readonly profiles: ImageProfileSet,
    eviction: EvictionConfig = DEFAULT_EVICTION_CONFIG,
    private readonly loads?: CpuLoads,
    private readonly reported: ReportedNodeConditions = {},
  ) {
    this.clock = context.clock;
    this.client = context.client;
    this.random = context.random.fork(`kubelet/${nodeName}`);
    this.recorder = context.events.recorder('kubelet', nodeName);
    this.podIps = new PodIpAllocator(this.node()?.spec?.podCIDR ?? '10.244.0.0/24');
    this.evictionManager = new EvictionManager(this, eviction);
  }

  start(): void {
    // A node whose Ready is Unknown from the start has a kubelet that never posts its status.
    if (this.reported.Ready === 'Unknown') this.disconnected = true;
    this.reportReady();
    this.renewLease();
  }

  /** When the eviction manager next looks at the node's memory; undefined when it has no need to. */
  get evictionPlannedAt(): number | undefined {
    return this.evictionManager.plannedAt;
  }

  /** The eviction manager's view of MemoryPressure. */
  get underMemoryPressure(): boolean {
    return this.evictionManager.underMemoryPressure;
  }

  evictionPods(): Iterable<EvictionPod> {
    return this.workers.values();
  }

  cpuLoadShare(pod: Pod): number {
    return this.loads?.shareOf(pod) ?? 0;
  }

  containersChanged(peakBytes: number, sign: 1 | -1): void {
    this.evictionManager.containersChanged(peakBytes, sign);
  }

  memoryPressureChanged(): void {
    this.reportReady();
  }

  /** Whether the kubelet reaches the API server (heartbeats, status, events, pod changes). */
  get connected(): boolean {
    return !this.disconnected && !this.stopped;
  }

  /**
   * The node stops heartbeating: no lease renewals, no node or pod status, no events, and no
   * pod changes seen. Its containers run on, as on a node cut off from the control plane.
   */
  disconnect(): void {
    if (this.disconnected || this.stopped) return;
    this.disconnected = true;
    if (this.leaseTimer !== undefined) this.clock.cancelTimer(this.leaseTimer);
    this.leaseTimer = undefined;
  }

  /** The node is back: it posts Ready, renews its lease and catches up with its pods. */
  reconnect(): void {
    if (!this.disconnected || this.stopped) return;
    this.disconnected = false;
    const wasReady = this.node()?.status?.conditions?.find((c) => c.type === 'Ready')?.status === 'True';
    this.reportReady();
    const node = this.node();
    if (!wasReady && node) {
      this.recorder.event(
        node as unknown as KubeObject,
        'Normal',
        'NodeReady',
        `Node ${this.nodeName} status is now: NodeReady`,
      );
    }
    this.renewLease();
    const pods = this.context.informers.for('/pods').list() as unknown as Pod[];
    const present = new Set<string>();
    for (const pod of pods) {
      if (pod.spec?.nodeName !== this.nodeName) continue;
      present.add(pod.metadata?.uid ?? '');
      const worker = this.workers.get(pod.metadata?.uid ?? '');
      if (worker) worker.resync(pod);
      else this.podChanged(pod);
    }
    for (const [uid, worker] of [...this.workers]) {
      if (present.has(uid)) continue;
      worker.halt();
      this.workers.delete(uid);
    }
  }

  stop(): void {
    this.stopped = true;
    this.evictionManager.stop();
    if (this.leaseTimer !== undefined) this.clock.cancelTimer(this.leaseTimer);
    for (const worker of this.workers.values()) worker.halt();
    this.workers.clear();
  }

  node(): Node | undefined {
    return this.context.informers.for('/nodes').get('', this.nodeName) as unknown as Node | undefined;
  }

  /** Called for every pod change seen by the kubelet's informer. */
  podChanged(pod: Pod): void {
    if (!this.connected || pod.spec?.nodeName !== this.nodeName) return;
    const uid = pod.metadata?.uid ?? '';
    const worker = this.workers.get(uid);
    if (worker) {
      worker.update(pod);
      return;
    }
    if (pod.metadata?.deletionTimestamp) {
      // Nothing runs for it here: confirm the deletion at once.
      this.client.delete('/pods', pod.metadata.namespace ?? '', pod.metadata.name ?? '', {
        gracePeriodSeconds: 0,
        preconditions: { uid },
      });
      return;
    }
    const phase = pod.status?.phase;
    if (phase === 'Succeeded' || phase === 'Failed') return;
    this.workers.set(uid, new PodWorker(this, pod));
  }

  podDeleted(pod: Pod): void {
    if (!this.connected) return;
    const worker = this.workers.get(pod.metadata?.uid ?? '');
    if (!worker) return;
    worker.halt();
    this.workers.delete(pod.metadata?.uid ?? '');
    this.podIps.release(pod.status?.podIP);
  }

  forget(uid: string): void {
    this.workers.delete(uid);
  }
  defer(task: () => void): void {
    this.context.loop.enqueue(task);
  }

  worker(uid: string): PodWorker | undefined {
    return this.workers.get(uid);
  }

  /** The pod workers of the node (what its stats summary covers). */
  podWorkers(): Iterable<PodWorker> {
    return this.workers.values();
  }

  private objectSource(): ObjectSource {
    return { get: (resource, namespace, name) => this.context.informers.for(resource).get(namespace, name) };
  }

  containerConfigError(pod: Pod, containerName: string): string | undefined {
    const container = [...(pod.spec?.initContainers ?? []), ...(pod.spec?.containers ?? [])].find(
      (c) => c.name === containerName,
    );
    return container ? containerConfigError(pod, container, this.objectSource()) : undefined;
  }

  volumeError(pod: Pod): string | undefined {
    return volumeMountError(pod, this.objectSource());
  }

  behaviourFor(pod: Pod, containerName: string): ContainerBehaviour {
    const container = [...(pod.spec?.initContainers ?? []), ...(pod.spec?.containers ?? [])].find(
      (c) => c.name === containerName,
    );
    if (!container) throw new Error(`no container ${containerName} in pod ${pod.metadata?.name}`);
    const source: ObjectSource = {
      get: (resource, namespace, name) => this.context.informers.for(resource).get(namespace, name),
    };
    const files = mountedFiles(pod, container, source);
    return resolveContainerBehaviour(
      this.profiles,
      {
        image: container.image ?? '',
        ...(container.command ? { command: container.command } : {}),
        ...(container.args ? { args: container.args } : {}),
        env: containerEnvironment(pod, container, source),
        ...(container.stdin ? { stdin: true } : {}),
      },
      {
        hostname: pod.spec?.hostname ?? pod.metadata?.name ?? '',
        readFile: (path) => files.get(path),
        listDir: (path) => {
          const prefix = `${path.replace(/\/+$/, '')}/`;
          const names = [...files.keys()]
            .filter((f) => f.startsWith(prefix))
            .map((f) => f.slice(prefix.length).split('/')[0]!);
          return names.length > 0 ? [...new Set(names)].sort() : undefined;
        },
        startTimeMs: this.clock.now(),
      },
    );
  }

  /** Posts the node's conditions (Ready, and MemoryPressure as the eviction manager has it). */
  private reportReady(): void {
    if (!this.connected) return;
    const node = this.node();
    if (!node) return;
    const { conditions, events } = kubeletNodeConditions(
      node.status?.conditions ?? [],
      toRfc3339(this.clock.now()),
      { memoryPressure: this.evictionManager.underMemoryPressure, reported: this.reported },
    );
    this.client.updateStatus('/nodes', {
      ...(node as unknown as KubeObject),
      status: { ...node.status, conditions },
    });
    for (const event of events) {
      this.recorder.event(
        node as unknown as KubeObject,
        'Normal',
        event,
        nodeStatusEventMessage(this.nodeName, event),
      );
    }
  }

  private renewLease(): void {
    if (!this.connected) return;
    const now = this.clock.now();
    const existing = this.client.get('coordination.k8s.io/leases', LEASE_NAMESPACE, this.nodeName);
    const node = this.node();
    const spec = {
      holderIdentity: this.nodeName,
      leaseDurationSeconds: LEASE_DURATION_SECONDS,
      renewTime: toRfc3339Micro(now),
    };
    if (existing) {
      this.client.update('coordination.k8s.io/leases', {
        ...existing,
        spec: { ...(existing.spec as object), ...spec },
      });
    } else if (node) {
      this.client.create('coordination.k8s.io/leases', LEASE_NAMESPACE, {
        apiVersion: 'coordination.k8s.io/v1',
        kind: 'Lease',
        metadata: {
          name: this.nodeName,
          namespace: LEASE_NAMESPACE,
          ownerReferences: [
            { apiVersion: 'v1', kind: 'Node', name: this.nodeName, uid: node.metadata?.uid ?? '' },
          ],
        },
        spec,
      });
    }
    this.leaseTimer = this.clock.setTimer(
      now + LEASE_RENEW_MS,
      () => this.renewLease(),
      `lease ${this.nodeName}`,
    );
  }

  /** The lease renewals are heartbeats, not changes: stepping the clock may pass over them. */
  static readonly HEARTBEAT_RESOURCES = ['coordination.k8s.io/leases'];
}
