import type { PodTemplateSpec } from 'kubernetes-types/core/v1';
import { SAFE_ALPHABET } from '../util/random.ts';

/**
 * The `pod-template-hash` of a Deployment's template (controller.ComputeHash): a 32-bit FNV-1a
 * hash of the template and the collision count, rendered with rand.SafeEncodeString, which maps
 * each decimal digit into the safe alphabet (hence hashes like `7854ff8877`). Upstream hashes
 * Go's printed struct; this hashes canonical JSON, so values differ from a real cluster's but
 * follow the same rules (stable per template, new on any template change).
 */
export function podTemplateHash(template: PodTemplateSpec | undefined, collisionCount?: number): string {
  let text = canonicalJson(template ?? {});
  if (collisionCount !== undefined) text += String(collisionCount);
  return safeEncodeString(String(fnv32a(text)));
}

export function safeEncodeString(text: string): string {
  let out = '';
  for (let i = 0; i < text.length; i++) out += SAFE_ALPHABET[text.charCodeAt(i) % SAFE_ALPHABET.length];
  return out;
}

function fnv32a(text: string): number {
  let hash = 0x811c9dc5;
  const bytes = Buffer.from(text, 'utf8');
  for (const byte of bytes) {
    hash ^= byte;
    hash = Math.imul(hash, 0x01000193) >>> 0;
  }
  return hash >>> 0;
}

function canonicalJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  if (value && typeof value === 'object') {
    const entries = Object.keys(value as Record<string, unknown>)
      .sort()
      .filter((key) => (value as Record<string, unknown>)[key] !== undefined)
      .map((key) => `${JSON.stringify(key)}:${canonicalJson((value as Record<string, unknown>)[key])}`);
    return `{${entries.join(',')}}`;
  }
  return JSON.stringify(value);
}
