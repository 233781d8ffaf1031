import type { Container, ContainerStatus, Pod, PodCondition, PodStatus } from 'kubernetes-types/core/v1';
import { ageColumn, nameColumn } from './columns.ts';
import { humanDuration, parseTimestamp, translateTimestampSince } from './duration.ts';
import { NONE } from './format.ts';
import { column, definePrinter, type PrintContext } from './printer.ts';
import { podSpecDoc, podStatusDoc } from './swagger-docs.ts';
import type { TableCell, TableRowCondition } from './table-types.ts';

/** `node.NodeUnreachablePodReason`: the pod status reason the node lifecycle controller sets. */
export const NODE_UNREACHABLE_POD_REASON = 'NodeLost';
/** `v1.PodReasonSchedulingGated`. */
export const POD_REASON_SCHEDULING_GATED = 'SchedulingGated';

export const podColumns = [
  nameColumn,
  column('Ready', 'string', 'The aggregate readiness state of this pod for accepting traffic.'),
  column('Status', 'string', 'The aggregate status of the containers in this pod.'),
  column(
    'Restarts',
    'string',
    'The number of times the containers in this pod have been restarted and when the last container in this pod has restarted.',
  ),
  ageColumn,
  column('IP', 'string', podStatusDoc.podIP, { priority: 1 }),
  column('Node', 'string', podSpecDoc.nodeName, { priority: 1 }),
  column('Nominated Node', 'string', podStatusDoc.nominatedNodeName, { priority: 1 }),
  column('Readiness Gates', 'string', podSpecDoc.readinessGates, { priority: 1 }),
];

const podSucceededConditions: readonly TableRowCondition[] = [
  { type: 'Completed', status: 'True', reason: 'Succeeded', message: 'The pod has completed successfully.' },
];
const podFailedConditions: readonly TableRowCondition[] = [
  { type: 'Completed', status: 'True', reason: 'Failed', message: 'The pod failed.' },
];

/** The READY / STATUS / RESTARTS summary `kubectl get pods` shows. */
export interface PodSummary {
  ready: string;
  status: string;
  restarts: string;
}

const isRestartableInitContainer = (container: Container | undefined): boolean =>
  container?.restartPolicy === 'Always';

const isTerminalPhase = (phase: string | undefined): boolean => phase === 'Succeeded' || phase === 'Failed';

const hasPodReadyCondition = (conditions: readonly PodCondition[] | undefined): boolean =>
  (conditions ?? []).some((c) => c.type === 'Ready' && c.status === 'True');

function isPodInitializedConditionTrue(status: PodStatus | undefined): boolean {
  for (const condition of status?.conditions ?? []) {
    if (condition.type === 'Initialized') return condition.status === 'True';
  }
  return false;
}

/** The later of a running maximum and a container's last termination time (`finishedAt`). */
function laterRestart(latest: number | undefined, status: ContainerStatus): number | undefined {
  const finished = parseTimestamp(status.lastState?.terminated?.finishedAt);
  if (finished === undefined) return latest;
  return latest === undefined || finished > latest ? finished : latest;
}

