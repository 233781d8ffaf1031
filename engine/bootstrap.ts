import type { Node } from 'kubernetes-types/core/v1';
import type { InternalClient } from './api/internal-client.ts';
import type { KubeObject } from './api/types.ts';
import { bootstrapClusterRoleBindings, bootstrapClusterRoles } from './auth/bootstrap-policy.ts';
import type { ClusterFixture } from './cluster/cluster.schema.ts';
import { nodeObjects } from './cluster/node-objects.ts';

const SYSTEM_NAMESPACES = ['default', 'kube-node-lease', 'kube-public', 'kube-system'];

/** What a freshly installed cluster holds before anyone uses it: namespaces, RBAC, the API service, nodes. */
export function bootstrapCluster(client: InternalClient, cluster: ClusterFixture): void {
  for (const name of SYSTEM_NAMESPACES) {
    client.create('/namespaces', '', { apiVersion: 'v1', kind: 'Namespace', metadata: { name } });
  }
  for (const role of bootstrapClusterRoles()) {
    client.create('rbac.authorization.k8s.io/clusterroles', '', role as unknown as KubeObject);
  }
  for (const binding of bootstrapClusterRoleBindings()) {
    client.create('rbac.authorization.k8s.io/clusterrolebindings', '', binding as unknown as KubeObject);
  }
  for (const [name, value] of [
    ['system-node-critical', 2000001000],
    ['system-cluster-critical', 2000000000],
  ] as const) {
    client.create('scheduling.k8s.io/priorityclasses', '', {
      apiVersion: 'scheduling.k8s.io/v1',
      kind: 'PriorityClass',
      metadata: { name },
      value,
      description: `Used for system critical pods that must not be moved from their current ${name === 'system-node-critical' ? 'node' : 'cluster'}.`,
      preemptionPolicy: 'PreemptLowerPriority',
    });
  }
  client.create('/services', 'default', {
    apiVersion: 'v1',
    kind: 'Service',
    metadata: {
      name: 'kubernetes',
      namespace: 'default',
      labels: { component: 'apiserver', provider: 'kubernetes' },
    },
    spec: {
      clusterIP: '10.96.0.1',
      ports: [{ name: 'https', port: 443, protocol: 'TCP', targetPort: 6443 }],
      sessionAffinity: 'None',
      type: 'ClusterIP',
    },
  });
  registerNodes(client, nodeObjects(cluster));
}

/** Node registration as the kubelet does it: create the Node, then post its status. */
export function registerNodes(client: InternalClient, nodes: readonly Node[]): void {
  for (const node of nodes) {
    const created = client.create('/nodes', '', node as unknown as KubeObject);
    client.updateStatus('/nodes', { ...created, status: node.status });
  }
}
