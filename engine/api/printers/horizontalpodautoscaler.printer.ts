import type { HorizontalPodAutoscaler as HorizontalPodAutoscalerV1 } from 'kubernetes-types/autoscaling/v1';
import type {
  HorizontalPodAutoscaler,
  MetricSpec,
  MetricStatus,
  MetricTarget,
  MetricValueStatus,
} from 'kubernetes-types/autoscaling/v2';
import { ageColumn, nameColumn } from './columns.ts';
import { translateTimestampSince } from './duration.ts';
import { NONE, UNKNOWN, UNSET } from './format.ts';
import { column, definePrinter } from './printer.ts';
import { horizontalPodAutoscalerDoc } from './swagger-docs.ts';

export const horizontalPodAutoscalerColumns = [
  nameColumn,
  column('Reference', 'string', horizontalPodAutoscalerDoc.scaleTargetRef),
  column('Targets', 'string', horizontalPodAutoscalerDoc.metrics),
  column('MinPods', 'string', horizontalPodAutoscalerDoc.minReplicas),
  column('MaxPods', 'string', horizontalPodAutoscalerDoc.maxReplicas),
  column('Replicas', 'string', horizontalPodAutoscalerDoc.currentReplicas),
  ageColumn,
];

const MAX_METRICS = 2;

/** `Quantity.String()` of an optional quantity pointer; Go prints `<nil>` for a nil one. */
const quantity = (q: string | number | undefined | null): string =>
  q === undefined || q === null ? '<nil>' : String(q);

const averageValue = (target: MetricTarget | MetricValueStatus | undefined): string =>
  quantity(target?.averageValue);

/** `formatHPAMetrics`: `cpu: 40%/80%, memory: <unknown>/1Gi + 1 more...`. */
export function formatHPAMetrics(
  specs: readonly MetricSpec[] | undefined,
  statuses: readonly MetricStatus[] | undefined,
): string {
  if (!specs || specs.length === 0) return NONE;
  const current = statuses ?? [];
  const list: string[] = [];
  specs.forEach((spec, i) => {
    const status = current.length > i ? current[i] : undefined;
    switch (spec.type) {
      case 'External': {
        const target = spec.external?.target;
        if (target?.averageValue !== undefined && target.averageValue !== null) {
          const value =
            status?.external?.current?.averageValue !== undefined
              ? averageValue(status.external.current)
              : UNKNOWN;
          list.push(`${value}/${quantity(target.averageValue)} (avg)`);
        } else {
          const value = status?.external ? quantity(status.external.current?.value) : UNKNOWN;
          list.push(`${value}/${quantity(target?.value)}`);
        }
        break;
      }
      case 'Pods': {
        const value = status?.pods ? averageValue(status.pods.current) : UNKNOWN;
        list.push(`${value}/${averageValue(spec.pods?.target)}`);
        break;
      }
      case 'Object': {
        const target = spec.object?.target;
        if (target?.averageValue !== undefined && target.averageValue !== null) {
          const value =
            status?.object?.current?.averageValue !== undefined
              ? averageValue(status.object.current)
              : UNKNOWN;
          list.push(`${value}/${quantity(target.averageValue)} (avg)`);
        } else {
          const value = status?.object ? quantity(status.object.current?.value) : UNKNOWN;
          list.push(`${value}/${quantity(target?.value)}`);
        }
        break;
      }
      case 'Resource':
      case 'ContainerResource': {
        const source = spec.type === 'Resource' ? spec.resource : spec.containerResource;
        const sourceStatus = spec.type === 'Resource' ? status?.resource : status?.containerResource;
        const target = source?.target;
        const name = source?.name ?? '';
        if (target?.averageValue !== undefined && target.averageValue !== null) {
          const value = sourceStatus ? averageValue(sourceStatus.current) : UNKNOWN;
          list.push(`${name}: ${value}/${quantity(target.averageValue)}`);
        } else {
          const utilization = sourceStatus?.current?.averageUtilization;
          const value = utilization !== undefined && utilization !== null ? `${utilization}%` : UNKNOWN;
          const goal = target?.averageUtilization;
          list.push(`${name}: ${value}/${goal !== undefined && goal !== null ? `${goal}%` : '<auto>'}`);
        }
        break;
      }
      default:
        list.push('<unknown type>');
    }
  });
  const count = list.length;
  if (count > MAX_METRICS) return `${list.slice(0, MAX_METRICS).join(', ')} + ${count - MAX_METRICS} more...`;
  return list.join(', ');
}

/** autoscaling/v1 objects as the apiserver converts them: the CPU target becomes a Resource metric. */
function fromV1(hpa: HorizontalPodAutoscalerV1): HorizontalPodAutoscaler {
  const spec = hpa.spec;
  const metrics: MetricSpec[] = [];
  const currentMetrics: MetricStatus[] = [];
  if (spec?.targetCPUUtilizationPercentage !== undefined && spec.targetCPUUtilizationPercentage !== null) {
    metrics.push({
      type: 'Resource',
      resource: {
        name: 'cpu',
        target: { type: 'Utilization', averageUtilization: spec.targetCPUUtilizationPercentage },
      },
    });
  }
  const currentCPU = hpa.status?.currentCPUUtilizationPercentage;
  if (currentCPU !== undefined && currentCPU !== null) {
    currentMetrics.push({
      type: 'Resource',
      resource: { name: 'cpu', current: { averageUtilization: currentCPU } },
    });
  }
  const converted: HorizontalPodAutoscaler = {
    metadata: hpa.metadata ?? {},
    spec: {
      scaleTargetRef: spec?.scaleTargetRef ?? { kind: '', name: '' },
      maxReplicas: spec?.maxReplicas ?? 0,
      metrics,
    },
    status: {
      currentReplicas: hpa.status?.currentReplicas ?? 0,
      desiredReplicas: hpa.status?.desiredReplicas ?? 0,
      currentMetrics,
    },
  };
  if (spec?.minReplicas !== undefined && converted.spec) converted.spec.minReplicas = spec.minReplicas;
  return converted;
}

const isV1 = (hpa: { apiVersion?: string }): boolean => hpa.apiVersion === 'autoscaling/v1';

export const horizontalPodAutoscalerPrinter = definePrinter<HorizontalPodAutoscaler>({
  group: 'autoscaling',
  resource: 'horizontalpodautoscalers',
  columns: horizontalPodAutoscalerColumns,
  cells(object, { now }) {
    const hpa = isV1(object) ? fromV1(object as unknown as HorizontalPodAutoscalerV1) : object;
    const ref = hpa.spec?.scaleTargetRef;
    const minReplicas = hpa.spec?.minReplicas;
    return [
      hpa.metadata?.name ?? '',
      `${ref?.kind ?? ''}/${ref?.name ?? ''}`,
      formatHPAMetrics(hpa.spec?.metrics, hpa.status?.currentMetrics),
      minReplicas !== undefined && minReplicas !== null ? String(minReplicas) : UNSET,
      hpa.spec?.maxReplicas ?? 0,
      hpa.status?.currentReplicas ?? 0,
      translateTimestampSince(hpa.metadata?.creationTimestamp, now),
    ];
  },
});
