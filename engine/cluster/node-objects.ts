import type { Node } from 'kubernetes-types/core/v1';
import { canonicalQuantity } from '../api/quantity.ts';
import type { ClusterFixture, NodeFixture } from './cluster.schema.ts';

const DEFAULT_KUBELET_VERSION = 'v1.32.0';

/** The Node objects a cluster fixture describes (count expanded, addresses and pod CIDRs assigned). */
export function nodeObjects(cluster: ClusterFixture): Node[] {
  const expanded: Array<{ spec: NodeFixture; name: string }> = [];
  for (const spec of cluster.spec.nodes) {
    const count = spec.count ?? 1;
    for (let i = 1; i <= count; i++)
      expanded.push({ spec, name: count === 1 ? spec.name : `${spec.name}-${i}` });
  }
  return expanded.map(({ spec, name }, index) =>
    nodeObject(spec, name, index, cluster.spec.kubeletVersion ?? DEFAULT_KUBELET_VERSION),
  );
}

function nodeObject(spec: NodeFixture, name: string, index: number, kubeletVersion: string): Node {
  const capacity = canonicalMap({
    'ephemeral-storage': '61202244Ki',
    'hugepages-1Gi': '0',
    'hugepages-2Mi': '0',
    pods: '110',
    ...spec.capacity,
  });
  const allocatable = canonicalMap({ ...capacity, ...spec.allocatable });
  const labels: Record<string, string> = {
    'beta.kubernetes.io/arch': 'amd64',
    'beta.kubernetes.io/os': 'linux',
    'kubernetes.io/arch': 'amd64',
    'kubernetes.io/hostname': name,
    'kubernetes.io/os': 'linux',
    ...(spec.zone ? { 'topology.kubernetes.io/zone': spec.zone } : {}),
    ...(spec.region ? { 'topology.kubernetes.io/region': spec.region } : {}),
    ...Object.fromEntries((spec.roles ?? []).map((role) => [`node-role.kubernetes.io/${role}`, ''])),
    ...spec.labels,
  };
  const ip = `192.168.49.${index + 2}`;
  const podCIDR = `10.244.${index % 256}.0/24`;
  return {
    apiVersion: 'v1',
    kind: 'Node',
    metadata: {
      name,
      labels,
      annotations: {
        'node.alpha.kubernetes.io/ttl': '0',
        'volumes.kubernetes.io/controller-managed-attach-detach': 'true',
      },
    },
    spec: {
      podCIDR,
      podCIDRs: [podCIDR],
      ...(spec.taints?.length
        ? {
            taints: spec.taints.map((t) => ({
              key: t.key,
              ...(t.value ? { value: t.value } : {}),
              effect: t.effect,
            })),
          }
        : {}),
      ...(spec.unschedulable ? { unschedulable: true } : {}),
    },
    status: {
      capacity,
      allocatable,
      addresses: [
        { type: 'InternalIP', address: ip },
        { type: 'Hostname', address: name },
      ],
      daemonEndpoints: { kubeletEndpoint: { Port: 10250 } },
      nodeInfo: {
        architecture: 'amd64',
        bootID: '',
        containerRuntimeVersion: 'containerd://1.7.24',
        kernelVersion: '6.8.0-kuke',
        kubeProxyVersion: kubeletVersion,
        kubeletVersion,
        machineID: '',
        operatingSystem: 'linux',
        osImage: 'Ubuntu 22.04.5 LTS',
        systemUUID: '',
      },
      conditions: [],
    },
  };
}

function canonicalMap(values: Record<string, string>): Record<string, string> {
  return Object.fromEntries(Object.entries(values).map(([k, v]) => [k, canonicalQuantity(v)]));
}
