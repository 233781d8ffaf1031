import type { Node, Pod, PodCondition, Taint, Toleration } from 'kubernetes-types/core/v1';
import { ApiError } from '../api/errors.ts';
import type { KubeObject } from '../api/types.ts';
import type { TimerId } from '../clock/clock.ts';
import { toRfc3339 } from '../clock/clock.ts';
import { toleratesTaint } from '../scheduler/framework/tolerations.ts';
import type { Controller, ControllerContext } from './runtime/controller.ts';
import type { EventRecorder } from './runtime/event-recorder.ts';

const NODES = '/nodes';
const PODS = '/pods';

export const TAINT_MANAGER_EVICTION = 'TaintManagerEviction';
export const DISRUPTION_TARGET_REASON = 'DeletionByTaintManager';
export const DISRUPTION_TARGET_MESSAGE = 'Taint manager: deleting due to NoExecute taint';

/** `Marking for deletion Pod ns/name`. */
export function markingForDeletionMessage(namespace: string, name: string): string {
  return `Marking for deletion Pod ${namespace}/${name}`;
}

/** `Cancelling deletion of Pod ns/name`. */
export function cancellingDeletionMessage(namespace: string, name: string): string {
  return `Cancelling deletion of Pod ${namespace}/${name}`;
}

interface ScheduledEviction {
  createdAt: number;
  fireAt: number;
  timer: TimerId;
}

/**
 * The taint eviction controller (pkg/controller/tainteviction): pods on a node with NoExecute
 * taints they do not tolerate are deleted at once; pods that tolerate them for
 * tolerationSeconds are deleted when that time is up, unless the taints go first.
 */
export const taintEvictionController: Controller = {
  name: 'taint-eviction-controller',
  start(context) {
    new TaintEviction(context).start();
  },
};

class TaintEviction {
  private readonly taintedNodes = new Map<string, Taint[]>();
  /** Evictions scheduled, and (with no timer) evictions already carried out, by `ns/name`. */
  private readonly work = new Map<string, ScheduledEviction | null>();
  private readonly recorder: EventRecorder;

  constructor(private readonly context: ControllerContext) {
    this.recorder = context.events.recorder('taint-eviction-controller');
  }

  start(): void {
    const { informers } = this.context;
    informers.for(NODES).addHandlers({
      add: (node) => this.nodeUpdated(node as unknown as Node),
      update: (node) => this.nodeUpdated(node as unknown as Node),
      delete: (node) => this.taintedNodes.delete(node.metadata.name ?? ''),
    });
    informers.for(PODS).addHandlers({
      add: (pod) => this.podUpdated(pod as unknown as Pod),
      update: (pod, old) => {
        const p = pod as unknown as Pod;
        const o = old as unknown as Pod;
        if (
          p.spec?.nodeName === o.spec?.nodeName &&
          JSON.stringify(p.spec?.tolerations) === JSON.stringify(o.spec?.tolerations)
        ) {
          return;
        }
        this.podUpdated(p);
      },
      delete: (pod) => this.cancelWithEvent(pod.metadata.namespace ?? '', pod.metadata.name ?? ''),
    });
  }

  private nodeUpdated(node: Node): void {
    const name = node.metadata?.name ?? '';
    const taints = (node.spec?.taints ?? []).filter((t) => t.effect === 'NoExecute');
    const before = this.taintedNodes.get(name) ?? [];
    if (JSON.stringify(before) === JSON.stringify(taints)) return;
    if (taints.length === 0) this.taintedNodes.delete(name);
    else this.taintedNodes.set(name, taints);
    for (const pod of this.context.informers.for(PODS).list() as unknown as Pod[]) {
      if (pod.spec?.nodeName !== name) continue;
      const { namespace = '', name: podName = '' } = pod.metadata ?? {};
      if (taints.length === 0) this.cancelWithEvent(namespace, podName);
      else this.processPodOnNode(pod, taints);
    }
  }

  private podUpdated(pod: Pod): void {
    const nodeName = pod.spec?.nodeName;
    if (!nodeName) return;
    const taints = this.taintedNodes.get(nodeName);
    if (!taints) return;
    this.processPodOnNode(pod, taints);
  }