/** The pod's READY, STATUS and RESTARTS cells, following upstream `printPod` (1.32). */
export function summarizePod(pod: Pod, now: number): PodSummary {
  const spec = pod.spec;
  const status = pod.status;
  const initContainerSpecs = spec?.initContainers ?? [];
  const phase = status?.phase;

  let restarts = 0;
  let restartableInitContainerRestarts = 0;
  let totalContainers = spec?.containers?.length ?? 0;
  let readyContainers = 0;
  let lastRestartDate: number | undefined;
  let lastRestartableInitContainerRestartDate: number | undefined;

  let reason: string = phase ?? '';
  if (status?.reason) reason = status.reason;
  for (const condition of status?.conditions ?? []) {
    if (condition.type === 'PodScheduled' && condition.reason === POD_REASON_SCHEDULING_GATED) {
      reason = POD_REASON_SCHEDULING_GATED;
    }
  }

  const initContainers = new Map<string, Container>();
  for (const container of initContainerSpecs) {
    initContainers.set(container.name, container);
    if (isRestartableInitContainer(container)) totalContainers++;
  }

  let initializing = false;
  const initStatuses = status?.initContainerStatuses ?? [];
  for (let i = 0; i < initStatuses.length; i++) {
    const container = initStatuses[i] as ContainerStatus;
    restarts += container.restartCount ?? 0;
    lastRestartDate = laterRestart(lastRestartDate, container);
    const restartable = isRestartableInitContainer(initContainers.get(container.name));
    if (restartable) {
      restartableInitContainerRestarts += container.restartCount ?? 0;
      lastRestartableInitContainerRestartDate = laterRestart(
        lastRestartableInitContainerRestartDate,
        container,
      );
    }
    const terminated = container.state?.terminated;
    const waiting = container.state?.waiting;
    if (terminated && terminated.exitCode === 0) continue;
    if (restartable && container.started === true) {
      if (container.ready) readyContainers++;
      continue;
    }
    if (terminated) {
      if (!terminated.reason) {
        reason = terminated.signal
          ? `Init:Signal:${terminated.signal}`
          : `Init:ExitCode:${terminated.exitCode ?? 0}`;
      } else {
        reason = `Init:${terminated.reason}`;
      }
    } else if (waiting?.reason && waiting.reason !== 'PodInitializing') {
      reason = `Init:${waiting.reason}`;
    } else {
      reason = `Init:${i}/${initContainerSpecs.length}`;
    }
    initializing = true;
    break;
  }

  if (!initializing || isPodInitializedConditionTrue(status)) {
    restarts = restartableInitContainerRestarts;
    lastRestartDate = lastRestartableInitContainerRestartDate;
    let hasRunning = false;
    const statuses = status?.containerStatuses ?? [];
    for (let i = statuses.length - 1; i >= 0; i--) {
      const container = statuses[i] as ContainerStatus;
      restarts += container.restartCount ?? 0;
      lastRestartDate = laterRestart(lastRestartDate, container);
      const waiting = container.state?.waiting;
      const terminated = container.state?.terminated;
      if (waiting?.reason) {
        reason = waiting.reason;
      } else if (terminated?.reason) {
        reason = terminated.reason;
      } else if (terminated) {
        reason = terminated.signal ? `Signal:${terminated.signal}` : `ExitCode:${terminated.exitCode ?? 0}`;
      } else if (container.ready && container.state?.running) {
        hasRunning = true;
        readyContainers++;
      }
    }
    // A Completed container next to a still-running one does not make the pod Completed.
    if (reason === 'Completed' && hasRunning) {
      reason = hasPodReadyCondition(status?.conditions) ? 'Running' : 'NotReady';
    }
  }

  const deleting = Boolean(pod.metadata?.deletionTimestamp);
  if (deleting && status?.reason === NODE_UNREACHABLE_POD_REASON) {
    reason = 'Unknown';
  } else if (deleting && !isTerminalPhase(phase)) {
    reason = 'Terminating';
  }

  let restartsText = String(restarts);
  if (restarts !== 0 && lastRestartDate !== undefined) {
    restartsText = `${restarts} (${humanDuration(now - lastRestartDate)} ago)`;
  }
  return { ready: `${readyContainers}/${totalContainers}`, status: reason, restarts: restartsText };
}

function readinessGates(pod: Pod): string {
  const gates = pod.spec?.readinessGates ?? [];
  if (gates.length === 0) return NONE;
  const conditions = pod.status?.conditions ?? [];
  let trueConditions = 0;
  for (const gate of gates) {
    const condition = conditions.find((c: PodCondition) => c.type === gate.conditionType);
    if (condition?.status === 'True') trueConditions++;
  }
  return `${trueConditions}/${gates.length}`;
}

/** The first pod IP; v1→internal conversion makes a set `podIP` authoritative over `podIPs`. */
function podIP(status: PodStatus | undefined): string {
  return status?.podIP || status?.podIPs?.[0]?.ip || '';
}

function podCells(pod: Pod, { now }: PrintContext): TableCell[] {
  const summary = summarizePod(pod, now);
  return [
    pod.metadata?.name ?? '',
    summary.ready,
    summary.status,
    summary.restarts,
    translateTimestampSince(pod.metadata?.creationTimestamp, now),
    podIP(pod.status) || NONE,
    pod.spec?.nodeName || NONE,
    pod.status?.nominatedNodeName || NONE,
    readinessGates(pod),
  ];
}

function podConditions(pod: Pod): TableRowCondition[] | undefined {
  switch (pod.status?.phase) {
    case 'Succeeded':
      return podSucceededConditions.map((c) => ({ ...c }));
    case 'Failed':
      return podFailedConditions.map((c) => ({ ...c }));
    default:
      return undefined;
  }
}

export const podPrinter = definePrinter<Pod>({
  group: '',
  resource: 'pods',
  columns: podColumns,
  cells: podCells,
  conditions: podConditions,
});
