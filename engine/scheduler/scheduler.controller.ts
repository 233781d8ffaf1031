import type {
  Node,
  PersistentVolume,
  PersistentVolumeClaim,
  Pod,
  PodCondition,
} from 'kubernetes-types/core/v1';
import type { StorageClass } from 'kubernetes-types/storage/v1';
import { ApiError } from '../api/errors.ts';
import type { KubeObject } from '../api/types.ts';
import { toRfc3339 } from '../clock/clock.ts';
import type { Controller, ControllerContext } from '../controllers/runtime/controller.ts';
import type { EventRecorder } from '../controllers/runtime/event-recorder.ts';
import { objectKey, splitKey } from '../controllers/runtime/work-queue.ts';
import { NodeInfoSnapshot } from './framework/node-info.ts';
import { isScheduled, scheduleOne } from './framework/schedule-one.ts';
import {
  DISRUPTION_TARGET_CONDITION,
  preemptedEventMessage,
  preemptingConditionMessage,
  REASON_PREEMPTION_BY_SCHEDULER,
} from './plugins/default-preemption.plugin.ts';
import { createDefaultProfile, DEFAULT_SCHEDULER_NAME } from './plugins/default-registry.ts';

const PODS = '/pods';
const INITIAL_BACKOFF_MS = 1_000;
const MAX_BACKOFF_MS = 10_000;
/** Unschedulable pods are retried at least this often even if nothing changed (podMaxInUnschedulablePodsDuration). */
const UNSCHEDULABLE_FLUSH_MS = 5 * 60_000;

/**
 * The default scheduler: keeps a cache of nodes and their pods, schedules pending pods one at a
 * time with the default profile, binds them, and for pods that fit nowhere records
 * PodScheduled=False/Unschedulable and a FailedScheduling event, retrying with back-off when the
 * cluster changes.
 */
export const schedulerController: Controller = {
  name: 'scheduler',
  start(context) {
    new Scheduler(context).start();
  },
};

class Scheduler {
  private readonly snapshot = new NodeInfoSnapshot();
  private readonly attempts = new Map<string, number>();
  private readonly unschedulable = new Set<string>();
  private readonly cursor = { nextStartNodeIndex: 0 };
  private readonly recorder: EventRecorder;
  private readonly rng: () => number;
  private readonly queue;

  constructor(private readonly context: ControllerContext) {
    this.recorder = context.events.recorder(
      DEFAULT_SCHEDULER_NAME,
      'kuke-control-plane',
      'events-api',
      'Scheduling',
    );
    const random = context.random.fork('scheduler');
    this.rng = () => random.next();
    this.queue = context.queue('scheduler', (key) => this.scheduleKey(key));
  }

  private readonly profile = createDefaultProfile({
    getPersistentVolumeClaim: (namespace, name) =>
      this.context.informers.for('/persistentvolumeclaims').get(namespace, name) as unknown as
        | PersistentVolumeClaim
        | undefined,
    getPersistentVolume: (name) =>
      this.context.informers.for('/persistentvolumes').get('', name) as unknown as
        | PersistentVolume
        | undefined,
    getStorageClass: (name) =>
      this.context.informers.for('storage.k8s.io/storageclasses').get('', name) as unknown as
        | StorageClass
        | undefined,
    getNamespaceLabels: (namespace) =>
      this.context.informers.for('/namespaces').get('', namespace)?.metadata.labels ?? {},
  });

  start(): void {
    const { informers } = this.context;
    // Like VolumeBinding's queueing hints: a claim, volume or class change may let a pod fit.
    const retry = () => this.retryUnschedulable();
    for (const resource of [
      '/persistentvolumeclaims',
      '/persistentvolumes',
      'storage.k8s.io/storageclasses',
    ]) {
      informers.for(resource).addHandlers({ add: retry, update: retry });
    }
    informers.for('/nodes').addHandlers({
      add: (node) => {
        this.snapshot.setNode(node as unknown as Node);
        this.retryUnschedulable();
      },
      update: (node) => {
        this.snapshot.setNode(node as unknown as Node);
        this.retryUnschedulable();
      },
      delete: (node) => this.snapshot.removeNode(node.metadata.name ?? ''),
    });
    informers.for(PODS).addHandlers({
      add: (object) => this.podSeen(object as unknown as Pod),
      update: (object, previous) => {
        const pod = object as unknown as Pod;
        const before = previous as unknown as Pod;
        this.podSeen(pod);
        const nowTerminal = pod.status?.phase === 'Succeeded' || pod.status?.phase === 'Failed';
        const wasTerminal = before.status?.phase === 'Succeeded' || before.status?.phase === 'Failed';
        if (pod.spec?.nodeName && nowTerminal && !wasTerminal) this.retryUnschedulable();
      },
      delete: (object) => {
        const pod = object as unknown as Pod;
        this.snapshot.removePod(pod);
        const key = objectKey(object);
        this.unschedulable.delete(key);
        this.attempts.delete(key);
        if (pod.spec?.nodeName) this.retryUnschedulable();
      },
    });
  }

  private podSeen(pod: Pod): void {
    if (pod.spec?.nodeName) {
      this.snapshot.updatePod(pod);
      return;
    }
    if (!this.responsibleFor(pod)) return;
    const key = objectKey(pod as unknown as KubeObject);
    if (!this.unschedulable.has(key)) this.queue.add(key);
  }

