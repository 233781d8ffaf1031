// How the HPA limits and stabilizes a proposed replica count (horizontal.go: normalizeDesiredReplicas*).
import type { HorizontalPodAutoscalerBehavior, HPAScalingRules } from 'kubernetes-types/autoscaling/v2';

/** --horizontal-pod-autoscaler-downscale-stabilization: 5 minutes. */
export const DOWNSCALE_STABILIZATION_WINDOW_MS = 5 * 60_000;
const SCALE_UP_LIMIT_FACTOR = 2;
const SCALE_UP_LIMIT_MINIMUM = 4;

interface Recommendation {
  replicas: number;
  at: number;
}

interface ScaleEvent {
  change: number;
  at: number;
  outdated: boolean;
}

/** The outcome of a normalization: the replicas, and the AbleToScale / ScalingLimited conditions it implies. */
export interface Normalized {
  replicas: number;
  ableToScale: { reason: string; message: string };
  scalingLimited: { status: 'True' | 'False'; reason: string; message: string };
}

const READY_FOR_NEW_SCALE = { reason: 'ReadyForNewScale', message: 'recommended size matches current size' };
const SCALE_DOWN_STABILIZED = {
  reason: 'ScaleDownStabilized',
  message: 'recent recommendations were higher than current one, applying the highest recent recommendation',
};
const SCALE_UP_STABILIZED = {
  reason: 'ScaleUpStabilized',
  message: 'recent recommendations were lower than current one, applying the lowest recent recommendation',
};
const WITHIN_RANGE = {
  reason: 'DesiredWithinRange',
  message: 'the desired count is within the acceptable range',
};
const SCALE_UP_LIMIT = {
  reason: 'ScaleUpLimit',
  message: 'the desired replica count is increasing faster than the maximum scale rate',
};
const SCALE_DOWN_LIMIT = {
  reason: 'ScaleDownLimit',
  message: 'the desired replica count is decreasing faster than the maximum scale rate',
};
const TOO_MANY = {
  reason: 'TooManyReplicas',
  message: 'the desired replica count is more than the maximum replica count',
};
const TOO_FEW = {
  reason: 'TooFewReplicas',
  message: 'the desired replica count is less than the minimum replica count',
};

/** convertDesiredReplicasWithRules: min/max replicas and, without behavior, at most max(2×, 4) per sync. */
export function convertDesiredReplicasWithRules(
  current: number,
  desired: number,
  minReplicas: number,
  maxReplicas: number,
): { replicas: number; reason: string; message: string } {
  const scaleUpLimit = Math.max(SCALE_UP_LIMIT_FACTOR * current, SCALE_UP_LIMIT_MINIMUM);
  const [maximum, limiting] =
    maxReplicas > scaleUpLimit ? [scaleUpLimit, SCALE_UP_LIMIT] : [maxReplicas, TOO_MANY];
  if (desired < minReplicas) return { replicas: minReplicas, ...TOO_FEW };
  if (desired > maximum) return { replicas: maximum, ...limiting };
  return { replicas: desired, ...WITHIN_RANGE };
}

function changeInPeriod(periodSeconds: number, events: readonly ScaleEvent[], now: number): number {
  const cutoff = now - periodSeconds * 1000;
  let replicas = 0;
  for (const event of events) if (event.at > cutoff) replicas += event.change;
  return replicas;
}

/** calculateScaleUpLimitWithScalingRules. */
export function scaleUpLimit(
  current: number,
  upEvents: readonly ScaleEvent[],
  downEvents: readonly ScaleEvent[],
  rules: HPAScalingRules,
  now: number,
): number {
  if (rules.selectPolicy === 'Disabled') return current;
  const minChange = rules.selectPolicy === 'Min';
  let result = minChange ? Number.POSITIVE_INFINITY : Number.NEGATIVE_INFINITY;
  for (const policy of rules.policies ?? []) {
    const start =
      current -
      changeInPeriod(policy.periodSeconds, upEvents, now) +
      changeInPeriod(policy.periodSeconds, downEvents, now);
    const proposed =
      policy.type === 'Pods' ? start + policy.value : Math.ceil(start * (1 + policy.value / 100));
    result = minChange ? Math.min(result, proposed) : Math.max(result, proposed);
  }
  return result;
}

/** calculateScaleDownLimitWithBehaviors. */
export function scaleDownLimit(
  current: number,
  upEvents: readonly ScaleEvent[],
  downEvents: readonly ScaleEvent[],
  rules: HPAScalingRules,
  now: number,
): number {
  if (rules.selectPolicy === 'Disabled') return current;
  const minChange = rules.selectPolicy === 'Min';
  let result = minChange ? Number.NEGATIVE_INFINITY : Number.POSITIVE_INFINITY;
  for (const policy of rules.policies ?? []) {
    const start =
      current -
      changeInPeriod(policy.periodSeconds, upEvents, now) +
      changeInPeriod(policy.periodSeconds, downEvents, now);
    const proposed =
      policy.type === 'Pods' ? start - policy.value : Math.trunc(start * (1 - policy.value / 100));
    result = minChange ? Math.max(result, proposed) : Math.min(result, proposed);
  }
  return result;
}

function longestPolicyPeriod(rules: HPAScalingRules | undefined): number {
  let longest = 0;
  for (const policy of rules?.policies ?? []) longest = Math.max(longest, policy.periodSeconds);
  return longest;
}

/**
 * What the controller remembers of one HPA between syncs: its recent recommendations (for the
 * stabilization windows) and scale events (for the scaling policies' periods).
 */
