// The text of fixtures/clusters/schema.json; run this file to rewrite it: npx tsx engine/cluster/schema-file.ts
import { writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { formatJson } from '../kubelet/image-profiles/schema-file.ts';
import { clusterJsonSchema } from './cluster.schema.ts';

/** Path of the generated schema, relative to the repository root. */
export const CLUSTER_SCHEMA_FILE = 'fixtures/clusters/schema.json';

/** The expected content of fixtures/clusters/schema.json. */
export function renderClusterSchemaFile(): string {
  return `${formatJson(clusterJsonSchema())}\n`;
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  const root = join(dirname(fileURLToPath(import.meta.url)), '../..');
  writeFileSync(join(root, CLUSTER_SCHEMA_FILE), renderClusterSchemaFile());
  console.log(`wrote ${CLUSTER_SCHEMA_FILE}`);
}
