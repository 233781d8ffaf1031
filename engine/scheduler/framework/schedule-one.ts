/**
 * One scheduling cycle, pure over its inputs (pkg/scheduler/schedule_one.go, framework/runtime):
 * PreFilter → Filter over the nodes until enough feasible ones are found → PostFilter (preemption)
 * when none is → PreScore / Score / NormalizeScore over the feasible nodes → the highest total wins,
 * ties broken by reservoir sampling with the supplied random source.
 *
 * Feasibility shortcut (numFeasibleNodesToFind): like kube-scheduler, the Filter phase stops once it
 * has found max(100, N × p%) feasible nodes, with p = 50 − N/125 (at least 5) unless the profile sets
 * percentageOfNodesToScore. Clusters under 100 nodes are always searched in full. Each cycle resumes
 * the search where the previous one stopped (the cursor option), so load still spreads over all nodes.
 */
import type { Pod } from 'kubernetes-types/core/v1';
import { CycleState } from './cycle-state.ts';
import {
  type Diagnosis,
  fitErrorMessage,
  NO_NODES_AVAILABLE_ERROR,
  type NodeToStatus,
  newDiagnosis,
} from './fit-error.ts';
import {
  type FilterPlugin,
  type FrameworkHandle,
  MAX_NODE_SCORE,
  type PostFilterResult,
  type PreFilterStatus,
  type Profile,
} from './interfaces.ts';
import { type NodeInfo, type NodeInfoLister, nodeInfoLister, type PodInfo } from './node-info.ts';
import {
  isRejected,
  type RejectStatus,
  type Status,
  SUCCESS,
  statusMessage,
  unresolvable,
} from './status.ts';

export const MIN_FEASIBLE_NODES_TO_FIND = 100;
export const MIN_FEASIBLE_NODES_PERCENTAGE_TO_FIND = 5;

export interface ScheduleOptions {
  /** Where the feasibility search starts; advanced by each cycle (upstream nextStartNodeIndex). */
  readonly cursor?: { nextStartNodeIndex: number };
}

export interface ScheduledResult {
  readonly node: string;
  readonly evaluatedNodes: number;
  readonly feasibleNodes: number;
}

export interface UnschedulableResult {
  readonly unschedulable: true;
  /** The PodScheduled condition reason: Unschedulable, or SchedulerError for internal errors. */
  readonly reason: 'Unschedulable' | 'SchedulerError';
  /** The FailedScheduling event and condition message. */
  readonly message: string;
  /** Node nominated by preemption; '' means clear an earlier nomination. */
  readonly nominatedNode?: string;
  /** Pods to evict so the pod fits on the nominated node. */
  readonly victims?: readonly Pod[];
  readonly unschedulablePlugins: readonly string[];
}

export type ScheduleResult = ScheduledResult | UnschedulableResult;

export function isScheduled(result: ScheduleResult): result is ScheduledResult {
  return 'node' in result;
}

/** How many feasible nodes the Filter phase looks for before it stops. */
export function numFeasibleNodesToFind(percentageOfNodesToScore: number, numAllNodes: number): number {
  if (numAllNodes < MIN_FEASIBLE_NODES_TO_FIND) return numAllNodes;
  let percentage = percentageOfNodesToScore;
  if (percentage === 0) {
    percentage = Math.max(MIN_FEASIBLE_NODES_PERCENTAGE_TO_FIND, 50 - Math.trunc(numAllNodes / 125));
  }
  const numNodes = Math.trunc((numAllNodes * percentage) / 100);
  return Math.max(numNodes, MIN_FEASIBLE_NODES_TO_FIND);
}

class SchedulingError extends Error {}

/** Runs the profile's plugins; also the handle PostFilter plugins simulate with. */
class FrameworkRunner implements FrameworkHandle {
  constructor(
    private readonly profile: Profile,
    readonly nodes: NodeInfoLister,
    readonly rng: () => number,
  ) {}

