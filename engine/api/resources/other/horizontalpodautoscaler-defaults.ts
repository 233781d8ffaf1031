import type { HorizontalPodAutoscaler, HPAScalingRules } from 'kubernetes-types/autoscaling/v2';
import type { KubeObject } from '../../types.ts';

/** autoscaling/v2 defaults.go: scale up by 4 pods or 100% per 15 s, whichever is more, at once. */
const scaleUpDefaults = (): HPAScalingRules => ({
  stabilizationWindowSeconds: 0,
  selectPolicy: 'Max',
  policies: [
    { type: 'Pods', value: 4, periodSeconds: 15 },
    { type: 'Percent', value: 100, periodSeconds: 15 },
  ],
});

/** Scale down by up to 100% per 15 s; the window stays unset (the controller's 300 s applies). */
const scaleDownDefaults = (): HPAScalingRules => ({
  selectPolicy: 'Max',
  policies: [{ type: 'Percent', value: 100, periodSeconds: 15 }],
});

function withDefaults(rules: HPAScalingRules | undefined, defaults: HPAScalingRules): HPAScalingRules {
  if (!rules) return defaults;
  return {
    ...defaults,
    ...(rules.selectPolicy !== undefined ? { selectPolicy: rules.selectPolicy } : {}),
    ...(rules.stabilizationWindowSeconds !== undefined
      ? { stabilizationWindowSeconds: rules.stabilizationWindowSeconds }
      : {}),
    ...(rules.policies !== undefined ? { policies: rules.policies } : {}),
  };
}

/**
 * SetDefaults_HorizontalPodAutoscaler (autoscaling/v2): minReplicas 1, a cpu 80% utilization
 * metric when none is given, and the unset fields of a given behavior filled in.
 */
export function defaultHorizontalPodAutoscaler(object: KubeObject): void {
  const spec = (object as unknown as HorizontalPodAutoscaler).spec;
  if (!spec) return;
  spec.minReplicas ??= 1;
  if (!spec.metrics || spec.metrics.length === 0) {
    spec.metrics = [
      {
        type: 'Resource',
        resource: { name: 'cpu', target: { type: 'Utilization', averageUtilization: 80 } },
      },
    ];
  }
  if (spec.behavior) {
    spec.behavior.scaleUp = withDefaults(spec.behavior.scaleUp, scaleUpDefaults());
    spec.behavior.scaleDown = withDefaults(spec.behavior.scaleDown, scaleDownDefaults());
  }
}