  private processPodOnNode(pod: Pod, taints: Taint[]): void {
    const { namespace = '', name = '' } = pod.metadata ?? {};
    const key = `${namespace}/${name}`;
    const now = this.context.clock.now();
    const used = matchingTolerations(taints, pod.spec?.tolerations ?? []);
    if (!used) {
      this.cancelWithEvent(namespace, name);
      this.schedule(key, namespace, name, now, now);
      return;
    }
    const minToleration = minTolerationTime(used);
    if (minToleration < 0) {
      this.cancelWithEvent(namespace, name);
      return;
    }
    let startTime = now;
    const triggerTime = now + minToleration;
    const scheduled = this.work.get(key);
    if (scheduled) {
      startTime = scheduled.createdAt;
      if (startTime + minToleration < triggerTime) return;
      this.cancelWithEvent(namespace, name);
    }
    this.schedule(key, namespace, name, startTime, startTime + minToleration);
  }

  private schedule(key: string, namespace: string, name: string, createdAt: number, fireAt: number): void {
    if (this.work.has(key)) return;
    const timer = this.context.clock.setTimer(
      fireAt,
      () => this.evict(key, namespace, name),
      `taint eviction ${key}`,
    );
    this.work.set(key, { createdAt, fireAt, timer });
  }

  private cancelWithEvent(namespace: string, name: string): void {
    const key = `${namespace}/${name}`;
    if (!this.work.has(key)) return;
    const scheduled = this.work.get(key);
    this.work.delete(key);
    if (!scheduled) return;
    this.context.clock.cancelTimer(scheduled.timer);
    this.recorder.event(
      podReference(namespace, name),
      'Normal',
      TAINT_MANAGER_EVICTION,
      cancellingDeletionMessage(namespace, name),
    );
  }

  /** deletePodHandler: the event, the DisruptionTarget condition, then a graceful delete. */
  private evict(key: string, namespace: string, name: string): void {
    this.work.set(key, null);
    this.recorder.event(
      podReference(namespace, name),
      'Normal',
      TAINT_MANAGER_EVICTION,
      markingForDeletionMessage(namespace, name),
    );
    const { client, clock } = this.context;
    const pod = client.get(PODS, namespace, name) as unknown as Pod | undefined;
    if (!pod) return;
    const conditions = pod.status?.conditions ?? [];
    if (!conditions.some((c) => c.type === 'DisruptionTarget' && c.status === 'True')) {
      const condition: PodCondition = {
        type: 'DisruptionTarget',
        status: 'True',
        lastProbeTime: null as unknown as string,
        lastTransitionTime: toRfc3339(clock.now()),
        reason: DISRUPTION_TARGET_REASON,
        message: DISRUPTION_TARGET_MESSAGE,
      };
      try {
        client.updateStatus(PODS, {
          ...(pod as unknown as KubeObject),
          status: {
            ...pod.status,
            conditions: [...conditions.filter((c) => c.type !== 'DisruptionTarget'), condition],
          },
        });
      } catch (error) {
        if (!(error instanceof ApiError)) throw error;
      }
    }
    client.delete(PODS, namespace, name);
  }
}

/** The reference upstream puts on its eviction events: kind, name and namespace only. */
function podReference(namespace: string, name: string): KubeObject {
  return { apiVersion: 'v1', kind: 'Pod', metadata: { namespace, name } };
}

/** GetMatchingTolerations: the toleration used for each taint, or undefined if one is not tolerated. */
export function matchingTolerations(
  taints: readonly Taint[],
  tolerations: readonly Toleration[],
): Toleration[] | undefined {
  const used: Toleration[] = [];
  for (const taint of taints) {
    const toleration = tolerations.find((t) => toleratesTaint(t, taint));
    if (!toleration) return undefined;
    used.push(toleration);
  }
  return used;
}

/** getMinTolerationTime in ms: 0 with no tolerations, -1 when every one tolerates forever. */
export function minTolerationTime(tolerations: readonly Toleration[]): number {
  if (tolerations.length === 0) return 0;
  let min = Number.POSITIVE_INFINITY;
  for (const toleration of tolerations) {
    if (toleration.tolerationSeconds === undefined || toleration.tolerationSeconds === null) continue;
    if (toleration.tolerationSeconds <= 0) return 0;
    min = Math.min(min, toleration.tolerationSeconds);
  }
  return Number.isFinite(min) ? min * 1000 : -1;
}
