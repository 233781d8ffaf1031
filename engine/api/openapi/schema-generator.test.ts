import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { describe, it } from 'node:test';
import { generateSchemaBundle, serializeSchemaBundle } from './schema-generator.ts';

describe('schema generator', () => {
  const first = serializeSchemaBundle(generateSchemaBundle());

  it('generates the same text twice', () => {
    assert.equal(serializeSchemaBundle(generateSchemaBundle()), first);
  });

  it('matches the committed schemas.generated.json (run: npx tsx scripts/generate-openapi.ts)', () => {
    const committed = readFileSync(new URL('./schemas.generated.json', import.meta.url), 'utf8');
    assert.equal(first, committed);
  });

  it('records the versions of its sources', () => {
    const { sources } = JSON.parse(first) as { sources: Record<string, string> };
    assert.deepEqual(Object.keys(sources), ['@kubernetes/client-node', 'kubernetes-types']);
  });

  it('maps client-node class names to upstream schema names', () => {
    const { schemas } = JSON.parse(first) as { schemas: Record<string, unknown> };
    const names = Object.keys(schemas);
    for (const name of [
      'io.k8s.api.core.v1.Event',
      'io.k8s.api.events.v1.Event',
      'io.k8s.api.core.v1.EndpointPort',
      'io.k8s.api.discovery.v1.EndpointPort',
      'io.k8s.api.autoscaling.v2.HorizontalPodAutoscaler',
      'io.k8s.api.rbac.v1.Subject',
      'io.k8s.apimachinery.pkg.apis.meta.v1.ObjectMeta',
      'io.k8s.apimachinery.pkg.apis.meta.v1.FieldSelectorRequirement',
      'io.k8s.apiextensions-apiserver.pkg.apis.apiextensions.v1.JSONSchemaProps',
      'io.k8s.apimachinery.pkg.runtime.RawExtension',
    ]) {
      assert.ok(names.includes(name), name);
    }
    assert.ok(!names.some((name) => /\.(V\d|CoreV1|EventsV1)/.test(name)));
  });
});
