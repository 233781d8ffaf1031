/**
 * Regenerates engine/api/openapi/schemas.generated.json from @kubernetes/client-node's model metadata.
 * Usage: npx tsx scripts/generate-openapi.ts
 */
import { writeFileSync } from 'node:fs';
import { generateSchemaBundle, serializeSchemaBundle } from '../engine/api/openapi/schema-generator.ts';

const target = new URL('../engine/api/openapi/schemas.generated.json', import.meta.url);
const bundle = generateSchemaBundle();
const text = serializeSchemaBundle(bundle);
writeFileSync(target, text);
console.log(
  `wrote ${Object.keys(bundle.schemas).length} schemas, ${text.length} bytes, to ${target.pathname}`,
);
