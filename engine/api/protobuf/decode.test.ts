import assert from 'node:assert/strict';
import { test } from 'node:test';
import { decodeProtobufObject } from './decode.ts';
import { ProtobufDecodeError } from './errors.ts';
import { loadSamples, sample } from './testdata/samples.ts';

/** The zero-value rule applied to a sample's full `object` (the samples hold no zero pointer fields). */
function withoutZeros(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(withoutZeros);
  if (value === null || typeof value !== 'object') return value;
  const out: Record<string, unknown> = {};
  for (const [key, member] of Object.entries(value)) {
    const cleaned = withoutZeros(member);
    const empty =
      cleaned === null ||
      cleaned === '' ||
      cleaned === 0 ||
      cleaned === false ||
      (Array.isArray(cleaned) && cleaned.length === 0) ||
      (typeof cleaned === 'object' && !Array.isArray(cleaned) && Object.keys(cleaned).length === 0);
    if (!empty) out[key] = cleaned;
  }
  return out;
}

function expectedObject(object: Record<string, unknown>): Record<string, unknown> {
  const cleaned = withoutZeros(object) as Record<string, unknown>;
  return { metadata: {}, ...cleaned };
}

const utf8 = (s: string): number[] => [...Buffer.from(s, 'utf8')];

/** "k8s\0" + runtime.Unknown{typeMeta, raw, contentEncoding: "", contentType: ""} (all lengths < 128). */
function body(apiVersion: string, kind: string, raw: number[]): Uint8Array {
  const typeMeta = [0x0a, apiVersion.length, ...utf8(apiVersion), 0x12, kind.length, ...utf8(kind)];
  return new Uint8Array([
    ...[0x6b, 0x38, 0x73, 0x00],
    ...[0x0a, typeMeta.length, ...typeMeta],
    ...[0x12, raw.length, ...raw],
    ...[0x1a, 0x00, 0x22, 0x00],
  ]);
}

for (const s of loadSamples()) {
  test(`${s.name}: decodes to the sample's object with zero values left out`, () => {
    assert.deepEqual(decodeProtobufObject(s.body), expectedObject(s.object));
  });
}

test('kubectl create namespace foo decodes to the minimal Namespace', () => {
  assert.deepEqual(decodeProtobufObject(sample('create-namespace-foo').body), {
    apiVersion: 'v1',
    kind: 'Namespace',
    metadata: { name: 'foo' },
  });
});

test('kubectl create quota keeps the ResourceList quantities as strings', () => {
  const quota = decodeProtobufObject(sample('create-quota-q').body) as unknown as { spec: { hard: unknown } };
  assert.deepEqual(quota.spec.hard, { cpu: '1500m', memory: '1Gi', pods: '10' });
});

test('kubectl create service decodes IntOrString target ports to a number and a string', () => {
  const service = decodeProtobufObject(sample('create-service-clusterip-s').body) as unknown as {
    spec: { ports: { name: string; port: number; targetPort: unknown; protocol: string }[]; type: string };
  };
  assert.deepEqual(
    service.spec.ports.map((p) => p.targetPort),
    [8080, 'https'],
  );
  assert.deepEqual(service.spec.ports[0], { name: '80-8080', protocol: 'TCP', port: 80, targetPort: 8080 });
  assert.equal(service.spec.type, 'ClusterIP');
});

test('kubectl auth can-i decodes the SelfSubjectAccessReview resource attributes', () => {
  for (const [name, namespace] of [
    ['auth-can-i-delete-pods-as-jane', 'default'],
    ['auth-can-i-delete-pods-as-jane-n-test', 'test'],
  ] as const) {
    const review = decodeProtobufObject(sample(name).body);
    assert.equal(review.apiVersion, 'authorization.k8s.io/v1');
    assert.equal(review.kind, 'SelfSubjectAccessReview');
    assert.deepEqual(review.metadata, {});
    assert.deepEqual(review.spec, { resourceAttributes: { namespace, verb: 'delete', resource: 'pods' } });
    assert.equal(review.status, undefined);
  }
});

