/**
 * PodTopologySpread (pkg/scheduler/framework/plugins/podtopologyspread): `DoNotSchedule` constraints
 * filter nodes whose domain would exceed maxSkew over the global minimum; `ScheduleAnyway`
 * constraints (and the system defaults, when the handle supplies the owner's selector) score nodes,
 * favoring the least crowded domains. Node inclusion policies default to nodeAffinityPolicy Honor and
 * nodeTaintsPolicy Ignore; matchLabelKeys are merged into the selector.
 */
import type { Node, Pod, TopologySpreadConstraint } from 'kubernetes-types/core/v1';
import type { LabelSelector } from 'kubernetes-types/meta/v1';
import { labelSelectorMatches } from '../../api/selectors/label-selector.ts';
import type { CycleState, StateData } from '../framework/cycle-state.ts';
import {
  type FilterPlugin,
  MAX_NODE_SCORE,
  type PluginHandle,
  type PreFilterPlugin,
  type PreFilterStatus,
  type PreScorePlugin,
  type ScorePlugin,
} from '../framework/interfaces.ts';
import type { NodeInfo, NodeInfoLister, PodInfo } from '../framework/node-info.ts';
import {
  type RequiredNodeAffinity,
  requiredNodeAffinity,
  requiredNodeAffinityMatches,
} from '../framework/node-selector.ts';
import { SKIP, type Status, SUCCESS, unresolvable, unschedulable } from '../framework/status.ts';
import { findMatchingUntoleratedTaint } from '../framework/tolerations.ts';
import { POD_TOPOLOGY_SPREAD } from './names.ts';

export const ERR_REASON_CONSTRAINTS_NOT_MATCH = "node(s) didn't match pod topology spread constraints";
export const ERR_REASON_NODE_LABEL_NOT_MATCH = `${ERR_REASON_CONSTRAINTS_NOT_MATCH} (missing required label)`;

export const LABEL_HOSTNAME = 'kubernetes.io/hostname';
export const LABEL_TOPOLOGY_ZONE = 'topology.kubernetes.io/zone';

/** The cluster-level defaults applied to pods without constraints (scoring only). */
export const SYSTEM_DEFAULT_CONSTRAINTS: readonly TopologySpreadConstraint[] = Object.freeze([
  { topologyKey: LABEL_HOSTNAME, whenUnsatisfiable: 'ScheduleAnyway', maxSkew: 3 },
  { topologyKey: LABEL_TOPOLOGY_ZONE, whenUnsatisfiable: 'ScheduleAnyway', maxSkew: 5 },
]);

type Labels = Readonly<Record<string, string>>;

/** A processed constraint (topologySpreadConstraint). */
interface SpreadConstraint {
  readonly maxSkew: number;
  readonly topologyKey: string;
  /** undefined matches nothing. */
  readonly selector: LabelSelector | undefined;
  readonly minDomains: number;
  readonly honorNodeAffinity: boolean;
  readonly honorNodeTaints: boolean;
}

function processConstraints(
  constraints: readonly TopologySpreadConstraint[],
  podLabels: Labels,
  action: 'DoNotSchedule' | 'ScheduleAnyway',
  selectorOverride?: LabelSelector,
): SpreadConstraint[] {
  return constraints
    .filter((constraint) => constraint.whenUnsatisfiable === action)
    .map((constraint) => {
      let selector = selectorOverride ?? constraint.labelSelector;
      const extra = (constraint.matchLabelKeys ?? []).filter((key) => Object.hasOwn(podLabels, key));
      if (selector && extra.length > 0) {
        selector = {
          ...selector,
          matchExpressions: [
            ...(selector.matchExpressions ?? []),
            ...extra.map((key) => ({ key, operator: 'In', values: [podLabels[key]!] })),
          ],
        };
      }
      return {
        maxSkew: constraint.maxSkew,
        topologyKey: constraint.topologyKey,
        selector,
        minDomains: constraint.minDomains ?? 1,
        honorNodeAffinity: (constraint.nodeAffinityPolicy ?? 'Honor') === 'Honor',
        honorNodeTaints: (constraint.nodeTaintsPolicy ?? 'Ignore') === 'Honor',
      };
    });
}

