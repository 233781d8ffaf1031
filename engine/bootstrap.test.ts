import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import type { Endpoints, Node } from 'kubernetes-types/core/v1';
import type { EndpointSlice } from 'kubernetes-types/discovery/v1';
import type { StorageClass } from 'kubernetes-types/storage/v1';
import { apiServerAddress } from './bootstrap.ts';
import { TestEngine } from './cluster/testing.ts';

function node(name: string, ip: string, roles: string[] = []): Node {
  return {
    metadata: {
      name,
      labels: Object.fromEntries(roles.map((role) => [`node-role.kubernetes.io/${role}`, ''])),
    },
    status: { addresses: [{ type: 'InternalIP', address: ip }] },
  };
}

describe('the API server address advertised in the kubernetes Endpoints', () => {
  const cases: Array<[name: string, nodes: Node[], address: string]> = [
    ['one node', [node('minikube', '192.168.49.2', ['control-plane'])], '192.168.49.2'],
    [
      'the control-plane node, wherever it is listed',
      [node('worker', '192.168.49.3'), node('control-plane', '192.168.49.2', ['control-plane'])],
      '192.168.49.2',
    ],
    ['no control plane: the first node', [node('a', '10.0.0.7'), node('b', '10.0.0.8')], '10.0.0.7'],
    ['no node at all: loopback', [], '127.0.0.1'],
  ];
  for (const [name, nodes, address] of cases) {
    test(name, () => assert.equal(apiServerAddress(nodes), address));
  }
});

describe('a fresh cluster', () => {
  const clusters: Array<[cluster: string, address: string]> = [
    ['minikube', '192.168.49.2'],
    ['three-nodes', '192.168.49.2'],
  ];
  for (const [cluster, address] of clusters) {
    test(`${cluster}: the kubernetes Service has Endpoints and an EndpointSlice at ${address}:6443`, async () => {
      const t = await TestEngine.start({ cluster });
      try {
        const endpoints = t.get<Endpoints>('v1', 'Endpoints', 'default', 'kubernetes');
        assert.deepEqual(endpoints?.metadata?.labels, { 'endpointslice.kubernetes.io/skip-mirror': 'true' });
        assert.deepEqual(endpoints?.subsets, [
          { addresses: [{ ip: address }], ports: [{ name: 'https', port: 6443, protocol: 'TCP' }] },
        ]);
        const slice = t.get<EndpointSlice>('discovery.k8s.io/v1', 'EndpointSlice', 'default', 'kubernetes');
        assert.deepEqual(slice?.metadata?.labels, { 'kubernetes.io/service-name': 'kubernetes' });
        assert.equal(slice?.addressType, 'IPv4');
        assert.deepEqual(slice?.endpoints, [{ addresses: [address], conditions: { ready: true } }]);
        assert.deepEqual(slice?.ports, [{ name: 'https', port: 6443, protocol: 'TCP' }]);
        const classes = t.list<StorageClass>('storage.k8s.io/v1', 'StorageClass');
        assert.deepEqual(
          classes.map((c) => ({
            name: c.metadata?.name,
            default: c.metadata?.annotations?.['storageclass.kubernetes.io/is-default-class'],
            provisioner: c.provisioner,
            reclaimPolicy: c.reclaimPolicy,
            volumeBindingMode: c.volumeBindingMode,
          })),
          [
            {
              name: 'standard',
              default: 'true',
              provisioner: 'k8s.io/minikube-hostpath',
              reclaimPolicy: 'Delete',
              volumeBindingMode: 'Immediate',
            },
          ],
        );
        assert.equal(t.row('storage.k8s.io/v1', 'StorageClass', '', 'standard').Name, 'standard (default)');
      } finally {
        await t.stop();
      }
    });
  }
});
