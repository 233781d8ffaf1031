/**
 * Node-level aggregates the scheduler filters and scores with (pkg/scheduler/framework/types.go
 * NodeInfo), kept up to date incrementally as pods are bound, updated and deleted.
 */
import type { Node, Pod, Taint } from 'kubernetes-types/core/v1';
import {
  emptyResource,
  podNonZeroRequests,
  podResourceRequests,
  type Resource,
  resourceFromList,
  resourceListFromObject,
} from './pod-requests.ts';

export const DEFAULT_BIND_ALL_HOST_IP = '0.0.0.0';

/** A container port published on the node. */
export interface HostPort {
  readonly ip: string;
  readonly protocol: string;
  readonly port: number;
}

/** A pod with what the scheduler derives from it, computed once per pod object. */
export interface PodInfo {
  readonly pod: Pod;
  readonly key: string;
  /** Effective requests (cpu in millicores, the rest in whole units). */
  readonly requested: Resource;
  /** Requests with the 100m / 200Mi defaults for containers that state none (scoring only). */
  readonly nonZeroMilliCPU: number;
  readonly nonZeroMemory: number;
  readonly hostPorts: readonly HostPort[];
  readonly hasAffinity: boolean;
  readonly hasRequiredAntiAffinity: boolean;
}

/** `namespace/name`, the key the scheduler cache tracks pods by. */
export function podKey(pod: Pod): string {
  return `${pod.metadata?.namespace ?? ''}/${pod.metadata?.name ?? ''}`;
}

/** Succeeded and Failed pods no longer hold node resources. */
export function isTerminalPod(pod: Pod): boolean {
  const phase = pod.status?.phase;
  return phase === 'Succeeded' || phase === 'Failed';
}

/** spec.priority, defaulting to 0 (corev1helpers.PodPriority). */
export function podPriority(pod: Pod): number {
  return pod.spec?.priority ?? 0;
}

type PortList = readonly { hostPort?: number; hostIP?: string; protocol?: string }[] | undefined;

function collectHostPorts(ports: HostPort[], containerPorts: PortList): void {
  for (const port of containerPorts ?? []) {
    if ((port.hostPort ?? 0) > 0) {
      ports.push({
        ip: port.hostIP || DEFAULT_BIND_ALL_HOST_IP,
        protocol: port.protocol || 'TCP',
        port: port.hostPort!,
      });
    }
  }
}

/** Host ports of app containers and sidecars (schedutil.GetHostPorts). */
export function podHostPorts(pod: Pod): HostPort[] {
  const ports: HostPort[] = [];
  for (const container of pod.spec?.initContainers ?? []) {
    if (container.restartPolicy === 'Always') collectHostPorts(ports, container.ports);
  }
  for (const container of pod.spec?.containers ?? []) collectHostPorts(ports, container.ports);
  return ports;
}

const podInfoMemo = new WeakMap<Pod, PodInfo>();

type SpecInfo = Omit<PodInfo, 'pod' | 'key'>;

/**
 * What a PodInfo derives from the spec alone, by spec object: a status write stores a new pod
 * object around the same spec, so the kubelet's updates need not sum the requests again.
 */
const specInfoMemo = new WeakMap<object, SpecInfo>();

function specInfoFor(pod: Pod): SpecInfo {
  const spec = pod.spec;
  let info = spec ? specInfoMemo.get(spec) : undefined;
  if (info === undefined) {
    const affinity = spec?.affinity;
    const nonZero = podNonZeroRequests(pod);
    info = {
      requested: podResourceRequests(pod),
      nonZeroMilliCPU: nonZero.milliCPU,
      nonZeroMemory: nonZero.memory,
      hostPorts: podHostPorts(pod),
      hasAffinity: Boolean(affinity?.podAffinity || affinity?.podAntiAffinity),
      hasRequiredAntiAffinity:
        (affinity?.podAntiAffinity?.requiredDuringSchedulingIgnoredDuringExecution ?? []).length > 0,
    };
    if (spec) specInfoMemo.set(spec, info);
  }
  return info;
}

/** The PodInfo of a pod object (memoized; pod objects are treated as immutable). */
export function podInfoFor(pod: Pod): PodInfo {
  let info = podInfoMemo.get(pod);
  if (info === undefined) {
    info = { pod, key: podKey(pod), ...specInfoFor(pod) };
    podInfoMemo.set(pod, info);
  }
  return info;
}

