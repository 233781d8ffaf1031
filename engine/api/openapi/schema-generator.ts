/**
 * Builds the OpenAPI v3 component schemas of the served kinds from machine-readable sources:
 *
 * - @kubernetes/client-node's model classes (Kubernetes 1.34 API): each class's static `attributeTypeMap`
 *   gives the JSON field names, types and formats; the JSDoc in the matching `.d.ts` gives descriptions
 *   and, through `?`, which fields are optional.
 * - kubernetes-types (one `.d.ts` per Go package, Kubernetes 1.30 API): which package declares a type,
 *   fields typed `Quantity` (client-node flattens them to `string`), the named types behind client-node's
 *   `any`, and descriptions client-node omits (fields whose type is another model).
 * - ./list-extensions.ts: the strategic-merge-patch and list-type markers.
 *
 * Naming. Upstream schema names are `<Go package>.<Type>`, e.g. `io.k8s.api.core.v1.Pod`. client-node's
 * generator drops the package down to `<version>.<Type>` (`v1.Pod` → class `V1Pod`) and keeps one more
 * segment, the group, only where two packages collide (`core.v1.Event` → `CoreV1Event`,
 * `events.v1.Event` → `EventsV1Event`). So a class name reads `[Group]<Version><Type>`; the package is the
 * one kubernetes-types declares `<Type>` in for that version (and group, when given). Types newer than
 * kubernetes-types take the package of the first type that refers to them.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join, relative } from 'node:path';
import * as clientNodeModels from '@kubernetes/client-node/dist/gen/models/all.js';
import ts from 'typescript';
import { ATOMIC_STRUCTS, FIELD_EXTENSIONS } from './list-extensions.ts';
import {
  SERVED_GROUP_VERSIONS,
  type ServedGroupVersion,
  schemaPackage,
  splitGroupVersion,
} from './served-resources.ts';

/** A JSON value in a schema document. */
export type Json = string | number | boolean | null | Json[] | { [key: string]: Json };
/** One OpenAPI schema object. */
export type JsonSchema = { [key: string]: Json };

/** The content of schemas.generated.json. */
export interface SchemaBundle {
  sources: Record<string, string>;
  schemas: Record<string, JsonSchema>;
}

interface AttributeType {
  name: string;
  baseName: string;
  type: string;
  format: string;
}

interface FieldDoc {
  description?: string;
  optional: boolean;
  typeText: string;
}

interface TypeDoc {
  description?: string;
  fields: Map<string, FieldDoc>;
  /** `interface` with no members, or a `type` alias. */
  shape: 'interface' | 'alias';
  aliasText?: string;
}

interface ClientModel {
  className: string;
  attributes: AttributeType[];
  doc: TypeDoc;
}

const META = 'io.k8s.apimachinery.pkg.apis.meta.v1';
const TIME = `${META}.Time`;
const MICRO_TIME = `${META}.MicroTime`;
const QUANTITY = 'io.k8s.apimachinery.pkg.api.resource.Quantity';
const INT_OR_STRING = 'io.k8s.apimachinery.pkg.util.intstr.IntOrString';

/** Upstream facts for the two scalar unions, whose Go types marshal themselves (kube-openapi v3 output). */
const INT_OR_STRING_SCHEMA: JsonSchema = {
  description:
    'IntOrString is a type that can hold an int32 or a string.  When used in JSON or YAML marshalling and unmarshalling, it produces or consumes the inner type.  This allows you to have, for example, a JSON field that can accept a name or number.',
  format: 'int-or-string',
  oneOf: [{ type: 'integer' }, { type: 'string' }],
};
/** Named types without an OpenAPI `type` upstream (custom JSON marshalling of any JSON value). */
const UNTYPED = new Set([
  'io.k8s.apiextensions-apiserver.pkg.apis.apiextensions.v1.JSON',
  'io.k8s.apiextensions-apiserver.pkg.apis.apiextensions.v1.JSONSchemaPropsOrArray',
  'io.k8s.apiextensions-apiserver.pkg.apis.apiextensions.v1.JSONSchemaPropsOrBool',
  'io.k8s.apiextensions-apiserver.pkg.apis.apiextensions.v1.JSONSchemaPropsOrStringArray',
]);
/**
 * Types newer than kubernetes-types that live in another package than the first type referring to them
 * (FieldSelectorRequirement is meta/v1 since 1.31 and first met in authorization/v1).
 */
