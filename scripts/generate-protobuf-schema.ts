/**
 * Builds engine/api/protobuf/schema.generated.json from the Kubernetes protobuf field tables
 * (default: ../shared/reference/protobuf beside the repository; pass another directory as the
 * first argument). The output is deterministic so a test can check it is up to date.
 *
 *   tsx scripts/generate-protobuf-schema.ts [tables-dir]
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import type {
  ProtobufSchema,
  ScalarType,
  SchemaField,
  SchemaMessage,
  SpecialType,
} from '../engine/api/protobuf/schema.ts';

interface TableField {
  number: number;
  name: string;
  type: string;
  label: 'optional' | 'repeated';
  map: { key: string; value: string } | null;
  goType?: string;
  goPointer?: boolean;
  jsonInline?: boolean;
  jsonName?: string | null;
}

interface TableFile {
  package: string;
  source: string;
  commit: string;
  messages: Record<string, { fields: TableField[] }>;
}

interface TableIndex {
  packages: Record<string, { file: string }>;
}

export const REPOSITORY_ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..');
export const DEFAULT_TABLES_DIR = resolve(REPOSITORY_ROOT, '../shared/reference/protobuf');
export const SCHEMA_OUTPUT = join(REPOSITORY_ROOT, 'engine/api/protobuf/schema.generated.json');

const META = 'k8s.io.apimachinery.pkg.apis.meta.v1';

/** Messages with hand-written (non-object) JSON forms. */
const SPECIAL_TYPES: Record<string, SpecialType> = {
  [`${META}.Time`]: 'time',
  [`${META}.MicroTime`]: 'microTime',
  [`${META}.Duration`]: 'duration',
  [`${META}.FieldsV1`]: 'fieldsV1',
  [`${META}.Verbs`]: 'stringList',
  'k8s.io.api.authentication.v1.ExtraValue': 'stringList',
  'k8s.io.api.authorization.v1.ExtraValue': 'stringList',
  'k8s.io.apimachinery.pkg.api.resource.Quantity': 'quantity',
  'k8s.io.apimachinery.pkg.api.resource.QuantityValue': 'quantity',
  'k8s.io.apimachinery.pkg.util.intstr.IntOrString': 'intOrString',
  'k8s.io.apimachinery.pkg.runtime.RawExtension': 'rawExtension',
};

/**
 * Pointer fields of the types whose Go struct tags the tables could not read (they carry no
 * goType). From kubernetes/api core/v1/types.go and apimachinery meta/v1/types.go at v0.32;
 * ObjectMeta and ManagedFieldsEntry agree with the `!= nil` checks in meta/v1 generated.pb.go.
 */
const POINTER_OVERRIDES: Record<string, string[]> = {
  [`${META}.ObjectMeta`]: ['deletionTimestamp', 'deletionGracePeriodSeconds'],
  [`${META}.ManagedFieldsEntry`]: ['time', 'fieldsV1'],
  'k8s.io.api.core.v1.ServiceSpec': [
    'sessionAffinityConfig',
    'ipFamilyPolicy',
    'allocateLoadBalancerNodePorts',
    'loadBalancerClass',
    'internalTrafficPolicy',
    'trafficDistribution',
  ],
  'k8s.io.api.core.v1.PersistentVolumeClaimStatus': [
    'currentVolumeAttributesClassName',
    'modifyVolumeStatus',
  ],
  'k8s.io.api.core.v1.PodResourceClaim': ['resourceClaimName', 'resourceClaimTemplateName'],
  'k8s.io.api.core.v1.EphemeralVolumeSource': ['volumeClaimTemplate'],
};

/** API groups whose name is not `<package>.k8s.io`. */
const GROUP_OF_PACKAGE: Record<string, string> = {
  core: '',
  apps: 'apps',
  batch: 'batch',
  autoscaling: 'autoscaling',
  policy: 'policy',
  rbac: 'rbac.authorization.k8s.io',
};

