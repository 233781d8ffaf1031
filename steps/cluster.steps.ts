import { defineStep } from './support/step-registry.ts';
import type { KukeWorld } from './world.ts';

const domain = 'Cluster';

defineStep(
  {
    domain,
    keyword: 'Given',
    pattern: 'a cluster like {cluster}',
    example: 'Given a cluster like "three-nodes"',
    description:
      'Runs the scenario on a fresh bundled cluster made from that fixture of fixtures/clusters/ (`minikube`, `"three-nodes"`, …), as a `@cluster:` tag does. It must come before any step that talks to the cluster (first in the scenario or its Background). Other targets skip the scenario.',
    bundledOnly: true,
  },
  async function (this: KukeWorld, name: string) {
    await this.useCluster(name);
  },
);

defineStep(
  {
    domain,
    keyword: 'Given',
    pattern: 'the cluster has {int} node(s) with {int} CPU(s) and {word} of memory each',
    example: 'Given the cluster has 1 node with 2 CPUs and 2Gi of memory each',
    description:
      "Checks the target cluster's nodes (count, cpu and memory capacity); on another shape the scenario is skipped, since its expectations depend on it. On the bundled engine choose the shape with `Given a cluster like minikube` or a tag such as @cluster:minikube.",
  },
  async function (this: KukeWorld, count: number, cpus: number, memory: string) {
    const nodes = await this.client.list('v1', 'Node', undefined);
    const shape = nodes.map((n) => (n.status as { capacity?: Record<string, string> }).capacity ?? {});
    const matches =
      nodes.length === count && shape.every((c) => c.cpu === String(cpus) && c.memory === memory);
    if (!matches) {
      this.skipReason = `skipped on ${this.target.targetName}: needs ${count} node(s) of ${cpus} CPU / ${memory}, the cluster has ${shape
        .map((c) => `${c.cpu} CPU / ${c.memory}`)
        .join(', ')}`;
      this.log(`SKIPPED: ${this.skipReason}`);
      return 'skipped';
    }
    return undefined;
  },
);

defineStep(
  {
    domain,
    keyword: 'When',
    pattern: '{duration} pass(es)',
    example: 'When 5 minutes pass',
    description: 'Lets cluster time pass (instant on the bundled engine, real waiting elsewhere).',
  },
  async function (this: KukeWorld, ms: number) {
    await this.target.clock.pass(ms);
  },
);

defineStep(
  {
    domain,
    keyword: 'When',
    pattern: 'I cordon node {string}',
    example: 'When I cordon node "worker-1"',
    description:
      'Marks the node unschedulable (spec.unschedulable), like `kubectl cordon`: running pods stay, new ones go elsewhere.',
  },
  async function (this: KukeWorld, node: string) {
    await this.cordon(node, true);
  },
);

defineStep(
  {
    domain,
    keyword: 'When',
    pattern: 'I uncordon node {string}',
    example: 'When I uncordon node "worker-1"',
    description: 'Marks the node schedulable again, like `kubectl uncordon`.',
  },
  async function (this: KukeWorld, node: string) {
    await this.cordon(node, false);
  },
);
