/**
 * The OpenAPI v3 documents of custom resource group versions, after apiextensions-apiserver
 * controller/openapi/builder: each kind's schema is its CRD version's openAPIV3Schema with
 * apiVersion, kind and ObjectMeta added and `x-kubernetes-group-version-kind` set, beside a list
 * schema, under paths whose PATCH takes no strategic merge patch. kubectl explains custom resources
 * and checks server-side field validation from these.
 */
import { buildOpenApiV3Document, generatedSchemas } from '../openapi/openapi.ts';
import type { Json, JsonSchema } from '../openapi/schema-generator.ts';
import type { ServedKind } from '../openapi/served-resources.ts';
import type { ResourceRegistry } from '../resources/registry.ts';
import type { ResourceDefinition } from '../resources/resource.ts';
import { isJsonObject } from './schema.ts';

export const CUSTOM_RESOURCE_PATCH_TYPES = [
  'application/json-patch+json',
  'application/merge-patch+json',
  'application/apply-patch+yaml',
] as const;

const META = '#/components/schemas/io.k8s.apimachinery.pkg.apis.meta.v1.';
const OBJECT_METADATA_DOC =
  "Standard object's metadata. More info: https://git.k8s.io/community/contributors/devel/sig-architecture/api-conventions.md#metadata";
const LIST_METADATA_DOC =
  'Standard list metadata. More info: https://git.k8s.io/community/contributors/devel/sig-architecture/api-conventions.md#types-kinds';

export interface OpenApiDocument {
  json: string;
  hash: string;
}

/** util.ToRESTFriendlyName of `group/version.Kind`: `com.example.stable.v1.CronTab`. */
export function customSchemaName(group: string, version: string, kind: string): string {
  return `${group.split('.').reverse().join('.')}.${version}.${kind}`;
}

/** TypeMeta's apiVersion and kind properties, as every kind's schema has them. */
function typeMetaProperties(): Record<string, JsonSchema> {
  const crd =
    generatedSchemas()['io.k8s.apiextensions-apiserver.pkg.apis.apiextensions.v1.CustomResourceDefinition'];
  const properties = (crd?.properties ?? {}) as Record<string, JsonSchema>;
  return {
    apiVersion: properties.apiVersion ?? { type: 'string' },
    kind: properties.kind ?? { type: 'string' },
  };
}

/** Structural.Unfold: int-or-string fields also say so with anyOf, as OpenAPI readers expect. */
function unfold(node: Json): Json {
  if (Array.isArray(node)) return node.map(unfold);
  if (!isJsonObject(node)) return node;
  const out: Record<string, Json> = {};
  for (const [key, value] of Object.entries(node)) {
    if (key === 'properties' && isJsonObject(value)) {
      out[key] = Object.fromEntries(Object.entries(value).map(([k, v]) => [k, unfold(v as Json)]));
    } else if (key === 'items' || key === 'additionalProperties' || key === 'not') {
      out[key] = unfold(value as Json);
    } else if ((key === 'allOf' || key === 'anyOf' || key === 'oneOf') && Array.isArray(value)) {
      out[key] = value.map((v) => unfold(v as Json));
    } else {
      out[key] = value as Json;
    }
  }
  if (out['x-kubernetes-int-or-string'] === true && out.anyOf === undefined && out.allOf === undefined) {
    out.anyOf = [{ type: 'integer' }, { type: 'string' }];
  }
  return out;
}

function kindSchema(def: ResourceDefinition): JsonSchema {
  const gvk = [{ group: def.group, kind: def.kind, version: def.version }];
  const source = def.custom?.schema;
  if (!source) return { type: 'object', 'x-kubernetes-group-version-kind': gvk };
  const schema = unfold(structuredClone(source) as Json) as JsonSchema;
  schema.properties = {
    ...((schema.properties as Record<string, JsonSchema>) ?? {}),
    metadata: { $ref: `${META}ObjectMeta`, description: OBJECT_METADATA_DOC },
    ...typeMetaProperties(),
  };
  schema['x-kubernetes-group-version-kind'] = gvk;
  return schema;
}

function listSchema(def: ResourceDefinition, itemName: string): JsonSchema {
  const listKind = def.custom?.listKind ?? `${def.kind}List`;
  return {
    description: `${listKind} is a list of ${def.kind}`,
    properties: {
      ...typeMetaProperties(),
      items: {
        description: `List of ${def.resource}. More info: https://git.k8s.io/community/contributors/devel/sig-architecture/api-conventions.md`,
        items: { $ref: `#/components/schemas/${itemName}` },
        type: 'array',
      },
      metadata: { $ref: `${META}ListMeta`, description: LIST_METADATA_DOC },
    },
    required: ['items'],
    'x-kubernetes-group-version-kind': [{ group: def.group, kind: listKind, version: def.version }],
  };
}

function buildDocuments(resources: ResourceRegistry): Map<string, OpenApiDocument> {
  const byGroupVersion = new Map<string, ResourceDefinition[]>();
  for (const def of resources.all()) {
    if (!def.custom) continue;
    const key = `${def.group}/${def.version}`;
    byGroupVersion.set(key, [...(byGroupVersion.get(key) ?? []), def]);
  }
  const documents = new Map<string, OpenApiDocument>();
  for (const [groupVersion, defs] of byGroupVersion) {
    const schemas: Record<string, JsonSchema> = {};
    const kinds: ServedKind[] = defs.map((def) => {
      const name = customSchemaName(def.group, def.version, def.kind);
      const listName = customSchemaName(def.group, def.version, def.custom?.listKind ?? `${def.kind}List`);
      schemas[name] = kindSchema(def);
      schemas[listName] = listSchema(def, name);
      return {
        kind: def.kind,
        resource: def.resource,
        namespaced: def.namespaced,
        schema: name,
        listSchema: listName,
        patchTypes: CUSTOM_RESOURCE_PATCH_TYPES,
      };
    });
    const info = { title: 'Kubernetes CRD Swagger', version: 'v0.1.0' };
    documents.set(`apis/${groupVersion}`, buildOpenApiV3Document(groupVersion, kinds, schemas, info));
  }
  return documents;
}

const cache = new WeakMap<ResourceRegistry, { revision: number; documents: Map<string, OpenApiDocument> }>();

/** The `/openapi/v3` documents of the custom resources `resources` serves now, by index path. */
export function customResourceOpenApiDocuments(
  resources: ResourceRegistry,
): ReadonlyMap<string, OpenApiDocument> {
  const cached = cache.get(resources);
  if (cached && cached.revision === resources.revision) return cached.documents;
  const documents = buildDocuments(resources);
  cache.set(resources, { revision: resources.revision, documents });
  return documents;
}