/** Messages with an ObjectMeta that are parts of other objects, not registered kinds. */
const NOT_KINDS = new Set(['PodTemplateSpec', 'PersistentVolumeClaimTemplate', 'JobTemplateSpec']);

/** core/v1 kinds without metadata (register.go addKnownTypes). */
const CORE_OPTION_KINDS = [
  'NodeProxyOptions',
  'PodAttachOptions',
  'PodExecOptions',
  'PodLogOptions',
  'PodPortForwardOptions',
  'PodProxyOptions',
  'ServiceProxyOptions',
];

/** metav1.AddToGroupVersion: registered in every group version. */
const META_KINDS_EVERY_VERSION = [
  'WatchEvent',
  'ListOptions',
  'GetOptions',
  'DeleteOptions',
  'CreateOptions',
  'UpdateOptions',
  'PatchOptions',
];
/** metav1.AddToGroupVersion's unversioned types, registered under "v1". */
const META_KINDS_UNVERSIONED = ['Status', 'APIVersions', 'APIGroupList', 'APIGroup', 'APIResourceList'];
/** metav1.AddMetaToScheme (meta.k8s.io/v1); Table has no protobuf form. */
const META_KINDS_META_GROUP = ['TableOptions', 'PartialObjectMetadata', 'PartialObjectMetadataList'];

function readJson<T>(path: string): T {
  return JSON.parse(readFileSync(path, 'utf8')) as T;
}

function readTables(dir: string): TableFile[] {
  const index = readJson<TableIndex>(join(dir, 'index.json'));
  return Object.keys(index.packages)
    .sort()
    .map((pkg) => readJson<TableFile>(join(dir, index.packages[pkg]!.file)));
}

function schemaField(message: string, f: TableField): SchemaField {
  const out: SchemaField = {
    no: f.number,
    name: f.name,
    json: f.jsonInline ? null : f.jsonName === undefined ? f.name : f.jsonName,
    type: f.map ? f.map.value : f.type,
  };
  if (f.label === 'repeated' && !f.map) out.repeated = true;
  if (f.map) out.map = { key: f.map.key as ScalarType, value: f.map.value };
  if (f.jsonInline) out.inline = true;
  const pointerOverride = POINTER_OVERRIDES[message]?.includes(f.name) === true;
  const nilableList = f.label !== 'repeated' && SPECIAL_TYPES[f.type] === 'stringList';
  if (f.label !== 'repeated' && (f.goPointer === true || pointerOverride || nilableList)) out.pointer = true;
  return out;
}

function versionOfPackage(pkg: string): string | undefined {
  const match = /^k8s\.io\.api\.([a-z0-9]+)\.(v[0-9a-z]+)$/.exec(pkg);
  if (!match) return undefined;
  const [, name, version] = match as unknown as [string, string, string];
  const group = GROUP_OF_PACKAGE[name] ?? `${name}.k8s.io`;
  return group ? `${group}/${version}` : version;
}

function isKindMessage(message: { fields: TableField[] }): boolean {
  return message.fields.some(
    (f) =>
      f.number === 1 &&
      f.name === 'metadata' &&
      (f.type === `${META}.ObjectMeta` || f.type === `${META}.ListMeta`),
  );
}

function kindsOf(tables: TableFile[]): ProtobufSchema['kinds'] {
  const kinds: ProtobufSchema['kinds'] = {};
  for (const table of tables) {
    const apiVersion = versionOfPackage(table.package);
    if (!apiVersion) continue;
    const entry: Record<string, string> = {};
    for (const [name, message] of Object.entries(table.messages)) {
      if (isKindMessage(message) && !NOT_KINDS.has(name)) entry[name] = `${table.package}.${name}`;
    }
    if (apiVersion === 'v1') for (const kind of CORE_OPTION_KINDS) entry[kind] = `${table.package}.${kind}`;
    kinds[apiVersion] = entry;
  }
  kinds['meta.k8s.io/v1'] = {};
  for (const [apiVersion, entry] of Object.entries(kinds)) {
    const metaKinds = [...META_KINDS_EVERY_VERSION];
    if (apiVersion === 'v1') metaKinds.push(...META_KINDS_UNVERSIONED);
    if (apiVersion === 'meta.k8s.io/v1') metaKinds.push(...META_KINDS_META_GROUP);
    for (const kind of metaKinds) entry[kind] ??= `${META}.${kind}`;
  }
  return kinds;
}

