/** Taint and toleration matching (k8s.io/api core/v1 toleration.go, component-helpers scheduling/corev1). */
import type { Taint, Toleration } from 'kubernetes-types/core/v1';

export const TAINT_EFFECT_NO_SCHEDULE = 'NoSchedule';
export const TAINT_EFFECT_PREFER_NO_SCHEDULE = 'PreferNoSchedule';
export const TAINT_EFFECT_NO_EXECUTE = 'NoExecute';

/** Toleration.ToleratesTaint: effect empty or equal; key empty or equal; Exists, or Equal with the same value. */
export function toleratesTaint(toleration: Toleration, taint: Taint): boolean {
  if (toleration.effect && toleration.effect !== taint.effect) return false;
  if (toleration.key && toleration.key !== taint.key) return false;
  switch (toleration.operator ?? '') {
    case '':
    case 'Equal':
      return (toleration.value ?? '') === (taint.value ?? '');
    case 'Exists':
      return true;
    default:
      return false;
  }
}

export function tolerationsTolerateTaint(
  tolerations: readonly Toleration[] | undefined,
  taint: Taint,
): boolean {
  if (!tolerations) return false;
  for (const toleration of tolerations) if (toleratesTaint(toleration, taint)) return true;
  return false;
}

/** Taints the scheduler enforces: NoSchedule and NoExecute (PreferNoSchedule only affects scoring). */
export function isDoNotScheduleTaint(taint: Taint): boolean {
  return taint.effect === TAINT_EFFECT_NO_SCHEDULE || taint.effect === TAINT_EFFECT_NO_EXECUTE;
}

/** The first taint passing `filter` that no toleration tolerates (v1helper.FindMatchingUntoleratedTaint). */
export function findMatchingUntoleratedTaint(
  taints: readonly Taint[] | undefined,
  tolerations: readonly Toleration[] | undefined,
  filter: (taint: Taint) => boolean = isDoNotScheduleTaint,
): Taint | undefined {
  if (!taints) return undefined;
  for (const taint of taints) {
    if (filter(taint) && !tolerationsTolerateTaint(tolerations, taint)) return taint;
  }
  return undefined;
}