const NEWER_TYPE_PACKAGES: Readonly<Record<string, string>> = { V1FieldSelectorRequirement: META };
/** Kinds every document's paths refer to besides the served ones. */
const EXTRA_ROOTS = [`${META}.DeleteOptions`, `${META}.Patch`, `${META}.Status`];

const require = createRequire(import.meta.url);

/** kubernetes-types directory (`core/v1`, `meta/v1`, `runtime`) → upstream package. */
function packageOfTypesDir(dir: string): string {
  const fixed: Record<string, string> = {
    'api/resource': 'io.k8s.apimachinery.pkg.api.resource',
    'apiextensions/v1': 'io.k8s.apiextensions-apiserver.pkg.apis.apiextensions.v1',
    'meta/v1': META,
    runtime: 'io.k8s.apimachinery.pkg.runtime',
    version: 'io.k8s.apimachinery.pkg.version',
  };
  return fixed[dir] ?? `io.k8s.api.${dir.replace('/', '.')}`;
}

/** The text of the JSDoc block directly before `node`, without comment markers. */
function jsDocText(source: ts.SourceFile, node: ts.Node, unescapeQuotes: boolean): string | undefined {
  const ranges = ts.getLeadingCommentRanges(source.text, node.getFullStart()) ?? [];
  const last = ranges.at(-1);
  if (!last) return undefined;
  const raw = source.text.slice(last.pos, last.end);
  if (!raw.startsWith('/**')) return undefined;
  const lines = raw
    .slice(3, -2)
    .split('\n')
    .map((line) => line.replace(/^\s*\* ?|^ /, '').replace(/\s+$/, ''));
  while (lines[0] === '') lines.shift();
  while (lines.at(-1) === '') lines.pop();
  const text = lines.join('\n');
  if (text === '') return undefined;
  return unescapeQuotes ? text.replace(/\\(.)/g, '$1') : text;
}

function memberName(name: ts.PropertyName): string {
  return ts.isIdentifier(name) || ts.isStringLiteral(name) ? name.text : name.getText();
}

/** Every interface, class and type alias of a declaration file with its field docs. */
function readTypeDocs(path: string, unescapeQuotes: boolean): Map<string, TypeDoc> {
  const source = ts.createSourceFile(path, readFileSync(path, 'utf8'), ts.ScriptTarget.Latest, true);
  const docs = new Map<string, TypeDoc>();
  for (const statement of source.statements) {
    if (ts.isInterfaceDeclaration(statement) || ts.isClassDeclaration(statement)) {
      const fields = new Map<string, FieldDoc>();
      for (const member of statement.members) {
        if (!(ts.isPropertySignature(member) || ts.isPropertyDeclaration(member)) || !member.type) continue;
        if (member.modifiers?.some((m) => m.kind === ts.SyntaxKind.StaticKeyword)) continue;
        const description = jsDocText(source, member, unescapeQuotes);
        fields.set(memberName(member.name), {
          optional: member.questionToken !== undefined,
          typeText: member.type.getText(source),
          ...(description === undefined ? {} : { description }),
        });
      }
      const description = jsDocText(source, statement, unescapeQuotes);
      const name = statement.name?.text;
      if (name)
        docs.set(name, { fields, shape: 'interface', ...(description === undefined ? {} : { description }) });
    } else if (ts.isTypeAliasDeclaration(statement)) {
      const description = jsDocText(source, statement, unescapeQuotes);
      docs.set(statement.name.text, {
        fields: new Map(),
        shape: 'alias',
        aliasText: statement.type.getText(source),
        ...(description === undefined ? {} : { description }),
      });
    }
  }
  return docs;
}

/** kubernetes-types: upstream schema name → declaration. */
function loadKubernetesTypes(): Map<string, TypeDoc> {
  const root = dirname(require.resolve('kubernetes-types/package.json'));
  const files: string[] = [];
  const walk = (dir: string): void => {
    for (const entry of readdirSync(dir, { withFileTypes: true }).sort((a, b) =>
      a.name.localeCompare(b.name),
    )) {
      const path = join(dir, entry.name);
      if (entry.isDirectory()) walk(path);
      else if (entry.name.endsWith('.d.ts') && entry.name !== 'index.d.ts') files.push(path);
    }
  };
  walk(root);
  const types = new Map<string, TypeDoc>();
  for (const file of files) {
    const pkg = packageOfTypesDir(relative(root, file).replace(/\.d\.ts$/, ''));
    for (const [name, doc] of readTypeDocs(file, false)) types.set(`${pkg}.${name}`, doc);
  }
  return types;
}

