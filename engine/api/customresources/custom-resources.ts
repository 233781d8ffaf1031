/**
 * The resources a CustomResourceDefinition serves: one definition per served version, named by the
 * CRD's accepted names, stored together in the storage version (apiextensions-apiserver crdHandler's
 * serving info, with the None conversion strategy).
 */
import type {
  CustomResourceDefinition,
  CustomResourceDefinitionVersion,
} from 'kubernetes-types/apiextensions/v1';
import type { JsonSchema } from '../openapi/schema-generator.ts';
import {
  apiVersionOf,
  type ResourceConversion,
  type ResourceDefinition,
  SCALE_SUBRESOURCE,
  STATUS_SUBRESOURCE,
  type SubresourceDefinition,
} from '../resources/resource.ts';
import type { KubeObject } from '../types.ts';
import {
  isConditionTrue,
  isNamespaced,
  printerColumnsOf,
  schemaOf,
  storageVersionOf,
  subresourcesOf,
} from './crd.ts';
import { customResourceCodec, customResourceStrategy } from './custom-resource-strategy.ts';
import { customResourcePrinter } from './printer-columns.ts';
import { isJsonObject, itemsSchema, type Schema } from './schema.ts';

/** The verbs discovery lists for custom resources, in crdHandler's order. */
export const CUSTOM_RESOURCE_VERBS = [
  'delete',
  'deletecollection',
  'get',
  'list',
  'patch',
  'create',
  'update',
  'watch',
];

const OBJECT_META_REF = '#/components/schemas/io.k8s.apimachinery.pkg.apis.meta.v1.ObjectMeta';

/** Whether the CRD's resources are served: names accepted, or established with earlier names. */
export function isServed(crd: CustomResourceDefinition): boolean {
  return isConditionTrue(crd, 'Established') || isConditionTrue(crd, 'NamesAccepted');
}

/**
 * The schema server-side apply types a version's objects with: the CRD schema, where fields that
 * keep unknown fields are left to their values' shapes, plus apiVersion, kind and ObjectMeta.
 */
function applySchemaOf(schema: Schema | undefined): JsonSchema {
  const convert = (node: Schema | undefined): JsonSchema => {
    if (!node) return {};
    if (node['x-kubernetes-preserve-unknown-fields'] === true) return { type: 'object' };
    const out: JsonSchema = {};
    for (const field of [
      'type',
      'x-kubernetes-list-type',
      'x-kubernetes-list-map-keys',
      'x-kubernetes-map-type',
    ]) {
      if (node[field] !== undefined) out[field] = node[field] as JsonSchema[string];
    }
    if (node['x-kubernetes-int-or-string'] === true) out['x-kubernetes-int-or-string'] = true;
    if (node.properties) {
      out.properties = Object.fromEntries(Object.entries(node.properties).map(([k, v]) => [k, convert(v)]));
    }
    const items = itemsSchema(node);
    if (items) out.items = convert(items);
    if (isJsonObject(node.additionalProperties))
      out.additionalProperties = convert(node.additionalProperties as Schema);
    return out;
  };
  if (!schema || schema['x-kubernetes-preserve-unknown-fields'] === true) return { type: 'object' };
  const root = convert(schema);
  root.properties = {
    ...((root.properties as Record<string, JsonSchema>) ?? {}),
    apiVersion: { type: 'string' },
    kind: { type: 'string' },
    metadata: { $ref: OBJECT_META_REF },
  };
  return root;
}

/** The value a selectable field's path gives an object: strings as they are, others formatted. */
function selectableValue(path: string): (object: KubeObject) => string {
  const keys = path.replace(/^\./, '').split('.');
  return (object) => {
    let value: unknown = object;
    for (const key of keys) {
      if (!isJsonObject(value)) return '';
      value = value[key];
    }
    if (typeof value === 'string') return value;
    if (typeof value === 'boolean' || typeof value === 'number') return String(value);
    return '';
  };
}

/** The None conversion strategy: objects move between versions by their apiVersion alone. */
function conversionFor(
  group: string,
  resource: string,
  version: string,
  storageVersion: string,
): ResourceConversion {
  const apiVersion = `${group}/${version}`;
  const storedAs = `${group}/${storageVersion}`;
  return {
    storage: { group, resource },
    toStorage: (object) => (object.apiVersion === storedAs ? object : { ...object, apiVersion: storedAs }),
    fromStorage: (object) => (object.apiVersion === apiVersion ? object : { ...object, apiVersion }),
  };
}

function definitionFor(
  crd: CustomResourceDefinition,
  version: CustomResourceDefinitionVersion,
  multiVersion: boolean,
): ResourceDefinition {
  const group = crd.spec.group;
  const resource = crd.spec.names.plural;
  const accepted = crd.status?.acceptedNames;
  const kind = accepted?.kind || crd.spec.names.kind;
  const listKind = accepted?.listKind || crd.spec.names.listKind || `${kind}List`;
  const schema = schemaOf(version);
  const subresources = subresourcesOf(version);
  const statusEnabled = subresources?.status !== undefined && subresources.status !== null;
  const scale = subresources?.scale ?? undefined;
  const subresourceList: SubresourceDefinition[] = [];
  if (scale) subresourceList.push(SCALE_SUBRESOURCE);
  if (statusEnabled) subresourceList.push(STATUS_SUBRESOURCE(kind));
  const codec = customResourceCodec(schema);
  const apiVersion = apiVersionOf({ group, version: version.name });
  const def: ResourceDefinition = {
    group,
    version: version.name,
    resource,
    singular: accepted?.singular || crd.spec.names.singular || kind.toLowerCase(),
    kind,
    namespaced: isNamespaced(crd),
    verbs: CUSTOM_RESOURCE_VERBS,
    ...(accepted?.shortNames?.length ? { shortNames: accepted.shortNames } : {}),
    ...(accepted?.categories?.length ? { categories: accepted.categories } : {}),
    subresources: subresourceList,
    strategy: customResourceStrategy({ kind, apiVersion, schema, statusSubresource: statusEnabled, scale }),
    ...(multiVersion
      ? { conversion: conversionFor(group, resource, version.name, storageVersionOf(crd)) }
      : {}),
    custom: {
      crdName: crd.metadata?.name ?? '',
      listKind,
      storageVersion: storageVersionOf(crd),
      decode: codec.decode,
      unknownFields: codec.unknownFields,
      applySchema: applySchemaOf(schema),
      ...(schema ? { schema: schema as JsonSchema } : {}),
      printer: customResourcePrinter(group, resource, printerColumnsOf(version)),
      ...(scale
        ? {
            scale: {
              specReplicasPath: scale.specReplicasPath,
              statusReplicasPath: scale.statusReplicasPath,
              ...(scale.labelSelectorPath ? { labelSelectorPath: scale.labelSelectorPath } : {}),
            },
          }
        : {}),
      selectableFields: new Map(
        (version.selectableFields ?? []).map((field) => [
          field.jsonPath.replace(/^\./, ''),
          selectableValue(field.jsonPath),
        ]),
      ),
      terminating: Boolean(crd.metadata?.deletionTimestamp),
    },
  };
  return def;
}

/** The definitions a CRD serves now: none until its names are accepted, one per served version. */
export function customResourceDefinitions(crd: CustomResourceDefinition): ResourceDefinition[] {
  if (!isServed(crd)) return [];
  const versions = crd.spec?.versions ?? [];
  const multiVersion = versions.length > 1;
  return versions.filter((v) => v.served).map((v) => definitionFor(crd, v, multiVersion));
}
