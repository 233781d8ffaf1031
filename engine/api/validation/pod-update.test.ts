import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import type { Pod, PodSpec } from 'kubernetes-types/core/v1';
import { TestEngine } from '../../cluster/testing.ts';
import { fieldErrorBody } from '../errors.ts';
import { POD_UPDATE_FORBIDDEN_PREFIX, podSpecDiff, validatePodUpdate } from './pod-update.ts';

const base = (change: (spec: PodSpec) => void = () => {}): Pod => {
  const spec: PodSpec = {
    containers: [{ name: 'app', image: 'nginx:1.25' }],
    initContainers: [{ name: 'init', image: 'busybox:1.36' }],
    restartPolicy: 'Always',
    terminationGracePeriodSeconds: 30,
    tolerations: [{ key: 'a', operator: 'Exists', effect: 'NoExecute', tolerationSeconds: 300 }],
  };
  change(spec);
  return { apiVersion: 'v1', kind: 'Pod', metadata: { name: 'p' }, spec };
};

const render = (pod: Pod, old: Pod) =>
  validatePodUpdate(pod, old).map((e) => `${e.field}: ${fieldErrorBody(e)}`);

describe('ValidatePodUpdate', () => {
  const cases: Array<{ name: string; old?: Pod; pod: Pod; errors: string[] }> = [
    { name: 'no change', pod: base(), errors: [] },
    {
      name: 'container and init container images',
      pod: base((s) => {
        s.containers[0]!.image = 'nginx:1.26';
        s.initContainers![0]!.image = 'busybox:1.37';
      }),
      errors: [],
    },
    { name: 'an activeDeadlineSeconds set', pod: base((s) => (s.activeDeadlineSeconds = 60)), errors: [] },
    {
      name: 'an activeDeadlineSeconds raised',
      old: base((s) => (s.activeDeadlineSeconds = 60)),
      pod: base((s) => (s.activeDeadlineSeconds = 61)),
      errors: ['spec.activeDeadlineSeconds: Invalid value: 61: must be less than or equal to previous value'],
    },
    {
      name: 'an activeDeadlineSeconds removed',
      old: base((s) => (s.activeDeadlineSeconds = 60)),
      pod: base(),
      errors: [
        'spec.activeDeadlineSeconds: Invalid value: null: must not update from a positive integer to nil value',
      ],
    },
    {
      name: 'a negative activeDeadlineSeconds',
      pod: base((s) => (s.activeDeadlineSeconds = -1)),
      errors: ['spec.activeDeadlineSeconds: Invalid value: -1: must be between 0 and 2147483647, inclusive'],
    },
    {
      name: 'a toleration added, and one changed only in tolerationSeconds',
      pod: base((s) => {
        s.tolerations![0]!.tolerationSeconds = 60;
        s.tolerations!.push({ key: 'b', operator: 'Exists' });
      }),
      errors: [],
    },
    {
      name: 'a toleration removed',
      pod: base((s) => (s.tolerations = [])),
      errors: [
        'spec.tolerations: Forbidden: existing toleration can not be modified except its tolerationSeconds',
      ],
    },
    {
      name: 'a container added',
      pod: base((s) => s.containers.push({ name: 'side', image: 'busybox' })),
      errors: ['spec.containers: Forbidden: pod updates may not add or remove containers'],
    },
    {
      name: 'an image emptied',
      pod: base((s) => (s.containers[0]!.image = '')),
      errors: ['spec.containers[0].image: Required value'],
    },
    {
      name: 'a negative terminationGracePeriodSeconds raised to 1',
      old: base((s) => (s.terminationGracePeriodSeconds = -1)),
      pod: base((s) => (s.terminationGracePeriodSeconds = 1)),
      errors: [],
    },
    {
      name: 'the restart policy',
      pod: base((s) => (s.restartPolicy = 'Never')),
      errors: [
        `spec: Forbidden: ${POD_UPDATE_FORBIDDEN_PREFIX}\n  core.PodSpec{\n  \t... // 4 identical fields\n- \tRestartPolicy: "Always",\n+ \tRestartPolicy: "Never",\n  \t... // 34 identical fields\n  }\n`,
      ],
    },
  ];
  for (const c of cases) {
    test(c.name, () => assert.deepEqual(render(c.pod, c.old ?? base()), c.errors));
  }

  test('the diff marks a field set or unset with nil and pointers with &', () => {
    const old = base().spec!;
    const changed = { ...old, terminationGracePeriodSeconds: 5, nodeName: 'n1' };
    assert.equal(
      podSpecDiff(old, changed),
      '  core.PodSpec{\n  \t... // 5 identical fields\n- \tTerminationGracePeriodSeconds: &30,\n+ \tTerminationGracePeriodSeconds: &5,\n  \t... // 6 identical fields\n- \tNodeName: nil,\n+ \tNodeName: "n1",\n  \t... // 26 identical fields\n  }\n',
    );
  });
});

