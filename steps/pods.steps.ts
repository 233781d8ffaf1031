import type { DataTable } from '@cucumber/cucumber';
import type { KubeObject } from '../harness/kube/kube-client.ts';
import { defineStep, defineWaitStep } from './support/step-registry.ts';
import type { KukeWorld, PodRow } from './world.ts';

/** The storage key these probes read: waits look again only when it changes. */
const PODS = ['/pods'];

const domain = 'Pods';

function phase(pod: KubeObject): string {
  return String((pod.status as { phase?: string } | undefined)?.phase ?? 'Unknown');
}

function podSummary(pods: KubeObject[]): string {
  if (pods.length === 0) return 'no pods';
  return pods
    .map((p) => `${p.metadata.name} ${phase(p)}${p.metadata.deletionTimestamp ? ' (terminating)' : ''}`)
    .join(', ');
}

defineWaitStep(
  {
    domain,
    keyword: 'Then',
    pattern: '{int} pod(s) labelled {string} is/are {phase}',
    example: 'Then within 30 seconds 3 pods labelled "app=web" are Running',
    description: 'Exactly N live pods match the label selector, all in the phase.',
  },
  async function (this: KukeWorld, timeoutMs: number, count: number, selector: string, wanted: string) {
    await this.eventually(
      `${count} pod(s) labelled "${selector}" ${wanted}`,
      async () => {
        const pods = (await this.pods(selector)).filter((p) => !p.metadata.deletionTimestamp);
        const matching = pods.filter((p) => phase(p) === wanted);
        return { ok: matching.length === count && pods.length === count, observed: pods };
      },
      timeoutMs,
      podSummary,
      PODS,
    );
  },
);

defineWaitStep(
  {
    domain,
    keyword: 'Then',
    pattern: 'pod {string} is {phase}',
    example: 'Then within 1 minute pod "web" is Running',
    description: 'The pod is in the phase.',
  },
  async function (this: KukeWorld, timeoutMs: number, name: string, wanted: string) {
    await this.eventually(
      `pod "${name}" ${wanted}`,
      async () => {
        const pod = await this.pod(name);
        return { ok: pod !== undefined && phase(pod) === wanted, observed: pod };
      },
      timeoutMs,
      (pod) => (pod ? phase(pod) : 'no such pod'),
      PODS,
    );
  },
);

defineStep(
  {
    domain,
    keyword: 'Then',
    pattern: 'for {duration} pod {string} stays {phase}',
    example: 'Then for 2 minutes pod "big" stays Pending',
    description:
      'Watches the pod for the whole duration (cluster time); fails the first time it is not in the phase.',
  },
  async function (this: KukeWorld, durationMs: number, name: string, wanted: string) {
    await this.throughout(
      `pod "${name}" stays ${wanted}`,
      async () => {
        const pod = await this.pod(name);
        return { ok: pod !== undefined && phase(pod) === wanted, observed: pod };
      },
      durationMs,
      (pod) => (pod ? phase(pod) : 'no such pod'),
      PODS,
    );
  },
);

defineWaitStep(
  {
    domain,
    keyword: 'Then',
    pattern: 'the STATUS of pod {string} is {string}',
    example: 'Then within 1 minute the STATUS of pod "memory-hog" is "OOMKilled"',
    description:
      'The STATUS column `kubectl get pods` prints for the pod (the server-side Table) has the value.',
  },
  async function (this: KukeWorld, timeoutMs: number, name: string, wanted: string) {
    await this.eventually(
      `STATUS of pod "${name}" is "${wanted}"`,
      async () => {
        const status = await this.podStatusColumn(name);
        return { ok: status === wanted, observed: status };
      },
      timeoutMs,
      (status) => `STATUS "${status ?? '(no such pod)'}"`,
      PODS,
    );
  },
);

defineStep(
  {
    domain,
    keyword: 'When',
    pattern: 'I evict pod {string}',
    example: 'When I evict pod "web-0"',
    description:
      "Evicts the pod through the eviction API, as `kubectl drain` does; fails if the pod's disruption budget refuses.",
  },
  async function (this: KukeWorld, name: string) {
    await this.evict(name);
  },
);

defineStep(
  {
    domain,
    keyword: 'When',
    pattern: 'I try to evict pod {string}',
    example: 'When I try to evict pod "web-0"',
    description: 'Evicts the pod but expects a refusal (check it with "the request is refused with …").',
  },
  async function (this: KukeWorld, name: string) {
    await this.attempt(() => this.evict(name));
  },
);

