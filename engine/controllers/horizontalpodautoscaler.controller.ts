import type {
  HorizontalPodAutoscaler,
  HorizontalPodAutoscalerCondition,
  MetricSpec,
  MetricStatus,
  MetricTarget,
  MetricValueStatus,
} from 'kubernetes-types/autoscaling/v2';
import type { Pod } from 'kubernetes-types/core/v1';
import { ApiError } from '../api/errors.ts';
import { formatQuantity, milliValue, newMilliQuantity } from '../api/quantity.ts';
import {
  type LabelRequirement,
  parseLabelSelector,
  requirementsMatch,
} from '../api/selectors/label-selector.ts';
import type { KubeObject } from '../api/types.ts';
import { toRfc3339 } from '../clock/clock.ts';
import {
  cpuQuantity,
  METRIC_RESOLUTION_MS,
  type ResourceMetricsSource,
} from '../metrics-server/resource-metrics.ts';
import {
  type PodMetricsInfo,
  rawResourceReplicas,
  resourceReplicas,
} from './podautoscaler/replica-calculator.ts';
import { ScalingHistory } from './podautoscaler/scaling-rules.ts';
import type { Controller, ControllerContext } from './runtime/controller.ts';
import type { EventRecorder } from './runtime/event-recorder.ts';
import { objectKey, splitKey } from './runtime/work-queue.ts';

const HPAS = 'autoscaling/horizontalpodautoscalers';
/** --horizontal-pod-autoscaler-sync-period: each HPA is looked at every 15 s, from 15 s after it appears. */
export const HPA_SYNC_PERIOD_MS = 15_000;

const METRICS_API_UNAVAILABLE = 'the server could not find the requested resource (get pods.metrics.k8s.io)';

/** A computation that failed, with the ScalingActive condition it proposes (getUnableComputeReplicaCountCondition). */
class MetricError extends Error {
  constructor(
    message: string,
    readonly reason: string,
    /** The error the condition's message carries: the metric's own, before computeReplicasForMetric wraps it. */
    readonly detail: string,
  ) {
    super(message);
  }
}

/**
 * The horizontal pod autoscaler (pkg/controller/podautoscaler): every 15 s it reads the target's
 * scale, computes the replicas each Resource metric asks for from the resource metrics API,
 * limits and stabilizes the proposal (min/max replicas, scale rates, the 5-minute downscale
 * window), writes the target's scale and the HPA's status, and records upstream's events.
 */
export const horizontalPodAutoscalerController: Controller = {
  name: 'horizontalpodautoscaling',
  start(context) {
    const recorder = context.events.recorder('horizontal-pod-autoscaler');
    const histories = new Map<string, ScalingHistory>();
    const selectors: HpaSelectors = new Map();
    const queue = context.queue('horizontalpodautoscaler', (key) => {
      if (reconcileKey(context, recorder, histories, selectors, key)) queue.addAfter(key, HPA_SYNC_PERIOD_MS);
    });
    const enqueue = (hpa: KubeObject) => {
      const key = objectKey(hpa);
      // An HPA selects nothing until its first sync has read its target's selector.
      if (!selectors.has(key)) selectors.set(key, undefined);
      queue.addAfter(key, HPA_SYNC_PERIOD_MS);
    };
    context.informers.for(HPAS).addHandlers({ add: enqueue, update: enqueue });
  },
};

/** Each HPA's last parsed target selector, to find pods that several HPAs control (hpaSelectors). */
type HpaSelectors = Map<string, LabelRequirement[] | undefined>;

/** Returns whether the HPA still exists (and is synced again a period later). */
function reconcileKey(
  context: ControllerContext,
  recorder: EventRecorder,
  histories: Map<string, ScalingHistory>,
  selectors: HpaSelectors,
  key: string,
): boolean {
  const { namespace, name } = splitKey(key);
  const shared = context.informers.for(HPAS).get(namespace, name);
  if (!shared) {
    histories.delete(key);
    selectors.delete(key);
    return false;
  }
  let history = histories.get(key);
  if (!history) {
    history = new ScalingHistory();
    histories.set(key, history);
  }
  try {
    new Reconciliation(context, recorder, history, selectors, shared).run();
  } catch (error) {
    // A failed write (a conflict, the HPA gone) is retried at the next period, as upstream does.
    if (!(error instanceof ApiError)) throw error;
  }
  return true;
}

