import type { Endpoints, Node } from 'kubernetes-types/core/v1';
import type { EndpointSlice } from 'kubernetes-types/discovery/v1';
import type { StorageClass } from 'kubernetes-types/storage/v1';
import { IS_DEFAULT_CLASS_ANNOTATION } from './admission/plugins/default-storage-class.admission.ts';
import { kubeletIdentity } from './api/component-identities.ts';
import type { InternalClient } from './api/internal-client.ts';
import type { KubeObject } from './api/types.ts';
import {
  aggregateClusterRoles,
  bootstrapClusterRoleBindings,
  bootstrapClusterRoles,
} from './auth/bootstrap-policy.ts';
import type { ClusterFixture } from './cluster/cluster.schema.ts';
import { nodeObjects } from './cluster/node-objects.ts';
import { HOSTPATH_PROVISIONER } from './controllers/hostpath-provisioner.controller.ts';
import { aggregatedMetricsReaderRole } from './metrics-server/rbac.ts';

const SYSTEM_NAMESPACES = ['default', 'kube-node-lease', 'kube-public', 'kube-system'];

/**
 * What a freshly installed cluster holds before anyone uses it: namespaces, RBAC, the API
 * Service and its endpoints, the default StorageClass, nodes.
 */
export function bootstrapCluster(client: InternalClient, cluster: ClusterFixture): void {
  for (const name of SYSTEM_NAMESPACES) {
    client.create('/namespaces', '', { apiVersion: 'v1', kind: 'Namespace', metadata: { name } });
  }
  // metrics-server's reader role is aggregated into admin, edit and view like the built-in ones.
  for (const role of aggregateClusterRoles([...bootstrapClusterRoles(), aggregatedMetricsReaderRole()])) {
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
  const nodes = nodeObjects(cluster);
  createApiServerEndpoints(client, apiServerAddress(nodes));
  client.create('storage.k8s.io/storageclasses', '', defaultStorageClassObject() as unknown as KubeObject);
  registerNodes(client, nodes);
}

/** The port kube-apiserver listens on (kind's and kubeadm's; minikube's own VM driver uses 8443). */
export const API_SERVER_PORT = 6443;
const API_SERVER_PORTS = [{ name: 'https', port: API_SERVER_PORT, protocol: 'TCP' }];

/**
 * The API server's advertised address: the InternalIP of the first control-plane node (else of
 * the first node), as kubeadm-built clusters such as kind and minikube advertise it.
 */
export function apiServerAddress(nodes: readonly Node[]): string {
  const controlPlane = nodes.find((node) => node.metadata?.labels?.[CONTROL_PLANE_LABEL] !== undefined);
  const node = controlPlane ?? nodes[0];
  const ip = node?.status?.addresses?.find((address) => address.type === 'InternalIP')?.address;
  return ip ?? '127.0.0.1';
}

const CONTROL_PLANE_LABEL = 'node-role.kubernetes.io/control-plane';

/**
 * The Endpoints and EndpointSlice of the `kubernetes` Service, as kube-apiserver's endpoint
 * reconciler writes them (pkg/controlplane/reconcilers/endpointsadapter.go): the Endpoints are
 * marked to be skipped by the mirroring controller, the slice is named after the Service.
 */
export function createApiServerEndpoints(client: InternalClient, address: string): void {
  const endpoints: Endpoints = {
    apiVersion: 'v1',
    kind: 'Endpoints',
    metadata: {
      name: 'kubernetes',
      namespace: 'default',
      labels: { 'endpointslice.kubernetes.io/skip-mirror': 'true' },
    },
    subsets: [{ addresses: [{ ip: address }], ports: API_SERVER_PORTS }],
  };
  client.create('/endpoints', 'default', endpoints as unknown as KubeObject);
  const slice: EndpointSlice = {
    apiVersion: 'discovery.k8s.io/v1',
    kind: 'EndpointSlice',
    metadata: {
      name: 'kubernetes',
      namespace: 'default',
      labels: { 'kubernetes.io/service-name': 'kubernetes' },
    },
    addressType: 'IPv4',
    endpoints: [{ addresses: [address], conditions: { ready: true } }],
    ports: API_SERVER_PORTS,
  };
  client.create('discovery.k8s.io/endpointslices', 'default', slice as unknown as KubeObject);
}

/**
 * The default StorageClass, as minikube's storage-provisioner add-on installs it: `standard`,
 * served by the bundled hostPath provisioner, binding at once (Immediate). kind's `standard`
 * class (rancher.io/local-path, WaitForFirstConsumer) would leave claims Pending until a pod
 * is scheduled; Immediate lets a claim be Bound on its own, as in minikube.
 */
export function defaultStorageClassObject(): StorageClass {
  return {
    apiVersion: 'storage.k8s.io/v1',
    kind: 'StorageClass',
    metadata: {
      name: 'standard',
      annotations: { [IS_DEFAULT_CLASS_ANNOTATION]: 'true' },
      labels: { 'addonmanager.kubernetes.io/mode': 'EnsureExists' },
    },
    provisioner: HOSTPATH_PROVISIONER,
    reclaimPolicy: 'Delete',
    volumeBindingMode: 'Immediate',
  };
}

/** Node registration as each node's kubelet does it: create the Node, then post its status. */
export function registerNodes(client: InternalClient, nodes: readonly Node[]): void {
  for (const node of nodes) {
    const kubelet = client.as(kubeletIdentity(node.metadata?.name ?? ''));
    const created = kubelet.create('/nodes', '', node as unknown as KubeObject);
    kubelet.updateStatus('/nodes', { ...created, status: node.status });
  }
}
