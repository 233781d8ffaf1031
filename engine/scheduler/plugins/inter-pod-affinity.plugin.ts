/**
 * InterPodAffinity (pkg/scheduler/framework/plugins/interpodaffinity): required pod affinity and
 * anti-affinity (the pod's own and that of pods already running) filter nodes per topology domain;
 * preferred terms, and existing pods' terms, score them.
 */
import type { Pod, PodAffinityTerm, WeightedPodAffinityTerm } from 'kubernetes-types/core/v1';
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
import { SKIP, type Status, SUCCESS, unresolvable, unschedulable } from '../framework/status.ts';
import { INTER_POD_AFFINITY } from './names.ts';

export const ERR_REASON_EXISTING_ANTI_AFFINITY_RULES_NOT_MATCH =
  "node(s) didn't satisfy existing pods anti-affinity rules";
export const ERR_REASON_AFFINITY_RULES_NOT_MATCH = "node(s) didn't match pod affinity rules";
export const ERR_REASON_ANTI_AFFINITY_RULES_NOT_MATCH = "node(s) didn't match pod anti-affinity rules";

/** Weight of an existing pod's required affinity term when scoring (hardPodAffinityWeight default). */
export const DEFAULT_HARD_POD_AFFINITY_WEIGHT = 1;

type Labels = Readonly<Record<string, string>>;
type NamespaceLabels = (namespace: string) => Labels | undefined;

/** A processed PodAffinityTerm (framework.AffinityTerm). */
export interface AffinityTerm {
  readonly namespaces: ReadonlySet<string>;
  /** undefined matches no namespace; `{}` matches every namespace. */
  readonly namespaceSelector: LabelSelector | undefined;
  readonly selector: LabelSelector | undefined;
  readonly topologyKey: string;
}

export interface WeightedAffinityTerm extends AffinityTerm {
  readonly weight: number;
}

interface PodAffinityTerms {
  readonly requiredAffinity: readonly AffinityTerm[];
  readonly requiredAntiAffinity: readonly AffinityTerm[];
  readonly preferredAffinity: readonly WeightedAffinityTerm[];
  readonly preferredAntiAffinity: readonly WeightedAffinityTerm[];
}

function newAffinityTerm(pod: Pod, term: PodAffinityTerm): AffinityTerm {
  const listed = term.namespaces ?? [];
  // No namespaces and no namespaceSelector means "the pod's own namespace".
  const namespaces =
    listed.length === 0 && !term.namespaceSelector
      ? new Set([pod.metadata?.namespace ?? ''])
      : new Set(listed);
  return {
    namespaces,
    namespaceSelector: term.namespaceSelector,
    selector: term.labelSelector,
    topologyKey: term.topologyKey,
  };
}

function weighted(pod: Pod, terms: readonly WeightedPodAffinityTerm[] | undefined): WeightedAffinityTerm[] {
  return (terms ?? []).map((term) => ({
    ...newAffinityTerm(pod, term.podAffinityTerm),
    weight: term.weight,
  }));
}

const termsMemo = new WeakMap<Pod, PodAffinityTerms>();

/** The pod's affinity terms, processed once per pod object. */
export function podAffinityTerms(pod: Pod): PodAffinityTerms {
  let terms = termsMemo.get(pod);
  if (terms === undefined) {
    const affinity = pod.spec?.affinity;
    terms = {
      requiredAffinity: (affinity?.podAffinity?.requiredDuringSchedulingIgnoredDuringExecution ?? []).map(
        (t) => newAffinityTerm(pod, t),
      ),
      requiredAntiAffinity: (
        affinity?.podAntiAffinity?.requiredDuringSchedulingIgnoredDuringExecution ?? []
      ).map((t) => newAffinityTerm(pod, t)),
      preferredAffinity: weighted(
        pod,
        affinity?.podAffinity?.preferredDuringSchedulingIgnoredDuringExecution,
      ),
      preferredAntiAffinity: weighted(
        pod,
        affinity?.podAntiAffinity?.preferredDuringSchedulingIgnoredDuringExecution,
      ),
    };
    termsMemo.set(pod, terms);
  }
  return terms;
}

/** AffinityTerm.Matches: the pod is in one of the term's namespaces and matches its label selector. */
export function affinityTermMatches(term: AffinityTerm, pod: Pod, namespaceLabels: NamespaceLabels): boolean {
  const namespace = pod.metadata?.namespace ?? '';
  const inNamespace =
    term.namespaces.has(namespace) ||
    (term.namespaceSelector !== undefined &&
      labelSelectorMatches(term.namespaceSelector, namespaceLabels(namespace)));
  return inNamespace && labelSelectorMatches(term.selector, pod.metadata?.labels ?? {});
}

