import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { KubeObject } from '../types.ts';
import { decodeProtobufObject } from './decode.ts';
import { encodeProtobufObject } from './encode.ts';
import { ProtobufEncodeError } from './errors.ts';
import { loadSamples, sample } from './testdata/samples.ts';

const hex = (bytes: Uint8Array): string => Buffer.from(bytes).toString('hex');

function roundTrip(obj: KubeObject): KubeObject {
  return decodeProtobufObject(encodeProtobufObject(obj));
}

for (const s of loadSamples()) {
  test(`${s.name}: encode(decode(body)) reproduces the captured bytes`, () => {
    assert.equal(hex(encodeProtobufObject(decodeProtobufObject(s.body))), hex(s.body));
  });
}

test('absent non-pointer fields are written as zero values, as kubectl sends them', () => {
  const namespace: KubeObject = { apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'foo' } };
  assert.equal(hex(encodeProtobufObject(namespace)), hex(sample('create-namespace-foo').body));
});

const pod: KubeObject = {
  apiVersion: 'v1',
  kind: 'Pod',
  metadata: {
    name: 'web',
    namespace: 'default',
    labels: { app: 'web', tier: 'frontend' },
    annotations: { note: 'ünïcode ✓' },
    creationTimestamp: '2024-05-06T07:08:09Z',
  },
  spec: {
    containers: [
      {
        name: 'app',
        image: 'nginx:1.27',
        command: ['nginx', '-g', 'daemon off;'],
        ports: [
          { name: 'http', containerPort: 8080, protocol: 'TCP' },
          { containerPort: 8443, hostPort: 443 },
        ],
        env: [
          { name: 'MODE', value: 'prod' },
          { name: 'EMPTY' },
          {
            name: 'FROM_CM',
            valueFrom: { configMapKeyRef: { name: 'settings', key: 'mode', optional: false } },
          },
          { name: 'POD_IP', valueFrom: { fieldRef: { apiVersion: 'v1', fieldPath: 'status.podIP' } } },
        ],
        resources: {
          limits: { cpu: '500m', memory: '256Mi' },
          requests: { cpu: '100m', memory: '64Mi', 'ephemeral-storage': '1Gi' },
        },
        livenessProbe: {
          httpGet: { path: '/healthz', port: 8080, scheme: 'HTTP' },
          initialDelaySeconds: 5,
          periodSeconds: 10,
        },
        readinessProbe: { tcpSocket: { port: 'http' }, failureThreshold: 3 },
        securityContext: {},
      },
    ],
    volumes: [
      { name: 'cache', emptyDir: {} },
      { name: 'config', configMap: { name: 'settings', defaultMode: 420 } },
    ],
    restartPolicy: 'Always',
    terminationGracePeriodSeconds: 0,
    nodeSelector: { 'kubernetes.io/os': 'linux' },
  },
};

test('a Pod with containers, resources, env, ports and probes survives encode → decode', () => {
  assert.deepEqual(roundTrip(pod), pod);
});

test('a Deployment with replicas: 0 keeps the pointer zero through encode → decode', () => {
  const deployment: KubeObject = {
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata: { name: 'd', labels: { app: 'd' } },
    spec: {
      replicas: 0,
      selector: { matchLabels: { app: 'd' } },
      template: {
        metadata: { labels: { app: 'd' } },
        spec: { containers: [{ name: 'nginx', image: 'nginx' }] },
      },
      strategy: { type: 'RollingUpdate', rollingUpdate: { maxUnavailable: '25%', maxSurge: 0 } },
    },
  };
  assert.deepEqual(roundTrip(deployment), deployment);
  // DeploymentSpec (field 2) starts with replicas (field 1) = 0: 08 00.
  assert.match(hex(encodeProtobufObject(deployment)), /12[0-9a-f]{2,4}0800/);
});

test('non-pointer zero values are left out after decoding', () => {
  const decoded = roundTrip({
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata: { name: 'd', generation: 0 },
    spec: { paused: false, minReadySeconds: 0, strategy: {} },
    status: { replicas: 0 },
  });
  assert.deepEqual(decoded, { apiVersion: 'apps/v1', kind: 'Deployment', metadata: { name: 'd' } });
});

test('map entries are written in Go key order', () => {
  const decoded = roundTrip({
    apiVersion: 'v1',
    kind: 'ConfigMap',
    metadata: { name: 'c' },
    data: { b: '2', a: '1', Z: '0', é: '3', '': 'empty key' },
  });
  assert.deepEqual(Object.keys(decoded.data as object), ['', 'Z', 'a', 'b', 'é']);
});

test('negative and large integers use the 64-bit varint forms', () => {
  const decoded = roundTrip({
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: { name: 'p' },
    spec: {
      containers: [{ name: 'c', livenessProbe: { exec: { command: ['true'] }, initialDelaySeconds: -5 } }],
      securityContext: { runAsUser: -1, runAsGroup: 2 ** 40 },
      activeDeadlineSeconds: 2n ** 60n + 1n,
    },
  }) as unknown as {
    spec: Record<string, unknown> & { containers: { livenessProbe: Record<string, unknown> }[] };
  };
  assert.equal(decoded.spec.containers[0]!.livenessProbe.initialDelaySeconds, -5);
  assert.deepEqual(decoded.spec.securityContext, { runAsUser: -1, runAsGroup: 2 ** 40 });
  // Beyond 2^53 the JSON number is the nearest double, as JSON.parse gives for the same digits.
  assert.equal(decoded.spec.activeDeadlineSeconds, 2 ** 60);
  const minusOne = encodeProtobufObject({
    apiVersion: 'v1',
    kind: 'DeleteOptions',
    metadata: {},
    gracePeriodSeconds: -1,
  });
  assert.match(hex(minusOne), /08ffffffffffffffffff01/);
});

