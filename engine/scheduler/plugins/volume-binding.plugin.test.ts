import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { PersistentVolume, PersistentVolumeClaim, Volume } from 'kubernetes-types/core/v1';
import type { StorageClass } from 'kubernetes-types/storage/v1';
import { buildNodeInfos } from '../framework/node-info.ts';
import { filterResults, makeNode, makePod } from '../framework/testing.ts';
import {
  createVolumeBindingPlugin,
  ERR_REASON_NODE_CONFLICT,
  ERR_REASON_UNBOUND_IMMEDIATE_PVC,
} from './volume-binding.plugin.ts';

const claim = (name: string, extra: Partial<PersistentVolumeClaim> = {}): PersistentVolumeClaim => ({
  metadata: { name, namespace: 'default' },
  spec: { storageClassName: 'standard' },
  status: { phase: 'Pending' },
  ...extra,
});

const bound = (name: string, volumeName: string): PersistentVolumeClaim =>
  claim(name, { spec: { volumeName, storageClassName: 'standard' }, status: { phase: 'Bound' } });

const classes: Record<string, StorageClass> = {
  standard: {
    metadata: { name: 'standard' },
    provisioner: 'example.com/disk',
    volumeBindingMode: 'Immediate',
  },
  local: {
    metadata: { name: 'local' },
    provisioner: 'example.com/local',
    volumeBindingMode: 'WaitForFirstConsumer',
  },
};

const volumes: Record<string, PersistentVolume> = {
  'pv-zone-a': {
    metadata: { name: 'pv-zone-a' },
    spec: {
      nodeAffinity: {
        required: {
          nodeSelectorTerms: [{ matchExpressions: [{ key: 'zone', operator: 'In', values: ['a'] }] }],
        },
      },
    },
  },
};

describe('VolumeBinding', () => {
  const snapshot = buildNodeInfos(
    [makeNode('in-a', { labels: { zone: 'a' } }), makeNode('in-b', { labels: { zone: 'b' } })],
    [],
  );
  const unresolvable = (reason: string) => ({
    'in-a': `UnschedulableAndUnresolvable: ${reason}`,
    'in-b': `UnschedulableAndUnresolvable: ${reason}`,
  });
  const cases: {
    name: string;
    volumes: Volume[];
    claims: PersistentVolumeClaim[];
    expected: Record<string, string>;
  }[] = [
    {
      name: 'no claims skips the plugin',
      volumes: [{ name: 'tmp', emptyDir: {} }],
      claims: [],
      expected: { 'in-a': 'Skip', 'in-b': 'Skip' },
    },
    {
      name: 'missing claim',
      volumes: [{ name: 'data', persistentVolumeClaim: { claimName: 'data' } }],
      claims: [],
      expected: unresolvable('persistentvolumeclaim "data" not found'),
    },
    {
      name: 'unbound claim of an Immediate class',
      volumes: [{ name: 'data', persistentVolumeClaim: { claimName: 'data' } }],
      claims: [claim('data')],
      expected: unresolvable(ERR_REASON_UNBOUND_IMMEDIATE_PVC),
    },
    {
      name: 'unbound claim without a class is Immediate',
      volumes: [{ name: 'data', persistentVolumeClaim: { claimName: 'data' } }],
      claims: [claim('data', { spec: {} })],
      expected: unresolvable(ERR_REASON_UNBOUND_IMMEDIATE_PVC),
    },
    {
      name: 'unbound WaitForFirstConsumer claim waits for the pod',
      volumes: [{ name: 'data', persistentVolumeClaim: { claimName: 'data' } }],
      claims: [claim('data', { spec: { storageClassName: 'local' } })],
      expected: { 'in-a': 'Success', 'in-b': 'Success' },
    },
    {
      name: 'bound claim follows the volume node affinity',
      volumes: [{ name: 'data', persistentVolumeClaim: { claimName: 'data' } }],
      claims: [bound('data', 'pv-zone-a')],
      expected: { 'in-a': 'Success', 'in-b': `UnschedulableAndUnresolvable: ${ERR_REASON_NODE_CONFLICT}` },
    },
    {
      name: 'claim being deleted',
      volumes: [{ name: 'data', persistentVolumeClaim: { claimName: 'data' } }],
      claims: [
        claim('data', {
          metadata: { name: 'data', namespace: 'default', deletionTimestamp: '2024-01-01T00:00:00Z' },
        }),
      ],
      expected: unresolvable('persistentvolumeclaim "data" is being deleted'),
    },
    {
      name: 'generic ephemeral volume not created yet',
      volumes: [{ name: 'scratch', ephemeral: { volumeClaimTemplate: { spec: {} } } }],
      claims: [],
      expected: unresolvable(
        'waiting for ephemeral volume controller to create the persistentvolumeclaim "p-scratch"',
      ),
    },
  ];
  for (const c of cases) {
    it(c.name, () => {
      const plugin = createVolumeBindingPlugin({
        getPersistentVolumeClaim: (namespace, name) =>
          c.claims.find((pvc) => pvc.metadata?.namespace === namespace && pvc.metadata?.name === name),
        getStorageClass: (name) => classes[name],
        getPersistentVolume: (name) => volumes[name],
      });
      assert.deepEqual(
        filterResults(plugin, makePod('p', { spec: { volumes: c.volumes } }), snapshot),
        c.expected,
      );
    });
  }

  it('uses the upstream reason texts', () => {
    assert.equal(ERR_REASON_UNBOUND_IMMEDIATE_PVC, 'pod has unbound immediate PersistentVolumeClaims');
    assert.equal(ERR_REASON_NODE_CONFLICT, 'node(s) had volume node affinity conflict');
  });
});
