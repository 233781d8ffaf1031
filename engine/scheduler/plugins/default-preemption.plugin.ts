/**
 * DefaultPreemption (pkg/scheduler/framework/plugins/defaultpreemption, framework/preemption): when a
 * pod fits nowhere, look for nodes where evicting lower-priority pods would make it fit, pick the best
 * such node and report the victims. When none exists, the PostFilter message is `preemption: ` plus a
 * FitError over the preemption attempt, per node `No preemption victims found for incoming pod`, the
 * filter reasons that remain after removing every lower-priority pod, or (for nodes preemption cannot
 * help) `Preemption is not helpful for scheduling`.
 */
import type { Pod } from 'kubernetes-types/core/v1';
import type { PodDisruptionBudget } from 'kubernetes-types/policy/v1';
import { labelSelectorMatches } from '../../api/selectors/label-selector.ts';
import type { CycleState } from '../framework/cycle-state.ts';
import { fitErrorMessage, NodeToStatus, newDiagnosis } from '../framework/fit-error.ts';
import type {
  FrameworkHandle,
  PluginHandle,
  PostFilterPlugin,
  PostFilterResult,
} from '../framework/interfaces.ts';
import { type NodeInfo, type PodInfo, podPriority } from '../framework/node-info.ts';
import { isRejected, type Status, SUCCESS, unresolvable, unschedulable } from '../framework/status.ts';
import { DEFAULT_PREEMPTION } from './names.ts';

export const REASON_NO_VICTIMS = 'No preemption victims found for incoming pod';
export const REASON_NOT_HELPFUL = 'Preemption is not helpful for scheduling';
export const MSG_NOT_ELIGIBLE_PREEMPTION_POLICY_NEVER = 'not eligible due to preemptionPolicy=Never.';
export const MSG_NOT_ELIGIBLE_TERMINATING_POD =
  'not eligible due to a terminating pod on the nominated node.';
export const PREEMPTION_MESSAGE_PREFIX = 'preemption: ';

/** Condition added to victims before they are deleted. */
export const DISRUPTION_TARGET_CONDITION = 'DisruptionTarget';
export const REASON_PREEMPTION_BY_SCHEDULER = 'PreemptionByScheduler';

/** The DisruptionTarget condition message put on a victim. */
export function preemptingConditionMessage(schedulerName: string): string {
  return `${schedulerName}: preempting to accommodate a higher priority pod`;
}

/** The Normal `Preempted` event message recorded on a victim. */
export function preemptedEventMessage(preemptorUid: string, nodeName: string): string {
  return `Preempted by pod ${preemptorUid} on node ${nodeName}`;
}

export interface DefaultPreemptionArgs {
  /** Share of the potential nodes to dry-run before stopping (default 10). */
  readonly minCandidateNodesPercentage?: number;
  /** Minimum number of candidates to look for (default 100). */
  readonly minCandidateNodesAbsolute?: number;
}

interface Candidate {
  readonly name: string;
  readonly victims: readonly Pod[];
  readonly numPDBViolations: number;
}

const startTime = (pod: Pod): number => {
  const parsed = pod.status?.startTime ? Date.parse(pod.status.startTime) : Number.NaN;
  // Pods that have not started count as starting now, i.e. after every started pod.
  return Number.isNaN(parsed) ? Number.POSITIVE_INFINITY : parsed;
};

/** util.MoreImportantPod: higher priority first, then the one that started earlier. */
export function moreImportantPod(a: Pod, b: Pod): boolean {
  const pa = podPriority(a);
  const pb = podPriority(b);
  if (pa !== pb) return pa > pb;
  return startTime(a) < startTime(b);
}

const byImportance = (a: PodInfo, b: PodInfo): number =>
  moreImportantPod(a.pod, b.pod) ? -1 : moreImportantPod(b.pod, a.pod) ? 1 : 0;

function isTerminatingByPreemption(pod: Pod): boolean {
  if (!pod.metadata?.deletionTimestamp) return false;
  const condition = (pod.status?.conditions ?? []).find((c) => c.type === DISRUPTION_TARGET_CONDITION);
  return condition?.status === 'True' && condition.reason === REASON_PREEMPTION_BY_SCHEDULER;
}

