import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { HorizontalPodAutoscalerBehavior } from 'kubernetes-types/autoscaling/v2';
import { convertDesiredReplicasWithRules, ScalingHistory } from './scaling-rules.ts';

/** The behavior the API server defaults an HPA's `behavior: {}` to. */
const DEFAULT_BEHAVIOR: HorizontalPodAutoscalerBehavior = {
  scaleUp: {
    stabilizationWindowSeconds: 0,
    selectPolicy: 'Max',
    policies: [
      { type: 'Pods', value: 4, periodSeconds: 15 },
      { type: 'Percent', value: 100, periodSeconds: 15 },
    ],
  },
  scaleDown: { selectPolicy: 'Max', policies: [{ type: 'Percent', value: 100, periodSeconds: 15 }] },
};

describe('convertDesiredReplicasWithRules', () => {
  const cases: Array<[string, [number, number, number, number], [number, string]]> = [
    ['within range', [3, 5, 1, 10], [5, 'DesiredWithinRange']],
    ['at most max(2 × current, 4) at a time', [1, 9, 1, 10], [4, 'ScaleUpLimit']],
    ['twice the current size once above 2', [4, 9, 1, 10], [8, 'ScaleUpLimit']],
    ['never above maxReplicas', [4, 20, 1, 6], [6, 'TooManyReplicas']],
    ['never below minReplicas', [4, 0, 2, 10], [2, 'TooFewReplicas']],
  ];
  for (const [name, [current, desired, min, max], [replicas, reason]] of cases) {
    it(name, () => {
      const result = convertDesiredReplicasWithRules(current, desired, min, max);
      assert.deepEqual([result.replicas, result.reason], [replicas, reason]);
    });
  }
});

describe('ScalingHistory', () => {
  it('without behavior, scales down only to the highest recommendation of the last 5 minutes', () => {
    const history = new ScalingHistory();
    history.recordInitial(9, 0);
    assert.equal(history.normalize(9, 1, 1, 10, 15_000).replicas, 9);
    assert.equal(history.normalize(9, 1, 1, 10, 15_000).ableToScale.reason, 'ScaleDownStabilized');
    // The 9 recorded at 0 s leaves the window after 300 s.
    assert.equal(history.normalize(9, 1, 1, 10, 300_000).replicas, 9);
    const after = history.normalize(9, 1, 1, 10, 300_001);
    assert.deepEqual([after.replicas, after.ableToScale.reason], [1, 'ReadyForNewScale']);
  });

  it('with the default behavior, adds max(4 pods, 100%) per 15 s', () => {
    const history = new ScalingHistory();
    history.recordInitial(1, 0);
    const first = history.normalizeWithBehavior(DEFAULT_BEHAVIOR, 1, 20, 1, 30, 15_000);
    assert.deepEqual([first.replicas, first.scalingLimited.reason], [5, 'ScaleUpLimit']);
    history.recordScale(DEFAULT_BEHAVIOR, 1, 5, 15_000);
    // Within the same 15 s period the 4 pods added count against the policies.
    assert.equal(history.normalizeWithBehavior(DEFAULT_BEHAVIOR, 5, 20, 1, 30, 29_000).replicas, 5);
    const next = history.normalizeWithBehavior(DEFAULT_BEHAVIOR, 5, 20, 1, 30, 30_000);
    assert.deepEqual([next.replicas, next.scalingLimited.reason], [10, 'ScaleUpLimit']);
  });

  it('with a behavior, the downscale window defaults to 300 s and a Pods policy limits the step', () => {
    const behavior: HorizontalPodAutoscalerBehavior = {
      ...DEFAULT_BEHAVIOR,
      scaleDown: { selectPolicy: 'Max', policies: [{ type: 'Pods', value: 2, periodSeconds: 60 }] },
    };
    const history = new ScalingHistory();
    history.recordInitial(8, 0);
    assert.equal(history.normalizeWithBehavior(behavior, 8, 1, 1, 10, 200_000).replicas, 8);
    const down = history.normalizeWithBehavior(behavior, 8, 1, 1, 10, 400_000);
    assert.deepEqual([down.replicas, down.scalingLimited.reason], [6, 'ScaleDownLimit']);
    history.recordScale(behavior, 8, 6, 400_000);
    assert.equal(history.normalizeWithBehavior(behavior, 6, 1, 1, 10, 430_000).replicas, 6);
    assert.equal(history.normalizeWithBehavior(behavior, 6, 1, 1, 10, 460_001).replicas, 4);
  });

  it('selectPolicy Disabled keeps the size', () => {
    const behavior: HorizontalPodAutoscalerBehavior = {
      ...DEFAULT_BEHAVIOR,
      scaleUp: { ...DEFAULT_BEHAVIOR.scaleUp, selectPolicy: 'Disabled' },
    };
    const history = new ScalingHistory();
    history.recordInitial(2, 0);
    assert.equal(history.normalizeWithBehavior(behavior, 2, 6, 1, 10, 15_000).replicas, 2);
  });
});