function matchesAll(terms: readonly AffinityTerm[], pod: Pod, namespaceLabels: NamespaceLabels): boolean {
  if (terms.length === 0) return false;
  for (const term of terms) if (!affinityTermMatches(term, pod, namespaceLabels)) return false;
  return true;
}

const pairKey = (key: string, value: string): string => `${key}\u0000${value}`;

/** Matching pods per topology pair (topologyToMatchedTermCount). */
class TopologyCounts {
  readonly counts = new Map<string, number>();

  add(key: string, value: string, delta: number): void {
    const pair = pairKey(key, value);
    const next = (this.counts.get(pair) ?? 0) + delta;
    if (next === 0) this.counts.delete(pair);
    else this.counts.set(pair, next);
  }

  get(key: string, value: string): number {
    return this.counts.get(pairKey(key, value)) ?? 0;
  }

  get size(): number {
    return this.counts.size;
  }

  /** Counts each term's topology pair on `node` when `target` matches ALL the terms. */
  updateWithAffinityTerms(
    terms: readonly AffinityTerm[],
    target: Pod,
    nodeLabels: Labels,
    delta: number,
    namespaceLabels: NamespaceLabels,
  ): void {
    if (!matchesAll(terms, target, namespaceLabels)) return;
    for (const term of terms) {
      if (Object.hasOwn(nodeLabels, term.topologyKey))
        this.add(term.topologyKey, nodeLabels[term.topologyKey]!, delta);
    }
  }

  /** Counts the topology pair on `node` of each term that `target` matches. */
  updateWithAntiAffinityTerms(
    terms: readonly AffinityTerm[],
    target: Pod,
    nodeLabels: Labels,
    delta: number,
    namespaceLabels: NamespaceLabels,
  ): void {
    for (const term of terms) {
      if (affinityTermMatches(term, target, namespaceLabels) && Object.hasOwn(nodeLabels, term.topologyKey)) {
        this.add(term.topologyKey, nodeLabels[term.topologyKey]!, delta);
      }
    }
  }

  clone(): TopologyCounts {
    const copy = new TopologyCounts();
    for (const [pair, count] of this.counts) copy.counts.set(pair, count);
    return copy;
  }
}

class PreFilterState implements StateData {
  constructor(
    readonly pod: Pod,
    readonly terms: PodAffinityTerms,
    /** Existing pods whose required anti-affinity terms match the incoming pod. */
    readonly existingAntiAffinityCounts: TopologyCounts,
    /** Existing pods matching all of the incoming pod's required affinity terms. */
    readonly affinityCounts: TopologyCounts,
    /** Existing pods matching the incoming pod's required anti-affinity terms. */
    readonly antiAffinityCounts: TopologyCounts,
  ) {}

  clone(): PreFilterState {
    return new PreFilterState(
      this.pod,
      this.terms,
      this.existingAntiAffinityCounts.clone(),
      this.affinityCounts.clone(),
      this.antiAffinityCounts.clone(),
    );
  }
}

interface PreScoreState {
  readonly topologyScore: Map<string, Map<string, number>>;
}

const PRE_FILTER_KEY = `PreFilter${INTER_POD_AFFINITY}`;
const PRE_SCORE_KEY = `PreScore${INTER_POD_AFFINITY}`;
const REJECT_AFFINITY = unresolvable(INTER_POD_AFFINITY, ERR_REASON_AFFINITY_RULES_NOT_MATCH);
const REJECT_ANTI_AFFINITY = unschedulable(INTER_POD_AFFINITY, ERR_REASON_ANTI_AFFINITY_RULES_NOT_MATCH);
const REJECT_EXISTING = unschedulable(INTER_POD_AFFINITY, ERR_REASON_EXISTING_ANTI_AFFINITY_RULES_NOT_MATCH);

function satisfyPodAffinity(
  state: PreFilterState,
  nodeLabels: Labels,
  namespaceLabels: NamespaceLabels,
): boolean {
  let podsExist = true;
  for (const term of state.terms.requiredAffinity) {
    // All topology labels must exist on the node.
    if (!Object.hasOwn(nodeLabels, term.topologyKey)) return false;
    if (state.affinityCounts.get(term.topologyKey, nodeLabels[term.topologyKey]!) <= 0) podsExist = false;
  }
  if (podsExist) return true;
  // The first pod of a group with affinity to itself may go anywhere its topology labels exist.
  return (
    state.affinityCounts.size === 0 && matchesAll(state.terms.requiredAffinity, state.pod, namespaceLabels)
  );
}

