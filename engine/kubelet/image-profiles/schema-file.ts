// The text of fixtures/images/schema.json, formatted as the repository's formatter would leave it.
import { imageProfileJsonSchema } from './profile.schema.ts';

/** Path of the generated schema, relative to the repository root. */
export const IMAGE_PROFILE_SCHEMA_FILE = 'fixtures/images/schema.json';
const LINE_WIDTH = 110;

/** JSON with objects expanded and arrays of plain values on one line when they fit. */
export function formatJson(value: unknown, indent = 0, prefixWidth = 0, last = true): string {
  const pad = ' '.repeat(indent);
  const inner = ' '.repeat(indent + 2);
  if (Array.isArray(value)) {
    if (value.length === 0) return '[]';
    const plain = value.every((v) => v === null || typeof v !== 'object');
    const inline = `[${value.map((v) => JSON.stringify(v)).join(', ')}]`;
    if (plain && indent + prefixWidth + inline.length + (last ? 0 : 1) <= LINE_WIDTH) return inline;
    const items = value.map((v, i) => inner + formatJson(v, indent + 2, 0, i === value.length - 1));
    return `[\n${items.join(',\n')}\n${pad}]`;
  }
  if (value !== null && typeof value === 'object') {
    const entries = Object.entries(value);
    if (entries.length === 0) return '{}';
    const items = entries.map(([k, v], i) => {
      const key = `${JSON.stringify(k)}: `;
      return inner + key + formatJson(v, indent + 2, key.length, i === entries.length - 1);
    });
    return `{\n${items.join(',\n')}\n${pad}}`;
  }
  return JSON.stringify(value);
}

/** The expected content of fixtures/images/schema.json. */
export function renderImageProfileSchemaFile(): string {
  return `${formatJson(imageProfileJsonSchema())}\n`;
}