/** Splits pods (in order) into those whose eviction would violate a PodDisruptionBudget and the rest. */
export function filterPodsWithPDBViolation(
  pods: readonly PodInfo[],
  pdbs: readonly PodDisruptionBudget[],
): [PodInfo[], PodInfo[]] {
  const allowed = pdbs.map((pdb) => pdb.status?.disruptionsAllowed ?? 0);
  const violating: PodInfo[] = [];
  const nonViolating: PodInfo[] = [];
  for (const info of pods) {
    const labels = info.pod.metadata?.labels ?? {};
    let violated = false;
    if (Object.keys(labels).length > 0) {
      pdbs.forEach((pdb, i) => {
        if (pdb.metadata?.namespace !== info.pod.metadata?.namespace) return;
        const selector = pdb.spec?.selector;
        // A PDB with an empty or missing selector matches nothing.
        const empty =
          !selector ||
          (Object.keys(selector.matchLabels ?? {}).length === 0 &&
            (selector.matchExpressions ?? []).length === 0);
        if (empty || !labelSelectorMatches(selector, labels)) return;
        if (Object.hasOwn(pdb.status?.disruptedPods ?? {}, info.pod.metadata?.name ?? '')) return;
        allowed[i]!--;
        if (allowed[i]! < 0) violated = true;
      });
    }
    (violated ? violating : nonViolating).push(info);
  }
  return [violating, nonViolating];
}

/** calculateNumCandidates: 10% of the potential nodes, at least 100, at most all of them. */
export function numCandidates(numNodes: number, percentage = 10, absolute = 100): number {
  return Math.min(numNodes, Math.max(Math.trunc((numNodes * percentage) / 100), absolute));
}

/** pickOneNodeForPreemption's criteria, applied in order until one node remains. */
export function pickOneNodeForPreemption(candidates: readonly Candidate[]): Candidate | undefined {
  const scoreFuncs: ((c: Candidate) => number)[] = [
    (c) => -c.numPDBViolations,
    (c) => -podPriority(c.victims[0]!),
    (c) => -c.victims.reduce((sum, pod) => sum + podPriority(pod) + 2 ** 31, 0),
    (c) => -c.victims.length,
    (c) => {
      // The latest start time among the highest-priority victims wins.
      const top = Math.max(...c.victims.map(podPriority));
      return Math.min(...c.victims.filter((pod) => podPriority(pod) === top).map(startTime));
    },
  ];
  let remaining = [...candidates];
  for (const score of scoreFuncs) {
    if (remaining.length <= 1) break;
    let best = Number.NEGATIVE_INFINITY;
    let selected: Candidate[] = [];
    for (const candidate of remaining) {
      const value = score(candidate);
      if (value > best) {
        best = value;
        selected = [];
      }
      if (value === best) selected.push(candidate);
    }
    remaining = selected;
  }
  return remaining[0];
}

