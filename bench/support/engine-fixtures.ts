import type { Pod } from 'kubernetes-types/core/v1';
import type { ApiRequest } from '../../engine/api/handlers/types.ts';
import type { KubeObject } from '../../engine/api/types.ts';
import type { ClusterFixture } from '../../engine/cluster/cluster.schema.ts';
import type { Engine } from '../../engine/engine.ts';

/** A generated cluster of `nodes` identical workers, named node-1 … node-N. */
export function generatedCluster(
  nodes: number,
  capacity: { cpu: string; memory: string; pods: string } = { cpu: '32', memory: '256Gi', pods: '110' },
): ClusterFixture {
  return {
    apiVersion: 'kuke.dev/v1alpha1',
    kind: 'Cluster',
    metadata: { name: `generated-${nodes}` },
    spec: { nodes: [{ name: 'node', count: nodes, capacity }] },
  };
}

export interface EngineReply {
  status: number;
  body: string;
}

const encoder = new TextEncoder();

/**
 * Calls the engine's API as the admin, without HTTP: the same handler (authentication,
 * admission, registry, watch) the HTTPS server calls, minus the encoding on the wire.
 */
export function callEngine(
  engine: Engine,
  method: string,
  path: string,
  body?: unknown,
  headers: Record<string, string> = {},
): EngineReply {
  const url = new URL(path, 'https://engine');
  const request: ApiRequest = {
    method,
    path: url.pathname,
    query: url.searchParams,
    headers: {
      authorization: `Bearer ${engine.adminToken}`,
      ...(body === undefined ? {} : { 'content-type': 'application/json' }),
      ...headers,
    },
    ...(body === undefined ? {} : { body: encoder.encode(JSON.stringify(body)) }),
  };
  const reply = engine.handler.handle(request);
  if (reply.kind !== 'body') throw new Error(`${method} ${path}: expected a body, got a watch`);
  return {
    status: reply.status,
    body: typeof reply.body === 'string' ? reply.body : Buffer.from(reply.body).toString('utf8'),
  };
}

/** Like callEngine, but throws unless the status is 2xx; returns the decoded object. */
export function callEngineOk<T = KubeObject>(
  engine: Engine,
  method: string,
  path: string,
  body?: unknown,
  headers?: Record<string, string>,
): T {
  const reply = callEngine(engine, method, path, body, headers);
  if (reply.status < 200 || reply.status > 299)
    throw new Error(`${method} ${path}: ${reply.status} ${reply.body.slice(0, 300)}`);
  return JSON.parse(reply.body) as T;
}

/** A small nginx pod as a Deployment would create it (requests set, so the scheduler has work). */
export function benchPod(name: string, namespace = 'default', extra: Partial<Pod['spec']> = {}): Pod {
  return {
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: { name, namespace, labels: { app: 'bench' } },
    spec: {
      containers: [
        {
          name: 'nginx',
          image: 'nginx:1.27',
          ports: [{ containerPort: 80 }],
          resources: { requests: { cpu: '10m', memory: '16Mi' } },
        },
      ],
      ...extra,
    },
  };
}

export function createPod(engine: Engine, pod: Pod): Pod {
  const namespace = pod.metadata?.namespace ?? 'default';
  return callEngineOk<Pod>(engine, 'POST', `/api/v1/namespaces/${namespace}/pods`, pod);
}

/** Moves virtual time forward `ms`, firing every timer due on the way. */
export function advance(engine: Engine, ms: number): void {
  engine.advanceTo(engine.clock.now() + ms);
}

/** Nodes the seeded copies claim to run on; no kubelet serves them, so nothing acts on the copies. */
const GHOST_NODE_PREFIX = 'seeded-node-';

/**
 * `count` Running pods that look exactly like a pod the engine started itself: one pod goes
 * through the whole engine (admission, scheduler, kubelet) and is then copied into the store
 * under new names and uids, bound to node names no kubelet serves. For LIST and watch
 * benchmarks, where how the pods came to be does not matter but their size and shape do.
 */
export function seedRunningPods(engine: Engine, count: number, namespace = 'default'): Pod[] {
  const template = createPod(engine, benchPod('template', namespace));
  const name = template.metadata?.name ?? 'template';
  for (let i = 0; i < 120 && !isRunning(storedPod(engine, namespace, name)); i++) advance(engine, 1_000);
  const running = storedPod(engine, namespace, name);
  if (!running || !isRunning(running)) throw new Error('the template pod did not reach Running');
  const pods: Pod[] = [running];
  const { resourceVersion: _rv, ...metadata } = running.metadata ?? {};
  for (let i = 1; i < count; i++) {
    const copy = structuredClone({
      ...running,
      metadata: { ...metadata, name: `bench-${String(i).padStart(6, '0')}`, uid: uidFor(i) },
      spec: { ...running.spec, nodeName: `${GHOST_NODE_PREFIX}${i % 100}` },
    });
    pods.push(engine.store.create('/pods', copy as unknown as KubeObject) as unknown as Pod);
  }
  engine.settle();
  return pods;
}

export function storedPod(engine: Engine, namespace: string, name: string): Pod | undefined {
  return engine.store.get('/pods', namespace, name) as unknown as Pod | undefined;
}

export function isRunning(pod: Pod | undefined): boolean {
  return pod?.status?.phase === 'Running';
}

function uidFor(i: number): string {
  const hex = i.toString(16).padStart(12, '0');
  return `00000000-0000-4000-8000-${hex}`;
}
