// {{placeholders}} in profile text: hostname, image, env.NAME, arg.--flag|default, request.path, request.port.
import { argValue } from './args.ts';

export interface TemplateValues {
  hostname: string;
  image: string;
  env: Readonly<Record<string, string>>;
  argv: readonly string[];
  request?: { path: string; port: number };
}

const PLACEHOLDER_RE = /\{\{\s*([^}]*?)\s*\}\}/g;
const KNOWN_RE =
  /^(hostname|image|request\.path|request\.port|env\.[A-Za-z_][A-Za-z0-9_]*|arg\.-[^|,\s]+(,-[^|,\s]+)*)(\|.*)?$/;

/** Placeholders in `text` that are not known, for load-time validation. */
export function unknownPlaceholders(text: string): string[] {
  return [...text.matchAll(PLACEHOLDER_RE)].map((m) => m[1] ?? '').filter((name) => !KNOWN_RE.test(name));
}

/** Replaces the placeholders of `text`. */
export function renderTemplate(text: string, values: TemplateValues): string {
  if (!text.includes('{{')) return text;
  return text.replace(PLACEHOLDER_RE, (_whole, expression: string) => {
    const bar = expression.indexOf('|');
    const name = bar >= 0 ? expression.slice(0, bar).trim() : expression;
    return lookup(name, values) ?? (bar >= 0 ? expression.slice(bar + 1) : '');
  });
}

function lookup(name: string, values: TemplateValues): string | undefined {
  if (name === 'hostname') return values.hostname;
  if (name === 'image') return values.image;
  if (name === 'request.path') return values.request?.path;
  if (name === 'request.port') return values.request ? String(values.request.port) : undefined;
  if (name.startsWith('env.')) {
    const value = values.env[name.slice(4)];
    return value === '' ? undefined : value;
  }
  if (name.startsWith('arg.')) return argValue(values.argv, name.slice(4).split(','));
  return undefined;
}
