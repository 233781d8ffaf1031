import type { KubeObject } from '../harness/kube/kube-client.ts';
import { defineWaitStep } from './support/step-registry.ts';
import type { KukeWorld } from './world.ts';

/** The storage key these probes read: waits look again only when it changes. */
const EVENTS = ['/events'];

const domain = 'Events';

/** The component an event names as its source: source.component, or reportingComponent (events.k8s.io). */
export function eventSource(event: KubeObject): string {
  const source = (event.source as { component?: string } | undefined)?.component;
  return source || String(event.reportingComponent ?? '');
}

function describeEvents(events: KubeObject[]): string {
  if (events.length === 0) return 'no events';
  return events.map((e) => `\n  ${e.type} ${e.reason} from ${eventSource(e)}: ${e.message}`).join('');
}

/** Waits for an event on the object with that type, reason, source and exactly that message. */
async function expectEvent(
  world: KukeWorld,
  timeoutMs: number,
  what: { kind: string; name: string; type: string; reason: string; source: string; message: string },
): Promise<void> {
  const { kind, name, type, reason, source, message } = what;
  await world.eventually(
    `${type} event ${reason} from ${source} on ${kind} "${name}"`,
    async () => {
      const events = await world.events(name);
      const ok = events.some(
        (e) => e.type === type && e.reason === reason && eventSource(e) === source && e.message === message,
      );
      return { ok, observed: events };
    },
    timeoutMs,
    describeEvents,
    EVENTS,
  );
}

defineWaitStep(
  {
    domain,
    keyword: 'Then',
    pattern: '{word} {string} has a {word} event {string} from {string} with message:',
    example:
      'Then pod "big" has a Warning event "FailedScheduling" from "default-scheduler" with message:\n  """\n  0/1 nodes are available: 1 Insufficient memory. …\n  """',
    description: 'An event on the object has that type, reason, source and exact message.',
  },
  async function (
    this: KukeWorld,
    timeoutMs: number,
    kind: string,
    name: string,
    type: string,
    reason: string,
    source: string,
    message: string,
  ) {
    const wanted = this.fill(message.trim());
    await expectEvent(this, timeoutMs, { kind, name, type, reason, source, message: wanted });
  },
);

defineWaitStep(
  {
    domain,
    keyword: 'Then',
    pattern: '{word} {string} has a {word} event {string} from {string} with message {string}',
    example:
      'Then pod "idle" has a Warning event "Evicted" from "kubelet" with message "The node was low on resource: memory. "',
    description:
      'An event on the object has that type, reason, source and exactly the quoted message, spaces at its ends included (the kubelet ends its eviction messages with one).',
  },
  async function (
    this: KukeWorld,
    timeoutMs: number,
    kind: string,
    name: string,
    type: string,
    reason: string,
    source: string,
    message: string,
  ) {
    await expectEvent(this, timeoutMs, { kind, name, type, reason, source, message: this.fill(message) });
  },
);

defineWaitStep(
  {
    domain,
    keyword: 'Then',
    pattern: '{word} {string} has a {word} event {string} with a message containing {string}',
    example:
      'Then pod "memory-hog" has a Warning event "BackOff" with a message containing "Back-off restarting failed container"',
    description:
      'Waits for an event on the object with that type and reason whose message contains the text.',
  },
  async function (
    this: KukeWorld,
    timeoutMs: number,
    kind: string,
    name: string,
    type: string,
    reason: string,
    text: string,
  ) {
    const wanted = this.fill(text);
    await this.eventually(
      `${type} event ${reason} on ${kind} "${name}"`,
      async () => {
        const events = await this.events(name);
        return {
          ok: events.some(
            (e) => e.type === type && e.reason === reason && String(e.message).includes(wanted),
          ),
          observed: events,
        };
      },
      timeoutMs,
      describeEvents,
      EVENTS,
    );
  },
);
