import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import type { Pod } from 'kubernetes-types/core/v1';
import type { PodDisruptionBudget } from 'kubernetes-types/policy/v1';
import { TestEngine } from '../../cluster/testing.ts';

const SUCCESS = { kind: 'Status', apiVersion: 'v1', metadata: {}, status: 'Success', code: 201 };

const refused = (budget: string, desired: number, healthy: number) => ({
  kind: 'Status',
  apiVersion: 'v1',
  metadata: {},
  status: 'Failure',
  message: "Cannot evict pod as it would violate the pod's disruption budget.",
  reason: 'TooManyRequests',
  details: {
    causes: [
      {
        reason: 'DisruptionBudget',
        message: `The disruption budget ${budget} needs ${desired} healthy pods and has ${healthy} currently`,
      },
    ],
  },
  code: 429,
});

describe('pods/eviction honours PodDisruptionBudgets', () => {
  let t: TestEngine;
  let count = 0;
  before(async () => {
    t = await TestEngine.start({ cluster: 'three-nodes' });
  });
  after(() => t.stop());

  /** A fresh namespace with `ready` running pods and `unready` ones that never pass readiness. */
  function namespaceWith(ready: string[], unready: string[] = [], app = 'web'): string {
    const ns = `evict-${count++}`;
    t.create({ apiVersion: 'v1', kind: 'Namespace', metadata: { name: ns } });
    for (const name of [...ready, ...unready]) {
      t.create({
        apiVersion: 'v1',
        kind: 'Pod',
        metadata: { name, namespace: ns, labels: { app } },
        spec: {
          containers: [
            {
              name: 'main',
              image: 'busybox:1.36',
              command: ['sh', '-c', 'sleep 3600'],
              ...(unready.includes(name)
                ? { readinessProbe: { exec: { command: ['cat', '/tmp/ready'] }, periodSeconds: 5 } }
                : {}),
            },
          ],
        },
      });
    }
    return ns;
  }

  function budget(ns: string, name: string, spec: Record<string, unknown>): void {
    t.create({
      apiVersion: 'policy/v1',
      kind: 'PodDisruptionBudget',
      metadata: { name, namespace: ns },
      spec: { selector: { matchLabels: { app: 'web' } }, ...spec },
    });
  }

  function evict(ns: string, name: string, query = '', body: Record<string, unknown> = {}) {
    return t.request('POST', `/api/v1/namespaces/${ns}/pods/${name}/eviction${query}`, {
      apiVersion: 'policy/v1',
      kind: 'Eviction',
      metadata: { name, namespace: ns },
      ...body,
    });
  }

  const pdbStatus = (ns: string, name: string) =>
    t.get<PodDisruptionBudget>('policy/v1', 'PodDisruptionBudget', ns, name)?.status;

  test('an eviction the budget allows marks the pod DisruptionTarget and deletes it gracefully', () => {
    const ns = namespaceWith(['a', 'b', 'c']);
    budget(ns, 'web', { minAvailable: 2 });
    t.advance(30_000);
    assert.equal(pdbStatus(ns, 'web')?.disruptionsAllowed, 1);
    const reply = evict(ns, 'a');
    assert.equal(reply.status, 201);
    assert.deepEqual(reply.body, SUCCESS);
    const pod = t.pod('a', ns);
    assert.ok(pod.metadata?.deletionTimestamp, 'the pod is being deleted');
    assert.equal(pod.metadata?.deletionGracePeriodSeconds, 30);
    const condition = pod.status?.conditions?.find((c) => c.type === 'DisruptionTarget');
    assert.deepEqual(
      { status: condition?.status, reason: condition?.reason, message: condition?.message },
      { status: 'True', reason: 'EvictionByEvictionAPI', message: 'Eviction API: evicting' },
    );
    // The budget now counts two healthy pods: the next eviction is refused.
    const status = pdbStatus(ns, 'web');
    assert.deepEqual([status?.currentHealthy, status?.desiredHealthy, status?.disruptionsAllowed], [2, 2, 0]);
    const second = evict(ns, 'b');
    assert.equal(second.status, 429);
    assert.deepEqual(second.body, refused('web', 2, 2));
    assert.equal(t.pod('b', ns).metadata?.deletionTimestamp, undefined);
    t.advance(60_000);
    assert.equal(t.get('v1', 'Pod', ns, 'a'), undefined);
  });

  test('maxUnavailable over pods no workload controls expects none, so allows no disruption', () => {
    const ns = namespaceWith(['a', 'b', 'c']);
    budget(ns, 'web', { maxUnavailable: 1 });
    t.advance(30_000);
    assert.deepEqual(evict(ns, 'a').body, refused('web', 0, 3));
  });

  test('the disruption taken is written to the budget status by kube-apiserver', () => {
    const ns = namespaceWith(['x', 'y']);
    budget(ns, 'pair', { minAvailable: 1 });
    t.advance(30_000);
    assert.equal(evict(ns, 'x').status, 201);
    const pdb = t.get<PodDisruptionBudget>('policy/v1', 'PodDisruptionBudget', ns, 'pair');
    const manager = pdb?.metadata?.managedFields?.find((m) => m.manager === 'kube-apiserver');
    assert.equal(manager?.subresource, 'status');
    assert.equal(pdb?.status?.disruptionsAllowed, 0);
  });

  test('a dry run checks the budget but changes nothing', () => {
    const ns = namespaceWith(['a', 'b']);
    budget(ns, 'web', { minAvailable: 1 });
    t.advance(30_000);
    const before = t.get<PodDisruptionBudget>('policy/v1', 'PodDisruptionBudget', ns, 'web');
    assert.deepEqual(evict(ns, 'a', '?dryRun=All').body, SUCCESS);
    assert.deepEqual(evict(ns, 'b', '', { deleteOptions: { dryRun: ['All'] } }).body, SUCCESS);
    const pod = t.pod('a', ns);
    assert.equal(pod.metadata?.deletionTimestamp, undefined);
    assert.equal(
      pod.status?.conditions?.some((c) => c.type === 'DisruptionTarget'),
      false,
    );
    assert.equal(
      t.get<PodDisruptionBudget>('policy/v1', 'PodDisruptionBudget', ns, 'web')?.metadata?.resourceVersion,
      before?.metadata?.resourceVersion,
    );
  });

  test('a pod under two budgets: a Failure Status with code 500, sent with 201', () => {
    const ns = namespaceWith(['a', 'b']);
    budget(ns, 'one', { minAvailable: 0 });
    budget(ns, 'two', { maxUnavailable: 2 });
    t.advance(30_000);
    const reply = evict(ns, 'a');
    assert.equal(reply.status, 201);
    assert.deepEqual(reply.body, {
      kind: 'Status',
      apiVersion: 'v1',
      metadata: {},
      status: 'Failure',
      message:
        'This pod has more than one PodDisruptionBudget, which the eviction subresource does not support.',
      code: 500,
    });
    assert.equal(t.pod('a', ns).metadata?.deletionTimestamp, undefined);
  });

  test('Pending pods are evicted without a look at the budget', () => {
    const ns = namespaceWith([]);
    t.create({
      apiVersion: 'v1',
      kind: 'Pod',
      metadata: { name: 'huge', namespace: ns, labels: { app: 'web' } },
      spec: {
        containers: [{ name: 'main', image: 'nginx:1.25', resources: { requests: { cpu: '64' } } }],
      },
    });
    budget(ns, 'web', { minAvailable: 1 });
    t.advance(30_000);
    assert.equal(t.pod('huge', ns).status?.phase, 'Pending');
    assert.equal(pdbStatus(ns, 'web')?.disruptionsAllowed, 0);
    assert.deepEqual(evict(ns, 'huge').body, SUCCESS);
    assert.equal(t.get('v1', 'Pod', ns, 'huge'), undefined);
  });

  test('unhealthy pods: evicted while the budget is met or says AlwaysAllow, refused otherwise', () => {
    const met = namespaceWith(['a', 'b'], ['sick']);
    budget(met, 'web', { minAvailable: 2 });
    const unmet = namespaceWith(['a'], ['sick']);
    budget(unmet, 'web', { minAvailable: 2 });
    const always = namespaceWith(['a'], ['sick']);
    budget(always, 'web', { minAvailable: 2, unhealthyPodEvictionPolicy: 'AlwaysAllow' });
    t.advance(30_000);
    assert.equal(t.pod('sick', met).status?.phase, 'Running');
    assert.deepEqual(
      [pdbStatus(met, 'web')?.currentHealthy, pdbStatus(met, 'web')?.disruptionsAllowed],
      [2, 0],
    );
    assert.deepEqual(evict(met, 'sick').body, SUCCESS);
    assert.deepEqual(evict(unmet, 'sick').body, refused('web', 2, 1));
    assert.deepEqual(evict(always, 'sick').body, SUCCESS);
    assert.ok(t.pod('sick', met).metadata?.deletionTimestamp);
    assert.equal(t.pod('sick', unmet).metadata?.deletionTimestamp, undefined);
    assert.ok(t.pod('sick', always).metadata?.deletionTimestamp);
  });

  test('a budget with an empty selector guards nothing from the eviction API', () => {
    const ns = namespaceWith(['a']);
    budget(ns, 'all', { minAvailable: 1, selector: {} });
    t.advance(30_000);
    assert.equal(pdbStatus(ns, 'all')?.expectedPods, 1, 'the controller counts every pod');
    assert.deepEqual(evict(ns, 'a').body, SUCCESS);
  });

  test('requests that cannot be served', () => {
    const ns = namespaceWith(['a']);
    const mismatch = t.request('POST', `/api/v1/namespaces/${ns}/pods/a/eviction`, {
      apiVersion: 'policy/v1',
      kind: 'Eviction',
      metadata: { name: 'b', namespace: ns },
    });
    assert.equal(mismatch.status, 400);
    assert.deepEqual(mismatch.body, {
      kind: 'Status',
      apiVersion: 'v1',
      metadata: {},
      status: 'Failure',
      message: 'name in URL does not match name in Eviction object',
      reason: 'BadRequest',
      code: 400,
    });
    const missing = evict(ns, 'nope');
    assert.equal(missing.status, 404);
    assert.deepEqual(missing.body, {
      kind: 'Status',
      apiVersion: 'v1',
      metadata: {},
      status: 'Failure',
      message: 'pods "nope" not found',
      reason: 'NotFound',
      details: { name: 'nope', kind: 'pods' },
      code: 404,
    });
  });

  test('without a budget the pod is simply deleted', () => {
    const ns = namespaceWith(['a']);
    t.advance(30_000);
    assert.deepEqual(evict(ns, 'a').body, SUCCESS);
    assert.ok(t.get<Pod>('v1', 'Pod', ns, 'a')?.metadata?.deletionTimestamp);
  });
});
