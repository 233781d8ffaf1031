import { unescapeXml } from '../reports/xml.ts';
import type { ScenarioAttachment } from './scenario-attachments.ts';

/** What one target saw of one scenario: its status, its message and its report attachments. */
export interface ScenarioObservations {
  status: string;
  message?: string;
  attachments: readonly ScenarioAttachment[];
}

/** The first line where targets' observations of one kind differ; `null` where a target has none. */
export interface ObservationDifference {
  /** `message` (the assertion failure or skip reason) or an attachment's file name. */
  source: string;
  /** 1-based line within the source, after normalisation. */
  line: number;
  values: Record<string, string | null>;
}

/** Attachments in the order a reader would look at them; others follow in file-name order. */
const SOURCE_ORDER = [
  'events.txt',
  'timeline.svg',
  'api-errors.json',
  'kubectl.txt',
  'evidence-pods.txt',
  'manifests.yaml',
];
/** Attachments that repeat the message, so never a difference of their own. */
const IGNORED_SOURCES = new Set(['skip-reason.txt']);

/** Kubernetes' generated-name alphabet (k8s.io/apimachinery/pkg/util/rand), five characters. */
const GENERATED_SUFFIX = /-[bcdfghjklmnpqrstvwxz2456789]{5}\b/g;
/** A pod-template-hash (same alphabet, up to ten characters) inside a generated name. */
const TEMPLATE_HASH = /-[bcdfghjklmnpqrstvwxz2456789]{6,10}(?=-xxxxx\b|\b)/g;
/** The namespace a kubeconfig target generates for each scenario. */
const SCENARIO_NAMESPACE = /\bkuke-[a-z0-9]+(?:-[a-z0-9]+)*/g;
const SEGMENT_TITLE = /<title>([^<]*?): ([^<]*?) \(restarts ([^)]*)\) from [^<]*<\/title>/g;

/**
 * Normalises text so targets can be compared: generated namespaces, generated name suffixes and
 * the bundled engine's `default` namespace read the same everywhere.
 */
export function normaliseText(text: string): string {
  return text
    .replace(SCENARIO_NAMESPACE, '${namespace}')
    .replace(/\bdefault\//g, '${namespace}/')
    .replace(/namespace "default"/g, 'namespace "${namespace}"')
    .replace(GENERATED_SUFFIX, '-xxxxx')
    .replace(TEMPLATE_HASH, '-hash');
}

/** The first line of a failure or skip message, without the error class prefix. */
export function firstMessageLine(message: string | undefined): string | undefined {
  const line = message
    ?.split('\n')
    .find((l) => l.trim().length > 0)
    ?.trim();
  return line?.replace(/^(?:[A-Za-z]*Error(?: \[[A-Z_]+\])?): /, '');
}

/** The lines one attachment contributes to the comparison. */
export function observationLines(attachment: ScenarioAttachment): string[] {
  if (attachment.mediaType === 'image/svg+xml') return timelineLines(attachment.text);
  const lines = attachment.text.split('\n').filter((line) => line.trim().length > 0);
  if (attachment.fileName === 'events.txt') return lines.map(eventLine).map(normaliseText);
  return lines.map((line) => normaliseText(line.trimEnd()));
}

/** An events.txt line (`time\ttype\treason\tkind/name\tmessage`) without its timestamp. */
function eventLine(line: string): string {
  const fields = line.split('\t');
  if (fields.length < 5) return line;
  const [, type, reason, object, ...message] = fields;
  return `${type} ${reason} ${object}: ${message.join('\t')}`;
}

/** A timeline picture as one line per pod: the statuses it went through, in order. */
export function timelineLines(svg: string): string[] {
  const statuses = new Map<string, string[]>();
  for (const match of svg.matchAll(SEGMENT_TITLE)) {
    const pod = normaliseText(unescapeXml(match[1] ?? ''));
    const status = unescapeXml(match[2] ?? '');
    const list = statuses.get(pod) ?? [];
    if (list.at(-1) !== status) list.push(status);
    statuses.set(pod, list);
  }
  return [...statuses].map(([pod, list]) => `${pod}: ${list.join(' → ')}`);
}

/** Each source's lines for one target: the message first, then the attachments (same names joined). */
export function observationSources(observations: ScenarioObservations): Map<string, string[]> {
  const sources = new Map<string, string[]>();
  const message = firstMessageLine(observations.message);
  sources.set('message', [message ? normaliseText(message) : `(${observations.status}, no message)`]);
  for (const attachment of observations.attachments) {
    if (IGNORED_SOURCES.has(attachment.fileName)) continue;
    sources.set(attachment.fileName, [
      ...(sources.get(attachment.fileName) ?? []),
      ...observationLines(attachment),
    ]);
  }
  return sources;
}

/**
 * For each kind of observation (message, events, timeline, …), the first line where the targets
 * differ, in reading order; the first entry is the first observation that differs.
 */
export function observationDifferences(
  byTarget: ReadonlyMap<string, ScenarioObservations>,
): ObservationDifference[] {
  const sourcesByTarget = new Map([...byTarget].map(([target, o]) => [target, observationSources(o)]));
  const names = new Set<string>();
  for (const sources of sourcesByTarget.values()) for (const name of sources.keys()) names.add(name);
  const ordered = [...names].sort((a, b) => rank(a) - rank(b) || a.localeCompare(b));
  const differences: ObservationDifference[] = [];
  for (const source of ordered) {
    const linesByTarget = [...sourcesByTarget].map(
      ([target, sources]) => [target, sources.get(source)] as const,
    );
    const length = Math.max(...linesByTarget.map(([, lines]) => lines?.length ?? 0));
    for (let index = 0; index < length; index++) {
      const values = Object.fromEntries(
        linesByTarget.map(([target, lines]) => [target, lines?.[index] ?? null]),
      ) as Record<string, string | null>;
      if (new Set(Object.values(values)).size > 1) {
        differences.push({ source, line: index + 1, values });
        break;
      }
    }
  }
  return differences;
}

function rank(source: string): number {
  if (source === 'message') return -1;
  const index = SOURCE_ORDER.indexOf(source);
  return index < 0 ? SOURCE_ORDER.length : index;
}
