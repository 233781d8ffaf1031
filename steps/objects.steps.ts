import type { KubeObject } from '../harness/kube/kube-client.ts';
import { defineStep } from './support/step-registry.ts';
import { DEFAULT_WAIT_MS, type KukeWorld } from './world.ts';

const domain = 'Objects';

interface Condition {
  type: string;
  status: string;
  reason?: string;
  message?: string;
}

function conditions(object: KubeObject | undefined): Condition[] {
  return ((object?.status as { conditions?: Condition[] } | undefined)?.conditions ?? []) as Condition[];
}

defineStep(
  {
    domain,
    keyword: 'Then',
    pattern: '{word} {string} has condition {word} {string} with reason {string}',
    example: 'Then pod "big" has condition PodScheduled "False" with reason "Unschedulable"',
    description: 'Waits until the object has the condition with that status and reason.',
  },
  async function (this: KukeWorld, kind: string, name: string, type: string, status: string, reason: string) {
    await this.eventually(
      `${kind} "${name}" condition ${type}=${status} (${reason})`,
      async () => {
        const found = conditions(await this.object(kind, name)).find((c) => c.type === type);
        return { ok: found?.status === status && found.reason === reason, observed: found };
      },
      DEFAULT_WAIT_MS,
      (found) => (found ? JSON.stringify(found) : `no ${type} condition`),
    );
  },
);

defineStep(
  {
    domain,
    keyword: 'Then',
    pattern: '{word} {string} has condition {word} {string}',
    example: 'Then pod "web" has condition Ready "True"',
    description: 'Waits until the object has the condition with that status (any reason).',
  },
  async function (this: KukeWorld, kind: string, name: string, type: string, status: string) {
    await this.eventually(
      `${kind} "${name}" condition ${type}=${status}`,
      async () => {
        const found = conditions(await this.object(kind, name)).find((c) => c.type === type);
        return { ok: found?.status === status, observed: found };
      },
      DEFAULT_WAIT_MS,
      (found) => (found ? JSON.stringify(found) : `no ${type} condition`),
    );
  },
);

defineStep(
  {
    domain,
    keyword: 'Then',
    pattern: 'within {duration} {word} {string} has {string} equal to {string}',
    example: 'Then within 10 seconds resourcequota "pods" has "status.used.pods" equal to "2"',
    description: 'Waits until the JSONPath (from the object root) has the value (compared as text).',
  },
  async function (
    this: KukeWorld,
    timeoutMs: number,
    kind: string,
    name: string,
    path: string,
    value: string,
  ) {
    await fieldEquals(this, kind, name, path, value, timeoutMs);
  },
);

defineStep(
  {
    domain,
    keyword: 'Then',
    pattern: '{word} {string} has {string} equal to {string}',
    example: 'Then deployment "web" has "spec.replicas" equal to "3"',
    description: `The same, waiting at most ${DEFAULT_WAIT_MS / 1000} seconds.`,
  },
  async function (this: KukeWorld, kind: string, name: string, path: string, value: string) {
    await fieldEquals(this, kind, name, path, value, DEFAULT_WAIT_MS);
  },
);

async function fieldEquals(
  world: KukeWorld,
  kind: string,
  name: string,
  path: string,
  value: string,
  timeoutMs: number,
): Promise<void> {
  const wanted = world.fill(value);
  await world.eventually(
    `${kind} "${name}" ${path} = "${wanted}"`,
    async () => {
      const object = await world.object(kind, name);
      const values = object ? world.jsonPath(object, path) : [];
      return {
        ok: values.length === 1 && String(values[0]) === wanted,
        observed: object ? values : undefined,
      };
    },
    timeoutMs,
    (values) =>
      values === undefined
        ? `no ${kind} "${name}"`
        : `${path} = ${JSON.stringify(values.length === 1 ? values[0] : values)}`,
  );
}

defineStep(
  {
    domain,
    keyword: 'Then',
    pattern: '{word} {string} exists',
    example: 'Then deployment "web" exists',
    description: 'Waits until the object exists.',
  },
  async function (this: KukeWorld, kind: string, name: string) {
    await this.eventually(
      `${kind} "${name}" exists`,
      async () => {
        const object = await this.object(kind, name);
        return { ok: object !== undefined, observed: object };
      },
      DEFAULT_WAIT_MS,
      () => 'it does not exist',
    );
  },
);

defineStep(
  {
    domain,
    keyword: 'Then',
    pattern: '{word} {string} does not exist',
    example: 'Then pod "web" does not exist',
    description: 'Waits until the object is gone.',
  },
  async function (this: KukeWorld, kind: string, name: string) {
    await this.eventually(
      `${kind} "${name}" is gone`,
      async () => {
        const object = await this.object(kind, name);
        return { ok: object === undefined, observed: object };
      },
      DEFAULT_WAIT_MS,
      (object) => `still there (deletionTimestamp ${object?.metadata.deletionTimestamp ?? 'unset'})`,
    );
  },
);