export function createDefaultPreemptionPlugin(
  handle: PluginHandle = {},
  args: DefaultPreemptionArgs = {},
): PostFilterPlugin {
  /** Minimum victims on the node so the pod fits (SelectVictimsOnNode). */
  const selectVictimsOnNode = (
    framework: FrameworkHandle,
    state: CycleState,
    pod: Pod,
    nodeInfo: NodeInfo,
    pdbs: readonly PodDisruptionBudget[],
  ): { victims: Pod[]; numViolating: number; status: Status } => {
    const priority = podPriority(pod);
    const potential = nodeInfo.pods.filter((info) => podPriority(info.pod) < priority);
    for (const info of potential) {
      nodeInfo.removePod(info);
      framework.runPreFilterExtensionRemovePod(state, pod, info, nodeInfo);
    }
    if (potential.length === 0) {
      return { victims: [], numViolating: 0, status: unresolvable(DEFAULT_PREEMPTION, REASON_NO_VICTIMS) };
    }
    const fits = framework.runFilterPlugins(state, pod, nodeInfo);
    if (fits.code !== 'Success') return { victims: [], numViolating: 0, status: fits };

    potential.sort(byImportance);
    const [violating, nonViolating] = filterPodsWithPDBViolation(potential, pdbs);
    const victims: PodInfo[] = [];
    let numViolating = 0;
    const reprieve = (info: PodInfo): boolean => {
      nodeInfo.addPod(info);
      framework.runPreFilterExtensionAddPod(state, pod, info, nodeInfo);
      if (framework.runFilterPlugins(state, pod, nodeInfo).code === 'Success') return true;
      nodeInfo.removePod(info);
      framework.runPreFilterExtensionRemovePod(state, pod, info, nodeInfo);
      victims.push(info);
      return false;
    };
    for (const info of violating) if (!reprieve(info)) numViolating++;
    for (const info of nonViolating) reprieve(info);
    if (violating.length > 0 && nonViolating.length > 0) victims.sort(byImportance);
    return { victims: victims.map((info) => info.pod), numViolating, status: SUCCESS };
  };

  const eligibilityError = (pod: Pod, framework: FrameworkHandle, nodeToStatus: NodeToStatus): string => {
    if (pod.spec?.preemptionPolicy === 'Never') return MSG_NOT_ELIGIBLE_PREEMPTION_POLICY_NEVER;
    const nominated = pod.status?.nominatedNodeName;
    if (nominated && nodeToStatus.get(nominated).code !== 'UnschedulableAndUnresolvable') {
      const nodeInfo = framework.nodes.get(nominated);
      const priority = podPriority(pod);
      const terminating = nodeInfo?.pods.some(
        (info) => podPriority(info.pod) < priority && isTerminatingByPreemption(info.pod),
      );
      if (terminating) return MSG_NOT_ELIGIBLE_TERMINATING_POD;
    }
    return '';
  };

  return {
    name: DEFAULT_PREEMPTION,
    postFilter(
      state: CycleState,
      pod: Pod,
      nodeToStatus: NodeToStatus,
      framework: FrameworkHandle,
    ): PostFilterResult {
      const notEligible = eligibilityError(pod, framework, nodeToStatus);
      if (notEligible)
        return { status: unschedulable(DEFAULT_PREEMPTION, PREEMPTION_MESSAGE_PREFIX + notEligible) };

      const allNodes = framework.nodes.list;
      const potential = nodeToStatus.nodesWithCode(allNodes, 'Unschedulable');
      const statuses = new NodeToStatus();
      const candidates: Candidate[] = [];
      if (potential.length > 0) {
        const pdbs = handle.listPodDisruptionBudgets?.() ?? [];
        const offset = Math.floor(framework.rng() * potential.length);
        const wanted = numCandidates(
          potential.length,
          args.minCandidateNodesPercentage,
          args.minCandidateNodesAbsolute,
        );
        let nonViolating = 0;
        for (let i = 0; i < potential.length; i++) {
          const nodeInfo = potential[(offset + i) % potential.length]!;
          const result = selectVictimsOnNode(framework, state.clone(), pod, nodeInfo.clone(), pdbs);
          if (result.status.code === 'Success' && result.victims.length > 0) {
            candidates.push({
              name: nodeInfo.name,
              victims: result.victims,
              numPDBViolations: result.numViolating,
            });
            if (result.numViolating === 0) nonViolating++;
            if (nonViolating > 0 && candidates.length >= wanted) break;
            continue;
          }
          if (isRejected(result.status)) statuses.set(nodeInfo.name, result.status);
        }
      }

      if (candidates.length === 0) {
        statuses.absent = unresolvable(DEFAULT_PREEMPTION, REASON_NOT_HELPFUL);
        const diagnosis = newDiagnosis();
        for (const [name, status] of statuses.statuses) diagnosis.nodeToStatus.set(name, status);
        diagnosis.nodeToStatus.absent = statuses.absent;
        const message = fitErrorMessage(allNodes.length, diagnosis);
        // Clear an earlier nomination: preemption cannot help this pod now.
        return {
          status: unschedulable(DEFAULT_PREEMPTION, PREEMPTION_MESSAGE_PREFIX + message),
          nominatedNode: '',
        };
      }

      // Candidates without PDB violations come first, as upstream orders them.
      const ordered = [...candidates].sort(
        (a, b) => Number(a.numPDBViolations > 0) - Number(b.numPDBViolations > 0),
      );
      const best = pickOneNodeForPreemption(ordered)!;
      return { status: SUCCESS, nominatedNode: best.name, victims: best.victims };
    },
  };
}
