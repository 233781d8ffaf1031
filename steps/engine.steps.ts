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

/** The lines an image behaviour doc string is wrapped in to make a whole ImageProfile. */
const PROFILE_HEADER_LINES = 7;

defineStep(
  {
    domain,
    keyword: 'Given',
    pattern: 'the image {string} behaves like:',
    example:
      'Given the image "acme/leaky:1.0" behaves like:\n  """yaml\n  memory:\n    growth: { from: 10Mi, perSecond: 5Mi, max: 1Gi }\n  """',
    description:
      "For this scenario, containers of the image do what the doc string says (the behaviour fields of an image profile, see docs/image-profiles.md), overriding kuke's own profiles.",
    bundledOnly: true,
  },
  async function (this: KukeWorld, image: string, behaviour: string) {
    this.require('engineControl', `the bundled engine to script what image "${image}" does`);
    const indented = behaviour
      .split('\n')
      .map((line) => `    ${line}`)
      .join('\n');
    const profile = [
      'apiVersion: kuke.dev/v1alpha1',
      'kind: ImageProfile',
      'metadata:',
      `  name: scenario-${image.toLowerCase().replace(/[^a-z0-9.-]+/g, '-')}`,
      'spec:',
      `  images: [${JSON.stringify(image)}]`,
      '  defaults:',
      indented,
    ].join('\n');
    const source = this.docSource();
    const query = new URLSearchParams({
      source: source.file,
      line: String(source.line - PROFILE_HEADER_LINES),
    });
    const response = await this.target.client.raw('POST', `/kuke/v1/images?${query}`, profile, {
      'content-type': 'application/yaml',
    });
    if (response.status !== 201) throw new Error(JSON.parse(response.body).message ?? response.body);
  },
);

defineStep(
  {
    domain,
    keyword: 'When',
    pattern: 'a node joins the cluster:',
    example:
      'When a node joins the cluster:\n  """yaml\n  name: big-worker\n  capacity: { cpu: "8", memory: 32Gi }\n  """',
    description:
      'Adds a node (or a list of them) to the bundled cluster, written as an entry of a cluster fixture (fixtures/clusters, see docs/clusters.md); its kubelet starts and the node becomes Ready.',
    bundledOnly: true,
  },
  async function (this: KukeWorld, yaml: string) {
    this.require('engineControl', 'the bundled engine to add a node');
    const source = this.docSource();
    const query = new URLSearchParams({ source: source.file, line: String(source.line) });
    const response = await this.target.client.raw('POST', `/kuke/v1/nodes?${query}`, yaml, {
      'content-type': 'application/yaml',
    });
    if (response.status !== 201) throw new Error(JSON.parse(response.body).message ?? response.body);
  },
);
