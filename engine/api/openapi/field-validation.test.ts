import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import {
  findUnknownFields,
  strictDecodingErrorMessage,
  unknownFieldMessage,
  unknownFieldWarning,
} from './field-validation.ts';

const pod = (spec: Record<string, unknown>, metadata: Record<string, unknown> = { name: 'p' }) => ({
  apiVersion: 'v1',
  kind: 'Pod',
  metadata,
  spec,
});

describe('findUnknownFields', () => {
  const cases: {
    name: string;
    object: unknown;
    apiVersion: string;
    kind: string;
    expected: string[] | undefined;
  }[] = [
    {
      name: 'a valid pod',
      object: pod(
        {
          containers: [
            {
              name: 'c',
              image: 'nginx',
              ports: [{ containerPort: 80 }],
              resources: { limits: { cpu: '1', memory: '1Gi' } },
              livenessProbe: { httpGet: { port: 'http', path: '/' } },
            },
          ],
          nodeSelector: { disk: 'ssd' },
        },
        { name: 'p', labels: { app: 'x' }, annotations: { a: 'b' } },
      ),
      apiVersion: 'v1',
      kind: 'Pod',
      expected: [],
    },
    {
      name: 'an unknown spec field',
      object: pod({ foo: 'bar', containers: [{ name: 'c', image: 'nginx' }] }),
      apiVersion: 'v1',
      kind: 'Pod',
      expected: ['spec.foo'],
    },
    {
      name: 'unknown fields inside list items and metadata, in document order',
      object: pod({ containers: [{ name: 'a' }, { name: 'b', imagee: 'x' }] }, { name: 'p', labelz: {} }),
      apiVersion: 'v1',
      kind: 'Pod',
      expected: ['metadata.labelz', 'spec.containers[1].imagee'],
    },
    {
      name: 'an unknown top-level field of a deployment',
      object: {
        apiVersion: 'apps/v1',
        kind: 'Deployment',
        metadata: { name: 'd' },
        spec: { replicas: 2, selector: { matchLabels: { a: 'b' } }, template: { spec: { containers: [] } } },
        extra: true,
      },
      apiVersion: 'apps/v1',
      kind: 'Deployment',
      expected: ['extra'],
    },
    {
      name: 'a kind without schema',
      object: { apiVersion: 'example.com/v1', kind: 'Widget', spec: {} },
      apiVersion: 'example.com/v1',
      kind: 'Widget',
      expected: undefined,
    },
  ];
  for (const { name, object, apiVersion, kind, expected } of cases) {
    it(`reports ${JSON.stringify(expected)} for ${name}`, () => {
      assert.deepEqual(findUnknownFields(object, apiVersion, kind), expected);
    });
  }
});

describe('strict decoding messages', () => {
  it('formats the BadRequest message of kube-apiserver', () => {
    assert.equal(
      strictDecodingErrorMessage('v1', 'Pod', ['spec.foo']),
      'Pod in version "v1" cannot be handled as a Pod: strict decoding error: unknown field "spec.foo"',
    );
    assert.equal(
      strictDecodingErrorMessage('apps/v1', 'Deployment', ['spec.a', 'spec.b']),
      'Deployment in version "v1" cannot be handled as a Deployment: strict decoding error: unknown field "spec.a", unknown field "spec.b"',
    );
  });

  it('formats one unknown field and its warning', () => {
    assert.equal(unknownFieldMessage('spec.foo'), 'unknown field "spec.foo"');
    assert.equal(unknownFieldWarning('spec.foo'), '299 - "unknown field \\"spec.foo\\""');
  });
});
