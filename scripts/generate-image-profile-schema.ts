// Writes fixtures/images/schema.json from the TypeScript definition of the image profile format.
import { writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import {
  IMAGE_PROFILE_SCHEMA_FILE,
  renderImageProfileSchemaFile,
} from '../engine/kubelet/image-profiles/schema-file.ts';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const target = join(root, IMAGE_PROFILE_SCHEMA_FILE);
writeFileSync(target, renderImageProfileSchemaFile());
console.log(`wrote ${IMAGE_PROFILE_SCHEMA_FILE}`);