defineStep(
  {
    domain,
    keyword: 'When',
    pattern: 'I delete one of the pods labelled {string}',
    example: 'When I delete one of the pods labelled "app=web"',
    description:
      'Deletes one live pod matching the selector (the first by name) and remembers it as the deleted pod.',
  },
  async function (this: KukeWorld, selector: string) {
    await this.deleteOnePod(selector);
  },
);

defineWaitStep(
  {
    domain,
    keyword: 'Then',
    pattern: 'the deleted pod was replaced by a new pod with another name, controlled by the same {word}',
    example:
      'Then the deleted pod was replaced by a new pod with another name, controlled by the same ReplicaSet',
    description:
      "A pod that did not exist before the deletion has the deleted pod's controller (kind and uid) as owner.",
  },
  async function (this: KukeWorld, timeoutMs: number, ownerKind: string) {
    const deleted = this.deletedPods.at(-1);
    if (!deleted) throw new Error('no pod was deleted earlier in this scenario');
    const owner = deleted.metadata.ownerReferences?.find((ref) => ref.controller);
    if (!owner) throw new Error(`the deleted pod ${deleted.metadata.name} had no controller`);
    if (owner.kind !== ownerKind)
      throw new Error(`the deleted pod was controlled by a ${owner.kind}, not a ${ownerKind}`);
    const replacements = await this.eventually(
      `a new pod controlled by ${owner.kind} ${owner.name}`,
      async () => {
        const pods = (await this.pods()).filter(
          (p) =>
            !this.podsBeforeDeletion.has(p.metadata.name ?? '') &&
            p.metadata.ownerReferences?.some((ref) => ref.controller && ref.uid === owner.uid),
        );
        return { ok: pods.length > 0, observed: pods };
      },
      timeoutMs,
      podSummary,
      PODS,
    );
    if (replacements.some((p) => p.metadata.name === deleted.metadata.name)) {
      throw new Error(`the replacement reused the name ${deleted.metadata.name}`);
    }
    if (!(await this.object(owner.kind.toLowerCase(), owner.name)))
      throw new Error(`the owner ${owner.kind} ${owner.name} does not exist`);
  },
);

function containerStatus(pod: KubeObject | undefined, container: string) {
  const statuses = ((pod?.status as { containerStatuses?: unknown[] } | undefined)?.containerStatuses ??
    []) as Array<{
    name: string;
    restartCount: number;
    lastState?: { terminated?: { reason?: string; exitCode?: number } };
  }>;
  return statuses.find((s) => s.name === container);
}

defineWaitStep(
  {
    domain,
    keyword: 'Then',
    pattern:
      'container {string} of pod {string} was last terminated with reason {string} and exit code {int}',
    example:
      'Then container "stress" of pod "memory-hog" was last terminated with reason "OOMKilled" and exit code 137',
    description: "The container's lastState.terminated has the reason and exit code.",
  },
  async function (
    this: KukeWorld,
    timeoutMs: number,
    container: string,
    name: string,
    reason: string,
    exitCode: number,
  ) {
    await this.eventually(
      `container "${container}" of pod "${name}" last terminated with ${reason} (${exitCode})`,
      async () => {
        const status = containerStatus(await this.pod(name), container);
        const last = status?.lastState?.terminated;
        return { ok: last?.reason === reason && last.exitCode === exitCode, observed: status };
      },
      timeoutMs,
      (status) =>
        status ? `lastState ${JSON.stringify(status.lastState ?? {})}` : 'no such container status',
      PODS,
    );
  },
);

defineWaitStep(
  {
    domain,
    keyword: 'Then',
    pattern: 'the restart count of container {string} in pod {string} is at least {int}',
    example:
      'Then within 5 minutes the restart count of container "stress" in pod "memory-hog" is at least 3',
    description: "The container's restartCount has reached the number.",
  },
  async function (this: KukeWorld, timeoutMs: number, container: string, name: string, minimum: number) {
    await this.eventually(
      `restart count of "${container}" in pod "${name}" at least ${minimum}`,
      async () => {
        const status = containerStatus(await this.pod(name), container);
        return { ok: (status?.restartCount ?? 0) >= minimum, observed: status?.restartCount };
      },
      timeoutMs,
      (count) => `restartCount ${count ?? '(no status)'}`,
      PODS,
    );
  },
);