describe('pod and statefulset updates over the API', () => {
  let t: TestEngine;
  before(async () => {
    t = await TestEngine.start();
  });
  after(() => t.stop());

  test('a pod patch outside the updatable fields is a 422 with the Forbidden cause', () => {
    t.create({
      apiVersion: 'v1',
      kind: 'Pod',
      metadata: { name: 'fixed', namespace: 'default' },
      spec: { containers: [{ name: 'main', image: 'busybox:1.36', command: ['sleep', '3600'] }] },
    });
    const reply = t.request(
      'PATCH',
      '/api/v1/namespaces/default/pods/fixed',
      { spec: { restartPolicy: 'Never' } },
      'application/strategic-merge-patch+json',
    );
    const message = `${POD_UPDATE_FORBIDDEN_PREFIX}\n  core.PodSpec{\n  \t... // 4 identical fields\n- \tRestartPolicy: "Always",\n+ \tRestartPolicy: "Never",\n  \t... // 34 identical fields\n  }\n`;
    assert.deepEqual(reply.body, {
      kind: 'Status',
      apiVersion: 'v1',
      metadata: {},
      status: 'Failure',
      message: `Pod "fixed" is invalid: spec: Forbidden: ${message}`,
      reason: 'Invalid',
      details: {
        name: 'fixed',
        kind: 'Pod',
        causes: [{ reason: 'FieldValueForbidden', message: `Forbidden: ${message}`, field: 'spec' }],
      },
      code: 422,
    });
    const image = t.request(
      'PATCH',
      '/api/v1/namespaces/default/pods/fixed',
      { spec: { containers: [{ name: 'main', image: 'busybox:1.37' }] } },
      'application/strategic-merge-patch+json',
    );
    assert.equal(image.status, 200);
  });

  test('a statefulset update outside its updatable fields is Forbidden', () => {
    const sts = {
      apiVersion: 'apps/v1',
      kind: 'StatefulSet',
      metadata: { name: 'db', namespace: 'default' },
      spec: {
        serviceName: 'db',
        replicas: 1,
        selector: { matchLabels: { app: 'db' } },
        template: {
          metadata: { labels: { app: 'db' } },
          spec: { containers: [{ name: 'main', image: 'busybox:1.36', command: ['sleep', '3600'] }] },
        },
      },
    };
    t.create(sts);
    const path = '/apis/apps/v1/namespaces/default/statefulsets/db';
    const patch = (body: unknown) => t.request('PATCH', path, body, 'application/merge-patch+json');
    assert.equal(patch({ spec: { replicas: 2, minReadySeconds: 5 } }).status, 200);
    const detail =
      "updates to statefulset spec for fields other than 'replicas', 'ordinals', 'template', 'updateStrategy', 'revisionHistoryLimit', 'persistentVolumeClaimRetentionPolicy' and 'minReadySeconds' are forbidden";
    assert.deepEqual(patch({ spec: { serviceName: 'other' } }).body, {
      kind: 'Status',
      apiVersion: 'v1',
      metadata: {},
      status: 'Failure',
      message: `StatefulSet.apps "db" is invalid: spec: Forbidden: ${detail}`,
      reason: 'Invalid',
      details: {
        name: 'db',
        group: 'apps',
        kind: 'StatefulSet',
        causes: [{ reason: 'FieldValueForbidden', message: `Forbidden: ${detail}`, field: 'spec' }],
      },
      code: 422,
    });
  });
});
