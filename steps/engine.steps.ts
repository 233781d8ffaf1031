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

async function addFault(world: KukeWorld, rule: Record<string, unknown>): Promise<void> {
  world.require('engineControl', 'the bundled engine to inject API faults');
  await world.target.client.json('POST', '/kuke/v1/faults', rule);
}

defineStep(
  {
    domain,
    keyword: 'Given',
    pattern: 'the API fails the next {int} {word} request(s) for {word} with {int} {string}',
    example: 'Given the API fails the next 2 list requests for pods with 500 "etcdserver: request timed out"',
    description:
      "The next N requests with that verb (get, list, watch, create, update, patch, delete) on that resource are answered with the HTTP code and message, as a real API server words such a failure. The engine's own controllers are not affected.",
    bundledOnly: true,
  },
  async function (
    this: KukeWorld,
    times: number,
    verb: string,
    resource: string,
    code: number,
    message: string,
  ) {
    await addFault(this, { match: { verb, resource }, times, error: { code, message } });
  },
);

defineStep(
  {
    domain,
    keyword: 'Given',
    pattern: 'the API answers {word} requests for {word} after {duration}',
    example: 'Given the API answers list requests for pods after 3 seconds',
    description:
      'Requests with that verb on that resource are answered late (wall-clock latency), until the API behaves normally again.',
    bundledOnly: true,
  },
  async function (this: KukeWorld, verb: string, resource: string, latencyMs: number) {
    await addFault(this, { match: { verb, resource }, latencyMs });
  },
);

defineStep(
  {
    domain,
    keyword: 'Given',
    pattern: 'the API behaves normally again',
    example: 'Given the API behaves normally again',
    description: 'Removes every injected API fault.',
    bundledOnly: true,
  },
  async function (this: KukeWorld) {
    this.require('engineControl', 'the bundled engine to clear API faults');
    await this.target.client.json('DELETE', '/kuke/v1/faults');
  },
);

async function setLoad(world: KukeWorld, selector: string, cpu: string): Promise<void> {
  world.require('engineControl', 'the bundled engine to put a CPU load on pods');
  await world.target.client.json('POST', '/kuke/v1/load', { namespace: world.namespace, selector, cpu });
}

defineStep(
  {
    domain,
    keyword: 'When',
    pattern: 'a CPU load of {word} is spread over the pods labelled {string}',
    example: 'When a CPU load of 900m is spread over the pods labelled "app=php-apache"',
    description:
      "Clients send the pods that much work, as through a Service: the CPU is shared evenly by the pods the selector picks that are Ready, on top of what their first container uses by itself, throttled at its CPU limit. Scaling the pods out lowers each one's share.",
    bundledOnly: true,
  },
  async function (this: KukeWorld, cpu: string, selector: string) {
    await setLoad(this, selector, cpu);
  },
);

defineStep(
  {
    domain,
    keyword: 'When',
    pattern: 'the load on the pods labelled {string} stops',
    example: 'When the load on the pods labelled "app=php-apache" stops',
    description:
      'The CPU load put on those pods goes away; they use what their containers use by themselves.',
    bundledOnly: true,
  },
  async function (this: KukeWorld, selector: string) {
    await setLoad(this, selector, '0');
  },
);
