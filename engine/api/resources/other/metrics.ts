import { plainStrategy, type ResourceDefinition } from '../resource.ts';

/**
 * metrics.k8s.io/v1beta1 as metrics-server registers it (an aggregated API on a real cluster):
 * read-only views of the kubelets' resource usage, never stored.
 */
function metrics(resource: string, kind: string, namespaced: boolean): ResourceDefinition {
  return {
    group: 'metrics.k8s.io',
    version: 'v1beta1',
    resource,
    singular: '',
    kind,
    namespaced,
    verbs: ['get', 'list'],
    strategy: plainStrategy(),
    virtual: true,
  };
}

export const nodeMetricsResource = metrics('nodes', 'NodeMetrics', false);
export const podMetricsResource = metrics('pods', 'PodMetrics', true);