  runPreFilterPlugins(
    state: CycleState,
    pod: Pod,
  ): { status: Status; nodeNames?: Set<string>; rejectors: string[] } {
    let nodeNames: Set<string> | undefined;
    const pluginsWithNodes: string[] = [];
    let returnStatus: RejectStatus | undefined;
    const rejectors: string[] = [];
    for (const plugin of this.profile.preFilter) {
      const status: PreFilterStatus = plugin.preFilter(state, pod, this.nodes);
      if (status.code === 'Skip') {
        state.skipFilterPlugins.add(plugin.name);
        continue;
      }
      if (status.code === 'Error') {
        throw new SchedulingError(`running PreFilter plugin "${plugin.name}": ${statusMessage(status)}`);
      }
      if (status.code === 'UnschedulableAndUnresolvable') {
        return { status: { ...status, plugin: plugin.name }, rejectors: [plugin.name] };
      }
      if (status.code === 'Unschedulable') {
        // Keep running the other PreFilter plugins: preemption still needs their state.
        returnStatus = { ...status, plugin: plugin.name };
        rejectors.push(plugin.name);
        continue;
      }
      if ('nodeNames' in status) {
        pluginsWithNodes.push(plugin.name);
        nodeNames = nodeNames
          ? new Set([...nodeNames].filter((name) => status.nodeNames.has(name)))
          : new Set(status.nodeNames);
        if (nodeNames.size === 0) {
          const message =
            pluginsWithNodes.length === 1
              ? `node(s) didn't satisfy plugin ${pluginsWithNodes[0]}`
              : `node(s) didn't satisfy plugin(s) [${pluginsWithNodes.join(' ')}] simultaneously`;
          return { status: unresolvable(plugin.name, message), rejectors: pluginsWithNodes };
        }
      }
    }
    if (returnStatus) return { status: returnStatus, rejectors };
    return nodeNames
      ? { status: SUCCESS, nodeNames, rejectors: pluginsWithNodes }
      : { status: SUCCESS, rejectors };
  }

  private activeFiltersFor: ReadonlySet<string> | undefined;
  private activeFilters: readonly FilterPlugin[] = [];

  /** The filter plugins PreFilter did not skip, computed once per skip set. */
  private filtersFor(state: CycleState): readonly FilterPlugin[] {
    if (this.activeFiltersFor !== state.skipFilterPlugins) {
      this.activeFiltersFor = state.skipFilterPlugins;
      this.activeFilters = this.profile.filter.filter((plugin) => !state.skipFilterPlugins.has(plugin.name));
    }
    return this.activeFilters;
  }

  runFilterPlugins(state: CycleState, pod: Pod, nodeInfo: NodeInfo): Status {
    const filters = this.filtersFor(state);
    for (let i = 0; i < filters.length; i++) {
      const plugin = filters[i]!;
      const status = plugin.filter(state, pod, nodeInfo);
      if (status.code === 'Success' || status.code === 'Skip') continue;
      if (status.code === 'Error') {
        throw new SchedulingError(`running "${plugin.name}" filter plugin: ${statusMessage(status)}`);
      }
      return status.plugin === plugin.name ? status : { ...status, plugin: plugin.name };
    }
    return SUCCESS;
  }

  runPreFilterExtensionAddPod(state: CycleState, pod: Pod, podInfo: PodInfo, nodeInfo: NodeInfo): void {
    for (const plugin of this.profile.preFilter) {
      if (plugin.addPod && !state.skipFilterPlugins.has(plugin.name))
        plugin.addPod(state, pod, podInfo, nodeInfo);
    }
  }

  runPreFilterExtensionRemovePod(state: CycleState, pod: Pod, podInfo: PodInfo, nodeInfo: NodeInfo): void {
    for (const plugin of this.profile.preFilter) {
      if (plugin.removePod && !state.skipFilterPlugins.has(plugin.name)) {
        plugin.removePod(state, pod, podInfo, nodeInfo);
      }
    }
  }

  runPostFilterPlugins(state: CycleState, pod: Pod, nodeToStatus: NodeToStatus): PostFilterResult {
    let result: PostFilterResult | undefined;
    const reasons: string[] = [];
    let rejector = '';
    for (const plugin of this.profile.postFilter) {
      const outcome = plugin.postFilter(state, pod, nodeToStatus, this);
      const { status } = outcome;
      if (status.code === 'Success' || status.code === 'UnschedulableAndUnresolvable') return outcome;
      if (status.code === 'Error') {
        throw new SchedulingError(`running PostFilter plugin "${plugin.name}": ${statusMessage(status)}`);
      }
      if (status.code === 'Unschedulable') {
        if (outcome.nominatedNode !== undefined) result = outcome;
        reasons.push(...status.reasons);
        rejector ||= plugin.name;
      }
    }
    const status: Status = { code: 'Unschedulable', reasons, plugin: rejector };
    return result ? { ...result, status } : { status };
  }

