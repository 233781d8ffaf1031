/**
 * The OpenAPI v3 documents kubectl reads from `/openapi/v3` (explain, client-side apply patches, and the
 * check that the server supports `fieldValidation`), built from schemas.generated.json.
 */
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import type { Json, JsonSchema, SchemaBundle } from './schema-generator.ts';
import {
  groupVersionPath,
  SERVED_GROUP_VERSIONS,
  type ServedGroupVersion,
  type ServedKind,
  schemaPackage,
  splitGroupVersion,
} from './served-resources.ts';

export {
  type ResourceLike,
  SERVED_GROUP_VERSIONS,
  type ServedGroupVersion,
  type ServedKind,
  servedGroupVersions,
} from './served-resources.ts';

/** One group version document of `/openapi/v3`. */
export interface OpenApiV3Document {
  openapi: '3.0.0';
  info: { title: string; version: string };
  paths: Record<string, Json>;
  components: { schemas: Record<string, JsonSchema> };
}

/** The `/openapi/v3` index body. */
export interface OpenApiV3Index {
  paths: Record<string, { serverRelativeURL: string }>;
}

/** What an HTTP handler should send for a `/openapi/v3` request. */
export interface OpenApiV3Response {
  status: number;
  headers: Record<string, string>;
  body: string;
}

const SCHEMA_REF = '#/components/schemas/';
const META = 'io.k8s.apimachinery.pkg.apis.meta.v1';
const PATCH_TYPES = [
  'application/apply-patch+yaml',
  'application/json-patch+json',
  'application/merge-patch+json',
  'application/strategic-merge-patch+json',
];

let bundle: SchemaBundle | undefined;

/** The generated component schemas (read once). */
export function generatedSchemas(): Readonly<Record<string, JsonSchema>> {
  bundle ??= JSON.parse(
    readFileSync(new URL('./schemas.generated.json', import.meta.url), 'utf8'),
  ) as SchemaBundle;
  return bundle.schemas;
}

const query = (name: string, type: string, description: string): Json => ({
  description,
  in: 'query',
  name,
  schema: { type, uniqueItems: true },
});

const PARAMETERS = {
  continue: query(
    'continue',
    'string',
    'The continue option should be set when retrieving more results from the server. Since this value is server defined, clients may only use the continue value from a previous query result with identical query parameters (except for the value of continue) and the server may reject a continue value it does not recognize.',
  ),
  dryRun: query(
    'dryRun',
    'string',
    'When present, indicates that modifications should not be persisted. An invalid or unrecognized dryRun directive will result in an error response and no further processing of the request. Valid values are: - All: all dry run stages will be processed',
  ),
  fieldManager: query(
    'fieldManager',
    'string',
    'fieldManager is a name associated with the actor or entity that is making these changes. The value must be less than or 128 characters long, and only contain printable characters, as defined by https://golang.org/pkg/unicode/#IsPrint.',
  ),
  fieldSelector: query(
    'fieldSelector',
    'string',
    'A selector to restrict the list of returned objects by their fields. Defaults to everything.',
  ),
  fieldValidation: query(
    'fieldValidation',
    'string',
    'fieldValidation instructs the server on how to handle objects in the request (POST/PUT/PATCH) containing unknown or duplicate fields. Valid values are: - Ignore: This will ignore any unknown fields that are silently dropped from the object, and will ignore all but the last duplicate field that the decoder encounters. This is the default behavior prior to v1.23. - Warn: This will send a warning via the standard warning response header for each unknown field that is dropped from the object, and for each duplicate field that is encountered. The request will still succeed if there are no other errors, and will only persist the last of any duplicate fields. This is the default in v1.23+ - Strict: This will fail the request with a BadRequest error if any unknown fields would be dropped from the object, or if any duplicate fields are present. The error returned from the server will contain all unknown and duplicate fields encountered.',
  ),
  force: query(
    'force',
    'boolean',
    'Force is going to "force" Apply requests. It means user will re-acquire conflicting fields owned by other people. Force flag must be unset for non-apply patch requests.',
  ),
  labelSelector: query(
    'labelSelector',
    'string',
    'A selector to restrict the list of returned objects by their labels. Defaults to everything.',
  ),
  limit: query(
    'limit',
    'integer',
    'limit is a maximum number of responses to return for a list call. If more items exist, the server will set the `continue` field on the list metadata to a value that can be used with the same initial query to retrieve the next set of results.',
  ),
  pretty: query('pretty', 'string', "If 'true', then the output is pretty printed."),
  resourceVersion: query(
    'resourceVersion',
    'string',
    'resourceVersion sets a constraint on what resource versions a request may be served from. See https://kubernetes.io/docs/reference/using-api/api-concepts/#resource-versions for details.\n\nDefaults to unset',
  ),
  timeoutSeconds: query(
    'timeoutSeconds',
    'integer',
    'Timeout for the list/watch call. This limits the duration of the call, regardless of any activity or inactivity.',
  ),
  watch: query(
    'watch',
    'boolean',
    'Watch for changes to the described resources and return them as a stream of add, update, and remove notifications. Specify resourceVersion.',
  ),
} satisfies Record<string, Json>;

