import { parseAllDocuments, stringify } from 'yaml';

export const REDACTED = '<redacted>';

/** A Secret's values replaced, keys kept, so reports never show them. */
export function redactObject(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(redactObject);
  if (!value || typeof value !== 'object') return value;
  const object = value as Record<string, unknown>;
  const copy: Record<string, unknown> = {};
  for (const [key, child] of Object.entries(object)) copy[key] = redactObject(child);
  if (object.kind === 'Secret') {
    for (const field of ['data', 'stringData']) {
      const map = object[field];
      if (map && typeof map === 'object') {
        copy[field] = Object.fromEntries(Object.keys(map).map((k) => [k, REDACTED]));
      }
    }
    const annotations = (object.metadata as { annotations?: Record<string, string> } | undefined)
      ?.annotations;
    if (annotations?.['kubectl.kubernetes.io/last-applied-configuration']) {
      (copy.metadata as { annotations: Record<string, string> }).annotations = {
        ...annotations,
        'kubectl.kubernetes.io/last-applied-configuration': REDACTED,
      };
    }
  }
  return copy;
}

/** YAML or JSON text (one or many documents) with every Secret redacted; other text unchanged. */
export function redactText(text: string): string {
  const trimmed = text.trim();
  if (!/\bSecret\b/.test(trimmed)) return text;
  if (trimmed.startsWith('{') || trimmed.startsWith('[')) {
    try {
      return JSON.stringify(redactObject(JSON.parse(trimmed)), null, 2);
    } catch {
      return text;
    }
  }
  try {
    const docs = parseAllDocuments(text);
    if (!Array.isArray(docs) || docs.some((d) => d.errors.length > 0)) return text;
    return docs.map((d) => stringify(redactObject(d.toJS()))).join('---\n');
  } catch {
    return text;
  }
}
