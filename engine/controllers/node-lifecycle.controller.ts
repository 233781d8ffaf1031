import type { Lease } from 'kubernetes-types/coordination/v1';
import type { Node, NodeCondition, Pod, PodCondition, Taint } from 'kubernetes-types/core/v1';
import { ApiError } from '../api/errors.ts';
import type { KubeObject } from '../api/types.ts';
import type { TimerId } from '../clock/clock.ts';
import { toRfc3339 } from '../clock/clock.ts';
import type { Controller, ControllerContext } from './runtime/controller.ts';
import type { EventRecorder } from './runtime/event-recorder.ts';

/** --node-monitor-period. */
export const NODE_MONITOR_PERIOD_MS = 5_000;
/** --node-monitor-grace-period: 50s since Kubernetes 1.32 (40s before). */
export const NODE_MONITOR_GRACE_PERIOD_MS = 50_000;
/** --node-startup-grace-period. */
export const NODE_STARTUP_GRACE_PERIOD_MS = 60_000;
/** scheduler.NodeEvictionPeriod: how often the NoExecute tainting queue is worked. */
export const NODE_EVICTION_PERIOD_MS = 100;
/** --node-eviction-rate, --secondary-node-eviction-rate, --unhealthy-zone-threshold, --large-cluster-size-threshold. */
export const EVICTION_LIMITER_QPS = 0.1;
export const SECONDARY_EVICTION_LIMITER_QPS = 0.01;
export const UNHEALTHY_ZONE_THRESHOLD = 0.55;
export const LARGE_CLUSTER_THRESHOLD = 50;

export const TAINT_NODE_NOT_READY = 'node.kubernetes.io/not-ready';
export const TAINT_NODE_UNREACHABLE = 'node.kubernetes.io/unreachable';
export const TAINT_NODE_UNSCHEDULABLE = 'node.kubernetes.io/unschedulable';
export const NODE_STATUS_UNKNOWN_REASON = 'NodeStatusUnknown';
export const NODE_STATUS_UNKNOWN_MESSAGE = 'Kubelet stopped posting node status.';
export const NODE_STATUS_NEVER_UPDATED_MESSAGE = 'Kubelet never posted node status.';

/** What String.prototype.localeCompare orders by, made once: a pass sorts every node by name. */
const NAME_ORDER = new Intl.Collator();

const NODES = '/nodes';
const PODS = '/pods';
const LEASES = 'coordination.k8s.io/leases';
const LEASE_NAMESPACE = 'kube-node-lease';
const MONITORED_CONDITIONS = ['Ready', 'MemoryPressure', 'DiskPressure', 'PIDPressure'];
const EXCLUDE_DISRUPTION_LABEL = 'node.kubernetes.io/exclude-disruption';

/** Node condition → NoSchedule taint (nodeConditionToTaintKeyStatusMap). */
const CONDITION_TAINTS: Record<string, Record<string, string>> = {
  Ready: { False: TAINT_NODE_NOT_READY, Unknown: TAINT_NODE_UNREACHABLE },
  MemoryPressure: { True: 'node.kubernetes.io/memory-pressure' },
  DiskPressure: { True: 'node.kubernetes.io/disk-pressure' },
  NetworkUnavailable: { True: 'node.kubernetes.io/network-unavailable' },
  PIDPressure: { True: 'node.kubernetes.io/pid-pressure' },
};
const CONDITION_TAINT_KEYS = new Set(Object.values(CONDITION_TAINTS).flatMap((m) => Object.values(m)));

type ZoneState = 'Initial' | 'Normal' | 'PartialDisruption' | 'FullDisruption';

interface NodeHealth {
  probeTimestamp: number;
  readyTransitionTimestamp: number;
  /** The Ready condition as last seen: heartbeat and transition times. */
  ready?: { heartbeat: string; transition: string };
  leaseRenewTime?: string;
}

/** A zone's NoExecute tainting queue with its rate limiter (RateLimitedTimedQueue, token bucket of burst 1). */
interface ZoneTainter {
  queue: string[];
  qps: number;
  tokens: number;
  refilledAt: number;
}