export class ScalingHistory {
  private recommendations: Recommendation[] = [];
  private readonly upEvents: ScaleEvent[] = [];
  private readonly downEvents: ScaleEvent[] = [];

  /** recordInitialRecommendation: the first sync counts the current size as a recommendation. */
  recordInitial(current: number, now: number): void {
    if (this.recommendations.length === 0) this.recommendations = [{ replicas: current, at: now }];
  }

  /** normalizeDesiredReplicas: the path of an HPA without spec.behavior. */
  normalize(
    current: number,
    proposed: number,
    minReplicas: number,
    maxReplicas: number,
    now: number,
  ): Normalized {
    const stabilized = this.stabilize(proposed, now);
    const limited = convertDesiredReplicasWithRules(current, stabilized, minReplicas, maxReplicas);
    return {
      replicas: limited.replicas,
      ableToScale: stabilized !== proposed ? SCALE_DOWN_STABILIZED : READY_FOR_NEW_SCALE,
      scalingLimited: {
        status: limited.replicas === stabilized ? 'False' : 'True',
        reason: limited.reason,
        message: limited.message,
      },
    };
  }

  /** normalizeDesiredReplicasWithBehaviors: stabilization windows, then the scaling policies' rates. */
  normalizeWithBehavior(
    behavior: HorizontalPodAutoscalerBehavior,
    current: number,
    proposed: number,
    minReplicas: number,
    maxReplicas: number,
    now: number,
  ): Normalized {
    const up = behavior.scaleUp ?? {};
    const down = behavior.scaleDown ?? {};
    const downWindowSeconds = down.stabilizationWindowSeconds ?? DOWNSCALE_STABILIZATION_WINDOW_MS / 1000;
    const stabilized = this.stabilizeWithBehavior(
      proposed,
      current,
      up.stabilizationWindowSeconds ?? 0,
      downWindowSeconds,
      now,
    );
    const ableToScale =
      stabilized.replicas !== proposed
        ? { reason: stabilized.reason, message: stabilized.message }
        : READY_FOR_NEW_SCALE;
    const desired = stabilized.replicas;
    let limited = { replicas: desired, ...WITHIN_RANGE };
    if (desired > current) {
      const limit = Math.max(scaleUpLimit(current, this.upEvents, this.downEvents, up, now), current);
      const [maximum, reason] = maxReplicas > limit ? [limit, SCALE_UP_LIMIT] : [maxReplicas, TOO_MANY];
      if (desired > maximum) limited = { replicas: maximum, ...reason };
    } else if (desired < current) {
      const limit = Math.min(scaleDownLimit(current, this.upEvents, this.downEvents, down, now), current);
      const [minimum, reason] = minReplicas < limit ? [limit, SCALE_DOWN_LIMIT] : [minReplicas, TOO_FEW];
      if (desired < minimum) limited = { replicas: minimum, ...reason };
    }
    return {
      replicas: limited.replicas,
      ableToScale,
      scalingLimited: {
        status: limited.replicas === desired ? 'False' : 'True',
        reason: limited.reason,
        message: limited.message,
      },
    };
  }

  /** storeScaleEvent: only HPAs with a behavior keep scale events. */
  recordScale(
    behavior: HorizontalPodAutoscalerBehavior | undefined,
    previous: number,
    next: number,
    now: number,
  ): void {
    if (!behavior) return;
    const [events, rules, change] =
      next > previous
        ? [this.upEvents, behavior.scaleUp, next - previous]
        : [this.downEvents, behavior.scaleDown, previous - next];
    const cutoff = now - longestPolicyPeriod(rules) * 1000;
    for (const event of events) if (event.at < cutoff) event.outdated = true;
    const event = { change, at: now, outdated: false };
    const reuse = events.findLastIndex((e) => e.outdated);
    if (reuse >= 0) events[reuse] = event;
    else events.push(event);
  }

  /** stabilizeRecommendation: the highest recommendation of the downscale window, the current one recorded. */
  private stabilize(proposed: number, now: number): number {
    let max = proposed;
    let old = -1;
    const cutoff = now - DOWNSCALE_STABILIZATION_WINDOW_MS;
    this.recommendations.forEach((rec, i) => {
      if (rec.at < cutoff) old = i;
      else if (rec.replicas > max) max = rec.replicas;
    });
    const record = { replicas: proposed, at: now };
    if (old >= 0) this.recommendations[old] = record;
    else this.recommendations.push(record);
    return max;
  }

  private stabilizeWithBehavior(
    proposed: number,
    current: number,
    upWindowSeconds: number,
    downWindowSeconds: number,
    now: number,
  ): { replicas: number; reason: string; message: string } {
    let upRecommendation = proposed;
    let downRecommendation = proposed;
    const upCutoff = now - upWindowSeconds * 1000;
    const downCutoff = now - downWindowSeconds * 1000;
    let old = -1;
    this.recommendations.forEach((rec, i) => {
      if (rec.at > upCutoff) upRecommendation = Math.min(rec.replicas, upRecommendation);
      if (rec.at > downCutoff) downRecommendation = Math.max(rec.replicas, downRecommendation);
      if (rec.at < upCutoff && rec.at < downCutoff) old = i;
    });
    let replicas = current;
    if (replicas < upRecommendation) replicas = upRecommendation;
    if (replicas > downRecommendation) replicas = downRecommendation;
    const record = { replicas: proposed, at: now };
    if (old >= 0) this.recommendations[old] = record;
    else this.recommendations.push(record);
    return { replicas, ...(proposed >= current ? SCALE_UP_STABILIZED : SCALE_DOWN_STABILIZED) };
  }
}