  /** Filters nodes starting at the cursor until `numNodesToFind` pass; records every rejection. */
  findNodesThatPassFilters(
    state: CycleState,
    pod: Pod,
    diagnosis: Diagnosis,
    nodes: readonly NodeInfo[],
    start: number,
  ): { feasible: NodeInfo[]; processed: number } {
    const numNodesToFind = numFeasibleNodesToFind(this.profile.percentageOfNodesToScore, nodes.length);
    const feasible: NodeInfo[] = [];
    const total = nodes.length;
    let processed = 0;
    if (this.profile.filter.length === 0) {
      for (let i = 0; i < total && feasible.length < numNodesToFind; i++)
        feasible.push(nodes[(start + i) % total]!);
      return { feasible, processed: feasible.length };
    }
    for (let i = 0; i < total; i++) {
      const nodeInfo = nodes[(start + i) % total]!;
      processed++;
      const status = this.runFilterPlugins(state, pod, nodeInfo);
      if (status.code === 'Success') {
        feasible.push(nodeInfo);
        if (feasible.length >= numNodesToFind) break;
      } else if (isRejected(status)) {
        diagnosis.nodeToStatus.set(nodeInfo.name, status);
        diagnosis.unschedulablePlugins.add(status.plugin);
      }
    }
    return { feasible, processed };
  }

  runPreScorePlugins(state: CycleState, pod: Pod, feasible: readonly NodeInfo[]): void {
    for (const plugin of this.profile.preScore) {
      const status = plugin.preScore(state, pod, feasible, this.nodes);
      if (status.code === 'Skip') state.skipScorePlugins.add(plugin.name);
      else if (status.code !== 'Success') {
        throw new SchedulingError(`running PreScore plugin "${plugin.name}": ${statusMessage(status)}`);
      }
    }
  }

  /** Weighted sum of every score plugin's normalized score, per feasible node. */
  runScorePlugins(state: CycleState, pod: Pod, feasible: readonly NodeInfo[]): number[] {
    const n = feasible.length;
    const totals = new Array<number>(n).fill(0);
    const scores = new Array<number>(n).fill(0);
    for (const { plugin, weight } of this.profile.score) {
      if (state.skipScorePlugins.has(plugin.name)) continue;
      for (let i = 0; i < n; i++) scores[i] = plugin.score(state, pod, feasible[i]!);
      plugin.normalize?.(state, pod, feasible, scores);
      for (let i = 0; i < n; i++) {
        const score = scores[i]!;
        if (!(score >= 0 && score <= MAX_NODE_SCORE)) {
          throw new SchedulingError(
            `plugin "${plugin.name}" returns an invalid score ${score}, it should in the range of [0, ${MAX_NODE_SCORE}] after normalizing`,
          );
        }
        totals[i]! += score * weight;
      }
    }
    return totals;
  }
}

/** The node with the highest total; among equal totals each is picked with equal probability. */
export function selectHost(nodes: readonly NodeInfo[], totals: readonly number[], rng: () => number): string {
  let selected = 0;
  let maxScore = totals[0] ?? 0;
  let countOfMax = 1;
  for (let i = 1; i < nodes.length; i++) {
    const score = totals[i]!;
    if (score > maxScore) {
      maxScore = score;
      selected = i;
      countOfMax = 1;
    } else if (score === maxScore) {
      countOfMax++;
      // Reservoir sampling: replace the candidate with probability 1/countOfMax.
      if (Math.floor(rng() * countOfMax) === 0) selected = i;
    }
  }
  return nodes[selected]!.name;
}

function failure(
  diagnosis: Diagnosis,
  numAllNodes: number,
  postFilter: PostFilterResult | undefined,
): UnschedulableResult {
  return {
    unschedulable: true,
    reason: 'Unschedulable',
    message: fitErrorMessage(numAllNodes, diagnosis),
    ...(postFilter?.nominatedNode !== undefined ? { nominatedNode: postFilter.nominatedNode } : {}),
    ...(postFilter?.victims ? { victims: postFilter.victims } : {}),
    unschedulablePlugins: [...diagnosis.unschedulablePlugins].sort(),
  };
}

