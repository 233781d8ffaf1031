// Engine-level test support: an in-process engine on the virtual clock, driven through the API handler.
import type { ContainerStatus, Event, Pod } from 'kubernetes-types/core/v1';
import type { ApiReply } from '../api/handlers/types.ts';
import type { KubeObject } from '../api/types.ts';
import { Engine, type EngineOptions } from '../engine.ts';

/** The answer to one API request. */
export interface TestReply {
  status: number;
  body: unknown;
  text: string;
}

const START = Date.parse('2025-01-01T00:00:00Z');

/**
 * An engine on the virtual clock, started at a fixed instant, with a synchronous admin client
 * that goes through the same request handling as kubectl (defaulting, admission, validation).
 */
export class TestEngine {
  readonly start: number;

  private constructor(readonly engine: Engine) {
    this.start = engine.clock.now();
  }

  static async start(options: EngineOptions = {}): Promise<TestEngine> {
    const engine = await Engine.start({ seed: 'test', startTime: START, ...options });
    return new TestEngine(engine);
  }

  /** Cluster time, ms since the epoch. */
  now(): number {
    return this.engine.clock.now();
  }

  /** Cluster time elapsed since the engine started, in ms. */
  elapsed(): number {
    return this.now() - this.start;
  }

  advance(ms: number): void {
    this.engine.advanceTo(this.now() + ms);
  }

  /** Moves to `msSinceStart` after the start of the engine. */
  advanceTo(msSinceStart: number): void {
    this.engine.advanceTo(this.start + msSinceStart);
  }

  /**
   * Steps the clock from change to change until `predicate` holds, up to `withinMs` from now;
   * returns the elapsed time since the engine start at which it first held, or throws.
   */
  until(predicate: () => boolean, withinMs: number, what = 'condition'): number {
    const deadline = this.now() + withinMs;
    this.engine.settle();
    while (!predicate()) {
      const { changed } = this.engine.stepUntilChange(deadline);
      if (!changed && !predicate()) {
        throw new Error(`${what} did not hold within ${withinMs} ms (now at ${this.elapsed()} ms)`);
      }
    }
    return this.elapsed();
  }

  /**
   * Steps the clock change by change until `untilMs` after the engine start, and returns every
   * distinct value `observe()` took on the way, with the elapsed time at which it appeared.
   */
  record<T>(observe: () => T, untilMs: number): Array<{ at: number; value: T }> {
    const deadline = this.start + untilMs;
    const seen: Array<{ at: number; value: T }> = [];
    let last = '';
    const look = () => {
      const value = observe();
      const text = JSON.stringify(value);
      if (text !== last) {
        seen.push({ at: this.elapsed(), value });
        last = text;
      }
    };
    this.engine.settle();
    look();
    while (this.engine.stepUntilChange(deadline).changed) look();
    if (this.now() < deadline) this.engine.advanceTo(deadline);
    look();
    return seen;
  }

  /** The server-side Table row of one object, as `kubectl get` prints it: column name → cell. */
  row(apiVersion: string, kind: string, namespace: string, name: string): Record<string, unknown> {
    const path = `${collectionPath(apiVersion, kind, namespace)}/${name}`;
    const [pathname = ''] = path.split('?');
    const reply = this.engine.handler.handle({
      method: 'GET',
      path: pathname,
      query: new URLSearchParams(),
      headers: {
        authorization: `Bearer ${this.engine.adminToken}`,
        accept: 'application/json;as=Table;v=v1;g=meta.k8s.io',
      },
    });
    if (reply.kind !== 'body') throw new Error('unexpected watch reply');
    const text = typeof reply.body === 'string' ? reply.body : new TextDecoder().decode(reply.body);
    const table = JSON.parse(text) as {
      columnDefinitions: Array<{ name: string }>;
      rows: Array<{ cells: unknown[] }>;
    };
    const cells = table.rows[0]?.cells ?? [];
    return Object.fromEntries(table.columnDefinitions.map((c, i) => [c.name, cells[i]]));
  }

  request(method: string, path: string, body?: unknown, contentType = 'application/json'): TestReply {
    const [pathname = '', search = ''] = path.split('?');
    const reply: ApiReply = this.engine.handler.handle({
      method,
      path: pathname,
      query: new URLSearchParams(search),
      headers: {
        authorization: `Bearer ${this.engine.adminToken}`,
        accept: 'application/json',
        ...(body !== undefined ? { 'content-type': contentType } : {}),
      },
      ...(body !== undefined ? { body: new TextEncoder().encode(JSON.stringify(body)) } : {}),
    });
    if (reply.kind !== 'body') throw new Error(`unexpected watch reply for ${method} ${path}`);
    const text = typeof reply.body === 'string' ? reply.body : new TextDecoder().decode(reply.body);
    let parsed: unknown = text;
    if (reply.contentType.includes('json')) parsed = JSON.parse(text);
    return { status: reply.status, body: parsed, text };
  }