/**
 * The node lifecycle controller (pkg/controller/nodelifecycle): watches node leases and Ready
 * conditions; a node silent for the grace period gets its conditions set to Unknown
 * ("Kubelet stopped posting node status."), its pods marked not ready, and the
 * `node.kubernetes.io/unreachable` taints (NoSchedule at once, NoExecute through the rate-limited
 * zone queue); a node that reports again loses them. Conditions become NoSchedule taints, and
 * `spec.unschedulable` the `node.kubernetes.io/unschedulable` taint.
 */
export const nodeLifecycleController: Controller = {
  name: 'nodelifecycle',
  start(context) {
    new NodeLifecycle(context).start();
  },
};

class NodeLifecycle {
  private readonly health = new Map<string, NodeHealth>();
  private readonly known = new Set<string>();
  private readonly zoneStates = new Map<string, ZoneState>();
  private readonly tainters = new Map<string, ZoneTainter>();
  private readonly recorder: EventRecorder;
  private passTimer: { id: TimerId; at: number } | undefined;

  constructor(private readonly context: ControllerContext) {
    this.recorder = context.events.recorder('node-controller');
  }

  start(): void {
    const { informers } = this.context;
    const noScheduleQueue = this.context.queue('node-lifecycle-noschedule', (name) =>
      this.noScheduleTaintingPass(name),
    );
    informers.for(NODES).addHandlers({
      add: (node) => noScheduleQueue.add(node.metadata.name ?? ''),
      update: (node) => noScheduleQueue.add(node.metadata.name ?? ''),
      delete: (node) => this.health.delete(node.metadata.name ?? ''),
    });
    informers.for(LEASES);
    this.context.loop.enqueue(() => this.monitorLoop());
  }

  private now(): number {
    return this.context.clock.now();
  }

  private monitorLoop(): void {
    this.monitorNodeHealth();
    this.context.clock.setTimer(
      this.now() + NODE_MONITOR_PERIOD_MS,
      () => this.monitorLoop(),
      'node-monitor',
    );
  }

  private nodes(): Node[] {
    return (this.context.informers.for(NODES).list() as unknown as Node[])
      .slice()
      .sort((a, b) => NAME_ORDER.compare(a.metadata?.name ?? '', b.metadata?.name ?? ''));
  }

  /** monitorNodeHealth: one pass over every node. */
  private monitorNodeHealth(): void {
    const nodes = this.nodes();
    const names = new Set(nodes.map((n) => n.metadata?.name ?? ''));
    for (const node of nodes) {
      const name = node.metadata?.name ?? '';
      if (!this.known.has(name)) {
        this.known.add(name);
        this.addZone(node);
        this.markNodeAsReachable(node);
      }
    }
    for (const name of [...this.known]) if (!names.has(name)) this.known.delete(name);

    const zoneConditions = new Map<string, Array<NodeCondition | undefined>>();
    for (const listed of nodes) {
      const name = listed.metadata?.name ?? '';
      const { observed, current, node } = this.tryUpdateNodeHealth(listed);
      if (!(EXCLUDE_DISRUPTION_LABEL in (node.metadata?.labels ?? {}))) {
        const zone = zoneKey(node);
        const conditions = zoneConditions.get(zone);
        if (conditions) conditions.push(current);
        else zoneConditions.set(zone, [current]);
      }
      if (!current) continue;
      this.processTaintBasedEviction(node, observed);
      if (current.status !== 'True' && observed.status === 'True') {
        this.recorder.event(
          nodeReference(node),
          'Normal',
          'NodeNotReady',
          `Node ${name} status is now: NodeNotReady`,
        );
        this.markPodsNotReady(name);
      }
    }
    this.handleDisruption(zoneConditions, nodes);
  }