function satisfyPodAntiAffinity(state: PreFilterState, nodeLabels: Labels): boolean {
  if (state.antiAffinityCounts.size === 0) return true;
  for (const term of state.terms.requiredAntiAffinity) {
    if (
      Object.hasOwn(nodeLabels, term.topologyKey) &&
      state.antiAffinityCounts.get(term.topologyKey, nodeLabels[term.topologyKey]!) > 0
    ) {
      return false;
    }
  }
  return true;
}

function satisfyExistingPodsAntiAffinity(state: PreFilterState, nodeLabels: Labels): boolean {
  if (state.existingAntiAffinityCounts.size === 0) return true;
  for (const key in nodeLabels) {
    if (state.existingAntiAffinityCounts.get(key, nodeLabels[key]!) > 0) return false;
  }
  return true;
}

function addScore(
  scores: Map<string, Map<string, number>>,
  term: AffinityTerm,
  weight: number,
  target: Pod,
  nodeLabels: Labels,
  namespaceLabels: NamespaceLabels,
): void {
  if (!affinityTermMatches(term, target, namespaceLabels) || !Object.hasOwn(nodeLabels, term.topologyKey))
    return;
  let values = scores.get(term.topologyKey);
  if (values === undefined) {
    values = new Map();
    scores.set(term.topologyKey, values);
  }
  const value = nodeLabels[term.topologyKey]!;
  values.set(value, (values.get(value) ?? 0) + weight);
}

export interface InterPodAffinityArgs {
  readonly hardPodAffinityWeight?: number;
  readonly ignorePreferredTermsOfExistingPods?: boolean;
}

