import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { describe, it } from 'node:test';
import { fileURLToPath } from 'node:url';
import { IMAGE_PROFILE_SCHEMA_FILE, renderImageProfileSchemaFile } from './schema-file.ts';

const root = join(dirname(fileURLToPath(import.meta.url)), '../../..');

describe('fixtures/images/schema.json', () => {
  it('is up to date with profile.schema.ts (run: npx tsx scripts/generate-image-profile-schema.ts)', () => {
    const onDisk = readFileSync(join(root, IMAGE_PROFILE_SCHEMA_FILE), 'utf8');
    assert.deepEqual(JSON.parse(onDisk), JSON.parse(renderImageProfileSchemaFile()));
    assert.equal(onDisk, renderImageProfileSchemaFile());
  });

  it('declares the profile kind and rejects unknown fields', () => {
    const schema = JSON.parse(renderImageProfileSchemaFile()) as {
      properties: { kind: { const: string }; apiVersion: { const: string } };
      additionalProperties: boolean;
    };
    assert.equal(schema.properties.kind.const, 'ImageProfile');
    assert.equal(schema.properties.apiVersion.const, 'kuke.dev/v1alpha1');
    assert.equal(schema.additionalProperties, false);
  });
});
