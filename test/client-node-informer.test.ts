/**
 * A @kubernetes/client-node informer on pods against an in-process engine: it must see every ADDED,
 * MODIFIED and DELETED of 1,000 seeded random writes, in order, and its cache must equal a fresh list
 * afterwards; after missing changes while stopped, its watch from a compacted resourceVersion gets
 * the 410 ERROR event and it relists back into agreement. A plain watch honours timeoutSeconds.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import {
  ADD,
  CONNECT,
  CoreV1Api,
  DELETE,
  type Informer,
  KubeConfig,
  makeInformer,
  type ObjectCache,
  UPDATE,
  type V1Pod,
  Watch,
} from '@kubernetes/client-node';
import { type RunningEngine, startEngine } from '../engine/index.ts';

const NAMESPACE = 'informer';
const OPERATIONS = 1_000;
const NAMES = 40;

/** mulberry32: a small seeded generator, so every run does the same 1,000 operations. */
function random(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** A pod no scheduler picks up, so only this test's writes change it. */
function pod(name: string, labels: Record<string, string>): V1Pod {
  return {
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: { name, labels },
    spec: { schedulerName: 'nobody', containers: [{ name: 'main', image: 'busybox' }] },
  };
}

type Seen = [verb: string, name: string, resourceVersion: string];

let running: RunningEngine;
let config: KubeConfig;
let api: CoreV1Api;

/** Resolves once `done()` holds, checking after every informer callback; fails after `ms`. */
function until(done: () => boolean, subscribe: (check: () => void) => void, ms = 20_000): Promise<void> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error('timed out waiting for the informer')), ms);
    const check = () => {
      if (!done()) return;
      clearTimeout(timer);
      resolve();
    };
    subscribe(check);
    check();
  });
}

/** The informer's view and the server's, as name → resourceVersion and labels. */
function summary(pods: readonly V1Pod[]): Record<string, string> {
  return Object.fromEntries(
    pods
      .map((p) => [
        p.metadata!.name!,
        `${p.metadata!.resourceVersion} ${JSON.stringify(p.metadata!.labels ?? {})}`,
      ])
      .sort(([a], [b]) => (a! < b! ? -1 : 1)),
  );
}

async function freshList(): Promise<Record<string, string>> {
  return summary((await api.listNamespacedPod({ namespace: NAMESPACE })).items);
}

