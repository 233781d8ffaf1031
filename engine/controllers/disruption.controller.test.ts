import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import type { PodDisruptionBudget, PodDisruptionBudgetStatus } from 'kubernetes-types/policy/v1';
import { TestEngine } from '../cluster/testing.ts';
import { goLabelSelectorString, scaledValue } from './disruption.controller.ts';

const labels = { app: 'web' };
const selector = { matchLabels: labels };
const template = (image = 'nginx:1.25', extra: Record<string, unknown> = {}) => ({
  metadata: { labels },
  spec: { containers: [{ name: 'main', image, ...extra }] },
});
/** A busybox container that runs but never passes its readiness probe. */
const neverReady = {
  command: ['sh', '-c', 'sleep 3600'],
  readinessProbe: { exec: { command: ['cat', '/tmp/ready'] }, periodSeconds: 5 },
};
const deployment = (ns: string, replicas: number) => ({
  apiVersion: 'apps/v1',
  kind: 'Deployment',
  metadata: { name: 'web', namespace: ns },
  spec: { replicas, selector, template: template() },
});
const statefulSet = (ns: string, replicas: number) => ({
  apiVersion: 'apps/v1',
  kind: 'StatefulSet',
  metadata: { name: 'db', namespace: ns },
  spec: { replicas, serviceName: 'db', selector, template: template() },
});
const barePod = (ns: string, name: string, ready = true) => ({
  apiVersion: 'v1',
  kind: 'Pod',
  metadata: { name, namespace: ns, labels },
  spec: {
    containers: [
      { name: 'main', image: 'busybox:1.36', ...(ready ? { command: ['sleep', '3600'] } : neverReady) },
    ],
  },
});

interface Case {
  name: string;
  objects: (ns: string) => Record<string, unknown>[];
  spec: Record<string, unknown>;
  status: Partial<PodDisruptionBudget['status'] & object>;
  condition: { status: string; reason: string; message: string };
  events?: string[];
  /** The generation status and condition say they observed; a failed first sync observed none. */
  observed?: number;
}

const CASES: Case[] = [
  {
    name: 'integer minAvailable counts the selected pods',
    objects: (ns) => [deployment(ns, 3)],
    spec: { minAvailable: 2 },
    status: { currentHealthy: 3, desiredHealthy: 2, expectedPods: 3, disruptionsAllowed: 1 },
    condition: { status: 'True', reason: 'SufficientPods', message: '' },
  },
  {
    name: 'percent minAvailable rounds up against the Deployment scale',
    objects: (ns) => [deployment(ns, 3)],
    spec: { minAvailable: '50%' },
    status: { currentHealthy: 3, desiredHealthy: 2, expectedPods: 3, disruptionsAllowed: 1 },
    condition: { status: 'True', reason: 'SufficientPods', message: '' },
  },
  {
    name: 'integer maxUnavailable against the Deployment scale',
    objects: (ns) => [deployment(ns, 3)],
    spec: { maxUnavailable: 1 },
    status: { currentHealthy: 3, desiredHealthy: 2, expectedPods: 3, disruptionsAllowed: 1 },
    condition: { status: 'True', reason: 'SufficientPods', message: '' },
  },
  {
    name: 'percent maxUnavailable against the StatefulSet scale',
    objects: (ns) => [statefulSet(ns, 4)],
    spec: { maxUnavailable: '25%' },
    status: { currentHealthy: 4, desiredHealthy: 3, expectedPods: 4, disruptionsAllowed: 1 },
    condition: { status: 'True', reason: 'SufficientPods', message: '' },
  },
  {
    name: 'minAvailable 100% allows no disruption',
    objects: (ns) => [deployment(ns, 2)],
    spec: { minAvailable: '100%' },
    status: { currentHealthy: 2, desiredHealthy: 2, expectedPods: 2, disruptionsAllowed: 0 },
    condition: { status: 'False', reason: 'InsufficientPods', message: '' },
  },
  {
    name: 'unhealthy pods are expected but not healthy',
    objects: (ns) => [barePod(ns, 'a'), barePod(ns, 'b'), barePod(ns, 'c', false)],
    spec: { minAvailable: 2 },
    status: { currentHealthy: 2, desiredHealthy: 2, expectedPods: 3, disruptionsAllowed: 0 },
    condition: { status: 'False', reason: 'InsufficientPods', message: '' },
  },
  {
    name: 'unmanaged pods do not count towards maxUnavailable',
    objects: (ns) => [deployment(ns, 2), barePod(ns, 'stray')],
    spec: { maxUnavailable: 1 },
    status: { currentHealthy: 3, desiredHealthy: 1, expectedPods: 2, disruptionsAllowed: 2 },
    condition: { status: 'True', reason: 'SufficientPods', message: '' },
    events: [
      'UnmanagedPods: Pods selected by this PodDisruptionBudget (selector: &LabelSelector{MatchLabels:map[string]string{app: web,},MatchExpressions:[]LabelSelectorRequirement{},}) were found to be unmanaged. As a result, the status of the PDB cannot be calculated correctly, which may result in undefined behavior. To account for these pods please set ".spec.minAvailable" field of the PDB to an integer value.',
    ],
  },
  {
    name: 'no matching pods',
    objects: () => [],
    spec: { minAvailable: 1 },
    status: { currentHealthy: 0, desiredHealthy: 1, expectedPods: 0, disruptionsAllowed: 0 },
    condition: { status: 'False', reason: 'InsufficientPods', message: '' },
    events: ['NoPods: No matching pods found'],
  },
  {
    name: 'a pod of a Job has no scale: the sync fails safe',
    objects: (ns) => [
      {
        apiVersion: 'batch/v1',
        kind: 'Job',
        metadata: { name: 'batch', namespace: ns },
        spec: {
          template: {
            metadata: { labels },
            spec: {
              restartPolicy: 'Never',
              containers: [{ name: 'main', image: 'busybox:1.36', command: ['sleep', '3600'] }],
            },
          },
        },
      },
    ],
    spec: { maxUnavailable: 1 },
    status: { disruptionsAllowed: 0 },
    observed: 0,
    condition: {
      status: 'False',
      reason: 'SyncFailed',
      message: 'jobs.batch does not implement the scale subresource',
    },
    events: [
      'CalculateExpectedPodCountFailed: Failed to calculate the number of expected pods: jobs.batch does not implement the scale subresource',
    ],
  },
];