/** Host ports in use on a node, by IP then `protocol/port` (with a use count). */
export class HostPortInfo {
  private readonly byIp = new Map<string, Map<string, number>>();

  add(port: HostPort): void {
    let ports = this.byIp.get(port.ip);
    if (ports === undefined) {
      ports = new Map();
      this.byIp.set(port.ip, ports);
    }
    const key = `${port.protocol}/${port.port}`;
    ports.set(key, (ports.get(key) ?? 0) + 1);
  }

  remove(port: HostPort): void {
    const ports = this.byIp.get(port.ip);
    const key = `${port.protocol}/${port.port}`;
    const count = ports?.get(key);
    if (ports === undefined || count === undefined) return;
    if (count > 1) ports.set(key, count - 1);
    else ports.delete(key);
    if (ports.size === 0) this.byIp.delete(port.ip);
  }

  /** HostPortInfo.CheckConflict: 0.0.0.0 conflicts with every IP, a specific IP with itself and 0.0.0.0. */
  conflicts(port: HostPort): boolean {
    if (port.port <= 0) return false;
    const key = `${port.protocol}/${port.port}`;
    if (port.ip === DEFAULT_BIND_ALL_HOST_IP) {
      for (const ports of this.byIp.values()) if (ports.has(key)) return true;
      return false;
    }
    return Boolean(this.byIp.get(DEFAULT_BIND_ALL_HOST_IP)?.has(key) || this.byIp.get(port.ip)?.has(key));
  }

  get size(): number {
    return this.byIp.size;
  }

  clone(): HostPortInfo {
    const copy = new HostPortInfo();
    for (const [ip, ports] of this.byIp) copy.byIp.set(ip, new Map(ports));
    return copy;
  }
}

let generation = 0;
const nextGeneration = (): number => ++generation;

function cloneResource(resource: Resource): Resource {
  return { ...resource, scalar: new Map(resource.scalar) };
}

function applyPod(target: NodeInfo, info: PodInfo, sign: 1 | -1): void {
  const requested = target.requested;
  requested.milliCPU += sign * info.requested.milliCPU;
  requested.memory += sign * info.requested.memory;
  requested.ephemeralStorage += sign * info.requested.ephemeralStorage;
  for (const [name, value] of info.requested.scalar) {
    requested.scalar.set(name, (requested.scalar.get(name) ?? 0) + sign * value);
  }
  target.nonZeroRequested.milliCPU += sign * info.nonZeroMilliCPU;
  target.nonZeroRequested.memory += sign * info.nonZeroMemory;
  for (const port of info.hostPorts) {
    if (sign > 0) target.usedPorts.add(port);
    else target.usedPorts.remove(port);
  }
}

function removeFrom(list: PodInfo[], key: string): void {
  const index = list.findIndex((info) => info.key === key);
  if (index < 0) return;
  list[index] = list[list.length - 1]!;
  list.pop();
}

const NO_TAINTS: readonly Taint[] = [];

/** Aggregated information about one node: its pods, their summed requests, used host ports. */
export class NodeInfo {
  node: Node;
  readonly pods: PodInfo[] = [];
  readonly podsWithAffinity: PodInfo[] = [];
  readonly podsWithRequiredAntiAffinity: PodInfo[] = [];
  readonly usedPorts = new HostPortInfo();
  /** Sum of the pods' effective requests. */
  readonly requested: Resource = emptyResource();
  /** Sum of the pods' cpu/memory requests with the non-zero defaults (scoring only). */
  readonly nonZeroRequested: Resource = emptyResource();
  /** node.status.allocatable. */
  allocatable: Resource;
  generation = nextGeneration();
  private readonly indexByKey = new Map<string, number>();

  /**
   * node.spec.unschedulable and node.spec.taints, kept on this (monomorphic) object: filters read
   * them for every node of every cycle, and reaching into the many-shaped Node objects was the
   * scheduler's hottest memory access.
   */
  unschedulable: boolean;
  taints: readonly Taint[];

