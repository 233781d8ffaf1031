import type { ClusterRole } from 'kubernetes-types/rbac/v1';

/**
 * The ClusterRole metrics-server's manifest installs: reading metrics.k8s.io, aggregated into the
 * admin, edit and view roles, so whoever can view pods can `kubectl top` them.
 */
export function aggregatedMetricsReaderRole(): ClusterRole {
  return {
    apiVersion: 'rbac.authorization.k8s.io/v1',
    kind: 'ClusterRole',
    metadata: {
      name: 'system:aggregated-metrics-reader',
      labels: {
        'k8s-app': 'metrics-server',
        'rbac.authorization.k8s.io/aggregate-to-admin': 'true',
        'rbac.authorization.k8s.io/aggregate-to-edit': 'true',
        'rbac.authorization.k8s.io/aggregate-to-view': 'true',
      },
    },
    rules: [{ apiGroups: ['metrics.k8s.io'], resources: ['pods', 'nodes'], verbs: ['get', 'list', 'watch'] }],
  };
}
