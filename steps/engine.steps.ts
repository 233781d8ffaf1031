import { defineStep } from './support/step-registry.ts';
import type { KukeWorld } from './world.ts';

const domain = 'Bundled engine';

async function nodeAction(world: KukeWorld, name: string, action: 'fail' | 'recover'): Promise<void> {
  world.require('engineControl', `the bundled engine to ${action} node "${name}"`);
  await world.target.client.json('POST', `/kuke/v1/nodes/${encodeURIComponent(name)}/${action}`);
}

defineStep(
  {
    domain,
    keyword: 'When',
    pattern: 'node {string} fails',
    example: 'When node "worker-1" fails',
    description:
      "The node's kubelet stops heartbeating (as if the machine lost power): after the grace period the node goes NotReady, is tainted unreachable, and its pods are evicted after their tolerationSeconds.",
    bundledOnly: true,
  },
  async function (this: KukeWorld, name: string) {
    await nodeAction(this, name, 'fail');
  },
);

defineStep(
  {
    domain,
    keyword: 'When',
    pattern: 'node {string} recovers',
    example: 'When node "worker-1" recovers',
    description: "The node's kubelet heartbeats again: the node becomes Ready and its taints go.",
    bundledOnly: true,
  },
  async function (this: KukeWorld, name: string) {
    await nodeAction(this, name, 'recover');
  },
);