class Reconciliation {
  private readonly hpa: HorizontalPodAutoscaler;
  private readonly original: string;
  private readonly now: number;

  constructor(
    private readonly context: ControllerContext,
    private readonly recorder: EventRecorder,
    private readonly history: ScalingHistory,
    private readonly selectors: HpaSelectors,
    private readonly shared: KubeObject,
  ) {
    this.hpa = structuredClone(shared) as unknown as HorizontalPodAutoscaler;
    this.hpa.status ??= { desiredReplicas: 0 };
    this.original = JSON.stringify(this.hpa.status);
    this.now = context.clock.now();
  }

  run(): void {
    const { hpa } = this;
    const spec = hpa.spec!;
    const ref = spec.scaleTargetRef;
    const namespace = hpa.metadata?.namespace ?? '';
    const def = this.context.client.resourceForKind(ref.apiVersion ?? '', ref.kind);
    let scale: KubeObject;
    try {
      if (!def || !(def.subresources ?? []).some((s) => s.name === 'scale')) {
        const group = (ref.apiVersion ?? '').includes('/') ? (ref.apiVersion ?? '').split('/')[0] : '';
        throw new Error(`no matches for kind "${ref.kind}" in group "${group}"`);
      }
      scale = this.context.client.getScale(def, namespace, ref.name);
    } catch (error) {
      const message = (error as Error).message;
      this.event('Warning', 'FailedGetScale', message);
      this.setCondition(
        'AbleToScale',
        'False',
        'FailedGetScale',
        `the HPA controller was unable to get the target's current scale: ${message}`,
      );
      this.updateStatusIfNeeded();
      return;
    }
    this.setCondition(
      'AbleToScale',
      'True',
      'SucceededGetScale',
      "the HPA controller was able to get the target's current scale",
    );
    const currentReplicas = (scale.spec as { replicas?: number } | undefined)?.replicas ?? 0;
    this.history.recordInitial(currentReplicas, this.now);

    const minReplicas = spec.minReplicas ?? 1;
    let desiredReplicas = 0;
    let rescaleReason = '';
    let rescale = true;
    let statuses: MetricStatus[] | undefined;
    if (currentReplicas === 0 && minReplicas !== 0) {
      rescale = false;
      this.setCondition(
        'ScalingActive',
        'False',
        'ScalingDisabled',
        'scaling is disabled since the replica count of the target is zero',
      );
    } else if (currentReplicas > spec.maxReplicas) {
      rescaleReason = 'Current number of replicas above Spec.MaxReplicas';
      desiredReplicas = spec.maxReplicas;
    } else if (currentReplicas < minReplicas) {
      rescaleReason = 'Current number of replicas below Spec.MinReplicas';
      desiredReplicas = minReplicas;
    } else {
      const selector = (scale.status as { selector?: string } | undefined)?.selector ?? '';
      const computed = this.computeReplicasForMetrics(spec.metrics ?? [], currentReplicas, selector);
      statuses = computed.statuses;
      if (computed.replicas === -1) {
        this.setStatus(currentReplicas, hpa.status!.desiredReplicas, statuses, false);
        this.updateStatusIfNeeded();
        if (computed.error) this.event('Warning', 'FailedComputeMetricsReplicas', computed.error);
        return;
      }
      let rescaleMetric = '';
      if (computed.replicas > desiredReplicas) {
        desiredReplicas = computed.replicas;
        rescaleMetric = computed.metric;
      }
      if (desiredReplicas > currentReplicas) rescaleReason = `${rescaleMetric} above target`;
      if (desiredReplicas < currentReplicas) rescaleReason = 'All metrics below target';
      const normalized = spec.behavior
        ? this.history.normalizeWithBehavior(
            spec.behavior,
            currentReplicas,
            desiredReplicas,
            minReplicas,
            spec.maxReplicas,
            this.now,
          )
        : this.history.normalize(currentReplicas, desiredReplicas, minReplicas, spec.maxReplicas, this.now);
      this.setCondition('AbleToScale', 'True', normalized.ableToScale.reason, normalized.ableToScale.message);
      const limited = normalized.scalingLimited;
      this.setCondition('ScalingLimited', limited.status, limited.reason, limited.message);
      desiredReplicas = normalized.replicas;
      rescale = desiredReplicas !== currentReplicas;
    }

    if (rescale) {
      try {
        this.context.client.updateScale(def, namespace, ref.name, {
          ...scale,
          spec: { ...(scale.spec as object), replicas: desiredReplicas },
        });
      } catch (error) {
        const message = (error as Error).message;
        this.event(
          'Warning',
          'FailedRescale',
          `New size: ${desiredReplicas}; reason: ${rescaleReason}; error: ${message}`,
        );
        this.setCondition(
          'AbleToScale',
          'False',
          'FailedUpdateScale',
          `the HPA controller was unable to update the target scale: ${message}`,
        );
        this.setStatus(currentReplicas, hpa.status!.desiredReplicas, statuses, false);
        this.updateStatusIfNeeded();
        return;
      }
      this.setCondition(
        'AbleToScale',
        'True',
        'SucceededRescale',
        `the HPA controller was able to update the target scale to ${desiredReplicas}`,
      );
      this.event('Normal', 'SuccessfulRescale', `New size: ${desiredReplicas}; reason: ${rescaleReason}`);
      this.history.recordScale(spec.behavior, currentReplicas, desiredReplicas, this.now);
    } else {
      desiredReplicas = currentReplicas;
    }
    this.setStatus(currentReplicas, desiredReplicas, statuses, rescale);
    this.updateStatusIfNeeded();
  }

