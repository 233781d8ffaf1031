import { compareKubeAwareVersions } from './kube-aware-version.ts';
import { apiVersionOf, type ResourceDefinition } from './resource.ts';

/**
 * Every resource type the engine serves. Lookups by path (group, version, plural), by kind and
 * by short name; registration rejects empty and duplicate entries at start-up. Built-in resources
 * are registered once; the resources of each CustomResourceDefinition come and go with it
 * (`setCustom`), listed after the built-ins as the aggregator lists CRD groups (priority 1000).
 */
export class ResourceRegistry {
  private readonly byPath = new Map<string, ResourceDefinition>();
  private readonly byKind = new Map<string, ResourceDefinition>();
  private readonly byGroupResource = new Map<string, ResourceDefinition>();
  private readonly groups = new Map<string, string[]>();
  private readonly ordered: ResourceDefinition[] = [];
  private readonly custom = new Map<string, readonly ResourceDefinition[]>();
  private customOrdered: ResourceDefinition[] = [];
  private customRevision = 0;

  constructor(definitions: Iterable<ResourceDefinition> = []) {
    for (const def of definitions) this.register(def);
  }

  register(def: ResourceDefinition): void {
    this.checkNew(def);
    this.index(def);
    this.ordered.push(def);
    const versions = this.groups.get(def.group) ?? [];
    if (!versions.includes(def.version)) versions.push(def.version);
    this.groups.set(def.group, versions);
  }

  /**
   * Serves `definitions` for the CustomResourceDefinition `owner` instead of what it served before
   * (nothing, to stop serving). Throws, changing nothing, if one clashes with another resource.
   */
  setCustom(owner: string, definitions: readonly ResourceDefinition[]): void {
    const previous = this.custom.get(owner) ?? [];
    for (const def of previous) this.unindex(def);
    try {
      const seen = new Set<string>();
      for (const def of definitions) {
        this.checkNew(def);
        const path = pathKey(def.group, def.version, def.resource);
        if (seen.has(path)) throw new Error(`resource registry: duplicate resource ${path}`);
        seen.add(path);
      }
    } catch (error) {
      for (const def of previous) this.index(def);
      throw error;
    }
    if (definitions.length > 0) this.custom.set(owner, definitions);
    else this.custom.delete(owner);
    for (const def of definitions) this.index(def);
    this.customOrdered = [...this.custom.values()]
      .flat()
      .sort((a, b) => (a.resource < b.resource ? -1 : a.resource > b.resource ? 1 : 0));
    this.customRevision++;
  }

  /** Goes up whenever the custom resources change (caches of derived documents key on it). */
  get revision(): number {
    return this.customRevision;
  }

  lookup(group: string, version: string, resource: string): ResourceDefinition | undefined {
    return this.byPath.get(pathKey(group, version, resource));
  }

  /** The definition of the kind named by an object's apiVersion and kind. */
  forKind(apiVersion: string, kind: string): ResourceDefinition | undefined {
    return this.byKind.get(`${apiVersion}/${kind}`);
  }

  /**
   * The definition stored under `group/resource` that the engine's own clients use: the first
   * registered built-in, or a custom resource's storage version.
   */
  forGroupResource(group: string, resource: string): ResourceDefinition | undefined {
    return this.byGroupResource.get(`${group}/${resource}`);
  }

  /**
   * Groups with their versions (preferred first): built-in groups in registration order, then
   * custom groups by name, their versions in Kubernetes version order.
   */
  groupVersions(): Array<{ group: string; versions: string[] }> {
    const out = [...this.groups.entries()].map(([group, versions]) => ({ group, versions: [...versions] }));
    const customGroups = new Map<string, Set<string>>();
    for (const def of this.customOrdered) {
      const versions = customGroups.get(def.group) ?? new Set<string>();
      versions.add(def.version);
      customGroups.set(def.group, versions);
    }
    for (const [group, versions] of [...customGroups].sort(([a], [b]) => (a < b ? -1 : 1))) {
      const sorted = [...versions].sort(compareKubeAwareVersions);
      const builtIn = out.find((entry) => entry.group === group);
      if (builtIn) builtIn.versions.push(...sorted.filter((v) => !builtIn.versions.includes(v)));
      else out.push({ group, versions: sorted });
    }
    return out;
  }

  /** The resources of a group version: built-ins in registration order, custom ones by name. */
  inGroupVersion(group: string, version: string): ResourceDefinition[] {
    return this.all().filter((def) => def.group === group && def.version === version);
  }

  all(): readonly ResourceDefinition[] {
    return this.customOrdered.length === 0 ? this.ordered : [...this.ordered, ...this.customOrdered];
  }

  private checkNew(def: ResourceDefinition): void {
    if (!def.resource || !def.kind || !def.version) {
      throw new Error(`resource registry: incomplete definition ${JSON.stringify(def.resource || def.kind)}`);
    }
    const path = pathKey(def.group, def.version, def.resource);
    if (this.byPath.has(path)) throw new Error(`resource registry: duplicate resource ${path}`);
    const kindKey = `${apiVersionOf(def)}/${def.kind}`;
    if (this.byKind.has(kindKey)) throw new Error(`resource registry: duplicate kind ${kindKey}`);
  }

  private index(def: ResourceDefinition): void {
    this.byPath.set(pathKey(def.group, def.version, def.resource), def);
    this.byKind.set(`${apiVersionOf(def)}/${def.kind}`, def);
    const groupResource = `${def.group}/${def.resource}`;
    const existing = this.byGroupResource.get(groupResource);
    const isStorage = def.custom !== undefined && def.custom.storageVersion === def.version;
    if (!existing || isStorage) this.byGroupResource.set(groupResource, def);
  }

  private unindex(def: ResourceDefinition): void {
    this.byPath.delete(pathKey(def.group, def.version, def.resource));
    this.byKind.delete(`${apiVersionOf(def)}/${def.kind}`);
    const groupResource = `${def.group}/${def.resource}`;
    if (this.byGroupResource.get(groupResource) === def) this.byGroupResource.delete(groupResource);
  }
}

function pathKey(group: string, version: string, resource: string): string {
  return `${group}/${version}/${resource}`;
}