function isModelClass(value: unknown): value is { name: string; attributeTypeMap: AttributeType[] } {
  return (
    typeof value === 'function' && Array.isArray((value as { attributeTypeMap?: unknown }).attributeTypeMap)
  );
}

/** client-node model classes with their attribute maps and JSDoc. */
function loadClientModels(): Map<string, ClientModel> {
  const dir = dirname(require.resolve('@kubernetes/client-node/dist/gen/models/all.js'));
  const models = new Map<string, ClientModel>();
  for (const [className, value] of Object.entries(clientNodeModels).sort(([a], [b]) => (a < b ? -1 : 1))) {
    if (!isModelClass(value)) continue;
    const doc = readTypeDocs(join(dir, `${className}.d.ts`), true).get(className);
    if (!doc) throw new Error(`no declaration for ${className}`);
    models.set(className, { className, attributes: value.attributeTypeMap, doc });
  }
  return models;
}

const CLASS_NAME = /^([A-Z][a-z]+)?(V\d+(?:alpha\d+|beta\d+)?)([A-Z]\w*)$/;

/** Maps each client-node class to its upstream schema name where kubernetes-types knows the package. */
function upstreamNames(models: Map<string, ClientModel>, types: Map<string, TypeDoc>): Map<string, string> {
  const byVersionAndType = new Map<string, string[]>();
  for (const name of types.keys()) {
    const segments = name.split('.');
    const key = `${segments.at(-2)}.${segments.at(-1)}`;
    byVersionAndType.set(key, [...(byVersionAndType.get(key) ?? []), name]);
  }
  const names = new Map<string, string>();
  for (const className of models.keys()) {
    const match = CLASS_NAME.exec(className);
    if (!match) continue;
    const [, group, version = '', type = ''] = match;
    const candidates = (byVersionAndType.get(`${version.toLowerCase()}.${type}`) ?? []).filter(
      (name) => group === undefined || name.split('.').at(-3) === group.toLowerCase(),
    );
    if (candidates.length > 1) throw new Error(`${className} is ambiguous: ${candidates.join(', ')}`);
    if (candidates[0]) names.set(className, candidates[0]);
  }
  return names;
}

/** The identifier a kubernetes-types field type names (`Quantity`, `Array<JSON>` → `JSON`). */
function baseTypeName(typeText: string): string {
  return typeText
    .replace(/^Array<(.*)>$/s, '$1')
    .replace(/^\{\s*\[name: string\]:\s*(.*?);?\s*\}$/s, '$1')
    .replace(/\[\]$/, '')
    .trim();
}

function packageOf(name: string): string {
  return name.slice(0, name.lastIndexOf('.'));
}

function sortKeys(value: Json): Json {
  if (Array.isArray(value)) return value.map(sortKeys);
  if (value === null || typeof value !== 'object') return value;
  const sorted: { [key: string]: Json } = {};
  for (const key of Object.keys(value).sort()) sorted[key] = sortKeys(value[key] as Json);
  return sorted;
}

const ref = (name: string): JsonSchema => ({ $ref: `#/components/schemas/${name}` });

class Generator {
  readonly schemas = new Map<string, JsonSchema>();
  private readonly classOf = new Map<string, string>();
  private readonly pending: string[] = [];
  private readonly usedExtensions = new Set<string>();

  constructor(
    private readonly models: Map<string, ClientModel>,
    private readonly types: Map<string, TypeDoc>,
    private readonly names: Map<string, string>,
  ) {
    for (const [className, name] of names) this.classOf.set(name, className);
  }

  /** Generates `name` and everything it refers to. */
  add(name: string): void {
    this.pending.push(name);
    while (this.pending.length > 0) {
      const next = this.pending.shift()!;
      if (!this.schemas.has(next)) this.schemas.set(next, this.build(next));
    }
  }

