import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { Affinity, Pod, PodAffinityTerm } from 'kubernetes-types/core/v1';
import { buildNodeInfos } from '../framework/node-info.ts';
import { filterResults, makeNode, makePod, scoreResults } from '../framework/testing.ts';
import {
  createInterPodAffinityPlugin,
  ERR_REASON_AFFINITY_RULES_NOT_MATCH,
  ERR_REASON_ANTI_AFFINITY_RULES_NOT_MATCH,
  ERR_REASON_EXISTING_ANTI_AFFINITY_RULES_NOT_MATCH,
} from './inter-pod-affinity.plugin.ts';

const plugin = createInterPodAffinityPlugin();
const ZONE = 'topology.kubernetes.io/zone';
const HOST = 'kubernetes.io/hostname';

const term = (app: string, topologyKey: string, extra: Partial<PodAffinityTerm> = {}): PodAffinityTerm => ({
  labelSelector: { matchLabels: { app } },
  topologyKey,
  ...extra,
});

const nodes = [
  makeNode('a1', { labels: { [ZONE]: 'a' } }),
  makeNode('a2', { labels: { [ZONE]: 'a' } }),
  makeNode('b1', { labels: { [ZONE]: 'b' } }),
  makeNode('nozone'),
];

function pod(name: string, labels: Record<string, string>, affinity?: Affinity, nodeName?: string): Pod {
  return makePod(name, {
    labels,
    ...(nodeName ? { nodeName } : {}),
    ...(affinity ? { spec: { affinity } } : {}),
  });
}

const affinity = (...terms: PodAffinityTerm[]): Affinity => ({
  podAffinity: { requiredDuringSchedulingIgnoredDuringExecution: terms },
});
const antiAffinity = (...terms: PodAffinityTerm[]): Affinity => ({
  podAntiAffinity: { requiredDuringSchedulingIgnoredDuringExecution: terms },
});

describe('InterPodAffinity filter', () => {
  const AFFINITY = `UnschedulableAndUnresolvable: ${ERR_REASON_AFFINITY_RULES_NOT_MATCH}`;
  const ANTI = `Unschedulable: ${ERR_REASON_ANTI_AFFINITY_RULES_NOT_MATCH}`;
  const EXISTING = `Unschedulable: ${ERR_REASON_EXISTING_ANTI_AFFINITY_RULES_NOT_MATCH}`;
  const cases: { name: string; existing: Pod[]; pod: Pod; expected: Record<string, string> }[] = [
    {
      name: 'no affinity anywhere skips the plugin',
      existing: [pod('db', { app: 'db' }, undefined, 'a1')],
      pod: pod('web', { app: 'web' }),
      expected: { a1: 'Skip', a2: 'Skip', b1: 'Skip', nozone: 'Skip' },
    },
    {
      name: 'required affinity to a zone with a matching pod',
      existing: [pod('db', { app: 'db' }, undefined, 'a1')],
      pod: pod('web', { app: 'web' }, affinity(term('db', ZONE))),
      expected: { a1: 'Success', a2: 'Success', b1: AFFINITY, nozone: AFFINITY },
    },
    {
      name: 'required affinity nothing matches',
      existing: [pod('cache', { app: 'cache' }, undefined, 'a1')],
      pod: pod('web', { app: 'web' }, affinity(term('db', ZONE))),
      expected: { a1: AFFINITY, a2: AFFINITY, b1: AFFINITY, nozone: AFFINITY },
    },
    {
      name: 'the first pod of a self-affine group may go anywhere with the label',
      existing: [],
      pod: pod('web-0', { app: 'web' }, affinity(term('web', ZONE))),
      expected: { a1: 'Success', a2: 'Success', b1: 'Success', nozone: AFFINITY },
    },
    {
      name: 'affinity terms only look in the pod namespace by default',
      existing: [makePod('db', { namespace: 'other', labels: { app: 'db' }, nodeName: 'a1' })],
      pod: pod('web', { app: 'web' }, affinity(term('db', ZONE))),
      expected: { a1: AFFINITY, a2: AFFINITY, b1: AFFINITY, nozone: AFFINITY },
    },
    {
      name: 'listed namespaces widen the search',
      existing: [makePod('db', { namespace: 'other', labels: { app: 'db' }, nodeName: 'b1' })],
      pod: pod('web', { app: 'web' }, affinity(term('db', ZONE, { namespaces: ['other'] }))),
      expected: { a1: AFFINITY, a2: AFFINITY, b1: 'Success', nozone: AFFINITY },
    },
    {
      name: 'required anti-affinity per host',
      existing: [pod('web-0', { app: 'web' }, undefined, 'a1')],
      pod: pod('web-1', { app: 'web' }, antiAffinity(term('web', HOST))),
      expected: { a1: ANTI, a2: 'Success', b1: 'Success', nozone: 'Success' },
    },
    {
      name: 'required anti-affinity per zone',
      existing: [pod('web-0', { app: 'web' }, undefined, 'a1')],
      pod: pod('web-1', { app: 'web' }, antiAffinity(term('web', ZONE))),
      expected: { a1: ANTI, a2: ANTI, b1: 'Success', nozone: 'Success' },
    },
    {
      name: "an existing pod's anti-affinity keeps matching pods away",
      existing: [pod('lonely', { app: 'lonely' }, antiAffinity(term('web', ZONE)), 'b1')],
      pod: pod('web', { app: 'web' }),
      expected: { a1: 'Success', a2: 'Success', b1: EXISTING, nozone: 'Success' },
    },
  ];
  for (const c of cases) {
    it(c.name, () => {
      const snapshot = buildNodeInfos(nodes, c.existing);
      assert.deepEqual(filterResults(plugin, c.pod, snapshot), c.expected);
    });
  }

  it('matches namespaces by namespaceSelector through the handle', () => {
    const withNamespaces = createInterPodAffinityPlugin({
      getNamespaceLabels: (namespace) => (namespace === 'team-a' ? { team: 'a' } : {}),
    });
    const snapshot = buildNodeInfos(nodes, [
      makePod('db', { namespace: 'team-a', labels: { app: 'db' }, nodeName: 'a2' }),
    ]);
    const web = pod(
      'web',
      { app: 'web' },
      affinity(term('db', ZONE, { namespaceSelector: { matchLabels: { team: 'a' } } })),
    );
    assert.deepEqual(filterResults(withNamespaces, web, snapshot), {
      a1: 'Success',
      a2: 'Success',
      b1: `UnschedulableAndUnresolvable: ${ERR_REASON_AFFINITY_RULES_NOT_MATCH}`,
      nozone: `UnschedulableAndUnresolvable: ${ERR_REASON_AFFINITY_RULES_NOT_MATCH}`,
    });
  });
});