  /** tryUpdateNodeHealth: the observed Ready condition, and the current one after marking Unknown. */
  private tryUpdateNodeHealth(listed: Node): {
    observed: NodeCondition;
    current: NodeCondition | undefined;
    node: Node;
  } {
    const name = listed.metadata?.name ?? '';
    const node = listed;
    const now = this.now();
    const created = Date.parse(node.metadata?.creationTimestamp ?? '') || now;
    let health = this.health.get(name);
    const currentReady = readyCondition(node);
    let observed: NodeCondition;
    let gracePeriod: number;
    if (!currentReady) {
      observed = {
        type: 'Ready',
        status: 'Unknown',
        lastHeartbeatTime: node.metadata?.creationTimestamp ?? '',
        lastTransitionTime: node.metadata?.creationTimestamp ?? '',
      };
      gracePeriod = NODE_STARTUP_GRACE_PERIOD_MS;
      health ??= { probeTimestamp: created, readyTransitionTimestamp: created };
    } else {
      observed = { ...currentReady };
      gracePeriod = NODE_MONITOR_GRACE_PERIOD_MS;
    }
    const seen = currentReady
      ? { heartbeat: currentReady.lastHeartbeatTime ?? '', transition: currentReady.lastTransitionTime ?? '' }
      : undefined;
    if (!health || (!health.ready && seen) || (health.ready && !seen)) {
      health = { probeTimestamp: now, readyTransitionTimestamp: now, ...(seen ? { ready: seen } : {}) };
    } else if (health.ready && seen && health.ready.heartbeat !== seen.heartbeat) {
      const transition = health.ready.transition !== seen.transition ? now : health.readyTransitionTimestamp;
      health = { probeTimestamp: now, readyTransitionTimestamp: transition, ready: seen };
    }
    const lease = this.context.informers.for(LEASES).get(LEASE_NAMESPACE, name) as unknown as
      | Lease
      | undefined;
    const renewTime = lease?.spec?.renewTime;
    if (renewTime && (!health.leaseRenewTime || Date.parse(health.leaseRenewTime) < Date.parse(renewTime))) {
      health = { ...health, leaseRenewTime: renewTime, probeTimestamp: now };
    }
    this.health.set(name, health);

    if (now > health.probeTimestamp + gracePeriod) {
      const conditions = [...(node.status?.conditions ?? [])];
      for (const type of MONITORED_CONDITIONS) {
        const index = conditions.findIndex((c) => c.type === type);
        const condition = conditions[index];
        if (!condition) {
          conditions.push({
            type,
            status: 'Unknown',
            reason: 'NodeStatusNeverUpdated',
            message: NODE_STATUS_NEVER_UPDATED_MESSAGE,
            lastHeartbeatTime: node.metadata?.creationTimestamp ?? '',
            lastTransitionTime: toRfc3339(now),
          });
        } else if (condition.status !== 'Unknown') {
          conditions[index] = {
            ...condition,
            status: 'Unknown',
            reason: NODE_STATUS_UNKNOWN_REASON,
            message: NODE_STATUS_UNKNOWN_MESSAGE,
            lastTransitionTime: toRfc3339(now),
          };
        }
      }
      const marked: Node = { ...node, status: { ...node.status, conditions } };
      const current = readyCondition(marked);
      if (JSON.stringify(current) !== JSON.stringify(observed)) {
        try {
          const updated = this.context.client.updateStatus(
            NODES,
            marked as unknown as KubeObject,
          ) as unknown as Node;
          const updatedReady = readyCondition(updated);
          this.health.set(name, {
            ...health,
            readyTransitionTimestamp: now,
            ...(updatedReady
              ? {
                  ready: {
                    heartbeat: updatedReady.lastHeartbeatTime ?? '',
                    transition: updatedReady.lastTransitionTime ?? '',
                  },
                }
              : {}),
          });
          return { observed, current, node: updated };
        } catch (error) {
          if (!(error instanceof ApiError)) throw error;
          return { observed, current: currentReady, node: listed };
        }
      }
    }
    return { observed, current: currentReady, node };
  }