test('kubectl create deployment keeps replicas and the pod template', () => {
  const deployment = decodeProtobufObject(sample('create-deployment-d').body);
  assert.deepEqual(deployment.spec, {
    replicas: 1,
    selector: { matchLabels: { app: 'd' } },
    template: {
      metadata: { labels: { app: 'd' } },
      spec: { containers: [{ name: 'nginx', image: 'nginx' }] },
    },
  });
});

test('a zero pointer field is kept: DeploymentSpec.replicas = 0 arrives as 08 00', () => {
  // Deployment{spec: DeploymentSpec{replicas: 0}} with the envelope-only minimum around it.
  const decoded = decodeProtobufObject(body('apps/v1', 'Deployment', [0x12, 0x02, 0x08, 0x00]));
  assert.deepEqual(decoded, {
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata: {},
    spec: { replicas: 0 },
  });
});

test('repeated numerics are accepted unpacked (as Go writes them) and packed', () => {
  const unpacked = decodeProtobufObject(body('v1', 'PodPortForwardOptions', [0x08, 0x50, 0x08, 0x90, 0x3f]));
  const packed = decodeProtobufObject(body('v1', 'PodPortForwardOptions', [0x0a, 0x03, 0x50, 0x90, 0x3f]));
  const expected = { apiVersion: 'v1', kind: 'PodPortForwardOptions', ports: [80, 8080] };
  assert.deepEqual(unpacked, expected);
  assert.deepEqual(packed, expected);
});

test('unknown and removed field numbers are skipped by wire type', () => {
  const metadata = [
    ...[0x0a, 0x03, ...utf8('foo')],
    ...[0x7a, 0x02, ...utf8('cl')], // ObjectMeta 15 (clusterName, removed)
    ...[0xa0, 0x06, 0x96, 0x01], // 100: varint
    ...[0xa9, 0x06, 1, 2, 3, 4, 5, 6, 7, 8], // 101: fixed64
    ...[0xb5, 0x06, 1, 2, 3, 4], // 102: fixed32
    ...[0xbb, 0x06, 0x08, 0x01, 0xbc, 0x06], // 103: group holding a varint
  ];
  const decoded = decodeProtobufObject(body('v1', 'Namespace', [0x0a, metadata.length, ...metadata]));
  assert.deepEqual(decoded, { apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'foo' } });
});

test('option kinds from meta/v1 are decoded for any group version', () => {
  // DeleteOptions{gracePeriodSeconds: 0, propagationPolicy: "Background"}
  const raw = [0x08, 0x00, 0x22, 0x0a, ...utf8('Background')];
  for (const apiVersion of ['v1', 'apps/v1', 'meta.k8s.io/v1']) {
    assert.deepEqual(decodeProtobufObject(body(apiVersion, 'DeleteOptions', raw)), {
      apiVersion,
      kind: 'DeleteOptions',
      gracePeriodSeconds: 0,
      propagationPolicy: 'Background',
    });
  }
});

const NOT_REGISTERED = 'k8s.io/kubernetes/pkg/api/legacyscheme/scheme.go:30';

