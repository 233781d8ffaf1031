import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import { test } from 'node:test';
import {
  buildProtobufSchema,
  DEFAULT_TABLES_DIR,
  renderProtobufSchema,
  SCHEMA_OUTPUT,
} from '../../../scripts/generate-protobuf-schema.ts';
import { kindMessage, protobufSchema } from './schema.ts';

test('schema.generated.json is up to date with the field tables', (t) => {
  if (!existsSync(DEFAULT_TABLES_DIR)) {
    t.skip(`the field tables are not at ${DEFAULT_TABLES_DIR}; cannot compare`);
    return;
  }
  const expected = renderProtobufSchema(buildProtobufSchema(DEFAULT_TABLES_DIR));
  assert.equal(
    readFileSync(SCHEMA_OUTPUT, 'utf8'),
    expected,
    'regenerate with: tsx scripts/generate-protobuf-schema.ts',
  );
});

test('apiVersion and kind map to the message of their group', () => {
  const cases: [string, string, string | undefined][] = [
    ['v1', 'Namespace', 'k8s.io.api.core.v1.Namespace'],
    ['v1', 'PodLogOptions', 'k8s.io.api.core.v1.PodLogOptions'],
    ['apps/v1', 'Deployment', 'k8s.io.api.apps.v1.Deployment'],
    ['rbac.authorization.k8s.io/v1', 'RoleBinding', 'k8s.io.api.rbac.v1.RoleBinding'],
    [
      'authorization.k8s.io/v1',
      'SelfSubjectAccessReview',
      'k8s.io.api.authorization.v1.SelfSubjectAccessReview',
    ],
    ['authentication.k8s.io/v1', 'SelfSubjectReview', 'k8s.io.api.authentication.v1.SelfSubjectReview'],
    ['authentication.k8s.io/v1', 'TokenRequest', 'k8s.io.api.authentication.v1.TokenRequest'],
    ['batch/v1', 'CronJob', 'k8s.io.api.batch.v1.CronJob'],
    ['policy/v1', 'Eviction', 'k8s.io.api.policy.v1.Eviction'],
    ['autoscaling/v2', 'HorizontalPodAutoscaler', 'k8s.io.api.autoscaling.v2.HorizontalPodAutoscaler'],
    ['networking.k8s.io/v1', 'NetworkPolicy', 'k8s.io.api.networking.v1.NetworkPolicy'],
    ['apps/v1', 'DeleteOptions', 'k8s.io.apimachinery.pkg.apis.meta.v1.DeleteOptions'],
    ['v1', 'Status', 'k8s.io.apimachinery.pkg.apis.meta.v1.Status'],
    ['meta.k8s.io/v1', 'PartialObjectMetadata', 'k8s.io.apimachinery.pkg.apis.meta.v1.PartialObjectMetadata'],
    ['apps/v1', 'Status', undefined],
    ['v1', 'PodSpec', undefined],
    ['v1', 'PodTemplateSpec', undefined],
    ['batch/v1', 'JobTemplateSpec', undefined],
    ['v1', 'Deployment', undefined],
  ];
  for (const [apiVersion, kind, message] of cases) {
    assert.equal(kindMessage(apiVersion, kind)?.name, message, `${apiVersion} ${kind}`);
  }
});

test('the table carries pointer, inline and JSON-name facts', () => {
  const { messages } = protobufSchema();
  const field = (message: string, name: string) => {
    const found = messages.get(message)?.fields.find((f) => f.name === name);
    assert.ok(found, `${message}.${name}`);
    return found;
  };
  assert.equal(field('k8s.io.apimachinery.pkg.apis.meta.v1.ObjectMeta', 'deletionTimestamp').pointer, true);
  assert.equal(field('k8s.io.apimachinery.pkg.apis.meta.v1.ObjectMeta', 'creationTimestamp').pointer, false);
  assert.equal(field('k8s.io.api.core.v1.ServiceSpec', 'ipFamilyPolicy').pointer, true);
  assert.equal(field('k8s.io.api.core.v1.ServiceSpec', 'clusterIP').pointer, false);
  assert.equal(field('k8s.io.api.apps.v1.DeploymentSpec', 'replicas').pointer, true);
  const handler = field('k8s.io.api.core.v1.Probe', 'handler');
  assert.equal(handler.inline, true);
  assert.equal(handler.json, null);
  assert.equal(field('k8s.io.api.authentication.v1.BoundObjectReference', 'uID').json, 'uid');
  assert.equal(
    field('k8s.io.api.networking.v1.IngressClassParametersReference', 'aPIGroup').json,
    'apiGroup',
  );
  assert.equal(messages.get('k8s.io.apimachinery.pkg.util.intstr.IntOrString')?.special, 'intOrString');
  assert.equal(messages.size, 475);
});
