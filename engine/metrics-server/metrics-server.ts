// metrics-server, as an add-on of the bundled cluster: it reads the simulated kubelets' usage.
import type { Node, Pod } from 'kubernetes-types/core/v1';
import type { Clock } from '../clock/clock.ts';
import type { KubeletFleet } from '../kubelet/kubelet.controller.ts';
import type { ObjectStore } from '../store/store.ts';
import type { NodeUsageSample, PodUsageSample, ResourceMetricsSource } from './resource-metrics.ts';

/**
 * The resource metrics of the bundled cluster at the current cluster time, from what each node's
 * kubelet reports for its running containers (CPU after throttling, memory working set). Nodes
 * cut off from the control plane cannot be scraped, so they and their pods have no metrics; pods
 * are reported while Running, as metrics-server reports them.
 */
export class MetricsServer implements ResourceMetricsSource {
  constructor(
    private readonly store: ObjectStore,
    private readonly fleet: KubeletFleet,
    private readonly clock: Clock,
  ) {}

  now(): number {
    return this.clock.now();
  }

  hasPod(namespace: string, name: string): boolean {
    return this.store.get('/pods', namespace, name) !== undefined;
  }

  pods(namespace?: string): PodUsageSample[] {
    const now = this.clock.now();
    const samples: PodUsageSample[] = [];
    for (const object of this.store.list('/pods', namespace)) {
      const pod = object as unknown as Pod;
      if (pod.status?.phase !== 'Running' || !pod.spec?.nodeName) continue;
      const kubelet = this.fleet.kubelet(pod.spec.nodeName);
      if (!kubelet?.connected) continue;
      const stats = kubelet.worker(pod.metadata?.uid ?? '')?.containerStats(now);
      if (!stats || stats.length === 0) continue;
      samples.push({
        namespace: pod.metadata?.namespace ?? '',
        name: pod.metadata?.name ?? '',
        labels: pod.metadata?.labels ?? {},
        containers: stats.map((s) => ({
          name: s.name,
          cpuMillicores: s.cpuMillicores,
          workingSetBytes: s.workingSetBytes,
        })),
      });
    }
    return samples;
  }

  nodes(): NodeUsageSample[] {
    const now = this.clock.now();
    const samples: NodeUsageSample[] = [];
    for (const object of this.store.list('/nodes')) {
      const node = object as unknown as Node;
      const name = node.metadata?.name ?? '';
      const kubelet = this.fleet.kubelet(name);
      if (!kubelet?.connected) continue;
      let cpuMillicores = 0;
      let workingSetBytes = 0;
      for (const pod of kubelet.podWorkers()) {
        for (const container of pod.containerStats(now) ?? []) {
          cpuMillicores += container.cpuMillicores;
          workingSetBytes += container.workingSetBytes;
        }
      }
      samples.push({ name, labels: node.metadata?.labels ?? {}, cpuMillicores, workingSetBytes });
    }
    return samples;
  }
}