describe('client-node informer against the engine', () => {
  let informer: Informer<V1Pod> & ObjectCache<V1Pod>;
  const seen: Seen[] = [];
  const connects: number[] = [];
  const checks: (() => void)[] = [];
  const notify = () => {
    for (const check of checks) check();
  };

  before(async () => {
    running = await startEngine({ seed: 'client-node-informer' });
    config = new KubeConfig();
    config.loadFromString(running.kubeconfig);
    api = config.makeApiClient(CoreV1Api);
    await api.createNamespace({ body: { metadata: { name: NAMESPACE } } });
    informer = makeInformer(config, `/api/v1/namespaces/${NAMESPACE}/pods`, () =>
      api.listNamespacedPod({ namespace: NAMESPACE }),
    );
    for (const [verb, label] of [
      [ADD, 'ADDED'],
      [UPDATE, 'MODIFIED'],
      [DELETE, 'DELETED'],
    ] as const) {
      informer.on(verb, (obj) => {
        seen.push([label, obj.metadata!.name!, obj.metadata!.resourceVersion!]);
        notify();
      });
    }
    informer.on(CONNECT, () => {
      connects.push(Date.now());
      notify();
    });
    await informer.start();
  });
  after(async () => {
    await informer?.stop();
    await running?.stop();
  });

  it('sees every change of 1,000 random writes, and its cache equals a fresh list', async () => {
    const next = random(20_251_122);
    const live = new Map<string, V1Pod>();
    const expected: Seen[] = [];
    for (let i = 0; i < OPERATIONS; i++) {
      const name = `pod-${Math.floor(next() * NAMES)}`;
      const current = live.get(name);
      const dice = next();
      if (!current) {
        const created = await api.createNamespacedPod({
          namespace: NAMESPACE,
          body: pod(name, { op: String(i), tier: dice < 0.5 ? 'front' : 'back' }),
        });
        live.set(name, created);
        expected.push(['ADDED', name, created.metadata!.resourceVersion!]);
      } else if (dice < 0.6) {
        const body = { ...current, metadata: { ...current.metadata, labels: { op: String(i) } } };
        const updated = await api.replaceNamespacedPod({ name, namespace: NAMESPACE, body });
        live.set(name, updated);
        expected.push(['MODIFIED', name, updated.metadata!.resourceVersion!]);
      } else {
        // As store.go does for pods, the delete first records the deletionTimestamp, then removes.
        const marked = await api.deleteNamespacedPod({ name, namespace: NAMESPACE });
        live.delete(name);
        expected.push(['MODIFIED', name, marked.metadata!.resourceVersion!], ['DELETED', name, '']);
      }
    }
    await until(
      () => seen.length >= expected.length,
      (check) => checks.push(check),
    );
    assert.equal(seen.length, expected.length);
    assert.deepEqual(
      seen.map(([verb, name, rv], index) => [verb, name, expected[index]![0] === 'DELETED' ? '' : rv]),
      expected,
    );
    const deletedVersions = seen.filter(([verb]) => verb === 'DELETED').map(([, , rv]) => Number(rv));
    assert.ok(deletedVersions.every((rv) => rv > 0));
    assert.deepEqual(summary(informer.list(NAMESPACE)), await freshList());
    assert.deepEqual(Object.keys(await freshList()), [...live.keys()].sort());
  });

  it('relists after a 410 when its resourceVersion was compacted while it was away', async () => {
    await informer.stop();
    const before = { seen: seen.length, connects: connects.length };
    const names = informer.list(NAMESPACE).map((p) => p.metadata!.name!);
    await api.deleteNamespacedPod({ name: names[0]!, namespace: NAMESPACE });
    await api.createNamespacedPod({ namespace: NAMESPACE, body: pod('late-comer', { op: 'late' }) });
    // Roll the store's watch history past the informer's resourceVersion.
    const store = running.engine.store;
    let churn = store.create('/podtemplates', {
      apiVersion: 'v1',
      kind: 'PodTemplate',
      metadata: { name: 'churn', namespace: NAMESPACE },
    });
    for (let i = 0; i < store.historyCapacity; i++) {
      churn = store.update('/podtemplates', {
        ...churn,
        metadata: { ...churn.metadata, labels: { n: String(i) } },
      });
    }
    const expected = await freshList();
    await informer.start();
    await until(
      () =>
        connects.length >= before.connects + 2 &&
        JSON.stringify(summary(informer.list(NAMESPACE))) === JSON.stringify(expected),
      (check) => checks.push(check),
    );
    assert.deepEqual(
      seen.slice(before.seen).map(([verb, name]) => [verb, name]),
      [
        ['DELETED', names[0]],
        ['ADDED', 'late-comer'],
      ],
    );
  });

  it('a watch with sendInitialEvents lists the current pods as ADDED, then marks their end', async () => {
    const list = await api.listNamespacedPod({ namespace: NAMESPACE });
    const events: [string, V1Pod][] = [];
    await new Promise<unknown>((resolve) => {
      void new Watch(config).watch(
        `/api/v1/namespaces/${NAMESPACE}/pods`,
        {
          sendInitialEvents: true,
          allowWatchBookmarks: true,
          resourceVersionMatch: 'NotOlderThan',
          resourceVersion: '',
          timeoutSeconds: 1,
        },
        (type: string, object: V1Pod) => events.push([type, object]),
        resolve,
      );
    });
    const added = events.filter(([type]) => type === 'ADDED').map(([, object]) => object.metadata?.name);
    assert.deepEqual(added.sort(), list.items.map((p) => p.metadata!.name!).sort());
    const [type, bookmark] = events.at(-1)!;
    assert.equal(type, 'BOOKMARK');
    assert.deepEqual(bookmark, {
      kind: 'Pod',
      apiVersion: 'v1',
      metadata: {
        resourceVersion: list.metadata!.resourceVersion,
        creationTimestamp: null,
        annotations: { 'k8s.io/initial-events-end': 'true' },
      },
      spec: { containers: null },
      status: {},
    });
  });

  it('a watch with timeoutSeconds ends cleanly when the time is up', async () => {
    const list = await api.listNamespacedPod({ namespace: NAMESPACE });
    const started = Date.now();
    const outcome = await new Promise<unknown>((resolve) => {
      void new Watch(config).watch(
        `/api/v1/namespaces/${NAMESPACE}/pods`,
        { resourceVersion: list.metadata!.resourceVersion!, timeoutSeconds: 1 },
        () => {},
        resolve,
      );
    });
    assert.equal(outcome, null);
    assert.ok(Date.now() - started >= 900, 'closed before the timeout');
  });
});