const pathParameter = (name: string, description: string): Json => ({
  description,
  in: 'path',
  name,
  required: true,
  schema: { type: 'string', uniqueItems: true },
});

const content = (schemaName: string, types: readonly string[]): Json =>
  Object.fromEntries(types.map((type) => [type, { schema: { $ref: `${SCHEMA_REF}${schemaName}` } }]));

const responses = (schemaName: string, codes: Record<string, string>): Json =>
  Object.fromEntries(
    Object.entries(codes).map(([code, description]) => [
      code,
      { content: content(schemaName, ['application/json', 'application/yaml']), description },
    ]),
  );

/** `rbac.authorization.k8s.io` + `v1` → `RbacAuthorizationV1`; core → `CoreV1`. */
function operationGroup(group: string, version: string): string {
  const words = group === '' ? ['core'] : group.replace(/\.k8s\.io$/, '').split('.');
  return (
    words.map((w) => w[0]!.toUpperCase() + w.slice(1)).join('') + version[0]!.toUpperCase() + version.slice(1)
  );
}

/** `rbac.authorization.k8s.io` + `v1` → `rbacAuthorization_v1`; core → `core_v1`. */
function operationTag(group: string, version: string): string {
  const name = operationGroup(group, version).slice(0, -version.length);
  return `${name[0]!.toLowerCase()}${name.slice(1)}_${version}`;
}

/** The paths of one kind, shaped like kube-apiserver's (a subset of parameters and content types). */
function kindPaths(groupVersion: string, served: ServedKind): Record<string, Json> {
  const { group, version } = splitGroupVersion(groupVersion);
  const { kind, resource, namespaced } = served;
  const schema = served.schema ?? `${schemaPackage(groupVersion)}.${kind}`;
  const listSchema = served.listSchema ?? `${schema}List`;
  const gvk = { group, kind, version };
  const id = operationGroup(group, version) + (namespaced ? 'Namespaced' : '') + kind;
  const base = `/${groupVersionPath(groupVersion)}${namespaced ? '/namespaces/{namespace}' : ''}/${resource}`;
  const namespaceParam = namespaced
    ? [pathParameter('namespace', 'object name and auth scope, such as for teams and projects')]
    : [];
  const operation = (
    action: string,
    operationId: string,
    description: string,
    body: Record<string, Json>,
  ): Json => ({
    description,
    operationId,
    ...body,
    tags: [operationTag(group, version)],
    'x-kubernetes-action': action,
    'x-kubernetes-group-version-kind': gvk,
  });
  const writeParameters = [PARAMETERS.dryRun, PARAMETERS.fieldManager, PARAMETERS.fieldValidation];
  const create = operation('post', `create${id}`, `create ${article(kind)} ${kind}`, {
    parameters: writeParameters,
    requestBody: { content: content(schema, ['*/*']), required: true },
    responses: responses(schema, { '200': 'OK', '201': 'Created', '202': 'Accepted' }),
  });
  if (served.createOnly) {
    return { [base]: { parameters: [...namespaceParam, PARAMETERS.pretty], post: create } };
  }
  const listParameters = [
    PARAMETERS.continue,
    PARAMETERS.fieldSelector,
    PARAMETERS.labelSelector,
    PARAMETERS.limit,
    PARAMETERS.resourceVersion,
    PARAMETERS.timeoutSeconds,
    PARAMETERS.watch,
  ];
  const list = (operationId: string): Json =>
    operation('list', operationId, `list or watch objects of kind ${kind}`, {
      parameters: listParameters,
      responses: responses(listSchema, { '200': 'OK' }),
    });
  const paths: Record<string, Json> = {
    [base]: { get: list(`list${id}`), parameters: [...namespaceParam, PARAMETERS.pretty], post: create },
    [`${base}/{name}`]: {
      delete: operation('delete', `delete${id}`, `delete ${article(kind)} ${kind}`, {
        parameters: [PARAMETERS.dryRun],
        requestBody: { content: content(`${META}.DeleteOptions`, ['*/*']) },
        responses: responses(`${META}.Status`, { '200': 'OK', '202': 'Accepted' }),
      }),
      get: operation('get', `read${id}`, `read the specified ${kind}`, {
        responses: responses(schema, { '200': 'OK' }),
      }),
      parameters: [pathParameter('name', `name of the ${kind}`), ...namespaceParam, PARAMETERS.pretty],
      patch: operation('patch', `patch${id}`, `partially update the specified ${kind}`, {
        parameters: [...writeParameters, PARAMETERS.force],
        requestBody: { content: content(`${META}.Patch`, served.patchTypes ?? PATCH_TYPES), required: true },
        responses: responses(schema, { '200': 'OK', '201': 'Created' }),
      }),
      put: operation('put', `replace${id}`, `replace the specified ${kind}`, {
        parameters: writeParameters,
        requestBody: { content: content(schema, ['*/*']), required: true },
        responses: responses(schema, { '200': 'OK', '201': 'Created' }),
      }),
    },
  };
  if (namespaced) {
    paths[`/${groupVersionPath(groupVersion)}/${resource}`] = {
      get: list(`list${operationGroup(group, version)}${kind}ForAllNamespaces`),
      parameters: [PARAMETERS.pretty],
    };
  }
  return paths;
}