describe('disruption controller: PodDisruptionBudget status', () => {
  let t: TestEngine;
  before(async () => {
    t = await TestEngine.start({ cluster: 'three-nodes' });
  });
  after(() => t.stop());

  CASES.forEach((c, index) => {
    test(c.name, () => {
      const ns = `case-${index}`;
      t.create({ apiVersion: 'v1', kind: 'Namespace', metadata: { name: ns } });
      for (const object of c.objects(ns)) t.create(object);
      t.create({
        apiVersion: 'policy/v1',
        kind: 'PodDisruptionBudget',
        metadata: { name: 'budget', namespace: ns },
        spec: { selector, ...c.spec },
      });
      t.advance(60_000);
      const pdb = t.get<PodDisruptionBudget>('policy/v1', 'PodDisruptionBudget', ns, 'budget');
      const { conditions, ...status } = pdb?.status ?? ({} as PodDisruptionBudgetStatus);
      assert.deepEqual(
        Object.fromEntries(Object.keys(c.status).map((k) => [k, (status as Record<string, unknown>)[k]])),
        c.status,
      );
      const observed = c.observed ?? 1;
      assert.equal(status.observedGeneration ?? 0, observed);
      const condition = conditions?.find((x) => x.type === 'DisruptionAllowed');
      assert.deepEqual(
        { status: condition?.status, reason: condition?.reason, message: condition?.message },
        c.condition,
      );
      assert.equal(condition?.observedGeneration ?? 0, observed);
      for (const line of c.events ?? [])
        assert.ok(t.eventLines(ns, 'budget').includes(line), `event ${line}`);
    });
  });

  test('an eviction is counted until the pod is deleted, and expires after two minutes if it never is', () => {
    const ns = 'disrupted';
    t.create({ apiVersion: 'v1', kind: 'Namespace', metadata: { name: ns } });
    for (const name of ['a', 'b', 'c']) t.create(barePod(ns, name));
    t.create({
      apiVersion: 'policy/v1',
      kind: 'PodDisruptionBudget',
      metadata: { name: 'budget', namespace: ns },
      spec: { selector, minAvailable: 1 },
    });
    t.advance(30_000);
    const pdb = t.get<PodDisruptionBudget>('policy/v1', 'PodDisruptionBudget', ns, 'budget');
    assert.equal(pdb?.status?.disruptionsAllowed, 2);
    // As the eviction API records a pod it is about to delete: out of currentHealthy from now on.
    const at = new Date(t.now()).toISOString().replace(/\.\d+Z$/, 'Z');
    const reply = t.request('PUT', `/apis/policy/v1/namespaces/${ns}/poddisruptionbudgets/budget/status`, {
      ...pdb,
      status: { ...pdb?.status, disruptedPods: { a: at }, disruptionsAllowed: 1 },
    });
    assert.equal(reply.status, 200, reply.text);
    t.advance(1_000);
    const during = t.get<PodDisruptionBudget>('policy/v1', 'PodDisruptionBudget', ns, 'budget')?.status;
    assert.deepEqual(
      {
        currentHealthy: during?.currentHealthy,
        disruptionsAllowed: during?.disruptionsAllowed,
        disruptedPods: during?.disruptedPods,
      },
      { currentHealthy: 2, disruptionsAllowed: 1, disruptedPods: { a: at } },
    );
    t.advance(2 * 60_000);
    const later = t.get<PodDisruptionBudget>('policy/v1', 'PodDisruptionBudget', ns, 'budget')?.status;
    assert.deepEqual(
      {
        currentHealthy: later?.currentHealthy,
        disruptionsAllowed: later?.disruptionsAllowed,
        disruptedPods: later?.disruptedPods,
      },
      { currentHealthy: 3, disruptionsAllowed: 2, disruptedPods: undefined },
    );
    assert.ok(
      t
        .eventLines(ns, 'a')
        .includes(`NotDeleted: Pod was expected by PDB ${ns}/${ns} to be deleted but it wasn't`),
    );
  });

  test('a spec change is observed with a new generation', () => {
    const ns = 'case-0';
    const pdb = t.get<PodDisruptionBudget>('policy/v1', 'PodDisruptionBudget', ns, 'budget');
    const reply = t.request('PUT', `/apis/policy/v1/namespaces/${ns}/poddisruptionbudgets/budget`, {
      ...pdb,
      spec: { ...pdb?.spec, minAvailable: 3 },
    });
    assert.equal(reply.status, 200, reply.text);
    t.advance(1_000);
    const status = t.get<PodDisruptionBudget>('policy/v1', 'PodDisruptionBudget', ns, 'budget')?.status;
    assert.equal(status?.observedGeneration, 2);
    assert.equal(status?.desiredHealthy, 3);
    assert.equal(status?.disruptionsAllowed, 0);
    const condition = status?.conditions?.find((c) => c.type === 'DisruptionAllowed');
    assert.deepEqual(
      [condition?.status, condition?.reason, condition?.observedGeneration],
      ['False', 'InsufficientPods', 2],
    );
  });
});