  /** computeReplicasForMetrics: the largest proposal of the valid metrics, or -1 when none can be used. */
  private computeReplicasForMetrics(
    specs: readonly MetricSpec[],
    currentReplicas: number,
    selector: string,
  ): { replicas: number; metric: string; statuses: MetricStatus[] | undefined; error?: string } {
    if (selector === '') {
      this.event('Warning', 'SelectorRequired', 'selector is required');
      this.setCondition(
        'ScalingActive',
        'False',
        'InvalidSelector',
        "the HPA target's scale is missing a selector",
      );
      return { replicas: -1, metric: '', statuses: undefined, error: 'selector is required' };
    }
    let requirements: ReturnType<typeof parseLabelSelector>;
    try {
      requirements = parseLabelSelector(selector);
    } catch (error) {
      const message = `couldn't convert selector into a corresponding internal selector object: ${(error as Error).message}`;
      this.event('Warning', 'InvalidSelector', message);
      this.setCondition('ScalingActive', 'False', 'InvalidSelector', message);
      return { replicas: -1, metric: '', statuses: undefined, error: message };
    }
    const namespace = this.hpa.metadata?.namespace ?? '';
    const pods = (this.context.informers.for('/pods').list(namespace) as unknown as Pod[]).filter((pod) =>
      requirementsMatch(requirements, pod.metadata?.labels),
    );
    const ambiguous = this.ambiguousSelector(selector, requirements, pods);
    if (ambiguous) {
      this.event('Warning', 'AmbiguousSelector', ambiguous);
      this.setCondition('ScalingActive', 'False', 'AmbiguousSelector', ambiguous);
      return { replicas: -1, metric: '', statuses: undefined, error: ambiguous };
    }
    const statuses: MetricStatus[] = specs.map(() => ({ type: '' }));
    let replicas = 0;
    let metric = '';
    let invalid = 0;
    let firstError: MetricError | undefined;
    specs.forEach((spec, i) => {
      try {
        const proposal = this.computeReplicasForMetric(spec, currentReplicas, pods, requirements);
        statuses[i] = proposal.status;
        if (replicas === 0 || proposal.replicas > replicas) {
          replicas = proposal.replicas;
          metric = proposal.metric;
        }
      } catch (error) {
        if (!(error instanceof MetricError)) throw error;
        if (invalid === 0) firstError = error;
        invalid++;
      }
    });
    const error = firstError
      ? `invalid metrics (${invalid} invalid out of ${specs.length}), first error is: ${firstError.message}`
      : undefined;
    if (invalid >= specs.length || (invalid > 0 && replicas < currentReplicas)) {
      if (firstError) {
        this.setCondition(
          'ScalingActive',
          'False',
          firstError.reason,
          `the HPA was unable to compute the replica count: ${firstError.detail}`,
        );
      }
      return { replicas: -1, metric: '', statuses, ...(error ? { error } : {}) };
    }
    this.setCondition(
      'ScalingActive',
      'True',
      'ValidMetricFound',
      `the HPA was able to successfully calculate a replica count from ${metric}`,
    );
    return { replicas, metric, statuses, ...(error ? { error } : {}) };
  }

