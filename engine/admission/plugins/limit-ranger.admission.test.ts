import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import type { LimitRange, Pod } from 'kubernetes-types/core/v1';
import { TestEngine } from '../../cluster/testing.ts';
import {
  claimLimitErrors,
  LIMIT_RANGER_ANNOTATION,
  maxConstraint,
  minConstraint,
  mutatePod,
  podLimitErrors,
  ratioConstraint,
} from './limit-ranger.admission.ts';

const limitRange = (...limits: NonNullable<LimitRange['spec']>['limits']): LimitRange => ({
  metadata: { name: 'limits' },
  spec: { limits },
});

type Resources = Record<string, string>;

const pod = (...containers: Array<{ name: string; requests?: Resources; limits?: Resources }>): Pod => ({
  metadata: { name: 'p' },
  spec: {
    containers: containers.map(({ name, requests, limits }) => ({
      name,
      image: 'nginx',
      resources: { ...(requests ? { requests } : {}), ...(limits ? { limits } : {}) },
    })),
  },
});

describe('constraints, in upstream wording', () => {
  const CASES: Array<[string, string | undefined, string | undefined]> = [
    [
      'max without a limit',
      maxConstraint('Container', 'memory', '1Gi', {}, {}),
      'maximum memory usage per Container is 1Gi.  No limit is specified',
    ],
    [
      'max below the limit',
      maxConstraint('Container', 'memory', '1Gi', {}, { memory: '2Gi' }),
      'maximum memory usage per Container is 1Gi, but limit is 2Gi',
    ],
    [
      'max below the request',
      maxConstraint('Container', 'cpu', '1', { cpu: '1500m' }, { cpu: '1' }),
      'maximum cpu usage per Container is 1, but request is 1500m',
    ],
    ['max respected', maxConstraint('Container', 'cpu', '1', { cpu: '500m' }, { cpu: '1' }), undefined],
    [
      'min without a request',
      minConstraint('Pod', 'cpu', '100m', {}, {}),
      'minimum cpu usage per Pod is 100m.  No request is specified',
    ],
    [
      'min above the request',
      minConstraint('Container', 'memory', '64Mi', { memory: '32Mi' }, {}),
      'minimum memory usage per Container is 64Mi, but request is 32Mi',
    ],
    [
      'min above the limit',
      minConstraint('Container', 'memory', '64Mi', { memory: '64Mi' }, { memory: '32Mi' }),
      'minimum memory usage per Container is 64Mi, but limit is 32Mi',
    ],
    [
      'ratio exceeded',
      ratioConstraint('Container', 'cpu', '2', { cpu: '100m' }, { cpu: '300m' }),
      'cpu max limit to request ratio per Container is 2, but provided ratio is 3.000000',
    ],
    [
      'ratio without a request',
      ratioConstraint('Container', 'cpu', '2', {}, { cpu: '300m' }),
      'cpu max limit to request ratio per Container is 2, but no request is specified or request is 0',
    ],
    [
      'ratio without a limit',
      ratioConstraint('Container', 'cpu', '2', { cpu: '100m' }, {}),
      'cpu max limit to request ratio per Container is 2, but no limit is specified or limit is 0',
    ],
    [
      'ratio respected',
      ratioConstraint('Container', 'cpu', '2', { cpu: '100m' }, { cpu: '200m' }),
      undefined,
    ],
  ];
  for (const [name, actual, expected] of CASES) test(name, () => assert.equal(actual, expected));
});

