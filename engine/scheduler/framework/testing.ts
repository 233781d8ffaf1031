/** Small builders and drivers for scheduler tests (like upstream pkg/scheduler/testing). */
import type { Container, Node, Pod, PodSpec, Taint } from 'kubernetes-types/core/v1';
import { CycleState } from './cycle-state.ts';
import {
  isFilterPlugin,
  isPreFilterPlugin,
  isPreScorePlugin,
  isScorePlugin,
  type Plugin,
} from './interfaces.ts';
import type { NodeInfoLister } from './node-info.ts';
import { statusMessage } from './status.ts';

export interface NodeOptions {
  readonly cpu?: string;
  readonly memory?: string;
  readonly pods?: string;
  readonly allocatable?: Readonly<Record<string, string>>;
  readonly labels?: Readonly<Record<string, string>>;
  readonly taints?: readonly Taint[];
  readonly unschedulable?: boolean;
}

/** A node with the given allocatable (defaults: 2 cpu, 2Gi memory, 110 pods) and `kubernetes.io/hostname`. */
export function makeNode(name: string, options: NodeOptions = {}): Node {
  const allocatable = {
    cpu: options.cpu ?? '2',
    memory: options.memory ?? '2Gi',
    pods: options.pods ?? '110',
    ...options.allocatable,
  };
  return {
    apiVersion: 'v1',
    kind: 'Node',
    metadata: { name, labels: { 'kubernetes.io/hostname': name, ...options.labels } },
    spec: {
      ...(options.taints ? { taints: [...options.taints] } : {}),
      ...(options.unschedulable ? { unschedulable: true } : {}),
    },
    status: { capacity: { ...allocatable }, allocatable },
  };
}

export interface PodOptions {
  readonly namespace?: string;
  readonly uid?: string;
  readonly labels?: Readonly<Record<string, string>>;
  /** Requests of the single app container `app`. */
  readonly requests?: Readonly<Record<string, string>>;
  readonly nodeName?: string;
  readonly priority?: number;
  readonly startTime?: string;
  readonly spec?: Partial<PodSpec>;
}

/** A pod with one container `app` (unless `spec.containers` is given). */
export function makePod(name: string, options: PodOptions = {}): Pod {
  const app: Container = {
    name: 'app',
    image: 'nginx',
    ...(options.requests ? { resources: { requests: { ...options.requests } } } : {}),
  };
  return {
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: {
      name,
      namespace: options.namespace ?? 'default',
      uid: options.uid ?? `uid-${name}`,
      ...(options.labels ? { labels: { ...options.labels } } : {}),
    },
    spec: {
      containers: [app],
      ...(options.nodeName ? { nodeName: options.nodeName } : {}),
      ...(options.priority !== undefined ? { priority: options.priority } : {}),
      ...options.spec,
    },
    status: {
      phase: options.nodeName ? 'Running' : 'Pending',
      ...(options.startTime ? { startTime: options.startTime } : {}),
    },
  };
}

/** A deterministic random source in [0, 1) (mulberry32). */
export function seededRandom(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/**
 * Runs a plugin's PreFilter then Filter on every node: per node 'Success', or the rejection code and
 * reasons (`Unschedulable: Insufficient cpu`). A PreFilter Skip reports 'Skip' for every node; a
 * PreFilter rejection reports it for every node.
 */
export function filterResults(plugin: Plugin, pod: Pod, nodes: NodeInfoLister): Record<string, string> {
  const state = new CycleState();
  const results: Record<string, string> = {};
  let allowed: ReadonlySet<string> | undefined;
  if (isPreFilterPlugin(plugin)) {
    const status = plugin.preFilter(state, pod, nodes);
    if (status.code !== 'Success') {
      const text = status.code === 'Skip' ? 'Skip' : `${status.code}: ${statusMessage(status)}`;
      for (const info of nodes.list) results[info.name] = text;
      return results;
    }
    if ('nodeNames' in status) allowed = status.nodeNames;
  }
  for (const info of nodes.list) {
    if (allowed && !allowed.has(info.name)) {
      results[info.name] = 'Excluded';
      continue;
    }
    const status = isFilterPlugin(plugin) ? plugin.filter(state, pod, info) : { code: 'Success' as const };
    results[info.name] = status.code === 'Success' ? 'Success' : `${status.code}: ${statusMessage(status)}`;
  }
  return results;
}

/** Runs a plugin's PreScore, Score and normalization over all nodes; 'Skip' when PreScore skips. */
export function scoreResults(
  plugin: Plugin,
  pod: Pod,
  nodes: NodeInfoLister,
): Record<string, number> | 'Skip' {
  const state = new CycleState();
  const feasible = nodes.list;
  if (isPreScorePlugin(plugin)) {
    const status = plugin.preScore(state, pod, feasible, nodes);
    if (status.code === 'Skip') return 'Skip';
  }
  if (!isScorePlugin(plugin)) return 'Skip';
  const scores = feasible.map((info) => plugin.score(state, pod, info));
  plugin.normalize?.(state, pod, feasible, scores);
  return Object.fromEntries(feasible.map((info, i) => [info.name, scores[i]!]));
}