defineWaitStep(
  {
    domain,
    keyword: 'Then',
    pattern: 'no pod labelled {string} runs on node {string}',
    example: 'Then within 6 minutes no pod labelled "app=web" runs on node "worker-1"',
    description: 'No live (not terminating) pod matching the selector is bound to the node.',
  },
  async function (this: KukeWorld, timeoutMs: number, selector: string, node: string) {
    await this.eventually(
      `no pod labelled "${selector}" on node "${node}"`,
      async () => {
        const pods = (await this.pods(selector)).filter(
          (p) =>
            !p.metadata.deletionTimestamp && (p.spec as { nodeName?: string } | undefined)?.nodeName === node,
        );
        return { ok: pods.length === 0, observed: pods };
      },
      timeoutMs,
      podSummary,
      PODS,
    );
  },
);

defineWaitStep(
  {
    domain,
    keyword: 'Then',
    pattern: '{int} pod(s) labelled {string} show(s) STATUS {string}',
    example: 'Then within 1 minute 2 pods labelled "app=web" show STATUS "CrashLoopBackOff"',
    description:
      'Exactly N live pods match the selector, each with that STATUS in `kubectl get pods` (the server-side Table).',
  },
  async function (this: KukeWorld, timeoutMs: number, count: number, selector: string, wanted: string) {
    await this.eventually(
      `${count} pod(s) labelled "${selector}" show STATUS "${wanted}"`,
      async () => {
        const rows = await this.podRows(selector);
        return { ok: rows.length === count && rows.every((row) => row.status === wanted), observed: rows };
      },
      timeoutMs,
      (rows) => (rows.length === 0 ? 'no pods' : rows.map((r) => `${r.name} ${r.status}`).join(', ')),
      PODS,
    );
  },
);

defineWaitStep(
  {
    domain,
    keyword: 'Then',
    pattern: '{int} of the pods labelled {string} show(s) STATUS {string}',
    example: 'Then within 1 minute 1 of the pods labelled "app=web" shows STATUS "Error"',
    description:
      'Exactly N of the live pods matching the selector have that STATUS in `kubectl get pods`; the others may show anything (an evicted pod next to its replacement, say).',
  },
  async function (this: KukeWorld, timeoutMs: number, count: number, selector: string, wanted: string) {
    await this.eventually(
      `${count} of the pods labelled "${selector}" show STATUS "${wanted}"`,
      async () => {
        const rows = await this.podRows(selector);
        return { ok: rows.filter((row) => row.status === wanted).length === count, observed: rows };
      },
      timeoutMs,
      (rows) => (rows.length === 0 ? 'no pods' : rows.map((r) => `${r.name} ${r.status}`).join(', ')),
      PODS,
    );
  },
);

defineWaitStep(
  {
    domain,
    keyword: 'Then',
    pattern: 'the pods labelled {string} are:',
    example:
      'Then within 2 minutes the pods labelled "app=web" are:\n  | name   | status  | ready | restarts |\n  | web-*  | Running | 1/1   | 0        |',
    description:
      'The pods matching the selector, as `kubectl get pods` shows them, match the table row for row (in name order). Columns: name (a glob: `*` and `?`), status, ready, restarts; leave out the columns you do not care about.',
  },
  async function (this: KukeWorld, timeoutMs: number, selector: string, table: DataTable) {
    const expected = table.hashes();
    await this.eventually(
      `the pods labelled "${selector}" as listed`,
      async () => {
        const rows = await this.podRows(selector);
        return { ok: podRowsMatch(rows, expected), observed: rows };
      },
      timeoutMs,
      (rows) =>
        rows.length === 0
          ? 'no pods'
          : `\n${rows.map((r) => `  | ${r.name} | ${r.status} | ${r.ready} | ${r.restarts} |`).join('\n')}`,
      PODS,
    );
  },
);

/** Whether observed rows match expected ones (same count, in name order; names are globs). */
export function podRowsMatch(rows: PodRow[], expected: Array<Record<string, string>>): boolean {
  if (rows.length !== expected.length) return false;
  return expected.every((want, index) => {
    const row = rows[index]!;
    return Object.entries(want).every(([column, value]) => {
      if (column === 'name') return globToRegExp(value).test(row.name);
      const actual = row[column as keyof PodRow];
      return actual !== undefined && actual === value;
    });
  });
}

function globToRegExp(glob: string): RegExp {
  const escaped = glob
    .replace(/[.+^${}()|[\]\\]/g, '\\$&')
    .replace(/\*/g, '.*')
    .replace(/\?/g, '.');
  return new RegExp(`^${escaped}$`);
}
