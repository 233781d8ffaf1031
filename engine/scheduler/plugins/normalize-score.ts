/** pluginhelper.DefaultNormalizeScore (pkg/scheduler/framework/plugins/helper/normalize_score.go). */
import { MAX_NODE_SCORE } from '../framework/interfaces.ts';

/**
 * Scales scores to 0..maxPriority relative to the highest one (integer division); with `reverse`,
 * the highest raw score gets 0. All-zero scores become maxPriority when reversed.
 */
export function defaultNormalizeScore(
  scores: number[],
  reverse: boolean,
  maxPriority = MAX_NODE_SCORE,
): void {
  let maxCount = 0;
  for (const score of scores) if (score > maxCount) maxCount = score;
  if (maxCount === 0) {
    if (reverse) scores.fill(maxPriority);
    return;
  }
  for (let i = 0; i < scores.length; i++) {
    const score = Math.trunc((maxPriority * scores[i]!) / maxCount);
    scores[i] = reverse ? maxPriority - score : score;
  }
}