describe('InterPodAffinity score', () => {
  it('prefers zones with pods matching preferred affinity, scaled 0..100', () => {
    const snapshot = buildNodeInfos(nodes, [
      pod('db-0', { app: 'db' }, undefined, 'a1'),
      pod('db-1', { app: 'db' }, undefined, 'a2'),
      pod('db-2', { app: 'db' }, undefined, 'b1'),
    ]);
    const web = pod(
      'web',
      { app: 'web' },
      {
        podAffinity: {
          preferredDuringSchedulingIgnoredDuringExecution: [
            { weight: 10, podAffinityTerm: term('db', ZONE) },
          ],
        },
      },
    );
    // Zone a: 2 matches × 10 = 20; zone b: 10; no zone: 0.
    assert.deepEqual(scoreResults(plugin, web, snapshot), { a1: 100, a2: 100, b1: 50, nozone: 0 });
  });

  it('preferred anti-affinity lowers the score', () => {
    const snapshot = buildNodeInfos(nodes, [pod('web-0', { app: 'web' }, undefined, 'a1')]);
    const web = pod(
      'web-1',
      { app: 'web' },
      {
        podAntiAffinity: {
          preferredDuringSchedulingIgnoredDuringExecution: [
            { weight: 5, podAffinityTerm: term('web', HOST) },
          ],
        },
      },
    );
    assert.deepEqual(scoreResults(plugin, web, snapshot), { a1: 0, a2: 100, b1: 100, nozone: 100 });
  });

  it("existing pods' required affinity attracts matching pods", () => {
    const snapshot = buildNodeInfos(nodes, [
      pod('web-0', { app: 'web' }, affinity(term('cache', ZONE)), 'b1'),
    ]);
    assert.deepEqual(scoreResults(plugin, pod('cache', { app: 'cache' }), snapshot), {
      a1: 0,
      a2: 0,
      b1: 100,
      nozone: 0,
    });
  });

  it('skips scoring when no pod has affinity', () => {
    const snapshot = buildNodeInfos(nodes, [pod('db', { app: 'db' }, undefined, 'a1')]);
    assert.equal(scoreResults(plugin, pod('web', { app: 'web' }), snapshot), 'Skip');
  });
});