  /** processTaintBaseEviction, keyed on the Ready condition as observed before this pass. */
  private processTaintBasedEviction(node: Node, observed: NodeCondition): void {
    const name = node.metadata?.name ?? '';
    switch (observed.status) {
      case 'False':
        if (hasTaint(node, TAINT_NODE_UNREACHABLE, 'NoExecute')) {
          this.swapTaints(name, [noExecute(TAINT_NODE_NOT_READY)], [noExecute(TAINT_NODE_UNREACHABLE)]);
        } else this.markNodeForTainting(node);
        break;
      case 'Unknown':
        if (hasTaint(node, TAINT_NODE_NOT_READY, 'NoExecute')) {
          this.swapTaints(name, [noExecute(TAINT_NODE_UNREACHABLE)], [noExecute(TAINT_NODE_NOT_READY)]);
        } else this.markNodeForTainting(node);
        break;
      case 'True':
        this.markNodeAsReachable(node);
        break;
    }
  }

  private markNodeForTainting(node: Node): void {
    const tainter = this.tainter(zoneKey(node));
    const name = node.metadata?.name ?? '';
    if (!tainter.queue.includes(name)) tainter.queue.push(name);
    this.scheduleTaintingPass();
  }

  private markNodeAsReachable(node: Node): void {
    const name = node.metadata?.name ?? '';
    this.swapTaints(name, [], [noExecute(TAINT_NODE_UNREACHABLE), noExecute(TAINT_NODE_NOT_READY)]);
    const tainter = this.tainters.get(zoneKey(node));
    if (tainter) tainter.queue = tainter.queue.filter((n) => n !== name);
  }

  /** The NoExecute tainting queue is worked every 100ms; schedule the next pass that can do something. */
  private scheduleTaintingPass(): void {
    const now = this.now();
    let earliest = Number.POSITIVE_INFINITY;
    for (const tainter of this.tainters.values()) {
      if (tainter.queue.length === 0 || tainter.qps <= 0) continue;
      const tokens = this.refill(tainter, now);
      const wait = tokens >= 1 ? 0 : ((1 - tokens) / tainter.qps) * 1000;
      earliest = Math.min(earliest, now + wait);
    }
    if (!Number.isFinite(earliest)) return;
    const at = (Math.floor(earliest / NODE_EVICTION_PERIOD_MS) + 1) * NODE_EVICTION_PERIOD_MS;
    if (this.passTimer && this.passTimer.at <= at) return;
    if (this.passTimer) this.context.clock.cancelTimer(this.passTimer.id);
    const id = this.context.clock.setTimer(
      at,
      () => {
        this.passTimer = undefined;
        this.noExecuteTaintingPass();
        this.scheduleTaintingPass();
      },
      'node-lifecycle tainting pass',
    );
    this.passTimer = { id, at };
  }

  private refill(tainter: ZoneTainter, now: number): number {
    tainter.tokens = Math.min(1, tainter.tokens + ((now - tainter.refilledAt) / 1000) * tainter.qps);
    tainter.refilledAt = now;
    return tainter.tokens;
  }

  /** doNoExecuteTaintingPass: taints queued nodes as far as each zone's rate limiter allows. */
  private noExecuteTaintingPass(): void {
    const now = this.now();
    for (const tainter of this.tainters.values()) {
      while (tainter.queue.length > 0 && tainter.qps > 0 && this.refill(tainter, now) >= 1) {
        const name = tainter.queue.shift()!;
        const node = this.context.informers.for(NODES).get('', name) as unknown as Node | undefined;
        const ready = node && readyCondition(node);
        if (!node || !ready) continue;
        tainter.tokens -= 1;
        if (ready.status === 'False') {
          this.swapTaints(name, [noExecute(TAINT_NODE_NOT_READY)], [noExecute(TAINT_NODE_UNREACHABLE)]);
        } else if (ready.status === 'Unknown') {
          this.swapTaints(name, [noExecute(TAINT_NODE_UNREACHABLE)], [noExecute(TAINT_NODE_NOT_READY)]);
        }
      }
    }
  }

