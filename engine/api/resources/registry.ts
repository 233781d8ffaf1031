import { apiVersionOf, type ResourceDefinition } from './resource.ts';

/**
 * Every resource type the engine serves. Lookups by path (group, version, plural), by kind and
 * by short name; registration rejects empty and duplicate entries at start-up.
 */
export class ResourceRegistry {
  private readonly byPath = new Map<string, ResourceDefinition>();
  private readonly byKind = new Map<string, ResourceDefinition>();
  private readonly groups = new Map<string, string[]>();
  private readonly ordered: ResourceDefinition[] = [];

  constructor(definitions: Iterable<ResourceDefinition> = []) {
    for (const def of definitions) this.register(def);
  }

  register(def: ResourceDefinition): void {
    if (!def.resource || !def.kind || !def.version) {
      throw new Error(`resource registry: incomplete definition ${JSON.stringify(def.resource || def.kind)}`);
    }
    const path = pathKey(def.group, def.version, def.resource);
    if (this.byPath.has(path)) throw new Error(`resource registry: duplicate resource ${path}`);
    const kindKey = `${apiVersionOf(def)}/${def.kind}`;
    if (this.byKind.has(kindKey)) throw new Error(`resource registry: duplicate kind ${kindKey}`);
    this.byPath.set(path, def);
    this.byKind.set(kindKey, def);
    this.ordered.push(def);
    const versions = this.groups.get(def.group) ?? [];
    if (!versions.includes(def.version)) versions.push(def.version);
    this.groups.set(def.group, versions);
  }

  lookup(group: string, version: string, resource: string): ResourceDefinition | undefined {
    return this.byPath.get(pathKey(group, version, resource));
  }

  /** The definition of the kind named by an object's apiVersion and kind. */
  forKind(apiVersion: string, kind: string): ResourceDefinition | undefined {
    return this.byKind.get(`${apiVersion}/${kind}`);
  }

  /** Groups in registration order, each with its versions (preferred first). */
  groupVersions(): Array<{ group: string; versions: string[] }> {
    return [...this.groups.entries()].map(([group, versions]) => ({ group, versions }));
  }

  inGroupVersion(group: string, version: string): ResourceDefinition[] {
    return this.ordered.filter((def) => def.group === group && def.version === version);
  }

  all(): readonly ResourceDefinition[] {
    return this.ordered;
  }
}

function pathKey(group: string, version: string, resource: string): string {
  return `${group}/${version}/${resource}`;
}