  /** Creates `object` (YAML-like JS) at its collection path; throws on any error status. */
  create<T = KubeObject>(object: KubeObject | Record<string, unknown>): T {
    const o = object as KubeObject;
    const reply = this.request('POST', collectionPath(o.apiVersion, o.kind, o.metadata?.namespace), o);
    if (reply.status >= 300) throw new Error(`create ${o.kind} failed: ${reply.text}`);
    return reply.body as T;
  }

  get<T = KubeObject>(apiVersion: string, kind: string, namespace: string, name: string): T | undefined {
    const reply = this.request('GET', `${collectionPath(apiVersion, kind, namespace)}/${name}`);
    if (reply.status === 404) return undefined;
    if (reply.status >= 300) throw new Error(`get ${kind} ${name} failed: ${reply.text}`);
    return reply.body as T;
  }

  list<T = KubeObject>(apiVersion: string, kind: string, namespace?: string, query = ''): T[] {
    const reply = this.request('GET', `${collectionPath(apiVersion, kind, namespace)}${query}`);
    if (reply.status >= 300) throw new Error(`list ${kind} failed: ${reply.text}`);
    return (reply.body as { items: T[] }).items;
  }

  delete(apiVersion: string, kind: string, namespace: string, name: string, options?: unknown): TestReply {
    return this.request('DELETE', `${collectionPath(apiVersion, kind, namespace)}/${name}`, options);
  }

  pod(name: string, namespace = 'default'): Pod {
    const pod = this.get<Pod>('v1', 'Pod', namespace, name);
    if (!pod) throw new Error(`pod ${namespace}/${name} not found`);
    return pod;
  }

  pods(namespace = 'default'): Pod[] {
    return this.list<Pod>('v1', 'Pod', namespace);
  }

  /** Events in `namespace` (about `name`, if given), oldest first. */
  events(namespace = 'default', name?: string): Event[] {
    const events = this.list<Event>('v1', 'Event', namespace);
    return events.filter((e) => name === undefined || e.involvedObject.name === name);
  }

  /** `reason: message` of the events about an object, in order, with repeats counted once. */
  eventLines(namespace: string, name: string): string[] {
    return this.events(namespace, name).map((e) => `${e.reason}: ${e.message}`);
  }

  /** `kubectl logs` of a pod; returns the text or the error message. */
  logs(name: string, query = '', namespace = 'default'): TestReply {
    return this.request('GET', `/api/v1/namespaces/${namespace}/pods/${name}/log${query}`);
  }

  stop(): Promise<void> {
    return this.engine.stop();
  }
}

const PLURALS: Record<string, string> = {
  Endpoints: 'endpoints',
  NetworkPolicy: 'networkpolicies',
  PriorityClass: 'priorityclasses',
  StorageClass: 'storageclasses',
  IngressClass: 'ingressclasses',
};

/** The collection path of a kind, e.g. `/apis/apps/v1/namespaces/default/deployments`. */
export function collectionPath(apiVersion: string, kind: string, namespace?: string): string {
  const base = apiVersion.includes('/') ? `/apis/${apiVersion}` : `/api/${apiVersion}`;
  const plural = PLURALS[kind] ?? `${kind.toLowerCase()}s`;
  return namespace ? `${base}/namespaces/${namespace}/${plural}` : `${base}/${plural}`;
}

/** A one-container pod manifest. */
export function podManifest(
  name: string,
  container: Record<string, unknown>,
  spec: Record<string, unknown> = {},
): KubeObject {
  return {
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: { name, namespace: 'default' },
    spec: { containers: [{ name: 'app', ...container }], ...spec },
  };
}

/** Runs `run` against a fresh engine (options as for TestEngine.start) and stops the engine afterwards. */
export async function withEngine(
  run: (t: TestEngine) => void | Promise<void>,
  options: EngineOptions = {},
): Promise<void> {
  const t = await TestEngine.start(options);
  try {
    await run(t);
  } finally {
    await t.stop();
  }
}

/** The status of a pod's first container; throws when there is none yet. */
export function firstContainerStatus(pod: Pod): ContainerStatus {
  const status = pod.status?.containerStatuses?.[0];
  if (!status) throw new Error(`pod ${pod.metadata?.name} has no container status`);
  return status;
}

/** `running`, `terminated:<reason>` or `waiting:<reason>`. */
export function containerStateOf(status: ContainerStatus): string {
  const { waiting, running, terminated } = status.state ?? {};
  if (running) return 'running';
  if (terminated) return `terminated:${terminated.reason}`;
  return `waiting:${waiting?.reason}`;
}