  /** Marks `name` as the schema of a served kind. */
  tagKind(name: string, group: string, version: string, kind: string): void {
    const schema = this.schemas.get(name);
    if (!schema) throw new Error(`no schema ${name}`);
    schema['x-kubernetes-group-version-kind'] = [{ group, kind, version }];
  }

  /** Fails on table entries that matched nothing: they are typos or stale facts. */
  checkExtensionsUsed(): void {
    const unused = Object.entries(FIELD_EXTENSIONS)
      .flatMap(([schemaName, fields]) => Object.keys(fields).map((field) => `${schemaName}.${field}`))
      .filter((key) => !this.usedExtensions.has(key));
    unused.push(...ATOMIC_STRUCTS.filter((name) => !this.schemas.has(name)));
    if (unused.length > 0)
      throw new Error(`list extensions matched no generated field: ${unused.join(', ')}`);
  }

  private build(name: string): JsonSchema {
    if (name === INT_OR_STRING) return INT_OR_STRING_SCHEMA;
    const className = this.classOf.get(name);
    if (className) return this.buildModel(name, this.models.get(className)!);
    return this.buildNamedScalar(name);
  }

  /** Schemas of kubernetes-types declarations that are not client-node classes (Time, Quantity, JSON…). */
  private buildNamedScalar(name: string): JsonSchema {
    const doc = this.types.get(name);
    if (!doc) throw new Error(`no source for schema ${name}`);
    const schema: JsonSchema = doc.description === undefined ? {} : { description: doc.description };
    if (name === TIME || name === MICRO_TIME) return { ...schema, format: 'date-time', type: 'string' };
    if (name === QUANTITY) return { ...schema, oneOf: [{ type: 'string' }, { type: 'number' }] };
    if (UNTYPED.has(name) || doc.shape === 'alias') return schema;
    if (doc.fields.size > 0) throw new Error(`${name} has fields but no client-node class`);
    return { ...schema, type: 'object' };
  }

  private buildModel(name: string, model: ClientModel): JsonSchema {
    const upstreamDoc = this.types.get(name);
    const properties: { [key: string]: Json } = {};
    const required: string[] = [];
    for (const attribute of model.attributes) {
      const field = attribute.baseName;
      const clientDoc = model.doc.fields.get(attribute.name) ?? model.doc.fields.get(field);
      const upstreamField = upstreamDoc?.fields.get(field);
      const description = this.fieldDescription(
        name,
        upstreamField?.typeText,
        clientDoc?.description,
        upstreamField?.description,
      );
      const property = this.fieldSchema(name, attribute, upstreamField?.typeText);
      const withDoc =
        description === undefined
          ? property
          : '$ref' in property
            ? { allOf: [property], description }
            : { ...property, description };
      const extensions = FIELD_EXTENSIONS[name]?.[field];
      if (extensions) this.usedExtensions.add(`${name}.${field}`);
      properties[field] = { ...withDoc, ...(extensions as { [key: string]: Json } | undefined) };
      if (clientDoc && !clientDoc.optional) required.push(field);
    }
    const description = model.doc.description ?? upstreamDoc?.description;
    return {
      ...(description === undefined ? {} : { description }),
      properties,
      ...(required.length > 0 ? { required } : {}),
      type: 'object',
      ...(ATOMIC_STRUCTS.includes(name) ? { 'x-kubernetes-map-type': 'atomic' } : {}),
    };
  }

  /**
   * client-node documents fields of a named scalar type (IntOrString, MicroTime) with the type's own
   * description; kubernetes-types has the field's.
   */
  private fieldDescription(
    owner: string,
    upstreamType: string | undefined,
    fromClient: string | undefined,
    fromUpstream: string | undefined,
  ): string | undefined {
    const base = upstreamType === undefined ? undefined : baseTypeName(upstreamType);
    const typeDescriptions = [INT_OR_STRING_SCHEMA.description];
    if (base !== undefined) {
      for (const pkg of [packageOf(owner), META])
        typeDescriptions.push(this.types.get(`${pkg}.${base}`)?.description ?? null);
    }
    if (fromClient !== undefined && typeDescriptions.includes(fromClient)) return fromUpstream ?? fromClient;
    return fromClient ?? fromUpstream;
  }