  constructor(node: Node) {
    this.node = node;
    this.allocatable = resourceFromList(resourceListFromObject(node.status?.allocatable));
    this.unschedulable = node.spec?.unschedulable === true;
    this.taints = node.spec?.taints ?? NO_TAINTS;
  }

  get name(): string {
    return this.node.metadata?.name ?? '';
  }

  get labels(): Readonly<Record<string, string>> {
    return this.node.metadata?.labels ?? {};
  }

  setNode(node: Node): void {
    this.node = node;
    this.allocatable = resourceFromList(resourceListFromObject(node.status?.allocatable));
    this.unschedulable = node.spec?.unschedulable === true;
    this.taints = node.spec?.taints ?? NO_TAINTS;
    this.generation = nextGeneration();
  }

  hasPod(key: string): boolean {
    return this.indexByKey.has(key);
  }

  getPod(key: string): PodInfo | undefined {
    const index = this.indexByKey.get(key);
    return index === undefined ? undefined : this.pods[index];
  }

  /** Adds a pod, replacing an earlier version with the same key. */
  addPod(pod: Pod | PodInfo): void {
    const info = 'pod' in pod ? pod : podInfoFor(pod);
    if (this.indexByKey.has(info.key)) this.removePod(info.key);
    this.indexByKey.set(info.key, this.pods.length);
    this.pods.push(info);
    if (info.hasAffinity) this.podsWithAffinity.push(info);
    if (info.hasRequiredAntiAffinity) this.podsWithRequiredAntiAffinity.push(info);
    applyPod(this, info, 1);
    this.generation = nextGeneration();
  }

  /** Removes a pod by object, PodInfo or key; false when it was not on this node. */
  removePod(pod: Pod | PodInfo | string): boolean {
    const key = typeof pod === 'string' ? pod : 'pod' in pod ? pod.key : podKey(pod);
    const index = this.indexByKey.get(key);
    if (index === undefined) return false;
    const info = this.pods[index]!;
    const last = this.pods.pop()!;
    if (index < this.pods.length) {
      this.pods[index] = last;
      this.indexByKey.set(last.key, index);
    }
    this.indexByKey.delete(key);
    if (info.hasAffinity) removeFrom(this.podsWithAffinity, key);
    if (info.hasRequiredAntiAffinity) removeFrom(this.podsWithRequiredAntiAffinity, key);
    applyPod(this, info, -1);
    this.generation = nextGeneration();
    return true;
  }

  /** A copy that can be changed (preemption simulations) without touching this one. */
  clone(): NodeInfo {
    const copy = new NodeInfo(this.node);
    for (const info of this.pods) copy.addPod(info);
    copy.allocatable = cloneResource(this.allocatable);
    copy.generation = this.generation;
    return copy;
  }
}

/** Read access to all nodes, as the framework's SharedLister gives plugins. */
export interface NodeInfoLister {
  readonly list: readonly NodeInfo[];
  get(name: string): NodeInfo | undefined;
  /** Nodes hosting at least one pod with pod affinity or anti-affinity. */
  havePodsWithAffinity(): readonly NodeInfo[];
  /** Nodes hosting at least one pod with required pod anti-affinity. */
  havePodsWithRequiredAntiAffinity(): readonly NodeInfo[];
}

/**
 * All nodes and their pods, updated incrementally (the scheduler cache). Pods bound to a node that
 * is not known yet are kept aside and attached when the node appears.
 */
export class NodeInfoSnapshot implements NodeInfoLister {
  private readonly nodes: NodeInfo[] = [];
  private readonly byName = new Map<string, NodeInfo>();
  private readonly podNode = new Map<string, string>();
  private readonly orphans = new Map<string, Map<string, Pod>>();
  private affinityCache: NodeInfo[] | undefined;
  private antiAffinityCache: NodeInfo[] | undefined;

  get list(): readonly NodeInfo[] {
    return this.nodes;
  }

  get(name: string): NodeInfo | undefined {
    return this.byName.get(name);
  }

  havePodsWithAffinity(): readonly NodeInfo[] {
    this.affinityCache ??= this.nodes.filter((info) => info.podsWithAffinity.length > 0);
    return this.affinityCache;
  }

  havePodsWithRequiredAntiAffinity(): readonly NodeInfo[] {
    this.antiAffinityCache ??= this.nodes.filter((info) => info.podsWithRequiredAntiAffinity.length > 0);
    return this.antiAffinityCache;
  }

