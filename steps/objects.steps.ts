import type { KubeObject } from '../harness/kube/kube-client.ts';
import { redactObject } from '../harness/reports/redact.ts';
import { defineWaitStep } from './support/step-registry.ts';
import type { KukeWorld } from './world.ts';

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

async function conditionHolds(
  world: KukeWorld,
  timeoutMs: number,
  kind: string,
  name: string,
  type: string,
  status: string,
  reason?: string,
): Promise<void> {
  await world.eventually(
    `${kind} "${name}" condition ${type}=${status}${reason === undefined ? '' : ` (${reason})`}`,
    async () => {
      const found = conditions(await world.object(kind, name)).find((c) => c.type === type);
      return {
        ok: found?.status === status && (reason === undefined || (found.reason ?? '') === reason),
        observed: found,
      };
    },
    timeoutMs,
    (found) => (found ? JSON.stringify(found) : `no ${type} condition`),
  );
}

defineWaitStep(
  {
    domain,
    keyword: 'Then',
    pattern: '{word} {string} has condition {word} {string} with reason {string}',
    example: 'Then pod "big" has condition PodScheduled "False" with reason "Unschedulable"',
    description: 'The object has the condition with that status and reason.',
  },
  async function (
    this: KukeWorld,
    timeoutMs: number,
    kind: string,
    name: string,
    type: string,
    status: string,
    reason: string,
  ) {
    await conditionHolds(this, timeoutMs, kind, name, type, status, reason);
  },
);

defineWaitStep(
  {
    domain,
    keyword: 'Then',
    pattern: '{word} {string} has condition {word} {string}',
    example: 'Then pod "web" has condition Ready "True"',
    description: 'The object has the condition with that status (any reason).',
  },
  async function (
    this: KukeWorld,
    timeoutMs: number,
    kind: string,
    name: string,
    type: string,
    status: string,
  ) {
    await conditionHolds(this, timeoutMs, kind, name, type, status);
  },
);

defineWaitStep(
  {
    domain,
    keyword: 'Then',
    pattern: '{word} {string} has {string} equal to {string}',
    example: 'Then within 10 seconds resourcequota "pods" has "status.used.pods" equal to "2"',
    description: 'The JSONPath (from the object root) has exactly one value, equal to the text.',
  },
  async function (
    this: KukeWorld,
    timeoutMs: number,
    kind: string,
    name: string,
    path: string,
    value: string,
  ) {
    const wanted = this.fill(value);
    await fieldHolds(this, timeoutMs, kind, name, path, `= "${wanted}"`, (values) => {
      return values.length === 1 && asText(values[0]) === wanted;
    });
  },
);

defineWaitStep(
  {
    domain,
    keyword: 'Then',
    pattern: '{word} {string} has {string} that contains {string}',
    example: 'Then pod "web" has "spec.containers[0].image" that contains "nginx"',
    description:
      'A value of the JSONPath (from the object root) contains the text; objects and lists are compared as compact JSON.',
  },
  async function (
    this: KukeWorld,
    timeoutMs: number,
    kind: string,
    name: string,
    path: string,
    text: string,
  ) {
    const wanted = this.fill(text);
    await fieldHolds(this, timeoutMs, kind, name, path, `contains "${wanted}"`, (values) =>
      values.some((v) => asText(v).includes(wanted)),
    );
  },
);

defineWaitStep(
  {
    domain,
    keyword: 'Then',
    pattern: '{word} {string} has {string} that matches {string}',
    example: 'Then pod "web" has "status.podIP" that matches "^10\\.244\\.\\d+\\.\\d+$"',
    description:
      'A value of the JSONPath (from the object root) matches the regular expression (JavaScript syntax, unanchored: write `^…$` for the whole value); objects and lists are matched as compact JSON.',
  },
  async function (
    this: KukeWorld,
    timeoutMs: number,
    kind: string,
    name: string,
    path: string,
    pattern: string,
  ) {
    const expression = new RegExp(this.fill(pattern));
    await fieldHolds(this, timeoutMs, kind, name, path, `matches /${expression.source}/`, (values) =>
      values.some((v) => expression.test(asText(v))),
    );
  },
);

defineWaitStep(
  {
    domain,
    keyword: 'Then',
    pattern: '{word} {string} has no {string}',
    example: 'Then pod "kubia-manual" has no "metadata.ownerReferences"',
    description: 'The object exists and the JSONPath (from the object root) has no value.',
  },
  async function (this: KukeWorld, timeoutMs: number, kind: string, name: string, path: string) {
    await this.eventually(
      `${kind} "${name}" has no ${path}`,
      async () => {
        const object = await this.object(kind, name);
        const values = object ? this.jsonPath(object, path) : [];
        return {
          ok: object !== undefined && values.length === 0,
          observed: object ? this.jsonPath(redactObject(object), path) : undefined,
        };
      },
      timeoutMs,
      (values) => (values === undefined ? `no ${kind} "${name}"` : `${path} = ${JSON.stringify(values)}`),
    );
  },
);

defineWaitStep(
  {
    domain,
    keyword: 'Then',
    pattern: '{word} {string} exists',
    example: 'Then deployment "web" exists',
    description: 'The object exists.',
  },
  async function (this: KukeWorld, timeoutMs: number, kind: string, name: string) {
    await this.eventually(
      `${kind} "${name}" exists`,
      async () => {
        const object = await this.object(kind, name);
        return { ok: object !== undefined, observed: object };
      },
      timeoutMs,
      () => 'it does not exist',
    );
  },
);

defineWaitStep(
  {
    domain,
    keyword: 'Then',
    pattern: '{word} {string} does not exist',
    example: 'Then pod "web" does not exist',
    description: 'The object is gone.',
  },
  async function (this: KukeWorld, timeoutMs: number, kind: string, name: string) {
    await this.eventually(
      `${kind} "${name}" is gone`,
      async () => {
        const object = await this.object(kind, name);
        return { ok: object === undefined, observed: object };
      },
      timeoutMs,
      (object) => `still there (deletionTimestamp ${object?.metadata.deletionTimestamp ?? 'unset'})`,
    );
  },
);

/**
 * Waits until the values of a JSONPath on the object pass `test`; a failure shows the last values
 * (a Secret's as <redacted>, never as they are).
 */
async function fieldHolds(
  world: KukeWorld,
  timeoutMs: number,
  kind: string,
  name: string,
  path: string,
  expectation: string,
  test: (values: unknown[]) => boolean,
): Promise<void> {
  await world.eventually(
    `${kind} "${name}" ${path} ${expectation}`,
    async () => {
      const object = await world.object(kind, name);
      const values = object ? world.jsonPath(object, path) : [];
      return {
        ok: object !== undefined && test(values),
        observed: object ? world.jsonPath(redactObject(object), path) : undefined,
      };
    },
    timeoutMs,
    (values) =>
      values === undefined
        ? `no ${kind} "${name}"`
        : `${path} = ${JSON.stringify(values.length === 1 ? values[0] : values)}`,
  );
}

/** A JSONPath result as text: scalars as written, objects and lists as compact JSON. */
function asText(value: unknown): string {
  return typeof value === 'object' && value !== null ? JSON.stringify(value) : String(value);
}
