import { createHash } from 'node:crypto';
import type { ResourceRegistry } from '../resources/registry.ts';
import type { ResourceDefinition } from '../resources/resource.ts';

/** The Kubernetes version the engine reports: kubectl compares it with its own. */
export const SERVER_VERSION = {
  major: '1',
  minor: '32',
  gitVersion: 'v1.32.0',
  gitCommit: '70d3cc986aa8221cd1dfb1121852688902d3bf53',
  gitTreeState: 'clean',
  buildDate: '2024-12-11T17:59:15Z',
  goVersion: 'go1.23.3',
  compiler: 'gc',
  platform: 'linux/amd64',
};

export function apiVersions(serverAddress: string) {
  return {
    kind: 'APIVersions',
    versions: ['v1'],
    serverAddressByClientCIDRs: [{ clientCIDR: '0.0.0.0/0', serverAddress }],
  };
}

export function apiGroupList(resources: ResourceRegistry) {
  return {
    kind: 'APIGroupList',
    apiVersion: 'v1',
    groups: resources
      .groupVersions()
      .filter(({ group }) => group !== '')
      .map(({ group, versions }) => apiGroup(group, versions)),
  };
}

export function apiGroup(group: string, versions: string[]) {
  const list = versions.map((version) => ({ groupVersion: `${group}/${version}`, version }));
  return { kind: 'APIGroup', apiVersion: 'v1', name: group, versions: list, preferredVersion: list[0] };
}

/** The APIResourceList of one group version, subresources included, as `kubectl api-resources` reads it. */
export function apiResourceList(resources: ResourceRegistry, group: string, version: string) {
  const list: Array<Record<string, unknown>> = [];
  for (const def of resources.inGroupVersion(group, version)) {
    list.push(resourceEntry(def));
    for (const sub of def.subresources ?? []) {
      const entry: Record<string, unknown> = {
        name: `${def.resource}/${sub.name}`,
        singularName: '',
        namespaced: def.namespaced,
      };
      if (sub.group !== undefined) entry.group = sub.group;
      if (sub.version !== undefined) entry.version = sub.version;
      entry.kind = sub.kind;
      entry.verbs = sub.verbs;
      list.push(entry);
    }
  }
  // The apiextensions discovery controller sorts a custom group version's entries by name.
  if (list.length > 0 && resources.inGroupVersion(group, version).every((def) => def.custom)) {
    list.sort((a, b) => (String(a.name) < String(b.name) ? -1 : String(a.name) > String(b.name) ? 1 : 0));
  }
  const groupVersion = group ? `${group}/${version}` : version;
  return group
    ? { kind: 'APIResourceList', apiVersion: 'v1', groupVersion, resources: list }
    : { kind: 'APIResourceList', groupVersion, resources: list };
}

function resourceEntry(def: ResourceDefinition): Record<string, unknown> {
  const entry: Record<string, unknown> = {
    name: def.resource,
    singularName: def.singular || def.kind.toLowerCase(),
    namespaced: def.namespaced,
    kind: def.kind,
    verbs: def.verbs,
  };
  if (def.shortNames?.length) entry.shortNames = def.shortNames;
  if (def.categories?.length) entry.categories = def.categories;
  if (!def.virtual) entry.storageVersionHash = storageVersionHash(def);
  return entry;
}

function storageVersionHash(def: ResourceDefinition): string {
  const version = def.custom?.storageVersion ?? def.version;
  return createHash('sha256')
    .update(`${def.group}/${version}/${def.kind}`)
    .digest()
    .subarray(0, 8)
    .toString('base64');
}

/** The aggregated discovery versions the engine serves (apidiscovery.k8s.io). */
export type AggregatedDiscoveryVersion = 'v2' | 'v2beta1';

/**
 * Which answer `/api` or `/apis` owes a client (aggregated/wrapper.go): the aggregated
 * APIGroupDiscoveryList when the first Accept entry the server can serve asks for it, else the
 * legacy APIVersions or APIGroupList.
 */