  /** doNoScheduleTaintingPass: node conditions and spec.unschedulable as NoSchedule taints. */
  private noScheduleTaintingPass(name: string): void {
    const node = this.context.informers.for(NODES).get('', name) as unknown as Node | undefined;
    if (!node) return;
    const wanted: Taint[] = [];
    for (const condition of node.status?.conditions ?? []) {
      const key = CONDITION_TAINTS[condition.type]?.[condition.status];
      if (key) wanted.push({ key, effect: 'NoSchedule' });
    }
    if (node.spec?.unschedulable) wanted.push({ key: TAINT_NODE_UNSCHEDULABLE, effect: 'NoSchedule' });
    const existing = (node.spec?.taints ?? []).filter(
      (t) =>
        t.effect === 'NoSchedule' && (t.key === TAINT_NODE_UNSCHEDULABLE || CONDITION_TAINT_KEYS.has(t.key)),
    );
    const same = (a: Taint, b: Taint) => a.key === b.key && a.effect === b.effect;
    const add = wanted.filter((t) => !existing.some((e) => same(e, t)));
    const remove = existing.filter((e) => !wanted.some((t) => same(e, t)));
    if (add.length > 0 || remove.length > 0) this.swapTaints(name, add, remove);
  }

  /** SwapNodeControllerTaint: add (with timeAdded now) then remove, as one update of the node. */
  private swapTaints(name: string, add: Taint[], remove: Taint[]): void {
    const node = this.context.client.get(NODES, '', name) as unknown as Node | undefined;
    if (!node) return;
    const same = (a: Taint, b: Taint) => a.key === b.key && a.effect === b.effect;
    let taints = [...(node.spec?.taints ?? [])];
    const stamp = toRfc3339(this.now());
    for (const taint of add) {
      const index = taints.findIndex((t) => same(t, taint));
      const added = { ...taint, timeAdded: stamp };
      if (index < 0) taints.push(added);
      else if (taints[index]!.value !== taint.value) taints[index] = added;
    }
    taints = taints.filter((t) => !remove.some((r) => same(r, t)));
    const before = JSON.stringify(node.spec?.taints ?? []);
    if (JSON.stringify(taints) === before) return;
    const spec = { ...node.spec };
    if (taints.length > 0) spec.taints = taints;
    else delete spec.taints;
    this.context.client.update(NODES, { ...(node as unknown as KubeObject), spec });
  }

  /** MarkPodsNotReady: the pods of a node that stopped reporting lose their Ready condition. */
  private markPodsNotReady(nodeName: string): void {
    const pods = this.context.informers.for(PODS).list() as unknown as Pod[];
    const now = toRfc3339(this.now());
    for (const pod of pods) {
      if (pod.spec?.nodeName !== nodeName) continue;
      const conditions = pod.status?.conditions ?? [];
      const ready = conditions.find((c) => c.type === 'Ready');
      if (!ready || ready.status === 'False') continue;
      const updated: PodCondition[] = conditions.map((c) =>
        c.type === 'Ready' ? { ...c, status: 'False', lastTransitionTime: now } : c,
      );
      try {
        this.context.client.updateStatus(PODS, {
          ...(pod as unknown as KubeObject),
          status: { ...pod.status, conditions: updated },
        });
      } catch (error) {
        if (error instanceof ApiError && error.code === 404) continue;
        throw error;
      }
      this.recorder.event(pod as unknown as KubeObject, 'Warning', 'NodeNotReady', 'Node is not ready');
    }
  }

  // ---- zones and disruption -----------------------------------------------------------------

  private addZone(node: Node): void {
    const zone = zoneKey(node);
    if (!this.zoneStates.has(zone)) {
      this.zoneStates.set(zone, 'Initial');
      this.tainter(zone);
    }
  }

  private tainter(zone: string): ZoneTainter {
    let tainter = this.tainters.get(zone);
    if (!tainter) {
      tainter = { queue: [], qps: EVICTION_LIMITER_QPS, tokens: 1, refilledAt: this.now() };
      this.tainters.set(zone, tainter);
    }
    return tainter;
  }

  private swapLimiter(zone: string, qps: number): void {
    const tainter = this.tainter(zone);
    if (tainter.qps === qps) return;
    // client-go SwapLimiter: a new bucket, full.
    tainter.qps = qps;
    tainter.tokens = 1;
    tainter.refilledAt = this.now();
  }