  /** Adds or updates a node. */
  setNode(node: Node): NodeInfo {
    const name = node.metadata?.name ?? '';
    const existing = this.byName.get(name);
    if (existing) {
      existing.setNode(node);
      return existing;
    }
    const info = new NodeInfo(node);
    this.nodes.push(info);
    this.byName.set(name, info);
    const waiting = this.orphans.get(name);
    if (waiting) {
      this.orphans.delete(name);
      for (const pod of waiting.values()) this.attach(info, pod);
    }
    return info;
  }

  /** Removes a node; its pods wait for the node to come back or for their own deletion. */
  removeNode(name: string): void {
    const info = this.byName.get(name);
    if (!info) return;
    this.byName.delete(name);
    const index = this.nodes.indexOf(info);
    this.nodes.splice(index, 1);
    const waiting = new Map<string, Pod>();
    for (const podInfo of info.pods) waiting.set(podInfo.key, podInfo.pod);
    if (waiting.size > 0) this.orphans.set(name, waiting);
    this.invalidate();
  }

  /** Accounts for an assigned, non-terminal pod; others are ignored. */
  addPod(pod: Pod): void {
    const nodeName = pod.spec?.nodeName;
    if (!nodeName || isTerminalPod(pod)) return;
    const key = podKey(pod);
    const previous = this.podNode.get(key);
    if (previous !== undefined && previous !== nodeName) this.removePod(pod);
    const info = this.byName.get(nodeName);
    if (info) {
      this.attach(info, pod);
      return;
    }
    let waiting = this.orphans.get(nodeName);
    if (!waiting) {
      waiting = new Map();
      this.orphans.set(nodeName, waiting);
    }
    waiting.set(key, pod);
    this.podNode.set(key, nodeName);
  }

  /** Forgets a pod wherever it was accounted. */
  removePod(pod: Pod): void {
    const key = podKey(pod);
    const nodeName = this.podNode.get(key);
    if (nodeName === undefined) return;
    this.podNode.delete(key);
    const info = this.byName.get(nodeName);
    if (info) {
      const podInfo = info.getPod(key);
      if (info.removePod(key) && podInfo?.hasAffinity) this.invalidate();
      return;
    }
    const waiting = this.orphans.get(nodeName);
    waiting?.delete(key);
    if (waiting?.size === 0) this.orphans.delete(nodeName);
  }

  /** Applies a pod update: binding, phase change to terminal, label changes. */
  updatePod(pod: Pod): void {
    if (!pod.spec?.nodeName || isTerminalPod(pod)) {
      this.removePod(pod);
      return;
    }
    this.addPod(pod);
  }

  private attach(info: NodeInfo, pod: Pod): void {
    const podInfo = podInfoFor(pod);
    const replaced = info.hasPod(podInfo.key);
    info.addPod(podInfo);
    this.podNode.set(podInfo.key, info.name);
    if (podInfo.hasAffinity || replaced) this.invalidate();
  }

  private invalidate(): void {
    this.affinityCache = undefined;
    this.antiAffinityCache = undefined;
  }
}

/** A snapshot of the given nodes with their assigned, non-terminal pods. */
export function buildNodeInfos(nodes: readonly Node[], pods: readonly Pod[]): NodeInfoSnapshot {
  const snapshot = new NodeInfoSnapshot();
  for (const node of nodes) snapshot.setNode(node);
  for (const pod of pods) snapshot.addPod(pod);
  return snapshot;
}

/** A lister over a plain list of NodeInfos (handy for tests and one-off simulations). */
export function nodeInfoLister(nodes: readonly NodeInfo[] | NodeInfoLister): NodeInfoLister {
  if (!Array.isArray(nodes)) return nodes as NodeInfoLister;
  const list = nodes as readonly NodeInfo[];
  const byName = new Map(list.map((info) => [info.name, info]));
  return {
    list,
    get: (name) => byName.get(name),
    havePodsWithAffinity: () => list.filter((info) => info.podsWithAffinity.length > 0),
    havePodsWithRequiredAntiAffinity: () =>
      list.filter((info) => info.podsWithRequiredAntiAffinity.length > 0),
  };
}
