import type { KubeObject } from '../types.ts';
import { goQuote } from './go-quote.ts';
import { SelectorParseError } from './selector-error.ts';

export type FieldOperator = '=' | '==' | '!=';

/** One ANDed term of a field selector (apimachinery fields.Requirement); `value` is unescaped. */
export interface FieldRequirement {
  readonly field: string;
  readonly operator: FieldOperator;
  readonly value: string;
}

// ---- parsing (fields.ParseSelector) ----

const TERM_OPERATORS: readonly FieldOperator[] = ['!=', '==', '='];

// Splits on commas that are not escaped with a backslash; the backslashes stay in the terms.
function splitTerms(selector: string): string[] {
  if (selector.length === 0) return [];
  const terms: string[] = [];
  let start = 0;
  let inSlash = false;
  for (let i = 0; i < selector.length; i++) {
    const c = selector[i];
    if (inSlash) inSlash = false;
    else if (c === '\\') inSlash = true;
    else if (c === ',') {
      terms.push(selector.slice(start, i));
      start = i + 1;
    }
  }
  terms.push(selector.slice(start));
  return terms;
}

// The first operator occurrence splits the term; the field part is never unescaped.
function splitTerm(term: string): { lhs: string; operator: FieldOperator; rhs: string } | undefined {
  for (let i = 0; i < term.length; i++) {
    for (const operator of TERM_OPERATORS) {
      if (term.startsWith(operator, i))
        return { lhs: term.slice(0, i), operator, rhs: term.slice(i + operator.length) };
    }
  }
  return undefined;
}

/** fields.UnescapeValue: `\\`, `\,` and `\=` are the only escapes, and bare `,` or `=` are errors. */
export function unescapeFieldValue(text: string): string {
  if (!/[\\,=]/.test(text)) return text;
  let out = '';
  let inSlash = false;
  for (const c of text) {
    if (inSlash) {
      if (c !== '\\' && c !== ',' && c !== '=') {
        throw new SelectorParseError(`invalid field selector: invalid escape sequence: \\${c}`);
      }
      out += c;
      inSlash = false;
      continue;
    }
    if (c === '\\') inSlash = true;
    else if (c === ',' || c === '=') {
      // UnescapedRune prints the rune with %v, i.e. as its number.
      throw new SelectorParseError(
        `invalid field selector: unescaped character in value: ${c.codePointAt(0)}`,
      );
    } else out += c;
  }
  if (inSlash) throw new SelectorParseError('invalid field selector: invalid escape sequence: \\');
  return out;
}

/** fields.EscapeValue. */
export function escapeFieldValue(text: string): string {
  return text.replace(/[\\,=]/g, (c) => `\\${c}`);
}

// Go's sort.Strings order (UTF-8 bytes).
function byteCompare(a: string, b: string): number {
  return Buffer.compare(Buffer.from(a, 'utf8'), Buffer.from(b, 'utf8'));
}

/** Parses the `fieldSelector` query syntax; requirements come back in upstream's (sorted) order. */
export function parseFieldSelector(text: string): FieldRequirement[] {
  const parts = splitTerms(text).sort(byteCompare);
  const requirements: FieldRequirement[] = [];
  for (const part of parts) {
    if (part === '') continue;
    const term = splitTerm(part);
    if (!term) throw new SelectorParseError(`invalid selector: '${text}'; can't understand '${part}'`);
    requirements.push({ field: term.lhs, operator: term.operator, value: unescapeFieldValue(term.rhs) });
  }
  return requirements;
}

/** The selector as fields.Selector.String() prints it. */
export function fieldSelectorToString(requirements: readonly FieldRequirement[]): string {
  return requirements
    .map((r) => `${r.field}${r.operator === '!=' ? '!=' : '='}${escapeFieldValue(r.value)}`)
    .join(',');
}

/** True when every requirement holds; a field the object does not carry reads as the empty string. */
export function fieldSelectorMatches(
  requirements: readonly FieldRequirement[],
  fields: Readonly<Record<string, string>>,
): boolean {
  for (const { field, operator, value } of requirements) {
    const actual = Object.hasOwn(fields, field) ? fields[field] : '';
    if (operator === '!=' ? actual === value : actual !== value) return false;
  }
  return true;
}

