import type { Pod } from 'kubernetes-types/core/v1';
import { kubeletIdentity } from '../api/component-identities.ts';
import type { ExecTarget, PodExecRequest } from '../api/remotecommand/exec-target.ts';
import type { Controller } from '../controllers/runtime/controller.ts';
import { CpuLoads } from './cpu-load.ts';
import { type EvictionConfig, evictionConfig, type KubeletEvictionSettings } from './eviction/thresholds.ts';
import type { ImageProfileSet } from './image-profiles/index.ts';
import { Kubelet } from './kubelet.ts';
import type { ReportedNodeConditions } from './node-conditions.ts';
import { podExec } from './pod-exec.ts';
import type { PodLogOptions } from './pod-logs.ts';
import { podLogs } from './pod-logs.ts';

/** All kubelets of the simulated cluster: one per Node object, started when the node appears. */
export class KubeletFleet {
  private readonly kubelets = new Map<string, Kubelet>();
  /** Kubelet settings of the nodes the cluster fixture configures; the others use the defaults. */
  private readonly settings = new Map<string, EvictionConfig>();
  /** Conditions the cluster fixture says a node reports. */
  private readonly reported = new Map<string, ReportedNodeConditions>();
  private now: () => number = Date.now;
  private execCount = 0;
  private listPods: (namespace: string) => readonly Pod[] = () => [];
  /** CPU load from outside the cluster on groups of pods, shared by the pods that serve it. */
  readonly loads = new CpuLoads((namespace) => this.listPods(namespace));

  constructor(private readonly profiles: ImageProfileSet) {}

  readonly controller: Controller = {
    name: 'kubelet',
    start: (context) => {
      this.now = () => context.clock.now();
      this.listPods = (namespace) => context.informers.for('/pods').list(namespace) as unknown as Pod[];
      context.informers.for('/nodes').addHandlers({
        add: (node) => {
          const name = node.metadata.name ?? '';
          if (this.kubelets.has(name)) return;
          // Each kubelet writes as its node: system:node:<node>, field manager kubelet.
          const kubelet = new Kubelet(
            name,
            context.as(kubeletIdentity(name)),
            this.profiles,
            this.settings.get(name),
            this.loads,
            this.reported.get(name),
          );
          this.kubelets.set(name, kubelet);
          kubelet.start();
          for (const pod of context.informers.for('/pods').list()) kubelet.podChanged(pod as unknown as Pod);
        },
        delete: (node) => {
          this.kubelets.get(node.metadata.name ?? '')?.stop();
          this.kubelets.delete(node.metadata.name ?? '');
        },
      });
      const route = (pod: Pod) => {
        const node = pod.spec?.nodeName;
        if (node) this.kubelets.get(node)?.podChanged(pod);
      };
      context.informers.for('/pods').addHandlers({
        add: (pod) => route(pod as unknown as Pod),
        update: (pod) => route(pod as unknown as Pod),
        delete: (pod) => {
          const node = (pod as unknown as Pod).spec?.nodeName;
          if (node) this.kubelets.get(node)?.podDeleted(pod as unknown as Pod);
        },
      });
    },
  };

  /**
   * The kubelet settings (eviction thresholds) of a node and the conditions it reports, before its
   * Node object is registered.
   */
  configure(
    nodeName: string,
    settings: KubeletEvictionSettings | undefined,
    reported?: ReportedNodeConditions,
  ): void {
    if (settings) this.settings.set(nodeName, evictionConfig(settings));
    else this.settings.delete(nodeName);
    if (reported) this.reported.set(nodeName, reported);
    else this.reported.delete(nodeName);
  }

  kubelet(nodeName: string): Kubelet | undefined {
    return this.kubelets.get(nodeName);
  }

  /**
   * Fails a node: its kubelet stops heartbeating and reporting (the node lifecycle controller
   * then marks it NotReady and taints it). Throws for an unknown node.
   */
  failNode(nodeName: string): void {
    this.require(nodeName).disconnect();
  }

  /** Brings a failed node back: Ready again, lease renewed, its pods caught up. */
  recoverNode(nodeName: string): void {
    this.require(nodeName).reconnect();
  }

  /** Whether the node was failed with failNode and not recovered since. */
  isNodeFailed(nodeName: string): boolean {
    return !this.require(nodeName).connected;
  }

  private require(nodeName: string): Kubelet {
    const kubelet = this.kubelets.get(nodeName);
    if (!kubelet) throw new Error(`no node "${nodeName}" in the simulated cluster`);
    return kubelet;
  }

  /** The kubelets, by node name. */
  get all(): ReadonlyMap<string, Kubelet> {
    return this.kubelets;
  }

  /** `kubectl logs`, answered by the kubelet running the pod. */
  logs(pod: Pod, options: PodLogOptions): string {
    return podLogs(this, pod, options, this.now());
  }

  /** `kubectl exec`: the running container the kubelet would exec into, or its error. */
  exec(pod: Pod, request: PodExecRequest): ExecTarget | { error: string } {
    return podExec(this, pod, request, this.now, () => ++this.execCount);
  }

  stop(): void {
    for (const kubelet of this.kubelets.values()) kubelet.stop();
    this.kubelets.clear();
  }
}