function hasRequirements(selector: LabelSelector | undefined): selector is LabelSelector {
  return (
    selector !== undefined &&
    (Object.keys(selector.matchLabels ?? {}).length > 0 || (selector.matchExpressions ?? []).length > 0)
  );
}

/** Pods in the namespace matching the selector, terminating pods excluded; an empty selector counts none. */
export function countPodsMatchSelector(
  pods: readonly PodInfo[],
  selector: LabelSelector | undefined,
  namespace: string,
): number {
  if (!hasRequirements(selector)) return 0;
  let count = 0;
  for (const { pod } of pods) {
    if (pod.metadata?.deletionTimestamp || (pod.metadata?.namespace ?? '') !== namespace) continue;
    if (labelSelectorMatches(selector, pod.metadata?.labels ?? {})) count++;
  }
  return count;
}

function nodeLabelsMatchSpreadConstraints(labels: Labels, constraints: readonly SpreadConstraint[]): boolean {
  for (const constraint of constraints) if (!Object.hasOwn(labels, constraint.topologyKey)) return false;
  return true;
}

function matchNodeInclusionPolicies(
  constraint: SpreadConstraint,
  pod: Pod,
  node: Node,
  required: RequiredNodeAffinity,
): boolean {
  if (constraint.honorNodeAffinity && !requiredNodeAffinityMatches(required, node)) return false;
  if (constraint.honorNodeTaints && findMatchingUntoleratedTaint(node.spec?.taints, pod.spec?.tolerations)) {
    return false;
  }
  return true;
}

class PreFilterState implements StateData {
  constructor(
    readonly constraints: readonly SpreadConstraint[],
    /** Matching pods per topology value, per constraint. */
    readonly tpValueToMatchNum: Map<string, number>[],
  ) {}

  clone(): PreFilterState {
    return new PreFilterState(
      this.constraints,
      this.tpValueToMatchNum.map((counts) => new Map(counts)),
    );
  }

  /** The global minimum; 0 while there are fewer eligible domains than minDomains. */
  minMatchNum(index: number): number {
    const counts = this.tpValueToMatchNum[index]!;
    if (counts.size < this.constraints[index]!.minDomains) return 0;
    let min = Number.POSITIVE_INFINITY;
    for (const count of counts.values()) if (count < min) min = count;
    return min;
  }
}

interface PreScoreState {
  readonly constraints: readonly SpreadConstraint[];
  readonly ignoredNodes: ReadonlySet<string>;
  readonly topologyPairToPodCounts: Map<string, number>;
  readonly topologyNormalizingWeight: readonly number[];
}

const pairKey = (key: string, value: string): string => `${key}\u0000${value}`;
const PRE_FILTER_KEY = `PreFilter${POD_TOPOLOGY_SPREAD}`;
const PRE_SCORE_KEY = `PreScore${POD_TOPOLOGY_SPREAD}`;
const REJECT_LABEL = unresolvable(POD_TOPOLOGY_SPREAD, ERR_REASON_NODE_LABEL_NOT_MATCH);
const REJECT_SKEW = unschedulable(POD_TOPOLOGY_SPREAD, ERR_REASON_CONSTRAINTS_NOT_MATCH);

/** log(size + 2): weighs a topology by how many domains it has. */
export function topologyNormalizingWeight(size: number): number {
  return Math.log(size + 2);
}

export function scoreForCount(count: number, maxSkew: number, weight: number): number {
  return count * weight + (maxSkew - 1);
}

