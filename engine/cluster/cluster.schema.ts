import { type Static, Type } from '@sinclair/typebox';

export const CLUSTER_SCHEMA_ID = 'https://kuke.dev/schemas/cluster.v1alpha1.json';

const ResourceMap = Type.Record(
  Type.String(),
  Type.String({ description: 'a Kubernetes quantity, e.g. "2", "2Gi", "110"' }),
  { description: 'Resource name → quantity (cpu, memory, pods, ephemeral-storage, extended resources).' },
);

const Taint = Type.Object(
  {
    key: Type.String({ minLength: 1 }),
    value: Type.Optional(Type.String()),
    effect: Type.Union([
      Type.Literal('NoSchedule'),
      Type.Literal('PreferNoSchedule'),
      Type.Literal('NoExecute'),
    ]),
  },
  { additionalProperties: false, description: 'A node taint, as `kubectl taint` would set it.' },
);

const KubeletSettings = Type.Object(
  {
    evictionHard: Type.Optional(
      Type.Object(
        {
          'memory.available': Type.Optional(
            Type.String({
              description:
                'Hard eviction threshold: a quantity ("100Mi", the default) or a percentage of the node\'s memory ("5%"); "0%" switches it off.',
            }),
          ),
        },
        {
          additionalProperties: false,
          description:
            'KubeletConfiguration evictionHard; memory.available is the signal the bundled kubelet observes.',
        },
      ),
    ),
    evictionPressureTransitionPeriod: Type.Optional(
      Type.String({
        description:
          'How long a pressure condition stays after its threshold was last met (Go duration, 5m0s by default).',
      }),
    ),
  },
  {
    additionalProperties: false,
    description: "The node's kubelet settings, with KubeletConfiguration's field names.",
  },
);

const pressure = (description: string) =>
  Type.Union([Type.Literal('True'), Type.Literal('False')], { description });

const NodeConditions = Type.Object(
  {
    Ready: Type.Optional(
      Type.Union([Type.Literal('True'), Type.Literal('False'), Type.Literal('Unknown')], {
        description:
          'True (the default); False: the kubelet posts NotReady (its network plugin never came up) while it keeps renewing its lease; Unknown: the kubelet never posts its status, so the node lifecycle controller marks it Unknown after the grace period.',
      }),
    ),
    MemoryPressure: Type.Optional(
      pressure('True: reported whatever the memory in use (else as the eviction manager finds it).'),
    ),
    DiskPressure: Type.Optional(pressure('True: the node reports disk pressure.')),
    PIDPressure: Type.Optional(pressure('True: the node reports PID pressure.')),
  },
  {
    additionalProperties: false,
    description:
      'Node conditions the kubelet reports from the start; the node lifecycle controller taints the node after them.',
  },
);

const NodeSpec = Type.Object(
  {
    name: Type.String({
      minLength: 1,
      description: 'The node name; with count, the prefix of `<name>-1`, `<name>-2`, …',
    }),
    count: Type.Optional(
      Type.Integer({ minimum: 1, description: 'Repeat this node; names get -1, -2, … suffixes.' }),
    ),
    roles: Type.Optional(
      Type.Array(Type.String(), { description: 'Become `node-role.kubernetes.io/<role>` labels.' }),
    ),
    labels: Type.Optional(Type.Record(Type.String(), Type.String(), { description: 'Extra node labels.' })),
    taints: Type.Optional(Type.Array(Taint)),
    capacity: ResourceMap,
    allocatable: Type.Optional(
      Type.Record(Type.String(), Type.String(), {
        description: 'Overrides of the allocatable quantities (capacity by default).',
      }),
    ),
    unschedulable: Type.Optional(Type.Boolean({ description: 'Cordoned from the start.' })),
    conditions: Type.Optional(NodeConditions),
    zone: Type.Optional(Type.String({ description: 'The `topology.kubernetes.io/zone` label.' })),
    zones: Type.Optional(
      Type.Array(Type.String(), {
        minItems: 1,
        description:
          'With count: the nodes are spread over these zones in turn (node i in zones[(i-1) mod n]).',
      }),
    ),
    region: Type.Optional(Type.String({ description: 'The `topology.kubernetes.io/region` label.' })),
    kubelet: Type.Optional(KubeletSettings),
  },
  { additionalProperties: false, description: 'One node, or `count` alike nodes.' },
);

const User = Type.Object(
  {
    name: Type.String({ minLength: 1 }),
    token: Type.Optional(
      Type.String({ minLength: 8, description: 'A fixed bearer token; generated otherwise.' }),
    ),
    groups: Type.Optional(Type.Array(Type.String())),
  },
  { additionalProperties: false, description: 'A user who may log in with a bearer token.' },
);

/** A simulated cluster: its nodes and the users that may log in with a token. */
export const ClusterSchema = Type.Object(
  {
    apiVersion: Type.Literal('kuke.dev/v1alpha1'),
    kind: Type.Literal('Cluster'),
    metadata: Type.Object({ name: Type.String({ minLength: 1 }) }, { additionalProperties: true }),
    spec: Type.Object(
      {
        description: Type.Optional(Type.String()),
        kubeletVersion: Type.Optional(
          Type.String({ description: 'Reported by every node; v1.32.0 by default.' }),
        ),
        nodes: Type.Array(NodeSpec, { minItems: 1 }),
        users: Type.Optional(Type.Array(User)),
      },
      { additionalProperties: false },
    ),
  },
  {
    additionalProperties: false,
    title: 'Cluster',
    description: 'A simulated cluster for the bundled engine: its nodes and users.',
  },
);

export type ClusterFixture = Static<typeof ClusterSchema>;
export type NodeFixture = Static<typeof NodeSpec>;
export type UserFixture = Static<typeof User>;

/** The JSON Schema (draft-07) of cluster fixtures, as fixtures/clusters/schema.json holds it. */
export function clusterJsonSchema(): Record<string, unknown> {
  return {
    $schema: 'http://json-schema.org/draft-07/schema#',
    $id: CLUSTER_SCHEMA_ID,
    ...(JSON.parse(JSON.stringify(ClusterSchema)) as Record<string, unknown>),
  };
}
