import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { after, describe, test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { FixtureError } from '../util/yaml-schema.ts';
import { CLUSTERS_DIR, loadCluster } from './load-cluster.ts';
import { expandNodes, nodeIP, nodeObjects, nodePodCIDR } from './node-objects.ts';
import { CLUSTER_SCHEMA_FILE, renderClusterSchemaFile } from './schema-file.ts';

const dir = mkdtempSync(join(tmpdir(), 'kuke-clusters-'));
after(() => rmSync(dir, { recursive: true, force: true }));

const HEAD = 'apiVersion: kuke.dev/v1alpha1\nkind: Cluster\nmetadata:\n  name: t\nspec:\n  nodes:\n';

describe('cluster fixture errors name the file, the line and the field', () => {
  const cases: Array<{ name: string; text: string; error: string }> = [
    {
      name: 'missing-capacity',
      text: `${HEAD}    - name: a\n`,
      error: 'missing-capacity.yaml:7: spec.nodes[0].capacity: Expected required property',
    },
    {
      name: 'unknown-field',
      text: `${HEAD}    - name: a\n      cpus: 2\n      capacity: { cpu: "2" }\n`,
      error: 'unknown-field.yaml:8: spec.nodes[0].cpus: Unexpected property',
    },
    {
      name: 'bad-effect',
      text: `${HEAD}    - name: a\n      capacity: { cpu: "2" }\n      taints:\n        - key: k\n          effect: Sometimes\n`,
      error:
        'bad-effect.yaml:11: spec.nodes[0].taints[0].effect: Expected one of: NoSchedule, PreferNoSchedule, NoExecute',
    },
    {
      name: 'duplicate',
      text: `${HEAD}    - name: worker\n      count: 2\n      capacity: { cpu: "2" }\n    - name: worker-2\n      capacity: { cpu: "2" }\n`,
      error: 'duplicate.yaml:10: spec.nodes[1].name: duplicate node name "worker-2"',
    },
    {
      name: 'quantity',
      text: `${HEAD}    - name: a\n      capacity: { cpu: "2", memory: lots }\n`,
      error: 'quantity.yaml:8: spec.nodes[0].capacity.memory: invalid quantity "lots"',
    },
    {
      name: 'zones',
      text: `${HEAD}    - name: a\n      zone: z1\n      zones: [z1, z2]\n      capacity: { cpu: "2" }\n`,
      error: 'zones.yaml:9: spec.nodes[0].zones: zone and zones are mutually exclusive',
    },
    {
      name: 'yaml',
      text: `${HEAD}    - name: a\n      capacity: { cpu: "2"\n`,
      error:
        'yaml.yaml:9: invalid YAML: Flow map in block collection must be sufficiently indented and end with a }',
    },
    {
      name: 'kind',
      text: 'apiVersion: kuke.dev/v1alpha1\nkind: Clster\nmetadata:\n  name: t\nspec:\n  nodes: []\n',
      error: "kind.yaml:2: kind: Expected 'Cluster'",
    },
    { name: 'empty', text: '# nothing\n', error: 'empty.yaml: no cluster document in file' },
    {
      name: 'no-nodes',
      text: 'apiVersion: kuke.dev/v1alpha1\nkind: Cluster\nmetadata:\n  name: t\nspec:\n  nodes: []\n',
      error: 'no-nodes.yaml:6: spec.nodes: Expected array length to be greater or equal to 1',
    },
    {
      name: 'count',
      text: `${HEAD}    - name: a\n      count: 0\n      capacity: { cpu: "2" }\n`,
      error: 'count.yaml:8: spec.nodes[0].count: Expected integer to be greater or equal to 1',
    },
    {
      name: 'eviction-threshold',
      text: `${HEAD}    - name: a\n      capacity: { cpu: "2" }\n      kubelet:\n        evictionHard: { memory.available: "0" }\n`,
      error:
        'eviction-threshold.yaml:10: spec.nodes[0].kubelet.evictionHard.memory.available: eviction threshold memory.available must be positive: 0',
    },
    {
      name: 'eviction-signal',
      text: `${HEAD}    - name: a\n      capacity: { cpu: "2" }\n      kubelet:\n        evictionHard: { nodefs.available: 10% }\n`,
      error:
        'eviction-signal.yaml:10: spec.nodes[0].kubelet.evictionHard.nodefs.available: Unexpected property',
    },
    {
      name: 'transition-period',
      text: `${HEAD}    - name: a\n      capacity: { cpu: "2" }\n      kubelet:\n        evictionPressureTransitionPeriod: soon\n`,
      error:
        'transition-period.yaml:10: spec.nodes[0].kubelet.evictionPressureTransitionPeriod: time: invalid duration "soon"',
    },
  ];
  for (const c of cases) {
    test(c.name, () => {
      const file = join(dir, `${c.name}.yaml`);
      writeFileSync(file, c.text);
      assert.throws(
        () => loadCluster(file),
        (error: unknown) => error instanceof FixtureError && error.message === `${dir}/${c.error}`,
      );
    });
  }

  test('an unknown cluster name lists where it was looked for', () => {
    assert.throws(() => loadCluster('nope'), {
      message: `unknown cluster "nope": no nope.yaml in ${CLUSTERS_DIR}`,
    });
  });
});

describe('bundled clusters', () => {
  const cases: Array<{ name: string; nodes: number; zones?: Record<string, number> }> = [
    { name: 'minikube', nodes: 1 },
    { name: 'three-nodes', nodes: 3 },
    {
      name: 'zones',
      nodes: 7,
      zones: { 'europe-west1-a': 3, 'europe-west1-b': 2, 'europe-west1-c': 2 },
    },
    { name: 'large', nodes: 503, zones: { 'us-east-1a': 168, 'us-east-1b': 168, 'us-east-1c': 167 } },
    { name: 'small-node', nodes: 1 },
    { name: 'unhealthy-nodes', nodes: 3 },
  ];
  for (const c of cases) {
    test(`${c.name}: ${c.nodes} nodes`, () => {
      const nodes = nodeObjects(loadCluster(c.name));
      assert.equal(nodes.length, c.nodes);
      assert.equal(new Set(nodes.map((n) => n.metadata?.name)).size, c.nodes);
      assert.equal(new Set(nodes.map((n) => n.spec?.podCIDR)).size, c.nodes);
      if (c.zones) {
        const zones: Record<string, number> = {};
        for (const node of nodes) {
          const zone = node.metadata?.labels?.['topology.kubernetes.io/zone'] ?? '';
          zones[zone] = (zones[zone] ?? 0) + 1;
        }
        assert.deepEqual(zones, c.zones);
      }
    });
  }

  test('zones: labels for hostname, zone, region and role', () => {
    const [controlPlane, first] = nodeObjects(loadCluster('zones'));
    assert.equal(first?.metadata?.name, 'worker-a-1');
    assert.equal(first?.metadata?.labels?.['kubernetes.io/hostname'], 'worker-a-1');
    assert.equal(first?.metadata?.labels?.['topology.kubernetes.io/region'], 'europe-west1');
    assert.equal(controlPlane?.metadata?.labels?.['node-role.kubernetes.io/control-plane'], '');
    assert.deepEqual(controlPlane?.spec?.taints, [
      { key: 'node-role.kubernetes.io/control-plane', effect: 'NoSchedule' },
    ]);
  });

  test('small-node: 1Gi, and the kubelet eviction settings it writes out', () => {
    const cluster = loadCluster('small-node');
    const [node] = nodeObjects(cluster);
    assert.equal(node?.status?.capacity?.memory, '1Gi');
    assert.deepEqual(cluster.spec.nodes[0]?.kubelet, {
      evictionHard: { 'memory.available': '100Mi' },
      evictionPressureTransitionPeriod: '5m0s',
    });
  });

  test('unhealthy-nodes: the conditions its kubelets report', () => {
    const cluster = loadCluster('unhealthy-nodes');
    assert.deepEqual(
      cluster.spec.nodes.map((n) => [n.name, n.conditions]),
      [
        ['healthy', undefined],
        ['full-disk', { DiskPressure: 'True' }],
        ['no-network', { Ready: 'False' }],
      ],
    );
  });

  test('zones are dealt out in turn', () => {
    const cluster = loadCluster('large');
    assert.deepEqual(
      expandNodes(cluster)
        .slice(3, 7)
        .map((n) => `${n.name}@${n.zone}`),
      ['node-1@us-east-1a', 'node-2@us-east-1b', 'node-3@us-east-1c', 'node-4@us-east-1a'],
    );
  });
});

test('node addresses and pod CIDRs go on across octets', () => {
  const cases: Array<[number, string, string]> = [
    [0, '192.168.49.2', '10.244.0.0/24'],
    [1, '192.168.49.3', '10.244.1.0/24'],
    [253, '192.168.49.255', '10.244.253.0/24'],
    [256, '192.168.50.2', '10.245.0.0/24'],
    [4999, '192.168.68.137', '11.7.135.0/24'],
  ];
  for (const [index, ip, cidr] of cases) {
    assert.equal(nodeIP(index), ip, `ip ${index}`);
    assert.equal(nodePodCIDR(index), cidr, `cidr ${index}`);
  }
});

test(`${CLUSTER_SCHEMA_FILE} is up to date with cluster.schema.ts (run: npx tsx engine/cluster/schema-file.ts)`, () => {
  const root = join(dirname(fileURLToPath(import.meta.url)), '../..');
  const onDisk = readFileSync(join(root, CLUSTER_SCHEMA_FILE), 'utf8');
  assert.equal(onDisk, renderClusterSchemaFile());
  const schema = JSON.parse(onDisk) as {
    properties: { kind: { const: string } };
    additionalProperties: boolean;
  };
  assert.equal(schema.properties.kind.const, 'Cluster');
  assert.equal(schema.additionalProperties, false);
});
