import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { Schema } from './schema.ts';
import { applyDefaults, pruneNonNullableNulls } from './structural-defaulting.ts';
import { pruneCustomResource } from './structural-pruning.ts';

const schema: Schema = {
  type: 'object',
  properties: {
    spec: {
      type: 'object',
      properties: {
        replicas: { type: 'integer', default: 1 },
        mode: { type: 'string', nullable: true },
        labels: { type: 'object', additionalProperties: { type: 'string' } },
        ports: {
          type: 'array',
          items: {
            type: 'object',
            properties: { port: { type: 'integer' }, protocol: { type: 'string', default: 'TCP' } },
          },
        },
        config: {
          type: 'object',
          'x-kubernetes-preserve-unknown-fields': true,
          properties: { known: { type: 'object', properties: { a: { type: 'string' } } } },
        },
        template: {
          type: 'object',
          'x-kubernetes-embedded-resource': true,
          properties: { spec: { type: 'object', properties: { image: { type: 'string' } } } },
        },
      },
    },
    status: { type: 'object', default: {}, properties: { phase: { type: 'string', default: 'Pending' } } },
  },
};

describe('pruneCustomResource: fields the schema does not specify', () => {
  const cases: Array<{
    name: string;
    object: Record<string, unknown>;
    pruned: string[];
    result: Record<string, unknown>;
  }> = [
    {
      name: 'unknown fields anywhere, reported sorted; apiVersion, kind and metadata stay',
      object: {
        apiVersion: 'v',
        kind: 'K',
        metadata: { name: 'n' },
        spec: { replicas: 2, foo: 1, bar: { x: 1 } },
        extra: true,
      },
      pruned: ['extra', 'spec.bar', 'spec.foo'],
      result: { apiVersion: 'v', kind: 'K', metadata: { name: 'n' }, spec: { replicas: 2 } },
    },
    {
      name: 'list items carry their index',
      object: { spec: { ports: [{ port: 80, name: 'http' }, { port: 81 }] } },
      pruned: ['spec.ports[0].name'],
      result: { spec: { ports: [{ port: 80 }, { port: 81 }] } },
    },
    {
      name: 'maps keep every key',
      object: { spec: { labels: { a: 'b', c: 'd' } } },
      pruned: [],
      result: { spec: { labels: { a: 'b', c: 'd' } } },
    },
    {
      name: 'x-kubernetes-preserve-unknown-fields keeps unknown keys but prunes inside known ones',
      object: { spec: { config: { anything: { goes: 1 }, known: { a: 'x', b: 'y' } } } },
      pruned: ['spec.config.known.b'],
      result: { spec: { config: { anything: { goes: 1 }, known: { a: 'x' } } } },
    },
    {
      name: 'embedded resources keep their type and object meta',
      object: {
        spec: {
          template: {
            apiVersion: 'v1',
            kind: 'Pod',
            metadata: { name: 'p' },
            spec: { image: 'x', cmd: 'y' },
          },
        },
      },
      pruned: ['spec.template.spec.cmd'],
      result: {
        spec: { template: { apiVersion: 'v1', kind: 'Pod', metadata: { name: 'p' }, spec: { image: 'x' } } },
      },
    },
    {
      name: 'unknown metadata fields go last',
      object: { metadata: { name: 'n', colour: 'red' }, spec: { zzz: 1 } },
      pruned: ['spec.zzz', 'metadata.colour'],
      result: { metadata: { name: 'n' }, spec: {} },
    },
  ];
  for (const { name, object, pruned, result } of cases) {
    it(name, () => {
      const copy = structuredClone(object);
      assert.deepEqual(pruneCustomResource(copy, schema), pruned);
      assert.deepEqual(copy, result);
    });
  }
});

describe('applyDefaults and pruneNonNullableNulls', () => {
  const cases: Array<{ name: string; object: Record<string, unknown>; result: Record<string, unknown> }> = [
    {
      name: 'missing fields get their defaults, defaults get theirs',
      object: { spec: {} },
      result: { spec: { replicas: 1 }, status: { phase: 'Pending' } },
    },
    {
      name: 'set fields keep their values',
      object: { spec: { replicas: 3 }, status: { phase: 'Running' } },
      result: { spec: { replicas: 3 }, status: { phase: 'Running' } },
    },
    {
      name: 'list items are defaulted',
      object: { spec: { ports: [{ port: 80 }, { port: 53, protocol: 'UDP' }] } },
      result: {
        spec: {
          replicas: 1,
          ports: [
            { port: 80, protocol: 'TCP' },
            { port: 53, protocol: 'UDP' },
          ],
        },
        status: { phase: 'Pending' },
      },
    },
    {
      name: 'null is replaced by the default, or dropped when there is none and it is not nullable',
      object: { spec: { replicas: null, labels: null, mode: null } },
      result: { spec: { replicas: 1, mode: null }, status: { phase: 'Pending' } },
    },
  ];
  for (const { name, object, result } of cases) {
    it(name, () => {
      const copy = structuredClone(object);
      pruneNonNullableNulls(copy, schema);
      applyDefaults(copy, schema);
      assert.deepEqual(copy, result);
    });
  }
});
