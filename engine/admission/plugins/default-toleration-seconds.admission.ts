import type { Pod, Toleration } from 'kubernetes-types/core/v1';
import { type AdmissionPlugin, isPodCreate } from '../admission.ts';

export const DEFAULT_TOLERATION_SECONDS = 300;
const NOT_READY = 'node.kubernetes.io/not-ready';
const UNREACHABLE = 'node.kubernetes.io/unreachable';

/** DefaultTolerationSeconds: pods tolerate a not-ready or unreachable node for 300s before eviction. */
export const defaultTolerationSecondsAdmission: AdmissionPlugin = {
  name: 'DefaultTolerationSeconds',
  type: 'mutating',
  handles: isPodCreate,
  admit(attributes) {
    const spec = (attributes.object as unknown as Pod).spec!;
    const tolerations: Toleration[] = [...(spec.tolerations ?? [])];
    const tolerates = (key: string) =>
      tolerations.some(
        (t) =>
          (t.operator === 'Exists' && !t.key) || (t.key === key && (!t.effect || t.effect === 'NoExecute')),
      );
    for (const key of [NOT_READY, UNREACHABLE]) {
      if (!tolerates(key)) {
        tolerations.push({
          key,
          operator: 'Exists',
          effect: 'NoExecute',
          tolerationSeconds: DEFAULT_TOLERATION_SECONDS,
        });
      }
    }
    spec.tolerations = tolerations;
  },
};