export function createPodTopologySpreadPlugin(
  handle: PluginHandle = {},
): PreFilterPlugin & FilterPlugin & PreScorePlugin & ScorePlugin {
  const scoringConstraints = (pod: Pod): { constraints: SpreadConstraint[]; systemDefaulted: boolean } => {
    const labels = pod.metadata?.labels ?? {};
    const own = pod.spec?.topologySpreadConstraints ?? [];
    if (own.length > 0)
      return { constraints: processConstraints(own, labels, 'ScheduleAnyway'), systemDefaulted: false };
    const selector = handle.defaultSpreadSelector?.(pod);
    if (!hasRequirements(selector)) return { constraints: [], systemDefaulted: true };
    return {
      constraints: processConstraints(SYSTEM_DEFAULT_CONSTRAINTS, labels, 'ScheduleAnyway', selector),
      systemDefaulted: true,
    };
  };

  const updateWithPod = (
    state: PreFilterState,
    pod: Pod,
    podInfo: PodInfo,
    nodeInfo: NodeInfo,
    delta: number,
  ) => {
    const updated = podInfo.pod;
    if ((updated.metadata?.namespace ?? '') !== (pod.metadata?.namespace ?? '')) return;
    const labels = nodeInfo.labels;
    if (!nodeLabelsMatchSpreadConstraints(labels, state.constraints)) return;
    const required = requiredNodeAffinity(pod);
    const podLabels = updated.metadata?.labels ?? {};
    state.constraints.forEach((constraint, i) => {
      if (!labelSelectorMatches(constraint.selector, podLabels)) return;
      if (!matchNodeInclusionPolicies(constraint, pod, nodeInfo.node, required)) return;
      const counts = state.tpValueToMatchNum[i]!;
      const value = labels[constraint.topologyKey]!;
      counts.set(value, (counts.get(value) ?? 0) + delta);
    });
  };

  return {
    name: POD_TOPOLOGY_SPREAD,
    preFilter(state: CycleState, pod: Pod, nodes: NodeInfoLister): PreFilterStatus {
      const constraints = processConstraints(
        pod.spec?.topologySpreadConstraints ?? [],
        pod.metadata?.labels ?? {},
        'DoNotSchedule',
      );
      if (constraints.length === 0) return SKIP;
      const namespace = pod.metadata?.namespace ?? '';
      const required = requiredNodeAffinity(pod);
      const tpValueToMatchNum = constraints.map(() => new Map<string, number>());
      for (const nodeInfo of nodes.list) {
        const labels = nodeInfo.labels;
        if (!nodeLabelsMatchSpreadConstraints(labels, constraints)) continue;
        // Per node, one count per topology pair: constraints sharing a key share the last count.
        const tpCounts = new Map<string, [string, string, number]>();
        for (const constraint of constraints) {
          if (!matchNodeInclusionPolicies(constraint, pod, nodeInfo.node, required)) continue;
          const value = labels[constraint.topologyKey]!;
          const count = countPodsMatchSelector(nodeInfo.pods, constraint.selector, namespace);
          tpCounts.set(pairKey(constraint.topologyKey, value), [constraint.topologyKey, value, count]);
        }
        for (const [key, value, count] of tpCounts.values()) {
          constraints.forEach((constraint, i) => {
            if (constraint.topologyKey !== key) return;
            const counts = tpValueToMatchNum[i]!;
            counts.set(value, (counts.get(value) ?? 0) + count);
          });
        }
      }
      state.write(PRE_FILTER_KEY, new PreFilterState(constraints, tpValueToMatchNum));
      return SUCCESS;
    },
    addPod(state: CycleState, pod: Pod, podInfo: PodInfo, nodeInfo: NodeInfo): void {
      const s = state.read<PreFilterState>(PRE_FILTER_KEY);
      if (s) updateWithPod(s, pod, podInfo, nodeInfo, 1);
    },
    removePod(state: CycleState, pod: Pod, podInfo: PodInfo, nodeInfo: NodeInfo): void {
      const s = state.read<PreFilterState>(PRE_FILTER_KEY);
      if (s) updateWithPod(s, pod, podInfo, nodeInfo, -1);
    },
    filter(state: CycleState, pod: Pod, nodeInfo: NodeInfo): Status {
      const s = state.read<PreFilterState>(PRE_FILTER_KEY);
      if (!s || s.constraints.length === 0) return SUCCESS;
      const labels = nodeInfo.labels;
      const podLabels = pod.metadata?.labels ?? {};
      for (let i = 0; i < s.constraints.length; i++) {
        const constraint = s.constraints[i]!;
        if (!Object.hasOwn(labels, constraint.topologyKey)) return REJECT_LABEL;
        const selfMatch = labelSelectorMatches(constraint.selector, podLabels) ? 1 : 0;
        const matchNum = s.tpValueToMatchNum[i]!.get(labels[constraint.topologyKey]!) ?? 0;
        if (matchNum + selfMatch - s.minMatchNum(i) > constraint.maxSkew) return REJECT_SKEW;
      }
      return SUCCESS;
    },
    preScore(state: CycleState, pod: Pod, feasibleNodes: readonly NodeInfo[], nodes: NodeInfoLister): Status {
      if (feasibleNodes.length === 0 || nodes.list.length === 0) return SKIP;
      const { constraints, systemDefaulted } = scoringConstraints(pod);
      if (constraints.length === 0) return SKIP;
      // Only user constraints require every topology label; the defaults still spread by hostname.
      const requireAllTopologies = !systemDefaulted;
      const ignoredNodes = new Set<string>();
      const topologyPairToPodCounts = new Map<string, number>();
      const topoSize = constraints.map(() => 0);
      for (const nodeInfo of feasibleNodes) {
        const labels = nodeInfo.labels;
        if (requireAllTopologies && !nodeLabelsMatchSpreadConstraints(labels, constraints)) {
          ignoredNodes.add(nodeInfo.name);
          continue;
        }
        constraints.forEach((constraint, i) => {
          if (constraint.topologyKey === LABEL_HOSTNAME) return;
          const pair = pairKey(constraint.topologyKey, labels[constraint.topologyKey] ?? '');
          if (!topologyPairToPodCounts.has(pair)) {
            topologyPairToPodCounts.set(pair, 0);
            topoSize[i]!++;
          }
        });
      }
      const weights = constraints.map((constraint, i) =>
        topologyNormalizingWeight(
          constraint.topologyKey === LABEL_HOSTNAME ? feasibleNodes.length - ignoredNodes.size : topoSize[i]!,
        ),
      );
      const namespace = pod.metadata?.namespace ?? '';
      const required = requiredNodeAffinity(pod);
      for (const nodeInfo of nodes.list) {
        const labels = nodeInfo.labels;
        if (requireAllTopologies && !nodeLabelsMatchSpreadConstraints(labels, constraints)) continue;
        for (const constraint of constraints) {
          if (!matchNodeInclusionPolicies(constraint, pod, nodeInfo.node, required)) continue;
          const pair = pairKey(constraint.topologyKey, labels[constraint.topologyKey] ?? '');
          const current = topologyPairToPodCounts.get(pair);
          if (current === undefined) continue;
          topologyPairToPodCounts.set(
            pair,
            current + countPodsMatchSelector(nodeInfo.pods, constraint.selector, namespace),
          );
        }
      }
      state.write(PRE_SCORE_KEY, {
        constraints,
        ignoredNodes,
        topologyPairToPodCounts,
        topologyNormalizingWeight: weights,
      } satisfies PreScoreState);
      return SUCCESS;
    },
    score(state: CycleState, pod: Pod, nodeInfo: NodeInfo): number {
      const s = state.read<PreScoreState>(PRE_SCORE_KEY);
      if (!s || s.ignoredNodes.has(nodeInfo.name)) return 0;
      const labels = nodeInfo.labels;
      const namespace = pod.metadata?.namespace ?? '';
      let score = 0;
      s.constraints.forEach((constraint, i) => {
        if (!Object.hasOwn(labels, constraint.topologyKey)) return;
        const count =
          constraint.topologyKey === LABEL_HOSTNAME
            ? countPodsMatchSelector(nodeInfo.pods, constraint.selector, namespace)
            : (s.topologyPairToPodCounts.get(
                pairKey(constraint.topologyKey, labels[constraint.topologyKey]!),
              ) ?? 0);
        score += scoreForCount(count, constraint.maxSkew, s.topologyNormalizingWeight[i]!);
      });
      return Math.round(score);
    },
    normalize(state: CycleState, _pod: Pod, nodes: readonly NodeInfo[], scores: number[]): void {
      const s = state.read<PreScoreState>(PRE_SCORE_KEY);
      if (!s) return;
      let min = Number.POSITIVE_INFINITY;
      let max = 0;
      nodes.forEach((nodeInfo, i) => {
        if (s.ignoredNodes.has(nodeInfo.name)) return;
        const score = scores[i]!;
        if (score < min) min = score;
        if (score > max) max = score;
      });
      nodes.forEach((nodeInfo, i) => {
        if (s.ignoredNodes.has(nodeInfo.name)) scores[i] = 0;
        else if (max === 0) scores[i] = MAX_NODE_SCORE;
        else scores[i] = Math.trunc((MAX_NODE_SCORE * (max + min - scores[i]!)) / max);
      });
    },
  };
}
