import type { KubeObject } from '../harness/kube/kube-client.ts';
import { defineStep, defineWaitStep } from './support/step-registry.ts';
import type { KukeWorld } from './world.ts';

const domain = 'Workloads';

interface DeploymentView {
  generation: number;
  observed: number;
  replicas: number;
  updated: number;
  available: number;
  total: number;
}

function view(deployment: KubeObject | undefined): DeploymentView | undefined {
  if (!deployment) return undefined;
  const spec = deployment.spec as { replicas?: number } | undefined;
  const status = (deployment.status ?? {}) as {
    observedGeneration?: number;
    updatedReplicas?: number;
    availableReplicas?: number;
    replicas?: number;
  };
  return {
    generation: Number(deployment.metadata.generation ?? 0),
    observed: status.observedGeneration ?? 0,
    replicas: spec?.replicas ?? 1,
    updated: status.updatedReplicas ?? 0,
    available: status.availableReplicas ?? 0,
    total: status.replicas ?? 0,
  };
}

/** `kubectl rollout status`'s test: the controller saw the latest spec and every replica is new and available. */
function rolledOut(v: DeploymentView | undefined): boolean {
  return (
    v !== undefined &&
    v.observed >= v.generation &&
    v.updated === v.replicas &&
    v.total === v.replicas &&
    v.available === v.replicas
  );
}

defineWaitStep(
  {
    domain,
    keyword: 'Then',
    pattern: 'deployment {string} is rolled out',
    example: 'Then within 2 minutes deployment "web" is rolled out',
    description:
      'The rollout is complete as `kubectl rollout status` judges it: observedGeneration caught up, and all replicas updated and available, with no old ones left.',
  },
  async function (this: KukeWorld, timeoutMs: number, name: string) {
    await this.eventually(
      `deployment "${name}" rolled out`,
      async () => {
        const v = view(await this.object('deployment', name));
        return { ok: rolledOut(v), observed: v };
      },
      timeoutMs,
      (v) =>
        v
          ? `generation ${v.generation} observed ${v.observed}; ${v.updated} of ${v.replicas} updated, ${v.available} available, ${v.total} in total`
          : 'no such deployment',
    );
  },
);

defineStep(
  {
    domain,
    keyword: 'Then',
    pattern: 'deployment {string} has {int} ReplicaSet(s)',
    example: 'Then deployment "web" has 2 ReplicaSets',
    description: 'Counts the ReplicaSets the deployment controls (its revision history).',
  },
  async function (this: KukeWorld, name: string, count: number) {
    const deployment = await this.object('deployment', name);
    if (!deployment) throw new Error(`no deployment "${name}"`);
    const sets = (await this.client.list('apps/v1', 'ReplicaSet', this.namespace)).filter((rs) =>
      rs.metadata.ownerReferences?.some((ref) => ref.controller && ref.uid === deployment.metadata.uid),
    );
    if (sets.length !== count) {
      throw new Error(
        `deployment "${name}" has ${sets.length} ReplicaSets (${sets.map((s) => s.metadata.name).join(', ')}), expected ${count}`,
      );
    }
  },
);

defineStep(
  {
    domain,
    keyword: 'When',
    pattern: 'I scale {word} {string} to {int} replica(s)',
    example: 'When I scale deployment "web" to 5 replicas',
    description:
      'Sets the replicas of a Deployment, ReplicaSet, StatefulSet (or any kind with a scale subresource) through its scale subresource, like `kubectl scale`.',
  },
  async function (this: KukeWorld, kind: string, name: string, replicas: number) {
    await this.scale(kind, name, replicas);
  },
);