/** Selector.RequiresExactMatch: the value an `=`/`==` term pins `field` to (how a watch on one object names it). */
export function requiresExactMatch(
  requirements: readonly FieldRequirement[],
  field: string,
): string | undefined {
  for (const requirement of requirements) {
    if (requirement.field === field && requirement.operator !== '!=') return requirement.value;
  }
  return undefined;
}

// ---- per-resource field labels (scheme field label conversion funcs) ----

interface FieldLabelRules {
  /** Accepted label → the label it is matched as. */
  readonly accepted: ReadonlyMap<string, string>;
  readonly reject: (field: string) => string;
}

const fieldLabelNotSupported = (field: string): string => `field label not supported: ${field}`;

function rules(
  labels: readonly string[],
  aliases: Record<string, string> = {},
  reject = fieldLabelNotSupported,
) {
  const accepted = new Map<string, string>(labels.map((label) => [label, label]));
  for (const [from, to] of Object.entries(aliases)) accepted.set(from, to);
  return { accepted, reject };
}

const EVENT_INVOLVED_OBJECT = [
  'involvedObject.kind',
  'involvedObject.namespace',
  'involvedObject.name',
  'involvedObject.uid',
  'involvedObject.apiVersion',
  'involvedObject.resourceVersion',
  'involvedObject.fieldPath',
];

// kubernetes pkg/apis/<group>/<version>/conversion.go, keyed by `group/resource`.
const FIELD_LABELS: ReadonlyMap<string, FieldLabelRules> = new Map([
  [
    '/pods',
    rules(
      [
        'metadata.name',
        'metadata.namespace',
        'spec.nodeName',
        'spec.restartPolicy',
        'spec.schedulerName',
        'spec.serviceAccountName',
        'spec.hostNetwork',
        'status.phase',
        'status.podIP',
        'status.podIPs',
        'status.nominatedNodeName',
      ],
      { 'spec.host': 'spec.nodeName' },
    ),
  ],
  ['/nodes', rules(['metadata.name', 'spec.unschedulable'])],
  ['/replicationcontrollers', rules(['metadata.name', 'metadata.namespace', 'status.replicas'])],
  [
    '/events',
    rules([
      ...EVENT_INVOLVED_OBJECT,
      'reason',
      'reportingComponent',
      'source',
      'type',
      'metadata.namespace',
      'metadata.name',
    ]),
  ],
  ['/namespaces', rules(['status.phase', 'metadata.name'])],
  ['/secrets', rules(['type', 'metadata.namespace', 'metadata.name'])],
  ['/services', rules(['metadata.namespace', 'metadata.name', 'spec.clusterIP', 'spec.type'])],
  [
    'batch/jobs',
    rules(
      ['metadata.name', 'metadata.namespace', 'status.successful'],
      {},
      (field) => `field label ${goQuote(field)} not supported for batchv1.Job`,
    ),
  ],
  ['certificates.k8s.io/certificatesigningrequests', rules(['metadata.name', 'spec.signerName'])],
  [
    'events.k8s.io/events',
    rules(['reason', 'type', 'metadata.namespace', 'metadata.name'], {
      ...Object.fromEntries(
        EVENT_INVOLVED_OBJECT.map((f) => [f.replace('involvedObject.', 'regarding.'), f]),
      ),
      reportingController: 'reportingComponent',
    }),
  ],
]);

// runtime.DefaultMetaV1FieldSelectorConversion, for every kind without its own conversion func (apps, CRDs, …).
const DEFAULT_FIELD_LABELS: FieldLabelRules = rules(
  ['metadata.name', 'metadata.namespace'],
  {},
  (field) => `${goQuote(field)} is not a known field selector: only "metadata.name", "metadata.namespace"`,
);

function fieldLabelRules(group: string, resource: string): FieldLabelRules {
  return FIELD_LABELS.get(`${group}/${resource}`) ?? DEFAULT_FIELD_LABELS;
}

/** The 400 BadRequest message for a field label `group/resource` does not support. */
export function unsupportedFieldError(group: string, resource: string, field: string): string {
  return fieldLabelRules(group, resource).reject(field);
}

/**
 * Checks every requirement against the fields `group/resource` supports and maps legacy aliases
 * (`spec.host`, events.k8s.io's `regarding.*`) to the labels objectFields() produces.
 * Throws SelectorParseError with upstream's message for an unsupported field.
 */