describe('mutation', () => {
  test('missing requests and limits come from the defaults, and the annotation says which', () => {
    const target = pod(
      { name: 'app', requests: { cpu: '250m' } },
      { name: 'sidecar', limits: { memory: '64Mi' } },
    );
    target.spec!.initContainers = [{ name: 'setup', image: 'busybox' }];
    mutatePod(
      target,
      limitRange({
        type: 'Container',
        default: { cpu: '500m', memory: '256Mi' },
        defaultRequest: { cpu: '100m', memory: '128Mi' },
      }),
    );
    assert.deepEqual(
      target.spec!.containers.map((c) => c.resources),
      [
        { requests: { cpu: '250m', memory: '128Mi' }, limits: { cpu: '500m', memory: '256Mi' } },
        { requests: { cpu: '100m', memory: '128Mi' }, limits: { memory: '64Mi', cpu: '500m' } },
      ],
    );
    assert.equal(
      target.metadata?.annotations?.[LIMIT_RANGER_ANNOTATION],
      'LimitRanger plugin set: memory request for container app; cpu, memory limit for container app; cpu, memory request for container sidecar; cpu limit for container sidecar; cpu, memory request for init container setup; cpu, memory limit for init container setup',
    );
  });

  test('a pod with everything set is left alone, without an annotation', () => {
    const target = pod({ name: 'app', requests: { cpu: '1' }, limits: { cpu: '1' } });
    mutatePod(
      target,
      limitRange({ type: 'Container', default: { cpu: '500m' }, defaultRequest: { cpu: '100m' } }),
    );
    assert.deepEqual(target.spec!.containers[0]!.resources, { requests: { cpu: '1' }, limits: { cpu: '1' } });
    assert.equal(target.metadata?.annotations, undefined);
  });
});

describe('validation', () => {
  test('type Pod sums the containers; several errors aggregate', () => {
    const errors = podLimitErrors(
      pod({ name: 'a', limits: { memory: '1Gi' } }, { name: 'b', limits: { memory: '1Gi' } }),
      limitRange({ type: 'Pod', max: { memory: '1Gi', cpu: '2' } }),
    );
    assert.deepEqual(errors, [
      'maximum cpu usage per Pod is 2.  No limit is specified',
      'maximum memory usage per Pod is 1Gi, but limit is 2Gi',
    ]);
  });

  test('claims are held to min and max storage', () => {
    const claim = (storage: string) => ({ spec: { resources: { requests: { storage } } } });
    const range = limitRange({
      type: 'PersistentVolumeClaim',
      min: { storage: '1Gi' },
      max: { storage: '5Gi' },
    });
    assert.deepEqual(claimLimitErrors(claim('10Gi'), range), [
      'maximum storage usage per PersistentVolumeClaim is 5Gi, but request is 10Gi',
    ]);
    assert.deepEqual(claimLimitErrors(claim('500Mi'), range), [
      'minimum storage usage per PersistentVolumeClaim is 1Gi, but request is 500Mi',
    ]);
    assert.deepEqual(claimLimitErrors(claim('2Gi'), range), []);
  });
});

describe('through the API', () => {
  test('LimitRange defaults read back; pods are defaulted, then refused over max, before quota', async () => {
    const t = await TestEngine.start();
    try {
      t.create({
        apiVersion: 'v1',
        kind: 'LimitRange',
        metadata: { name: 'limits', namespace: 'default' },
        spec: { limits: [{ type: 'Container', max: { memory: '1Gi' }, min: { cpu: '50m' } }] },
      });
      const stored = t.get<LimitRange>('v1', 'LimitRange', 'default', 'limits');
      assert.deepEqual(stored?.spec?.limits[0], {
        type: 'Container',
        max: { memory: '1Gi' },
        min: { cpu: '50m' },
        default: { memory: '1Gi' },
        defaultRequest: { cpu: '50m', memory: '1Gi' },
      });

      t.create({
        apiVersion: 'v1',
        kind: 'Pod',
        metadata: { name: 'plain', namespace: 'default' },
        spec: pod({ name: 'app' }).spec,
      });
      const plain = t.pod('plain');
      assert.deepEqual(plain.spec?.containers[0]?.resources, {
        limits: { memory: '1Gi' },
        requests: { cpu: '50m', memory: '1Gi' },
      });
      assert.equal(
        plain.metadata?.annotations?.[LIMIT_RANGER_ANNOTATION],
        'LimitRanger plugin set: cpu, memory request for container app; memory limit for container app',
      );
      assert.equal(plain.status?.qosClass, 'Burstable');

      const refused = t.request('POST', '/api/v1/namespaces/default/pods', {
        apiVersion: 'v1',
        kind: 'Pod',
        metadata: { name: 'big' },
        spec: pod({ name: 'app', limits: { memory: '2Gi' }, requests: { cpu: '10m' } }).spec,
      });
      assert.equal(refused.status, 403);
      assert.equal(
        (refused.body as { message: string }).message,
        'pods "big" is forbidden: [minimum cpu usage per Container is 50m, but request is 10m, maximum memory usage per Container is 1Gi, but limit is 2Gi]',
      );
    } finally {
      await t.stop();
    }
  });
});
