import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { Container, Pod } from 'kubernetes-types/core/v1';
import { formatQuantity } from '../../api/quantity.ts';
import {
  podLimitsList,
  podNonZeroRequests,
  podRequestsList,
  podResourceLimits,
  podResourceRequests,
  type ResourceList,
} from './pod-requests.ts';
import { isExtendedResourceName, isScalarResourceName } from './resource-names.ts';

type Resources = Record<string, string>;

function container(name: string, requests?: Resources, extra: Partial<Container> = {}): Container {
  return { name, image: 'busybox', ...(requests ? { resources: { requests } } : {}), ...extra };
}

const sidecar = (name: string, requests: Resources): Container =>
  container(name, requests, { restartPolicy: 'Always' });

function pod(containers: Container[], initContainers: Container[] = [], overhead?: Resources): Pod {
  return {
    metadata: { name: 'p', namespace: 'default' },
    spec: { containers, initContainers, ...(overhead ? { overhead } : {}) },
  };
}

function formatted(list: ResourceList): Record<string, string> {
  return Object.fromEntries([...list].map(([name, quantity]) => [name, formatQuantity(quantity)]));
}

describe('podRequestsList', () => {
  const cases: { name: string; pod: Pod; expected: Record<string, string> }[] = [
    {
      name: 'sums app containers',
      pod: pod([
        container('a', { cpu: '100m', memory: '64Mi' }),
        container('b', { cpu: '200m', memory: '64Mi' }),
      ]),
      expected: { cpu: '300m', memory: '128Mi' },
    },
    {
      // The example from upstream's computePodResourceRequest comment.
      name: 'takes the max of the container sum and each init container',
      pod: pod(
        [container('c1', { cpu: '2', memory: '1G' }), container('c2', { cpu: '1', memory: '1G' })],
        [container('ic1', { cpu: '2', memory: '1G' }), container('ic2', { cpu: '2', memory: '3G' })],
      ),
      expected: { cpu: '3', memory: '3G' },
    },
    {
      name: 'an init container bigger than the app containers wins',
      pod: pod([container('app', { cpu: '100m' })], [container('init', { cpu: '1', memory: '1Gi' })]),
      expected: { cpu: '1', memory: '1Gi' },
    },
    {
      name: 'sidecars add to the app containers and to later init containers',
      pod: pod(
        [container('app', { cpu: '100m', memory: '100Mi' })],
        [
          container('before', { cpu: '500m' }),
          sidecar('proxy', { cpu: '200m', memory: '50Mi' }),
          container('after', { cpu: '500m', memory: '10Mi' }),
        ],
      ),
      // app side: 100m + 200m = 300m; init peaks: 500m, 200m, 500m + 200m = 700m.
      expected: { cpu: '700m', memory: '150Mi' },
    },
    {
      name: 'adds overhead',
      pod: pod([container('app', { cpu: '250m', memory: '120Mi' })], [], { cpu: '250m', memory: '120Mi' }),
      expected: { cpu: '500m', memory: '240Mi' },
    },
    {
      name: 'keeps extended resources and the first operand format',
      pod: pod([
        container('a', { 'example.com/gpu': '1', memory: '1Gi' }),
        container('b', { memory: '512Mi' }),
      ]),
      expected: { 'example.com/gpu': '1', memory: '1536Mi' },
    },
    {
      name: 'a pod without requests requests nothing',
      pod: pod([container('app')]),
      expected: {},
    },
  ];
  for (const c of cases) {
    it(c.name, () => {
      assert.deepEqual(formatted(podRequestsList(c.pod)), c.expected);
    });
  }

  it('leaves overhead out on request', () => {
    const p = pod([container('app', { cpu: '1' })], [], { cpu: '250m' });
    assert.deepEqual(formatted(podRequestsList(p, { excludeOverhead: true })), { cpu: '1' });
  });
});

describe('podLimitsList', () => {
  it('adds overhead only to limits that are set and non-zero', () => {
    const p: Pod = {
      spec: {
        containers: [{ name: 'app', resources: { limits: { cpu: '1', memory: '0' } } }],
        overhead: { cpu: '100m', memory: '64Mi', 'ephemeral-storage': '1Gi' },
      },
    };
    assert.deepEqual(formatted(podLimitsList(p)), { cpu: '1100m', memory: '0' });
  });
});

describe('numeric requests', () => {
  it('gives millicores, bytes and scalar units, rounding up', () => {
    const p = pod([
      container('a', { cpu: '0.5', memory: '1.5Gi', 'ephemeral-storage': '1G', 'hugepages-2Mi': '4Mi' }),
      container('b', { cpu: '1m', 'example.com/gpu': '2' }),
    ]);
    const requests = podResourceRequests(p);
    assert.equal(requests.milliCPU, 501);
    assert.equal(requests.memory, 1610612736);
    assert.equal(requests.ephemeralStorage, 1_000_000_000);
    assert.deepEqual(Object.fromEntries(requests.scalar), { 'hugepages-2Mi': 4194304, 'example.com/gpu': 2 });
  });

  it('sums sub-millicore requests exactly before rounding', () => {
    const p = pod([container('a', { cpu: '0.5m' }), container('b', { cpu: '0.5m' })]);
    assert.equal(podResourceRequests(p).milliCPU, 1);
  });

  it('gives limits as numbers', () => {
    const p: Pod = {
      spec: { containers: [{ name: 'a', resources: { limits: { cpu: '2', memory: '1Gi' } } }] },
    };
    const limits = podResourceLimits(p);
    assert.equal(limits.milliCPU, 2000);
    assert.equal(limits.memory, 1073741824);
  });

  it('uses 100m and 200Mi for containers that state no request, for scoring', () => {
    const p = pod([
      container('none'),
      container('cpu-only', { cpu: '300m' }),
      container('zero', { cpu: '0', memory: '0' }),
    ]);
    assert.deepEqual(podNonZeroRequests(p), { milliCPU: 400, memory: 2 * 200 * 1024 * 1024 });
  });
});

describe('resource names', () => {
  const cases: [string, boolean, boolean][] = [
    ['cpu', false, false],
    ['memory', false, false],
    ['example.com/gpu', true, true],
    ['nvidia.com/gpu', true, true],
    ['kubernetes.io/something', false, true],
    ['hugepages-2Mi', false, true],
    ['attachable-volumes-aws-ebs', false, true],
    ['requests.example.com/gpu', false, false],
  ];
  for (const [name, extended, scalar] of cases) {
    it(`${name}: extended ${extended}, scalar ${scalar}`, () => {
      assert.equal(isExtendedResourceName(name), extended);
      assert.equal(isScalarResourceName(name), scalar);
    });
  }
});
