import { type Static, Type } from '@sinclair/typebox';

const ResourceMap = Type.Record(
  Type.String(),
  Type.String({ description: 'a Kubernetes quantity, e.g. "2", "2Gi", "110"' }),
);

const Taint = Type.Object(
  {
    key: Type.String(),
    value: Type.Optional(Type.String()),
    effect: Type.Union([
      Type.Literal('NoSchedule'),
      Type.Literal('PreferNoSchedule'),
      Type.Literal('NoExecute'),
    ]),
  },
  { additionalProperties: false },
);

const NodeSpec = Type.Object(
  {
    name: Type.String({ minLength: 1 }),
    count: Type.Optional(
      Type.Integer({ minimum: 1, description: 'repeat this node; names get -1, -2, … suffixes' }),
    ),
    roles: Type.Optional(Type.Array(Type.String())),
    labels: Type.Optional(Type.Record(Type.String(), Type.String())),
    taints: Type.Optional(Type.Array(Taint)),
    capacity: ResourceMap,
    allocatable: Type.Optional(ResourceMap),
    unschedulable: Type.Optional(Type.Boolean()),
    zone: Type.Optional(Type.String()),
    region: Type.Optional(Type.String()),
  },
  { additionalProperties: false },
);

const User = Type.Object(
  {
    name: Type.String({ minLength: 1 }),
    token: Type.Optional(Type.String({ minLength: 8 })),
    groups: Type.Optional(Type.Array(Type.String())),
  },
  { additionalProperties: false },
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
        kubeletVersion: Type.Optional(Type.String()),
        nodes: Type.Array(NodeSpec, { minItems: 1 }),
        users: Type.Optional(Type.Array(User)),
      },
      { additionalProperties: false },
    ),
  },
  { additionalProperties: false },
);

export type ClusterFixture = Static<typeof ClusterSchema>;
export type NodeFixture = Static<typeof NodeSpec>;
export type UserFixture = Static<typeof User>;