export function createInterPodAffinityPlugin(
  handle: PluginHandle = {},
  args: InterPodAffinityArgs = {},
): PreFilterPlugin & FilterPlugin & PreScorePlugin & ScorePlugin {
  const namespaceLabels: NamespaceLabels = (namespace) => handle.getNamespaceLabels?.(namespace) ?? {};
  const hardWeight = args.hardPodAffinityWeight ?? DEFAULT_HARD_POD_AFFINITY_WEIGHT;

  const updateWithPod = (
    state: PreFilterState,
    podInfo: PodInfo,
    nodeInfo: NodeInfo,
    delta: number,
  ): void => {
    const labels = nodeInfo.labels;
    const existing = podAffinityTerms(podInfo.pod);
    state.existingAntiAffinityCounts.updateWithAntiAffinityTerms(
      existing.requiredAntiAffinity,
      state.pod,
      labels,
      delta,
      namespaceLabels,
    );
    state.affinityCounts.updateWithAffinityTerms(
      state.terms.requiredAffinity,
      podInfo.pod,
      labels,
      delta,
      namespaceLabels,
    );
    state.antiAffinityCounts.updateWithAntiAffinityTerms(
      state.terms.requiredAntiAffinity,
      podInfo.pod,
      labels,
      delta,
      namespaceLabels,
    );
  };

  return {
    name: INTER_POD_AFFINITY,
    preFilter(state: CycleState, pod: Pod, nodes: NodeInfoLister): PreFilterStatus {
      const terms = podAffinityTerms(pod);
      const existingAntiAffinityCounts = new TopologyCounts();
      for (const nodeInfo of nodes.havePodsWithRequiredAntiAffinity()) {
        for (const existing of nodeInfo.podsWithRequiredAntiAffinity) {
          existingAntiAffinityCounts.updateWithAntiAffinityTerms(
            podAffinityTerms(existing.pod).requiredAntiAffinity,
            pod,
            nodeInfo.labels,
            1,
            namespaceLabels,
          );
        }
      }
      const affinityCounts = new TopologyCounts();
      const antiAffinityCounts = new TopologyCounts();
      if (terms.requiredAffinity.length > 0 || terms.requiredAntiAffinity.length > 0) {
        for (const nodeInfo of nodes.list) {
          const labels = nodeInfo.labels;
          for (const existing of nodeInfo.pods) {
            affinityCounts.updateWithAffinityTerms(
              terms.requiredAffinity,
              existing.pod,
              labels,
              1,
              namespaceLabels,
            );
            antiAffinityCounts.updateWithAntiAffinityTerms(
              terms.requiredAntiAffinity,
              existing.pod,
              labels,
              1,
              namespaceLabels,
            );
          }
        }
      }
      if (
        existingAntiAffinityCounts.size === 0 &&
        terms.requiredAffinity.length === 0 &&
        terms.requiredAntiAffinity.length === 0
      ) {
        return SKIP;
      }
      state.write(
        PRE_FILTER_KEY,
        new PreFilterState(pod, terms, existingAntiAffinityCounts, affinityCounts, antiAffinityCounts),
      );
      return SUCCESS;
    },
    addPod(state: CycleState, _pod: Pod, podInfo: PodInfo, nodeInfo: NodeInfo): void {
      const s = state.read<PreFilterState>(PRE_FILTER_KEY);
      if (s) updateWithPod(s, podInfo, nodeInfo, 1);
    },
    removePod(state: CycleState, _pod: Pod, podInfo: PodInfo, nodeInfo: NodeInfo): void {
      const s = state.read<PreFilterState>(PRE_FILTER_KEY);
      if (s) updateWithPod(s, podInfo, nodeInfo, -1);
    },
    filter(state: CycleState, _pod: Pod, nodeInfo: NodeInfo): Status {
      const s = state.read<PreFilterState>(PRE_FILTER_KEY);
      if (!s) return SUCCESS;
      const labels = nodeInfo.labels;
      if (!satisfyPodAffinity(s, labels, namespaceLabels)) return REJECT_AFFINITY;
      if (!satisfyPodAntiAffinity(s, labels)) return REJECT_ANTI_AFFINITY;
      if (!satisfyExistingPodsAntiAffinity(s, labels)) return REJECT_EXISTING;
      return SUCCESS;
    },
    preScore(state: CycleState, pod: Pod, feasibleNodes: readonly NodeInfo[], nodes: NodeInfoLister): Status {
      if (feasibleNodes.length === 0) return SUCCESS;
      const terms = podAffinityTerms(pod);
      const hasConstraints = terms.preferredAffinity.length > 0 || terms.preferredAntiAffinity.length > 0;
      if (args.ignorePreferredTermsOfExistingPods && !hasConstraints) return SKIP;
      const candidates = hasConstraints ? nodes.list : nodes.havePodsWithAffinity();
      const topologyScore = new Map<string, Map<string, number>>();
      for (const nodeInfo of candidates) {
        const labels = nodeInfo.labels;
        if (Object.keys(labels).length === 0) continue;
        for (const existing of hasConstraints ? nodeInfo.pods : nodeInfo.podsWithAffinity) {
          const other = existing.pod;
          for (const term of terms.preferredAffinity) {
            addScore(topologyScore, term, term.weight, other, labels, namespaceLabels);
          }
          for (const term of terms.preferredAntiAffinity) {
            addScore(topologyScore, term, -term.weight, other, labels, namespaceLabels);
          }
          const existingTerms = podAffinityTerms(other);
          if (hardWeight > 0) {
            for (const term of existingTerms.requiredAffinity) {
              addScore(topologyScore, term, hardWeight, pod, labels, namespaceLabels);
            }
          }
          for (const term of existingTerms.preferredAffinity) {
            addScore(topologyScore, term, term.weight, pod, labels, namespaceLabels);
          }
          for (const term of existingTerms.preferredAntiAffinity) {
            addScore(topologyScore, term, -term.weight, pod, labels, namespaceLabels);
          }
        }
      }
      if (topologyScore.size === 0) return SKIP;
      state.write(PRE_SCORE_KEY, { topologyScore } satisfies PreScoreState);
      return SUCCESS;
    },
    score(state: CycleState, _pod: Pod, nodeInfo: NodeInfo): number {
      const s = state.read<PreScoreState>(PRE_SCORE_KEY);
      if (!s) return 0;
      const labels = nodeInfo.labels;
      let score = 0;
      for (const [key, values] of s.topologyScore) {
        if (Object.hasOwn(labels, key)) score += values.get(labels[key]!) ?? 0;
      }
      return score;
    },
    normalize(state: CycleState, _pod: Pod, _nodes: readonly NodeInfo[], scores: number[]): void {
      const s = state.read<PreScoreState>(PRE_SCORE_KEY);
      if (!s || s.topologyScore.size === 0) return;
      let min = Number.POSITIVE_INFINITY;
      let max = Number.NEGATIVE_INFINITY;
      for (const score of scores) {
        if (score > max) max = score;
        if (score < min) min = score;
      }
      const diff = max - min;
      for (let i = 0; i < scores.length; i++) {
        // Same float order as upstream: 100 × ((score − min) / (max − min)), truncated.
        scores[i] = diff > 0 ? Math.trunc(MAX_NODE_SCORE * ((scores[i]! - min) / diff)) : 0;
      }
    },
  };
}
