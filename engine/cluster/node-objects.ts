import type { Node } from 'kubernetes-types/core/v1';
import { canonicalQuantity } from '../api/quantity.ts';
import type { ClusterFixture, NodeFixture } from './cluster.schema.ts';

const DEFAULT_KUBELET_VERSION = 'v1.32.0';

/** One node of a fixture after `count` is expanded: its name and zone. */
export interface ExpandedNode {
  spec: NodeFixture;
  name: string;
  zone?: string;
}

/** The nodes a fixture declares, `count` expanded (`<name>-1` …) and `zones` dealt out in turn. */
export function expandNodes(cluster: ClusterFixture): ExpandedNode[] {
  const expanded: ExpandedNode[] = [];
  for (const spec of cluster.spec.nodes) {
    const count = spec.count ?? 1;
    for (let i = 1; i <= count; i++) {
      const zone = spec.zones ? spec.zones[(i - 1) % spec.zones.length] : spec.zone;
      expanded.push({ spec, name: count === 1 ? spec.name : `${spec.name}-${i}`, ...(zone ? { zone } : {}) });
    }
  }
  return expanded;
}

/** The Node objects a cluster fixture describes (count expanded, addresses and pod CIDRs assigned). */
/** `firstIndex` numbers nodes added later after the existing ones (addresses and pod CIDRs stay unique). */
export function nodeObjects(cluster: ClusterFixture, firstIndex = 0): Node[] {
  return expandNodes(cluster).map((node, index) =>
    nodeObject(node, firstIndex + index, cluster.spec.kubeletVersion ?? DEFAULT_KUBELET_VERSION),
  );
}

/** Node i's InternalIP: 192.168.49.2, .3, … on, across octets for large clusters. */
export function nodeIP(index: number): string {
  return ipv4(((192 << 24) | (168 << 16) | (49 << 8)) + 2 + index);
}

/** Node i's pod CIDR: the i-th /24 of 10.244.0.0 (10.244.0.0/24, 10.244.1.0/24, …). */
export function nodePodCIDR(index: number): string {
  return `${ipv4(((10 << 24) | (244 << 16)) + index * 256)}/24`;
}

function ipv4(n: number): string {
  const u = n >>> 0;
  return [u >>> 24, (u >>> 16) & 255, (u >>> 8) & 255, u & 255].join('.');
}

function nodeObject(node: ExpandedNode, index: number, kubeletVersion: string): Node {
  const { spec, name, zone } = node;
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
    ...(zone ? { 'topology.kubernetes.io/zone': zone } : {}),
    ...(spec.region ? { 'topology.kubernetes.io/region': spec.region } : {}),
    ...Object.fromEntries((spec.roles ?? []).map((role) => [`node-role.kubernetes.io/${role}`, ''])),
    ...spec.labels,
  };
  const ip = nodeIP(index);
  const podCIDR = nodePodCIDR(index);
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
