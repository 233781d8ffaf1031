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