function article(kind: string): string {
  return /^[AEIOU]/.test(kind) ? 'an' : 'a';
}

/** Every schema name `value` refers to, directly or through the schemas it refers to. */
function referencedSchemas(value: Json, schemas: Readonly<Record<string, JsonSchema>>): string[] {
  const found = new Set<string>();
  const visit = (node: Json): void => {
    if (Array.isArray(node)) {
      node.forEach(visit);
    } else if (node !== null && typeof node === 'object') {
      const target = node.$ref;
      if (typeof target === 'string' && target.startsWith(SCHEMA_REF)) {
        const name = target.slice(SCHEMA_REF.length);
        if (!found.has(name)) {
          found.add(name);
          const schema = schemas[name];
          if (!schema) throw new Error(`schema ${name} is not generated`);
          visit(schema);
        }
      }
      for (const child of Object.values(node)) visit(child);
    }
  };
  visit(value);
  return [...found].sort();
}

function sortKeys(value: Json): Json {
  if (Array.isArray(value)) return value.map(sortKeys);
  if (value === null || typeof value !== 'object') return value;
  return Object.fromEntries(
    Object.keys(value)
      .sort()
      .map((key) => [key, sortKeys(value[key]!)]),
  );
}

interface BuiltDocument {
  document: OpenApiV3Document;
  json: string;
  hash: string;
}

const built = new WeakMap<readonly ServedGroupVersion[], Map<string, BuiltDocument | undefined>>();

/**
 * The document of a group version whose kinds' schemas are given rather than generated (custom
 * resources): their paths, their schemas and every generated schema they refer to.
 */
export function buildOpenApiV3Document(
  groupVersion: string,
  kinds: readonly ServedKind[],
  kindSchemas: Readonly<Record<string, JsonSchema>>,
  info: { title: string; version: string },
): { json: string; hash: string } {
  const all = { ...generatedSchemas(), ...kindSchemas };
  const paths: Record<string, Json> = {};
  for (const kind of kinds) Object.assign(paths, kindPaths(groupVersion, kind));
  const schemas: Record<string, JsonSchema> = {};
  for (const name of referencedSchemas(paths as Json, all)) schemas[name] = all[name]!;
  const document = sortKeys({ components: { schemas }, info, openapi: '3.0.0', paths } as unknown as Json);
  const json = JSON.stringify(document);
  return { json, hash: openApiV3Hash(json) };
}

function buildDocument(path: string, served: readonly ServedGroupVersion[]): BuiltDocument | undefined {
  const entry = served.find((gv) => groupVersionPath(gv.groupVersion) === path);
  if (!entry) return undefined;
  const all = generatedSchemas();
  const pkg = schemaPackage(entry.groupVersion);
  const paths: Record<string, Json> = {};
  for (const kind of entry.kinds) {
    // Kinds the generator was not run for have no schema to describe them.
    if (!all[`${pkg}.${kind.kind}`] || (!kind.createOnly && !all[`${pkg}.${kind.kind}List`])) continue;
    Object.assign(paths, kindPaths(entry.groupVersion, kind));
  }
  // A group version with nothing to describe stays out of the index, as custom resources do upstream:
  // kubectl then falls back to the Namespace document to learn that fieldValidation is supported.
  if (Object.keys(paths).length === 0) return undefined;
  const schemas: Record<string, JsonSchema> = {};
  for (const name of referencedSchemas(paths as Json, all)) schemas[name] = all[name]!;
  const document = sortKeys({
    components: { schemas },
    info: { title: 'Kubernetes', version: 'unversioned' },
    openapi: '3.0.0',
    paths,
  } as unknown as Json) as unknown as OpenApiV3Document;
  const json = JSON.stringify(document);
  return { document, json, hash: openApiV3Hash(json) };
}

function cachedDocument(path: string, served: readonly ServedGroupVersion[]): BuiltDocument | undefined {
  let cache = built.get(served);
  if (!cache) {
    cache = new Map();
    built.set(served, cache);
  }
  if (!cache.has(path)) cache.set(path, buildDocument(path, served));
  return cache.get(path);
}