function schedule(
  runner: FrameworkRunner,
  pod: Pod,
  lister: NodeInfoLister,
  options: ScheduleOptions,
): ScheduleResult {
  const allNodes = lister.list;
  if (allNodes.length === 0) {
    return {
      unschedulable: true,
      reason: 'Unschedulable',
      message: NO_NODES_AVAILABLE_ERROR,
      unschedulablePlugins: [],
    };
  }
  const state = new CycleState();
  const diagnosis = newDiagnosis();

  const preFilter = runner.runPreFilterPlugins(state, pod);
  if (isRejected(preFilter.status)) {
    // Every node gets the PreFilter status, so preemption can still consider them.
    diagnosis.nodeToStatus.absent = preFilter.status;
    diagnosis.preFilterMsg = statusMessage(preFilter.status);
    for (const name of preFilter.rejectors) diagnosis.unschedulablePlugins.add(name);
    return postFilterAndFail(runner, state, pod, diagnosis, allNodes.length);
  }

  const nominated = pod.status?.nominatedNodeName;
  const nominatedInfo = nominated ? lister.get(nominated) : undefined;
  if (nominatedInfo) {
    const status = runner.runFilterPlugins(state, pod, nominatedInfo);
    if (status.code === 'Success') return { node: nominatedInfo.name, evaluatedNodes: 1, feasibleNodes: 1 };
  }

  let nodes = allNodes;
  if (preFilter.nodeNames) {
    nodes = [...preFilter.nodeNames].flatMap((name) => lister.get(name) ?? []);
    const plugins = [...preFilter.rejectors].sort().join(' ');
    diagnosis.nodeToStatus.absent = unresolvable('', `node(s) didn't satisfy plugin(s) [${plugins}]`);
  }

  const cursor = options.cursor ?? { nextStartNodeIndex: 0 };
  const start = nodes.length > 0 ? cursor.nextStartNodeIndex % nodes.length : 0;
  const { feasible, processed } = runner.findNodesThatPassFilters(state, pod, diagnosis, nodes, start);
  cursor.nextStartNodeIndex = (cursor.nextStartNodeIndex + processed) % allNodes.length;

  if (feasible.length === 0) return postFilterAndFail(runner, state, pod, diagnosis, allNodes.length);
  const evaluatedNodes = feasible.length + diagnosis.nodeToStatus.size;
  if (feasible.length === 1) return { node: feasible[0]!.name, evaluatedNodes, feasibleNodes: 1 };

  runner.runPreScorePlugins(state, pod, feasible);
  const totals = runner.runScorePlugins(state, pod, feasible);
  return { node: selectHost(feasible, totals, runner.rng), evaluatedNodes, feasibleNodes: feasible.length };
}

function postFilterAndFail(
  runner: FrameworkRunner,
  state: CycleState,
  pod: Pod,
  diagnosis: Diagnosis,
  numAllNodes: number,
): UnschedulableResult {
  const postFilter = runner.runPostFilterPlugins(state, pod, diagnosis.nodeToStatus);
  diagnosis.postFilterMsg = statusMessage(postFilter.status);
  return failure(diagnosis, numAllNodes, postFilter);
}

/**
 * Schedules one pod: the chosen node, or why it fits nowhere (the exact FailedScheduling message)
 * with any preemption decision. `rng` returns numbers in [0, 1) and makes tie-breaks reproducible.
 */
export function scheduleOne(
  pod: Pod,
  nodeInfos: NodeInfoLister | readonly NodeInfo[],
  profile: Profile,
  rng: () => number,
  options: ScheduleOptions = {},
): ScheduleResult {
  const lister = nodeInfoLister(nodeInfos);
  const runner = new FrameworkRunner(profile, lister, rng);
  try {
    return schedule(runner, pod, lister, options);
  } catch (error) {
    if (!(error instanceof SchedulingError)) throw error;
    return {
      unschedulable: true,
      reason: 'SchedulerError',
      message: error.message,
      unschedulablePlugins: [],
    };
  }
}