const errorCases: { name: string; body: Uint8Array; message: string; reason: string }[] = [
  { name: 'an empty body', body: new Uint8Array(), message: 'empty data', reason: 'prefix' },
  {
    name: 'a JSON body',
    body: new Uint8Array(utf8('{"kind":"Namespace"}')),
    message: 'provided data does not appear to be a protobuf message, expected prefix [107 56 115 0]',
    reason: 'prefix',
  },
  {
    name: 'a wrong magic byte',
    body: new Uint8Array([0x6b, 0x38, 0x73, 0x01, 0x0a, 0x00]),
    message: 'provided data does not appear to be a protobuf message, expected prefix [107 56 115 0]',
    reason: 'prefix',
  },
  {
    name: 'the prefix alone',
    body: new Uint8Array([0x6b, 0x38, 0x73, 0x00]),
    message: 'empty body',
    reason: 'prefix',
  },
  {
    name: 'a body cut inside the raw object',
    body: sample('create-namespace-foo').body.slice(0, 30),
    message:
      'invalid protobuf body: truncated length-delimited field at k8s.io.apimachinery.pkg.runtime.Unknown.raw',
    reason: 'malformed',
  },
  {
    name: 'a body cut inside the type meta',
    body: sample('create-namespace-foo').body.slice(0, 10),
    message:
      'invalid protobuf body: truncated length-delimited field at k8s.io.apimachinery.pkg.runtime.Unknown.typeMeta',
    reason: 'malformed',
  },
  {
    name: 'a truncated varint in a nested string length',
    body: body('v1', 'Namespace', [0x0a, 0x02, 0x0a, 0x83]),
    message: 'invalid protobuf body: truncated varint at k8s.io.api.core.v1.Namespace.metadata.name',
    reason: 'malformed',
  },
  {
    name: 'a string longer than its message',
    body: body('v1', 'Namespace', [0x0a, 0x03, 0x0a, 0x05, 0x66]),
    message:
      'invalid protobuf body: truncated length-delimited field at k8s.io.api.core.v1.Namespace.metadata.name',
    reason: 'malformed',
  },
  {
    name: 'a string field sent as a varint',
    body: body('v1', 'Namespace', [0x0a, 0x02, 0x08, 0x01]),
    message:
      'invalid protobuf body: wrong wire type 0 (expected 2) at k8s.io.api.core.v1.Namespace.metadata.name',
    reason: 'malformed',
  },
  {
    name: 'field number 0',
    body: body('v1', 'Namespace', [0x0a, 0x02, 0x00, 0x00]),
    message: 'invalid protobuf body: illegal tag 0 at k8s.io.api.core.v1.Namespace.metadata',
    reason: 'malformed',
  },
  {
    name: 'an element of a list',
    body: body('v1', 'Pod', [0x12, 0x05, 0x12, 0x03, 0x0a, 0x05, 0x66]),
    message:
      'invalid protobuf body: truncated length-delimited field at k8s.io.api.core.v1.Pod.spec.containers[0].name',
    reason: 'malformed',
  },
  {
    name: 'an unknown kind',
    body: body('v1', 'Foo', []),
    message: `no kind "Foo" is registered for version "v1" in scheme "${NOT_REGISTERED}"`,
    reason: 'not-registered',
  },
  {
    name: 'an unknown group version',
    body: body('example.com/v1', 'Widget', []),
    message: `no kind "Widget" is registered for version "example.com/v1" in scheme "${NOT_REGISTERED}"`,
    reason: 'not-registered',
  },
  {
    name: 'a message that is not a kind',
    body: body('v1', 'PodSpec', []),
    message: `no kind "PodSpec" is registered for version "v1" in scheme "${NOT_REGISTERED}"`,
    reason: 'not-registered',
  },
  {
    name: 'a kind from another group',
    body: body('v1', 'Deployment', []),
    message: `no kind "Deployment" is registered for version "v1" in scheme "${NOT_REGISTERED}"`,
    reason: 'not-registered',
  },
  {
    name: 'a missing kind',
    body: body('v1', '', []),
    message: `Object 'Kind' is missing in 'runtime.TypeMeta{APIVersion:"v1", Kind:""}'`,
    reason: 'missing-type',
  },
];

for (const c of errorCases) {
  test(`rejects ${c.name}`, () => {
    assert.throws(
      () => decodeProtobufObject(c.body),
      (e: unknown) => {
        assert.ok(e instanceof ProtobufDecodeError);
        assert.equal(e.message, c.message);
        assert.equal(e.reason, c.reason);
        return true;
      },
    );
  });
}