function sourcesOf(tables: TableFile[]): string[] {
  const sources = new Set<string>();
  for (const table of tables) {
    const [repo, rest = ''] = table.source.split(':');
    const tag = rest.split('@')[1] ?? '';
    sources.add(`${repo}@${tag} ${table.commit}`);
  }
  return [...sources].sort();
}

/** Reads the field tables in `dir` and returns the compact decode/encode table. */
export function buildProtobufSchema(dir: string = DEFAULT_TABLES_DIR): ProtobufSchema {
  const tables = readTables(dir);
  const messages: Record<string, SchemaMessage> = {};
  for (const table of tables) {
    for (const [name, message] of Object.entries(table.messages)) {
      const full = `${table.package}.${name}`;
      const entry: SchemaMessage = {
        fields: [...message.fields].sort((a, b) => a.number - b.number).map((f) => schemaField(full, f)),
      };
      const special = SPECIAL_TYPES[full];
      if (special) entry.special = special;
      messages[full] = entry;
    }
  }
  for (const [message, names] of Object.entries(POINTER_OVERRIDES)) {
    for (const name of names) {
      if (!messages[message]?.fields.some((f) => f.name === name)) {
        throw new Error(`pointer override ${message}.${name} names no field in the tables`);
      }
    }
  }
  for (const [name, message] of Object.entries(messages)) {
    for (const f of message.fields) {
      const scalar = ['string', 'int32', 'int64', 'bool', 'bytes'].includes(f.type);
      if (!scalar && !messages[f.type])
        throw new Error(`${name}.${f.name} refers to unknown message ${f.type}`);
    }
  }
  return { source: sourcesOf(tables), kinds: kindsOf(tables), messages };
}

function compareKeys(a: string, b: string): number {
  const na = /^\d+$/.test(a) ? Number(a) : Number.NaN;
  const nb = /^\d+$/.test(b) ? Number(b) : Number.NaN;
  if (!Number.isNaN(na) && !Number.isNaN(nb)) return na - nb;
  return a < b ? -1 : a > b ? 1 : 0;
}

function sortedJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(sortedJson).join(',')}]`;
  if (value !== null && typeof value === 'object') {
    const entries = Object.keys(value)
      .sort(compareKeys)
      .map((k) => `${JSON.stringify(k)}:${sortedJson((value as Record<string, unknown>)[k])}`);
    return `{${entries.join(',')}}`;
  }
  return JSON.stringify(value);
}

/** Deterministic text: sorted keys, one line per apiVersion and per message. */
export function renderProtobufSchema(schema: ProtobufSchema): string {
  const block = (record: Record<string, unknown>): string =>
    Object.keys(record)
      .sort(compareKeys)
      .map((k) => `    ${JSON.stringify(k)}: ${sortedJson(record[k])}`)
      .join(',\n');
  return [
    '{',
    `  "kinds": {\n${block(schema.kinds)}\n  },`,
    `  "messages": {\n${block(schema.messages)}\n  },`,
    `  "source": ${sortedJson(schema.source)}`,
    '}',
    '',
  ].join('\n');
}

function main(argv: string[]): void {
  const dir = argv[0] ? resolve(argv[0]) : DEFAULT_TABLES_DIR;
  const schema = buildProtobufSchema(dir);
  writeFileSync(SCHEMA_OUTPUT, renderProtobufSchema(schema));
  const fields = Object.values(schema.messages).reduce((n, m) => n + m.fields.length, 0);
  console.log(`wrote ${SCHEMA_OUTPUT}: ${Object.keys(schema.messages).length} messages, ${fields} fields`);
}

if (process.argv[1] && import.meta.url === pathToFileURL(resolve(process.argv[1])).href) {
  main(process.argv.slice(2));
}