  /**
   * The message when other HPAs of the namespace also select some of these pods (sorted by name,
   * where upstream lists them in map order), after recording this HPA's selector.
   */
  private ambiguousSelector(
    selector: string,
    requirements: LabelRequirement[],
    pods: readonly Pod[],
  ): string | undefined {
    const namespace = this.hpa.metadata?.namespace ?? '';
    this.selectors.set(objectKey(this.shared), requirements);
    const selecting = [...this.selectors]
      .filter(([key, reqs]) => {
        if (!reqs || splitKey(key).namespace !== namespace) return false;
        return pods.some((pod) => requirementsMatch(reqs, pod.metadata?.labels));
      })
      .map(([key]) => splitKey(key))
      .sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
    if (selecting.length <= 1) return undefined;
    const keys = selecting.map((k) => `{${k.name} ${k.namespace}}`).join(' ');
    return `pods by selector ${selector} are controlled by multiple HPAs: [${keys}]`;
  }

  /** computeReplicasForMetric: Resource and ContainerResource metrics; the others need APIs the engine lacks. */
  private computeReplicasForMetric(
    spec: MetricSpec,
    currentReplicas: number,
    pods: Pod[],
    requirements: ReturnType<typeof parseLabelSelector>,
  ): { replicas: number; metric: string; status: MetricStatus } {
    if (spec.type === 'Resource' || spec.type === 'ContainerResource') {
      const source = spec.type === 'Resource' ? spec.resource : spec.containerResource;
      const resource = source?.name ?? '';
      const container = spec.type === 'ContainerResource' ? (spec.containerResource?.container ?? '') : '';
      const failedReason =
        spec.type === 'Resource' ? 'FailedGetResourceMetric' : 'FailedGetContainerResourceMetric';
      try {
        const computed = this.computeResourceMetric(
          source?.target ?? { type: '' },
          resource,
          container,
          currentReplicas,
          pods,
          requirements,
          spec.type,
        );
        const status: MetricStatus =
          spec.type === 'Resource'
            ? { type: 'Resource', resource: { name: resource, current: computed.current } }
            : {
                type: 'ContainerResource',
                containerResource: { name: resource, container, current: computed.current },
              };
        return { replicas: computed.replicas, metric: computed.metric, status };
      } catch (error) {
        const message = (error as Error).message;
        this.event('Warning', failedReason, message);
        const wrapped =
          spec.type === 'Resource'
            ? `failed to get ${resource} resource metric value: ${message}`
            : `failed to get ${container} container metric value: ${message}`;
        throw new MetricError(wrapped, failedReason, message);
      }
    }
    const [reason, message] =
      spec.type === 'Pods'
        ? [
            'FailedGetPodsMetric',
            `unable to get metric ${spec.pods?.metric.name}: unable to fetch metrics from custom metrics API: the server could not find the requested resource`,
          ]
        : spec.type === 'Object'
          ? [
              'FailedGetObjectMetric',
              `unable to get metric ${spec.object?.metric.name}: unable to fetch metrics from custom metrics API: the server could not find the requested resource`,
            ]
          : [
              'FailedGetExternalMetric',
              `unable to get external metric ${spec.external?.metric.name}: unable to fetch metrics from external metrics API: the server could not find the requested resource`,
            ];
    this.event('Warning', reason, message);
    const kind = spec.type === 'Pods' ? 'pods' : spec.type === 'Object' ? 'object' : 'external';
    throw new MetricError(`failed to get ${kind} metric value: ${message}`, reason, message);
  }

