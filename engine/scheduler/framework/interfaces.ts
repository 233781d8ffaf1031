/**
 * Extension points of the scheduling framework (pkg/scheduler/framework/interface.go). A plugin is an
 * object with a name and one or more of these methods; a profile lists them per extension point.
 */
import type { PersistentVolume, PersistentVolumeClaim, Pod } from 'kubernetes-types/core/v1';
import type { LabelSelector } from 'kubernetes-types/meta/v1';
import type { PodDisruptionBudget } from 'kubernetes-types/policy/v1';
import type { StorageClass } from 'kubernetes-types/storage/v1';
import type { CycleState } from './cycle-state.ts';
import type { NodeToStatus } from './fit-error.ts';
import type { NodeInfo, NodeInfoLister, PodInfo } from './node-info.ts';
import type { Status } from './status.ts';

/** The highest score a Score plugin may give a node (after normalization). */
export const MAX_NODE_SCORE = 100;

export interface Plugin {
  readonly name: string;
}

/** A PreFilter success that restricts the cycle to some nodes (PreFilterResult.NodeNames). */
export interface PreFilterNodes {
  readonly code: 'Success';
  readonly nodeNames: ReadonlySet<string>;
}

export type PreFilterStatus = Status | PreFilterNodes;

export interface PreFilterPlugin extends Plugin {
  /** Computes per-cycle state; Skip disables this plugin's Filter for the cycle. */
  preFilter(state: CycleState, pod: Pod, nodes: NodeInfoLister): PreFilterStatus;
  /** PreFilterExtensions.AddPod: update the state as if `podInfo` ran on `nodeInfo` (preemption). */
  addPod?(state: CycleState, podToSchedule: Pod, podInfo: PodInfo, nodeInfo: NodeInfo): void;
  /** PreFilterExtensions.RemovePod: update the state as if `podInfo` left `nodeInfo` (preemption). */
  removePod?(state: CycleState, podToSchedule: Pod, podInfo: PodInfo, nodeInfo: NodeInfo): void;
}

export interface FilterPlugin extends Plugin {
  filter(state: CycleState, pod: Pod, nodeInfo: NodeInfo): Status;
}

/** What a PostFilter (preemption) achieved: a nominated node and the pods to evict for it. */
export interface PostFilterResult {
  readonly status: Status;
  /** The node to nominate; '' clears an earlier nomination; undefined leaves it alone. */
  readonly nominatedNode?: string;
  readonly victims?: readonly Pod[];
}

/** What the framework offers PostFilter plugins to simulate scheduling. */
export interface FrameworkHandle {
  readonly nodes: NodeInfoLister;
  readonly rng: () => number;
  runFilterPlugins(state: CycleState, pod: Pod, nodeInfo: NodeInfo): Status;
  runPreFilterExtensionAddPod(state: CycleState, pod: Pod, podInfo: PodInfo, nodeInfo: NodeInfo): void;
  runPreFilterExtensionRemovePod(state: CycleState, pod: Pod, podInfo: PodInfo, nodeInfo: NodeInfo): void;
}

export interface PostFilterPlugin extends Plugin {
  postFilter(
    state: CycleState,
    pod: Pod,
    nodeToStatus: NodeToStatus,
    framework: FrameworkHandle,
  ): PostFilterResult;
}

export interface PreScorePlugin extends Plugin {
  /** Computes scoring state over the feasible nodes; Skip disables this plugin's Score for the cycle. */
  preScore(state: CycleState, pod: Pod, feasibleNodes: readonly NodeInfo[], allNodes: NodeInfoLister): Status;
}

export interface ScorePlugin extends Plugin {
  /** A raw score; after `normalize` (if any) scores must lie in 0..MAX_NODE_SCORE. */
  score(state: CycleState, pod: Pod, nodeInfo: NodeInfo): number;
  /** Rescales the raw scores in place (ScoreExtensions.NormalizeScore). */
  normalize?(state: CycleState, pod: Pod, nodes: readonly NodeInfo[], scores: number[]): void;
}

export interface WeightedScorePlugin {
  readonly plugin: ScorePlugin;
  readonly weight: number;
}

/** Lookups plugins need beyond nodes and pods; every one is optional. */
export interface PluginHandle {
  getPersistentVolumeClaim?(namespace: string, name: string): PersistentVolumeClaim | undefined;
  getPersistentVolume?(name: string): PersistentVolume | undefined;
  getStorageClass?(name: string): StorageClass | undefined;
  /** Labels of a namespace, for pod affinity terms with a namespaceSelector. */
  getNamespaceLabels?(namespace: string): Readonly<Record<string, string>> | undefined;
  listPodDisruptionBudgets?(): readonly PodDisruptionBudget[];
  /**
   * The selector of the Service / ReplicaSet / StatefulSet that owns the pod, enabling the system
   * default topology spreading (hostname maxSkew 3, zone maxSkew 5, ScheduleAnyway) for scoring.
   */
  defaultSpreadSelector?(pod: Pod): LabelSelector | undefined;
}

/** A scheduler profile: the plugins per extension point, in order, and the score weights. */
export interface Profile {
  readonly schedulerName: string;
  readonly preFilter: readonly PreFilterPlugin[];
  readonly filter: readonly FilterPlugin[];
  readonly postFilter: readonly PostFilterPlugin[];
  readonly preScore: readonly PreScorePlugin[];
  readonly score: readonly WeightedScorePlugin[];
  /** 0 means adaptive (50% − nodes/125, at least 5%), like kube-scheduler's default. */
  readonly percentageOfNodesToScore: number;
}

export const isPreFilterPlugin = (plugin: Plugin): plugin is PreFilterPlugin =>
  typeof (plugin as Partial<PreFilterPlugin>).preFilter === 'function';
export const isFilterPlugin = (plugin: Plugin): plugin is FilterPlugin =>
  typeof (plugin as Partial<FilterPlugin>).filter === 'function';
export const isPostFilterPlugin = (plugin: Plugin): plugin is PostFilterPlugin =>
  typeof (plugin as Partial<PostFilterPlugin>).postFilter === 'function';
export const isPreScorePlugin = (plugin: Plugin): plugin is PreScorePlugin =>
  typeof (plugin as Partial<PreScorePlugin>).preScore === 'function';
export const isScorePlugin = (plugin: Plugin): plugin is ScorePlugin =>
  typeof (plugin as Partial<ScorePlugin>).score === 'function';