test('times, micro times, bytes, raw extensions and managed fields round-trip', () => {
  const event: KubeObject = {
    apiVersion: 'v1',
    kind: 'Event',
    metadata: {
      name: 'e',
      creationTimestamp: '1969-07-20T20:17:40Z',
      deletionTimestamp: '2024-02-29T23:59:59Z',
      managedFields: [
        {
          manager: 'kubectl',
          operation: 'Update',
          apiVersion: 'v1',
          time: '2024-01-01T00:00:00Z',
          fieldsType: 'FieldsV1',
          fieldsV1: { 'f:metadata': { 'f:labels': { '.': {}, 'f:app': {} } } },
        },
      ],
    },
    eventTime: '2024-05-06T07:08:09.123456Z',
    series: { count: 2, lastObservedTime: '2024-05-06T07:08:10.000001Z' },
  };
  assert.deepEqual(roundTrip(event), event);

  const secret: KubeObject = {
    apiVersion: 'v1',
    kind: 'Secret',
    metadata: { name: 's' },
    data: { key: Buffer.from([0, 1, 2, 250, 255]).toString('base64'), empty: '' },
    type: 'Opaque',
  };
  assert.deepEqual(roundTrip(secret), secret);

  const revision: KubeObject = {
    apiVersion: 'apps/v1',
    kind: 'ControllerRevision',
    metadata: { name: 'r' },
    data: { spec: { template: { spec: { containers: [{ name: 'c', image: 'i' }] } } } },
    revision: 3,
  };
  assert.deepEqual(roundTrip(revision), revision);
});

test('a Time with a fraction keeps whole seconds, as metav1.Time does', () => {
  const decoded = roundTrip({
    apiVersion: 'v1',
    kind: 'Namespace',
    metadata: { name: 'n', creationTimestamp: '2024-05-06T09:08:09.75+02:00' },
  });
  assert.equal(decoded.metadata.creationTimestamp, '2024-05-06T07:08:09Z');
});

test('string lists and ExtraValue maps round-trip', () => {
  const review: KubeObject = {
    apiVersion: 'authorization.k8s.io/v1',
    kind: 'SubjectAccessReview',
    metadata: {},
    spec: {
      resourceAttributes: { verb: 'get', resource: 'pods', namespace: 'default' },
      user: 'jane',
      groups: ['system:authenticated'],
      extra: { scopes: ['a', 'b'], none: [] },
      uid: '42',
    },
  };
  assert.deepEqual(roundTrip(review), review);
  const resources: KubeObject = {
    apiVersion: 'v1',
    kind: 'APIResourceList',
    metadata: {},
    groupVersion: 'v1',
    resources: [{ name: 'pods', namespaced: true, kind: 'Pod', verbs: ['get', 'list'] }],
  };
  const { metadata: _metadata, ...withoutMetadata } = resources;
  assert.deepEqual(roundTrip(resources), withoutMetadata);
});

test('a token request from kubectl create token round-trips', () => {
  const request: KubeObject = {
    apiVersion: 'authentication.k8s.io/v1',
    kind: 'TokenRequest',
    metadata: { name: 'default', namespace: 'default' },
    spec: { audiences: ['https://kubernetes.default.svc'], expirationSeconds: 3600 },
  };
  assert.deepEqual(roundTrip(request), request);
});

test('encoding refuses unknown kinds and values of the wrong type', () => {
  assert.throws(() => encodeProtobufObject({ apiVersion: 'v1', kind: 'Foo', metadata: {} }), {
    name: 'ProtobufEncodeError',
    message:
      'no kind "Foo" is registered for version "v1" in scheme "k8s.io/kubernetes/pkg/api/legacyscheme/scheme.go:30"',
  });
  const cases: [KubeObject, string][] = [
    [
      { apiVersion: 'v1', kind: 'Namespace', metadata: { name: 5 as unknown as string } },
      'cannot encode number 5 as a string at k8s.io.api.core.v1.Namespace.metadata.name',
    ],
    [
      { apiVersion: 'apps/v1', kind: 'Deployment', metadata: {}, spec: { replicas: 1.5 } },
      'cannot encode number 1.5 as an int32 at k8s.io.api.apps.v1.Deployment.spec.replicas',
    ],
    [
      { apiVersion: 'v1', kind: 'Namespace', metadata: { finalizers: 'x' as unknown as string[] } },
      'cannot encode string "x" as a list at k8s.io.api.core.v1.Namespace.metadata.finalizers',
    ],
    [
      { apiVersion: 'v1', kind: 'Namespace', metadata: { creationTimestamp: 'yesterday' } },
      'cannot encode string "yesterday" as an RFC3339 time at k8s.io.api.core.v1.Namespace.metadata.creationTimestamp',
    ],
  ];
  for (const [obj, message] of cases) {
    assert.throws(
      () => encodeProtobufObject(obj),
      (e: unknown) => e instanceof ProtobufEncodeError && e.message === message,
      message,
    );
  }
});
