import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { Pod } from 'kubernetes-types/core/v1';
import type { PodDisruptionBudget } from 'kubernetes-types/policy/v1';
import { buildNodeInfos, podInfoFor } from '../framework/node-info.ts';
import { isScheduled, scheduleOne } from '../framework/schedule-one.ts';
import { makeNode, makePod, seededRandom } from '../framework/testing.ts';
import {
  filterPodsWithPDBViolation,
  MSG_NOT_ELIGIBLE_PREEMPTION_POLICY_NEVER,
  moreImportantPod,
  numCandidates,
  pickOneNodeForPreemption,
  preemptedEventMessage,
  preemptingConditionMessage,
  REASON_NO_VICTIMS,
  REASON_NOT_HELPFUL,
} from './default-preemption.plugin.ts';
import { createDefaultProfile } from './default-registry.ts';

const low = (name: string, priority: number, extra: Parameters<typeof makePod>[1] = {}): Pod =>
  makePod(name, { priority, nodeName: 'n', requests: { cpu: '1' }, ...extra });

describe('DefaultPreemption helpers', () => {
  it('orders pods by priority, then by earlier start', () => {
    const early = makePod('early', { priority: 1, startTime: '2024-01-01T00:00:00Z' });
    const late = makePod('late', { priority: 1, startTime: '2024-01-02T00:00:00Z' });
    const high = makePod('high', { priority: 2, startTime: '2024-01-03T00:00:00Z' });
    assert.equal(moreImportantPod(high, early), true);
    assert.equal(moreImportantPod(early, late), true);
    assert.equal(moreImportantPod(late, early), false);
  });

  const candidateCases: [number, number][] = [
    [1, 1],
    [50, 50],
    [100, 100],
    [1000, 100],
    [5000, 500],
  ];
  for (const [nodes, expected] of candidateCases) {
    it(`dry-runs ${expected} candidates out of ${nodes} nodes`, () =>
      assert.equal(numCandidates(nodes), expected));
  }

  it('picks the candidate with fewest PDB violations, then lowest top victim priority, then fewest victims', () => {
    const v = (priority: number) => makePod(`v${priority}`, { priority });
    assert.equal(
      pickOneNodeForPreemption([
        { name: 'violating', victims: [v(1)], numPDBViolations: 1 },
        { name: 'clean', victims: [v(9)], numPDBViolations: 0 },
      ])?.name,
      'clean',
    );
    assert.equal(
      pickOneNodeForPreemption([
        { name: 'high', victims: [v(9)], numPDBViolations: 0 },
        { name: 'low', victims: [v(2), v(1)], numPDBViolations: 0 },
      ])?.name,
      'low',
    );
    assert.equal(
      pickOneNodeForPreemption([
        { name: 'two', victims: [v(0), v(0)], numPDBViolations: 0 },
        { name: 'one', victims: [v(0)], numPDBViolations: 0 },
      ])?.name,
      'one',
    );
  });

  it('splits pods by disruption budget, spending the allowance in order', () => {
    const pdb: PodDisruptionBudget = {
      metadata: { name: 'web', namespace: 'default' },
      spec: { selector: { matchLabels: { app: 'web' } } },
      status: { disruptionsAllowed: 1, currentHealthy: 2, desiredHealthy: 1, expectedPods: 2 },
    };
    const pods = ['a', 'b', 'c'].map((name) =>
      podInfoFor(makePod(name, { labels: { app: name === 'c' ? 'db' : 'web' } })),
    );
    const [violating, nonViolating] = filterPodsWithPDBViolation(pods, [pdb]);
    assert.deepEqual(
      violating.map((p) => p.pod.metadata?.name),
      ['b'],
    );
    assert.deepEqual(
      nonViolating.map((p) => p.pod.metadata?.name),
      ['a', 'c'],
    );
  });

  it('uses upstream texts', () => {
    assert.equal(REASON_NO_VICTIMS, 'No preemption victims found for incoming pod');
    assert.equal(REASON_NOT_HELPFUL, 'Preemption is not helpful for scheduling');
    assert.equal(MSG_NOT_ELIGIBLE_PREEMPTION_POLICY_NEVER, 'not eligible due to preemptionPolicy=Never.');
    assert.equal(
      preemptingConditionMessage('default-scheduler'),
      'default-scheduler: preempting to accommodate a higher priority pod',
    );
    assert.equal(preemptedEventMessage('uid-1', 'node-1'), 'Preempted by pod uid-1 on node node-1');
  });
});

describe('DefaultPreemption victims', () => {
  const cases: { name: string; existing: Pod[]; request: string; priority: number; victims: string[] }[] = [
    {
      name: 'the lowest priority pod goes first',
      existing: [low('p10', 10), low('p5', 5)],
      request: '1',
      priority: 100,
      victims: ['p5'],
    },
    {
      name: 'several victims when one is not enough, most important first',
      existing: [low('p10', 10), low('p5', 5)],
      request: '2',
      priority: 100,
      victims: ['p10', 'p5'],
    },
    {
      name: 'among equal priorities the most recently started is evicted',
      existing: [
        low('older', 1, { startTime: '2024-01-01T00:00:00Z' }),
        low('newer', 1, { startTime: '2024-01-02T00:00:00Z' }),
      ],
      request: '1',
      priority: 100,
      victims: ['newer'],
    },
    {
      name: 'pods at or above the preemptor priority are never victims',
      existing: [low('same', 50), low('lower', 10)],
      request: '1',
      priority: 50,
      victims: ['lower'],
    },
  ];
  for (const c of cases) {
    it(c.name, () => {
      const snapshot = buildNodeInfos([makeNode('n', { cpu: '2' })], c.existing);
      const pod = makePod('preemptor', { priority: c.priority, requests: { cpu: c.request } });
      const result = scheduleOne(pod, snapshot, createDefaultProfile(), seededRandom(7));
      assert.ok(!isScheduled(result));
      assert.equal(result.nominatedNode, 'n');
      assert.deepEqual(
        result.victims?.map((victim) => victim.metadata?.name),
        c.victims,
      );
    });
  }

  it('protects pods covered by a disruption budget when others suffice', () => {
    const existing = [
      low('guarded', 1, { labels: { app: 'web' } }),
      low('free', 1, { labels: { app: 'batch' } }),
    ];
    const snapshot = buildNodeInfos([makeNode('n', { cpu: '2' })], existing);
    const pdb: PodDisruptionBudget = {
      metadata: { name: 'web', namespace: 'default' },
      spec: { selector: { matchLabels: { app: 'web' } } },
      status: { disruptionsAllowed: 0, currentHealthy: 1, desiredHealthy: 1, expectedPods: 1 },
    };
    const profile = createDefaultProfile({ listPodDisruptionBudgets: () => [pdb] });
    const result = scheduleOne(
      makePod('preemptor', { priority: 9, requests: { cpu: '1' } }),
      snapshot,
      profile,
      seededRandom(1),
    );
    assert.ok(!isScheduled(result));
    assert.deepEqual(
      result.victims?.map((victim) => victim.metadata?.name),
      ['free'],
    );
  });
});