export function negotiateDiscovery(accept: string | undefined): AggregatedDiscoveryVersion | undefined {
  for (const entry of (accept ?? '').split(',')) {
    const [type = '', ...rawParams] = entry.split(';').map((part) => part.trim());
    const params = new Map(rawParams.map((p) => p.split('=').map((s) => s.trim()) as [string, string]));
    const mediaType = type.toLowerCase();
    if (params.get('g') === 'apidiscovery.k8s.io' && params.get('as') === 'APIGroupDiscoveryList') {
      const version = params.get('v');
      if (mediaType === 'application/json' && (version === 'v2' || version === 'v2beta1')) return version;
      continue;
    }
    if (params.has('as') || params.has('g') || params.has('v')) continue;
    if (['application/json', 'application/*', '*/*', 'application/yaml'].includes(mediaType))
      return undefined;
    if (mediaType === 'application/vnd.kubernetes.protobuf') return undefined;
  }
  return undefined;
}

/** The Content-Type of an aggregated discovery answer. */
export function aggregatedDiscoveryContentType(version: AggregatedDiscoveryVersion): string {
  return `application/json;g=apidiscovery.k8s.io;v=${version};as=APIGroupDiscoveryList`;
}

interface GroupVersionKind {
  group: string;
  version: string;
  kind: string;
}

interface ResourceDiscovery {
  resource: string;
  responseKind: GroupVersionKind;
  scope: 'Namespaced' | 'Cluster';
  singularResource: string;
  verbs: string[];
  shortNames?: string[];
  categories?: string[];
  subresources?: Array<{ subresource: string; responseKind: GroupVersionKind; verbs: string[] }>;
}

/**
 * The APIGroupDiscoveryList of `/api` (prefix `api`: the core group) or `/apis` (every other
 * group, versions in preference order), built from the same APIResourceLists as the legacy
 * discovery and converted as endpoints/installer.go ConvertGroupVersionIntoToDiscovery does.
 */
export function aggregatedDiscovery(
  resources: ResourceRegistry,
  prefix: 'api' | 'apis',
  version: AggregatedDiscoveryVersion,
) {
  const groups = resources
    .groupVersions()
    .filter(({ group }) => (prefix === 'api' ? group === '' : group !== ''));
  return {
    kind: 'APIGroupDiscoveryList',
    apiVersion: `apidiscovery.k8s.io/${version}`,
    metadata: {},
    items: groups.map(({ group, versions }) => ({
      metadata: group ? { name: group, creationTimestamp: null } : { creationTimestamp: null },
      versions: versions.map((v) => ({
        version: v,
        resources: discoveryResources(apiResourceList(resources, group, v).resources),
        freshness: 'Current',
      })),
    })),
  };
}

function discoveryResources(list: Array<Record<string, unknown>>): ResourceDiscovery[] {
  const out: ResourceDiscovery[] = [];
  const parents = new Map<string, ResourceDiscovery>();
  const kindOf = (entry: Record<string, unknown>): GroupVersionKind => ({
    group: (entry.group as string | undefined) ?? '',
    version: (entry.version as string | undefined) ?? '',
    kind: (entry.kind as string | undefined) ?? '',
  });
  const scopeOf = (entry: Record<string, unknown>) => (entry.namespaced ? 'Namespaced' : 'Cluster');
  for (const entry of list) {
    const name = entry.name as string;
    if (name.includes('/')) continue;
    const resource: ResourceDiscovery = {
      resource: name,
      responseKind: kindOf(entry),
      scope: scopeOf(entry),
      singularResource: entry.singularName as string,
      verbs: entry.verbs as string[],
    };
    if (entry.shortNames) resource.shortNames = entry.shortNames as string[];
    if (entry.categories) resource.categories = entry.categories as string[];
    out.push(resource);
    parents.set(name, resource);
  }
  for (const entry of list) {
    const [parentName = '', subresource] = (entry.name as string).split(/\/(.*)/s);
    if (subresource === undefined) continue;
    let parent = parents.get(parentName);
    if (!parent) {
      parent = {
        resource: parentName,
        responseKind: { group: '', version: '', kind: '' },
        scope: scopeOf(entry),
        singularResource: '',
        verbs: [],
      };
      out.push(parent);
      parents.set(parentName, parent);
    }
    parent.subresources ??= [];
    parent.subresources.push({ subresource, responseKind: kindOf(entry), verbs: entry.verbs as string[] });
  }
  return out;
}