/** kube-openapi's ETag and `hash` query value: the upper-case hex SHA-512 of the served JSON bytes. */
export function openApiV3Hash(json: string): string {
  return createHash('sha512').update(json).digest('hex').toUpperCase();
}

/**
 * The `/openapi/v3` index for the given group versions (`v1`, `apps/v1`, …; default: every group version
 * of `served`), each pointing at its document with the document's hash.
 */
export function openApiV3Index(
  groupVersions?: readonly string[],
  served: readonly ServedGroupVersion[] = SERVED_GROUP_VERSIONS,
): OpenApiV3Index {
  const paths: OpenApiV3Index['paths'] = {};
  const listed = groupVersions ?? served.map((gv) => gv.groupVersion);
  for (const path of listed.map(groupVersionPath).sort()) {
    const doc = cachedDocument(path, served);
    if (doc) paths[path] = { serverRelativeURL: `/openapi/v3/${path}?hash=${doc.hash}` };
  }
  return { paths };
}

/** The document for `api/v1` or `apis/<group>/<version>`, or undefined when that group version is not served. */
export function openApiV3Document(
  path: string,
  served: readonly ServedGroupVersion[] = SERVED_GROUP_VERSIONS,
): OpenApiV3Document | undefined {
  return cachedDocument(path, served)?.document;
}

/** The exact JSON text of a document, whose SHA-512 is the index's hash. */
export function openApiV3DocumentJson(
  path: string,
  served: readonly ServedGroupVersion[] = SERVED_GROUP_VERSIONS,
): string | undefined {
  return cachedDocument(path, served)?.json;
}

const notFound: OpenApiV3Response = {
  status: 404,
  headers: { 'Content-Type': 'text/plain; charset=utf-8', 'X-Content-Type-Options': 'nosniff' },
  body: '404 page not found\n',
};

/**
 * The response kube-apiserver's OpenAPI v3 handler gives for `GET <pathname>?<search>`
 * (k8s.io/kube-openapi pkg/handler3): the index, or a document with its ETag; a stale `hash` is
 * redirected (301) to the current one, a matching one makes the response cacheable for a year.
 * Undefined for paths outside /openapi/v3.
 */
export function openApiV3Response(
  pathname: string,
  search: URLSearchParams,
  options: {
    accept?: string;
    now?: Date;
    groupVersions?: readonly string[];
    served?: readonly ServedGroupVersion[];
    /** Documents built elsewhere (custom resources), by index path (`apis/stable.example.com/v1`). */
    extra?: ReadonlyMap<string, { json: string; hash: string }>;
  } = {},
): OpenApiV3Response | undefined {
  const served = options.served ?? SERVED_GROUP_VERSIONS;
  const groupVersions = options.groupVersions ?? served.map((gv) => gv.groupVersion);
  const extra = options.extra ?? new Map<string, { json: string; hash: string }>();
  if (pathname === '/openapi/v3' || pathname === '/openapi/v3/') {
    const index = openApiV3Index(groupVersions, served);
    for (const [path, doc] of extra) {
      index.paths[path] ??= { serverRelativeURL: `/openapi/v3/${path}?hash=${doc.hash}` };
    }
    index.paths = Object.fromEntries(Object.entries(index.paths).sort(([a], [b]) => (a < b ? -1 : 1)));
    const body = JSON.stringify(index);
    return {
      status: 200,
      headers: { 'Content-Type': 'application/json', Etag: `"${openApiV3Hash(body)}"` },
      body,
    };
  }
  if (!pathname.startsWith('/openapi/v3/')) return undefined;
  const path = pathname.slice('/openapi/v3/'.length);
  const listed = groupVersions.map(groupVersionPath).includes(path);
  const doc = (listed ? cachedDocument(path, served) : undefined) ?? extra.get(path);
  if (!doc) return notFound;
  const accept = options.accept ?? '*/*';
  if (!/(^|[\s,])(\*\/\*|application\/\*|application\/json)(\s*[;,]|\s*$)/.test(accept)) {
    return { status: 406, headers: { Vary: 'Accept' }, body: '' };
  }
  const hash = search.get('hash');
  if (hash && hash !== doc.hash) {
    const location = `/openapi/v3/${path}?hash=${doc.hash}`;
    return { status: 301, headers: { Location: location, Vary: 'Accept' }, body: '' };
  }
  const headers: Record<string, string> = {
    'Content-Type': 'application/json',
    Etag: `"${doc.hash}"`,
    Vary: 'Accept',
  };
  if (hash) {
    const expires = new Date(options.now ?? Date.now());
    expires.setUTCFullYear(expires.getUTCFullYear() + 1);
    headers['Cache-Control'] = 'public, immutable';
    headers.Expires = expires.toUTCString();
  }
  return { status: 200, headers, body: doc.json };
}