  private responsibleFor(pod: Pod): boolean {
    return (
      (pod.spec?.schedulerName ?? DEFAULT_SCHEDULER_NAME) === DEFAULT_SCHEDULER_NAME &&
      !pod.metadata?.deletionTimestamp &&
      !pod.spec?.nodeName
    );
  }

  /** A change that may let pending pods fit: retry them after their back-off. */
  private retryUnschedulable(): void {
    for (const key of this.unschedulable) {
      this.unschedulable.delete(key);
      const attempts = this.attempts.get(key) ?? 1;
      this.queue.addAfter(key, Math.min(INITIAL_BACKOFF_MS * 2 ** (attempts - 1), MAX_BACKOFF_MS));
    }
  }

  private scheduleKey(key: string): void {
    const { namespace, name } = splitKey(key);
    const pod = this.context.informers.for(PODS).get(namespace, name) as unknown as Pod | undefined;
    if (!pod || !this.responsibleFor(pod)) return;
    this.unschedulable.delete(key);
    const result = scheduleOne(pod, this.snapshot, this.profile, this.rng, { cursor: this.cursor });
    const now = this.context.clock.now();
    if (isScheduled(result)) {
      try {
        const bound = this.context.client.bind(namespace, name, result.node, now) as unknown as Pod;
        this.snapshot.addPod(bound);
        this.attempts.delete(key);
        this.recorder.event(
          bound as unknown as KubeObject,
          'Normal',
          'Scheduled',
          `Successfully assigned ${namespace}/${name} to ${result.node}`,
        );
      } catch (error) {
        if (!(error instanceof ApiError)) throw error;
      }
      return;
    }
    this.attempts.set(key, (this.attempts.get(key) ?? 0) + 1);
    for (const victim of result.victims ?? []) this.preempt(victim, pod, result.nominatedNode ?? '', now);
    this.markUnschedulable(pod, result.reason, result.message, result.nominatedNode, now);
    this.recorder.event(pod as unknown as KubeObject, 'Warning', 'FailedScheduling', result.message);
    this.unschedulable.add(key);
    this.queue.addAfter(key, UNSCHEDULABLE_FLUSH_MS);
    if (result.nominatedNode) this.queue.addAfter(key, INITIAL_BACKOFF_MS);
  }

  /**
   * prepareCandidate: marks the victim as a disruption target, deletes it (gracefully) and says
   * so in a Preempted event, as kube-scheduler does.
   */
  private preempt(victim: Pod, preemptor: Pod, nodeName: string, now: number): void {
    const namespace = victim.metadata?.namespace ?? '';
    const name = victim.metadata?.name ?? '';
    const conditions = victim.status?.conditions ?? [];
    try {
      if (!conditions.some((c) => c.type === DISRUPTION_TARGET_CONDITION && c.status === 'True')) {
        const condition: PodCondition = {
          type: DISRUPTION_TARGET_CONDITION,
          status: 'True',
          lastTransitionTime: toRfc3339(now),
          reason: REASON_PREEMPTION_BY_SCHEDULER,
          message: preemptingConditionMessage(preemptor.spec?.schedulerName ?? DEFAULT_SCHEDULER_NAME),
        };
        const marked = { ...victim, status: { ...victim.status, conditions: [...conditions, condition] } };
        this.context.client.updateStatus(PODS, marked as unknown as KubeObject);
      }
      this.context.client.delete(PODS, namespace, name);
    } catch (error) {
      if (!(error instanceof ApiError)) throw error;
      return;
    }
    this.recorder.event(
      victim as unknown as KubeObject,
      'Normal',
      'Preempted',
      preemptedEventMessage(preemptor.metadata?.uid ?? '', nodeName),
    );
  }

  private markUnschedulable(
    pod: Pod,
    reason: string,
    message: string,
    nominatedNode: string | undefined,
    now: number,
  ): void {
    const existing = pod.status?.conditions?.find((c) => c.type === 'PodScheduled');
    const condition: PodCondition = {
      type: 'PodScheduled',
      status: 'False',
      lastProbeTime: null as unknown as string,
      lastTransitionTime:
        existing?.status === 'False' ? (existing.lastTransitionTime ?? toRfc3339(now)) : toRfc3339(now),
      reason,
      message,
    };
    const sameCondition =
      existing && existing.status === 'False' && existing.reason === reason && existing.message === message;
    const nomination =
      nominatedNode === undefined ? pod.status?.nominatedNodeName : nominatedNode || undefined;
    if (sameCondition && nomination === pod.status?.nominatedNodeName) return;
    const conditions = [
      ...(pod.status?.conditions ?? []).filter((c) => c.type !== 'PodScheduled'),
      condition,
    ];
    const status = { ...pod.status, conditions, ...(nomination ? { nominatedNodeName: nomination } : {}) };
    if (!nomination) delete (status as { nominatedNodeName?: string }).nominatedNodeName;
    try {
      this.context.client.updateStatus(PODS, { ...(pod as unknown as KubeObject), status });
    } catch (error) {
      if (!(error instanceof ApiError)) throw error;
    }
  }
}
