// Serves metrics.k8s.io/v1beta1 from a ResourceMetricsSource, as metrics-server's REST storage does.
import { badRequest, methodNotSupported, notFound } from '../api/errors.ts';
import { errorReply } from '../api/handlers/api-handler.ts';
import type { ApiReply, ApiRequest } from '../api/handlers/types.ts';
import type { RequestInfo } from '../api/request-info.ts';
import { parseLabelSelector, requirementsMatch } from '../api/selectors/label-selector.ts';
import { SelectorParseError } from '../api/selectors/selector-error.ts';
import { toRfc3339 } from '../clock/clock.ts';
import {
  cpuQuantity,
  METRICS_API_VERSION,
  METRICS_GROUP,
  METRICS_VERSION,
  METRICS_WINDOW,
  memoryQuantity,
  type NodeMetrics,
  type NodeUsageSample,
  type PodMetrics,
  type PodUsageSample,
  type ResourceMetricsSource,
} from './resource-metrics.ts';

/** One request to the resource metrics API, after authentication and authorization. */
export interface ResourceMetricsRequest {
  resource: string;
  verb: string;
  namespace: string;
  name: string;
  query: URLSearchParams;
}

/** A PodMetrics object for one sample, stamped at `now` (metrics-server stamps creationTimestamp on read). */
export function podMetrics(sample: PodUsageSample, now: number): PodMetrics {
  const stamp = toRfc3339(now);
  return {
    metadata: {
      name: sample.name,
      namespace: sample.namespace,
      creationTimestamp: stamp,
      ...(Object.keys(sample.labels).length > 0 ? { labels: sample.labels } : {}),
    },
    timestamp: stamp,
    window: METRICS_WINDOW,
    containers: sample.containers.map((c) => ({
      name: c.name,
      usage: { cpu: cpuQuantity(c.cpuMillicores), memory: memoryQuantity(c.workingSetBytes) },
    })),
  };
}

export function nodeMetrics(sample: NodeUsageSample, now: number): NodeMetrics {
  const stamp = toRfc3339(now);
  return {
    metadata: {
      name: sample.name,
      creationTimestamp: stamp,
      ...(Object.keys(sample.labels).length > 0 ? { labels: sample.labels } : {}),
    },
    timestamp: stamp,
    window: METRICS_WINDOW,
    usage: { cpu: cpuQuantity(sample.cpuMillicores), memory: memoryQuantity(sample.workingSetBytes) },
  };
}

function labelFilter(query: URLSearchParams): (labels: Record<string, string>) => boolean {
  const text = query.get('labelSelector');
  if (!text) return () => true;
  try {
    const requirements = parseLabelSelector(text);
    return (labels) => requirementsMatch(requirements, labels);
  } catch (error) {
    if (error instanceof SelectorParseError) throw badRequest(error.message);
    throw error;
  }
}

const byName = (a: { name: string }, b: { name: string }) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0);

/**
 * The answer to a metrics.k8s.io request: a PodMetrics(List) or NodeMetrics(List) body, or an
 * ApiError thrown with metrics-server's Status (`podmetrics.metrics.k8s.io "default/web" not found`).
 */
export function serveResourceMetrics(
  source: ResourceMetricsSource,
  request: ResourceMetricsRequest,
): unknown {
  const { resource, verb, namespace, name, query } = request;
  const now = source.now();
  if (verb !== 'get' && verb !== 'list') throw methodNotSupported({ group: METRICS_GROUP, resource }, verb);
  if (resource === 'pods') {
    if (verb === 'get') {
      if (!source.hasPod(namespace, name)) throw notFound({ group: '', resource: 'pods' }, name);
      const sample = source.pods(namespace).find((p) => p.name === name);
      if (!sample) throw notFound({ group: METRICS_GROUP, resource: 'podmetrics' }, `${namespace}/${name}`);
      return { kind: 'PodMetrics', apiVersion: METRICS_API_VERSION, ...podMetrics(sample, now) };
    }
    const matches = labelFilter(query);
    const items = source
      .pods(namespace || undefined)
      .filter((p) => matches(p.labels))
      .sort((a, b) => (a.namespace < b.namespace ? -1 : a.namespace > b.namespace ? 1 : byName(a, b)))
      .map((p) => podMetrics(p, now));
    return { kind: 'PodMetricsList', apiVersion: METRICS_API_VERSION, metadata: {}, items };
  }
  if (verb === 'get') {
    const sample = source.nodes().find((n) => n.name === name);
    if (!sample) throw notFound({ group: METRICS_GROUP, resource: 'nodemetrics' }, name);
    return { kind: 'NodeMetrics', apiVersion: METRICS_API_VERSION, ...nodeMetrics(sample, now) };
  }
  const matches = labelFilter(query);
  const items = source
    .nodes()
    .filter((n) => matches(n.labels))
    .sort(byName)
    .map((n) => nodeMetrics(n, now));
  return { kind: 'NodeMetricsList', apiVersion: METRICS_API_VERSION, metadata: {}, items };
}

/**
 * The API server's side of the aggregated metrics API: requests for metrics.k8s.io/v1beta1 nodes
 * and pods, once authenticated and authorized, are answered from `source` (kube-aggregator would
 * proxy them to metrics-server). Anything else is left to the API server.
 */
export function resourceMetricsApi(
  source: ResourceMetricsSource,
): (request: ApiRequest, info: RequestInfo) => ApiReply | undefined {
  return (request, info) => {
    if (info.apiGroup !== METRICS_GROUP || info.apiVersion !== METRICS_VERSION || info.subresource)
      return undefined;
    if (info.resource !== 'pods' && info.resource !== 'nodes') return undefined;
    try {
      const body = serveResourceMetrics(source, {
        resource: info.resource,
        verb: info.verb,
        namespace: info.resource === 'pods' ? info.namespace : '',
        name: info.name,
        query: request.query,
      });
      return { kind: 'body', status: 200, contentType: 'application/json', body: JSON.stringify(body) };
    } catch (error) {
      return errorReply(error);
    }
  };
}