test('scaledValue rounds percentages up and refuses what intstr refuses', () => {
  const table: Array<[number | string, number, number | string]> = [
    [2, 10, 2],
    ['50%', 3, 2],
    ['25%', 4, 1],
    ['0%', 5, 0],
    ['100%', 7, 7],
    ['10', 5, 'invalid value for IntOrString: invalid type: string is not a percentage'],
    ['x%', 5, 'invalid value for IntOrString: invalid value "x%": strconv.Atoi: parsing "x": invalid syntax'],
  ];
  for (const [value, total, want] of table) {
    if (typeof want === 'number') assert.equal(scaledValue(value, total), want, `${value} of ${total}`);
    else assert.throws(() => scaledValue(value, total), { message: want });
  }
});

test('goLabelSelectorString prints a selector as Go prints *metav1.LabelSelector', () => {
  assert.equal(
    goLabelSelectorString({
      matchLabels: { tier: 'db', app: 'web' },
      matchExpressions: [{ key: 'env', operator: 'In', values: ['a', 'b'] }],
    }),
    '&LabelSelector{MatchLabels:map[string]string{app: web,tier: db,},MatchExpressions:[]LabelSelectorRequirement{LabelSelectorRequirement{Key:env,Operator:In,Values:[a b],},},}',
  );
  assert.equal(goLabelSelectorString(undefined), 'nil');
});
