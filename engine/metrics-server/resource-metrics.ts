// The resource metrics API (metrics.k8s.io/v1beta1) as metrics-server serves it: NodeMetrics and PodMetrics.
import { formatQuantity, newQuantity, newScaledQuantity } from '../api/quantity.ts';

export const METRICS_GROUP = 'metrics.k8s.io';
export const METRICS_VERSION = 'v1beta1';
export const METRICS_API_VERSION = `${METRICS_GROUP}/${METRICS_VERSION}`;

/** metrics-server's --metric-resolution: it scrapes the kubelets every 15 s, so each sample covers 15 s. */
export const METRIC_RESOLUTION_MS = 15_000;
/** The `window` of every sample, as metav1.Duration prints METRIC_RESOLUTION_MS. */
export const METRICS_WINDOW = '15s';

/** cpu and memory of one container, node or pod, in metrics-server's units. */
export interface ResourceUsage {
  /** Quantities as metrics-server writes them: cpu from nanocores, memory from bytes (BinarySI). */
  cpu: string;
  memory: string;
}

export interface ContainerMetrics {
  name: string;
  usage: ResourceUsage;
}

interface MetricsMeta {
  name: string;
  namespace?: string;
  creationTimestamp: string;
  labels?: Record<string, string>;
}

export interface PodMetrics {
  kind?: 'PodMetrics';
  apiVersion?: string;
  metadata: MetricsMeta;
  timestamp: string;
  window: string;
  containers: ContainerMetrics[];
}

export interface NodeMetrics {
  kind?: 'NodeMetrics';
  apiVersion?: string;
  metadata: MetricsMeta;
  timestamp: string;
  window: string;
  usage: ResourceUsage;
}

/** The usage of one pod's running containers at an instant, as the pod's kubelet measures it. */
export interface PodUsageSample {
  namespace: string;
  name: string;
  labels: Record<string, string>;
  containers: { name: string; cpuMillicores: number; workingSetBytes: number }[];
}

/** The usage of one node at an instant: the sum of what runs on it. */
export interface NodeUsageSample {
  name: string;
  labels: Record<string, string>;
  cpuMillicores: number;
  workingSetBytes: number;
}

/**
 * What the resource metrics API reads: the latest samples of the pods and nodes metrics-server
 * can scrape (kubelets that answer), at `now`. The HPA controller reads the same source.
 */
export interface ResourceMetricsSource {
  /** Samples of the running pods (all namespaces when `namespace` is undefined). */
  pods(namespace?: string): PodUsageSample[];
  nodes(): NodeUsageSample[];
  /** Whether the pod exists at all (a pod without a sample is a NotFound of podmetrics, not of pods). */
  hasPod(namespace: string, name: string): boolean;
  now(): number;
}

/** `resource.NewScaledQuantity(nanocores, -9)`, canonical: 250m, 1500m → 1500m, 12345n. */
export function cpuQuantity(millicores: number): string {
  return formatQuantity(newScaledQuantity(Math.round(millicores * 1_000_000), -9));
}

/** `resource.NewQuantity(bytes, resource.BinarySI)`, canonical: 2Mi, 1536Ki. */
export function memoryQuantity(bytes: number): string {
  return formatQuantity(newQuantity(Math.round(bytes), 'BinarySI'));
}