  private fieldSchema(owner: string, attribute: AttributeType, upstreamType: string | undefined): JsonSchema {
    const upstreamBase = upstreamType === undefined ? undefined : baseTypeName(upstreamType);
    return this.typeSchema(owner, attribute.type, attribute.format, upstreamBase);
  }

  private typeSchema(
    owner: string,
    type: string,
    format: string,
    upstreamBase: string | undefined,
  ): JsonSchema {
    const array = /^Array<(.*)>$/.exec(type);
    if (array) return { items: this.typeSchema(owner, array[1]!, format, upstreamBase), type: 'array' };
    const map = /^\{ \[key: string\]: (.*); \}$/.exec(type);
    if (map) {
      return { additionalProperties: this.typeSchema(owner, map[1]!, format, upstreamBase), type: 'object' };
    }
    switch (type) {
      case 'string':
        if (upstreamBase === 'Quantity') return this.refTo(QUANTITY);
        return format === '' ? { type: 'string' } : { format, type: 'string' };
      case 'number':
        return format === 'double' ? { format, type: 'number' } : { format, type: 'integer' };
      case 'boolean':
        return { type: 'boolean' };
      case 'Date':
        return this.refTo(TIME);
      case 'V1MicroTime':
        return this.refTo(MICRO_TIME);
      case 'IntOrString':
        return this.refTo(INT_OR_STRING);
      case 'any':
        return this.anySchema(owner, upstreamBase);
      default:
        return this.refTo(this.modelName(owner, type));
    }
  }

  /** client-node's `any`: the named type kubernetes-types gives the field, looked up in nearby packages. */
  private anySchema(owner: string, upstreamBase: string | undefined): JsonSchema {
    if (upstreamBase === undefined) return {};
    for (const pkg of [packageOf(owner), META, 'io.k8s.apimachinery.pkg.runtime']) {
      if (this.types.has(`${pkg}.${upstreamBase}`)) return this.refTo(`${pkg}.${upstreamBase}`);
    }
    return {};
  }

  private modelName(owner: string, className: string): string {
    let name = this.names.get(className);
    if (!name) {
      if (!this.models.has(className)) throw new Error(`unknown model ${className} in ${owner}`);
      const type = CLASS_NAME.exec(className)?.[3] ?? className;
      name = `${NEWER_TYPE_PACKAGES[className] ?? packageOf(owner)}.${type}`;
      this.names.set(className, name);
      this.classOf.set(name, className);
    }
    return name;
  }

  private refTo(name: string): JsonSchema {
    if (!this.schemas.has(name)) this.pending.push(name);
    return ref(name);
  }
}

/** Generates the component schemas of every served kind (and its list) plus what they refer to. */
export function generateSchemaBundle(
  served: readonly ServedGroupVersion[] = SERVED_GROUP_VERSIONS,
): SchemaBundle {
  const models = loadClientModels();
  const types = loadKubernetesTypes();
  const generator = new Generator(models, types, upstreamNames(models, types));
  const kinds = served.flatMap(({ groupVersion, kinds }) =>
    kinds
      .flatMap(({ kind, createOnly }) => (createOnly ? [kind] : [kind, `${kind}List`]))
      .map((kind) => ({
        groupVersion,
        kind,
        name: `${schemaPackage(groupVersion)}.${kind}`,
      })),
  );
  for (const name of [...kinds.map((k) => k.name), ...EXTRA_ROOTS].sort()) generator.add(name);
  for (const { groupVersion, kind, name } of kinds) {
    const { group, version } = splitGroupVersion(groupVersion);
    generator.tagKind(name, group, version, kind);
  }
  generator.checkExtensionsUsed();
  const schemas: Record<string, JsonSchema> = {};
  for (const name of [...generator.schemas.keys()].sort()) schemas[name] = generator.schemas.get(name)!;
  return {
    sources: {
      '@kubernetes/client-node': (require('@kubernetes/client-node/package.json') as { version: string })
        .version,
      'kubernetes-types': (require('kubernetes-types/package.json') as { version: string }).version,
    },
    schemas: sortKeys(schemas as Json) as Record<string, JsonSchema>,
  };
}

/** The committed text of schemas.generated.json for a bundle. */
export function serializeSchemaBundle(bundle: SchemaBundle): string {
  return `${JSON.stringify(sortKeys(bundle as unknown as Json), null, 1)}\n`;
}