export function convertFieldSelector(
  group: string,
  resource: string,
  requirements: readonly FieldRequirement[],
): FieldRequirement[] {
  const { accepted, reject } = fieldLabelRules(group, resource);
  return requirements.map((requirement) => {
    const field = accepted.get(requirement.field);
    if (field === undefined) throw new SelectorParseError(reject(requirement.field));
    return field === requirement.field ? requirement : { ...requirement, field };
  });
}

// ---- selectable fields (registry strategies' ToSelectableFields / GetAttrs) ----

type Json = Record<string, unknown>;

function record(value: unknown): Json {
  return typeof value === 'object' && value !== null ? (value as Json) : {};
}

function text(value: unknown): string {
  return typeof value === 'string' ? value : '';
}

function count(value: unknown): string {
  return typeof value === 'number' ? String(Math.trunc(value)) : '0';
}

function podFields(obj: Json): Record<string, string> {
  const spec = record(obj.spec);
  const status = record(obj.status);
  const podIPs = Array.isArray(status.podIPs) ? status.podIPs : [];
  const firstIP = podIPs.length > 0 ? text(record(podIPs[0]).ip) : text(status.podIP);
  return {
    'spec.nodeName': text(spec.nodeName),
    'spec.restartPolicy': text(spec.restartPolicy),
    'spec.schedulerName': text(spec.schedulerName),
    'spec.serviceAccountName': text(spec.serviceAccountName),
    'spec.hostNetwork': spec.hostNetwork === true ? 'true' : 'false',
    'status.phase': text(status.phase),
    'status.podIP': firstIP,
    'status.nominatedNodeName': text(status.nominatedNodeName),
  };
}

// Core events carry involvedObject/source/reportingComponent; events.k8s.io ones regarding/deprecatedSource/reportingController.
function eventFields(obj: Json): Record<string, string> {
  const involved = record(obj.involvedObject ?? obj.regarding);
  const reporting = text(obj.reportingComponent ?? obj.reportingController);
  const source = text(record(obj.source ?? obj.deprecatedSource).component) || reporting;
  return {
    'involvedObject.kind': text(involved.kind),
    'involvedObject.namespace': text(involved.namespace),
    'involvedObject.name': text(involved.name),
    'involvedObject.uid': text(involved.uid),
    'involvedObject.apiVersion': text(involved.apiVersion),
    'involvedObject.resourceVersion': text(involved.resourceVersion),
    'involvedObject.fieldPath': text(involved.fieldPath),
    reason: text(obj.reason),
    reportingComponent: reporting,
    source,
    type: text(obj.type),
  };
}

const SPECIFIC_FIELDS: ReadonlyMap<string, (obj: Json) => Record<string, string>> = new Map([
  ['/pods', podFields],
  ['/events', eventFields],
  ['events.k8s.io/events', eventFields],
  ['/nodes', (obj) => ({ 'spec.unschedulable': record(obj.spec).unschedulable === true ? 'true' : 'false' })],
  // NamespaceToSelectableFields also sets a bare `name`, kept upstream for compatibility.
  [
    '/namespaces',
    (obj) => ({ 'status.phase': text(record(obj.status).phase), name: text(record(obj.metadata).name) }),
  ],
  ['/secrets', (obj) => ({ type: text(obj.type) })],
  [
    '/services',
    (obj) => ({
      'spec.clusterIP': text(record(obj.spec).clusterIP),
      'spec.type': text(record(obj.spec).type),
    }),
  ],
  ['/replicationcontrollers', (obj) => ({ 'status.replicas': count(record(obj.status).replicas) })],
  ['apps/replicasets', (obj) => ({ 'status.replicas': count(record(obj.status).replicas) })],
  ['batch/jobs', (obj) => ({ 'status.successful': count(record(obj.status).succeeded) })],
  [
    'certificates.k8s.io/certificatesigningrequests',
    (obj) => ({ 'spec.signerName': text(record(obj.spec).signerName) }),
  ],
]);

/**
 * The selectable fields of an object: `metadata.name`, `metadata.namespace` (namespaced objects) and the
 * resource's own fields, with values formatted as upstream (booleans `true`/`false`, counts in decimal).
 */
export function objectFields(group: string, resource: string, obj: KubeObject): Record<string, string> {
  const fields: Record<string, string> = { 'metadata.name': obj.metadata.name ?? '' };
  if (obj.metadata.namespace) fields['metadata.namespace'] = obj.metadata.namespace;
  const specific = SPECIFIC_FIELDS.get(`${group}/${resource}`);
  return specific ? Object.assign(fields, specific(obj as unknown as Json)) : fields;
}