  private setLimiterInZone(zone: string, zoneSize: number, state: ZoneState): void {
    if (state === 'Normal' || state === 'FullDisruption') this.swapLimiter(zone, EVICTION_LIMITER_QPS);
    else if (state === 'PartialDisruption') {
      this.swapLimiter(zone, zoneSize > LARGE_CLUSTER_THRESHOLD ? SECONDARY_EVICTION_LIMITER_QPS : 0);
    }
  }

  /** handleDisruption: evictions slow down or stop when whole zones (or the cluster) go dark. */
  private handleDisruption(
    zoneConditions: Map<string, Array<NodeCondition | undefined>>,
    nodes: Node[],
  ): void {
    const newStates = new Map<string, ZoneState>();
    let allAreFullyDisrupted = true;
    for (const [zone, conditions] of zoneConditions) {
      const state = computeZoneState(conditions);
      if (state !== 'FullDisruption') allAreFullyDisrupted = false;
      newStates.set(zone, state);
      if (!this.zoneStates.has(zone)) this.zoneStates.set(zone, 'Initial');
    }
    let allWasFullyDisrupted = true;
    for (const [zone, state] of [...this.zoneStates]) {
      if (!zoneConditions.has(zone)) {
        this.zoneStates.delete(zone);
        continue;
      }
      if (state !== 'FullDisruption') {
        allWasFullyDisrupted = false;
        break;
      }
    }
    if (allAreFullyDisrupted && allWasFullyDisrupted) return;
    if (allAreFullyDisrupted) {
      for (const node of nodes) this.markNodeAsReachable(node);
      for (const zone of this.zoneStates.keys()) {
        this.swapLimiter(zone, 0);
        this.zoneStates.set(zone, 'FullDisruption');
      }
      return;
    }
    if (allWasFullyDisrupted) {
      const now = this.now();
      for (const node of nodes) {
        const health = this.health.get(node.metadata?.name ?? '');
        if (health) {
          health.probeTimestamp = now;
          health.readyTransitionTimestamp = now;
        }
      }
      for (const zone of this.zoneStates.keys()) {
        const state = newStates.get(zone) ?? 'Normal';
        this.setLimiterInZone(zone, zoneConditions.get(zone)?.length ?? 0, state);
        this.zoneStates.set(zone, state);
      }
      return;
    }
    for (const [zone, state] of [...this.zoneStates]) {
      const next = newStates.get(zone) ?? state;
      if (next === state) continue;
      this.setLimiterInZone(zone, zoneConditions.get(zone)?.length ?? 0, next);
      this.zoneStates.set(zone, next);
    }
  }
}

/** ComputeZoneState: no ready node is a full disruption; over 55% (and more than 2) not ready, partial. */
export function computeZoneState(conditions: ReadonlyArray<NodeCondition | undefined>): ZoneState {
  let ready = 0;
  let notReady = 0;
  for (const condition of conditions) {
    if (condition?.status === 'True') ready++;
    else notReady++;
  }
  if (ready === 0 && notReady > 0) return 'FullDisruption';
  if (notReady > 2 && notReady / (notReady + ready) >= UNHEALTHY_ZONE_THRESHOLD) return 'PartialDisruption';
  return 'Normal';
}

/** nodetopology.GetZoneKey: region and zone from the topology labels. */
export function zoneKey(node: Node): string {
  const labels = node.metadata?.labels ?? {};
  const region =
    labels['topology.kubernetes.io/region'] ?? labels['failure-domain.beta.kubernetes.io/region'] ?? '';
  const zone =
    labels['topology.kubernetes.io/zone'] ?? labels['failure-domain.beta.kubernetes.io/zone'] ?? '';
  return region === '' && zone === '' ? '' : `${region}:\u0000:${zone}`;
}

function readyCondition(node: Node): NodeCondition | undefined {
  return node.status?.conditions?.find((c) => c.type === 'Ready');
}

function hasTaint(node: Node, key: string, effect: string): boolean {
  return (node.spec?.taints ?? []).some((t) => t.key === key && t.effect === effect);
}

function noExecute(key: string): Taint {
  return { key, effect: 'NoExecute' };
}

/** Node events carry a reference with no namespace; they are stored in `default`. */
function nodeReference(node: Node): KubeObject {
  return node as unknown as KubeObject;
}