  /** computeStatusForResourceMetricGeneric. */
  private computeResourceMetric(
    target: MetricTarget,
    resource: string,
    container: string,
    currentReplicas: number,
    pods: Pod[],
    requirements: ReturnType<typeof parseLabelSelector>,
    sourceType: string,
  ): { replicas: number; metric: string; current: MetricValueStatus } {
    const namespace = this.hpa.metadata?.namespace ?? '';
    if (target.averageValue !== undefined && target.averageValue !== null) {
      try {
        const metrics = this.resourceMetric(resource, namespace, requirements, container);
        const { replicas, usage } = rawResourceReplicas({
          currentReplicas,
          targetUsage: milliValue(String(target.averageValue)),
          resource,
          container,
          pods,
          metrics,
          now: this.now,
        });
        return {
          replicas,
          metric: `${resource} resource`,
          current: { averageValue: formatQuantity(newMilliQuantity(usage)) },
        };
      } catch (error) {
        throw new Error(`failed to get ${resource} usage: ${(error as Error).message}`);
      }
    }
    if (target.averageUtilization === undefined || target.averageUtilization === null) {
      throw new Error(
        'invalid resource metric source: neither an average utilization target nor an average value (usage) target was set',
      );
    }
    try {
      const metrics = this.resourceMetric(resource, namespace, requirements, container);
      const { replicas, utilization, rawUtilization } = resourceReplicas({
        currentReplicas,
        targetUtilization: target.averageUtilization,
        resource,
        container,
        pods,
        metrics,
        now: this.now,
      });
      const metric =
        sourceType === 'ContainerResource'
          ? `${resource} container resource utilization (percentage of request)`
          : `${resource} resource utilization (percentage of request)`;
      return {
        replicas,
        metric,
        current: {
          averageUtilization: utilization,
          averageValue: formatQuantity(newMilliQuantity(rawUtilization)),
        },
      };
    } catch (error) {
      throw new Error(`failed to get ${resource} utilization: ${(error as Error).message}`);
    }
  }

  /** The metrics client's GetResourceMetric: each pod's usage summed over its containers, as a milli-value. */
  private resourceMetric(
    resource: string,
    namespace: string,
    requirements: ReturnType<typeof parseLabelSelector>,
    container: string,
  ): PodMetricsInfo {
    const prefix = `unable to get metrics for resource ${resource}: `;
    const source: ResourceMetricsSource | undefined = this.context.metrics;
    if (!source)
      throw new Error(
        `${prefix}unable to fetch metrics from resource metrics API: ${METRICS_API_UNAVAILABLE}`,
      );
    const samples = source.pods(namespace).filter((p) => requirementsMatch(requirements, p.labels));
    if (samples.length === 0) throw new Error(`${prefix}no metrics returned from resource metrics API`);
    // The API's timestamps are whole seconds; the window is metrics-server's resolution.
    const timestamp = Math.floor(source.now() / 1000) * 1000;
    const metrics: PodMetricsInfo = new Map();
    for (const sample of samples) {
      const containers = container
        ? sample.containers.filter((c) => c.name === container)
        : sample.containers;
      if (containers.length === 0) continue;
      let value = 0;
      for (const c of containers) {
        value +=
          resource === 'cpu'
            ? milliValue(cpuQuantity(c.cpuMillicores))
            : resource === 'memory'
              ? c.workingSetBytes * 1000
              : 0;
      }
      metrics.set(sample.name, { timestamp, windowMs: METRIC_RESOLUTION_MS, value });
    }
    return metrics;
  }

  private setStatus(
    current: number,
    desired: number,
    statuses: MetricStatus[] | undefined,
    rescale: boolean,
  ): void {
    const previous = this.hpa.status!;
    this.hpa.status = {
      ...(current !== 0 ? { currentReplicas: current } : {}),
      desiredReplicas: desired,
      ...(statuses && statuses.length > 0 ? { currentMetrics: statuses } : {}),
      ...(previous.conditions ? { conditions: previous.conditions } : {}),
      ...(rescale
        ? { lastScaleTime: toRfc3339(this.now) }
        : previous.lastScaleTime
          ? { lastScaleTime: previous.lastScaleTime }
          : {}),
    };
  }

  /** setCondition: the transition time moves only when the status changes. */
  private setCondition(type: string, status: 'True' | 'False', reason: string, message: string): void {
    const conditions = (this.hpa.status!.conditions ??= []);
    let condition: HorizontalPodAutoscalerCondition | undefined = conditions.find((c) => c.type === type);
    if (!condition) {
      condition = { type, status: '' };
      conditions.push(condition);
    }
    if (condition.status !== status) condition.lastTransitionTime = toRfc3339(this.now);
    condition.status = status;
    condition.reason = reason;
    condition.message = message;
  }

  private updateStatusIfNeeded(): void {
    if (JSON.stringify(this.hpa.status) === this.original) return;
    const current = this.context.client.get(
      HPAS,
      this.hpa.metadata?.namespace ?? '',
      this.hpa.metadata?.name ?? '',
    );
    if (!current) return;
    this.context.client.updateStatus(HPAS, { ...current, status: this.hpa.status } as KubeObject);
  }

  private event(type: 'Normal' | 'Warning', reason: string, message: string): void {
    this.recorder.event(this.shared, type, reason, message);
  }
}
