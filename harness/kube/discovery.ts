/** An HTTP answer as the client received it. */
export interface RawResponse {
  status: number;
  body: string;
  headers: Record<string, string | string[] | undefined>;
}

export interface ResourceInfo {
  group: string;
  version: string;
  resource: string;
  kind: string;
  namespaced: boolean;
  shortNames: string[];
}

interface ApiResourceList {
  groupVersion: string;
  resources: Array<{ name: string; kind: string; namespaced: boolean; shortNames?: string[] }>;
}

/** Group versions every Kubernetes 1.32 API server serves the same way. */
const BUILT_IN_GROUP_VERSIONS = new Set([
  'v1',
  'apps/v1',
  'batch/v1',
  'rbac.authorization.k8s.io/v1',
  'networking.k8s.io/v1',
  'policy/v1',
  'autoscaling/v2',
  'storage.k8s.io/v1',
  'coordination.k8s.io/v1',
  'scheduling.k8s.io/v1',
  'discovery.k8s.io/v1',
  'events.k8s.io/v1',
  'authorization.k8s.io/v1',
  'authentication.k8s.io/v1',
]);

/** Where resource names are looked up first, in kubectl's order of preference. */
const SEARCHED_FIRST = [
  'v1',
  'apps/v1',
  'batch/v1',
  'rbac.authorization.k8s.io/v1',
  'networking.k8s.io/v1',
  'policy/v1',
  'autoscaling/v2',
  'storage.k8s.io/v1',
  'coordination.k8s.io/v1',
  'scheduling.k8s.io/v1',
];

export type DiscoveryCache = Map<string, Promise<ResourceInfo[]>>;

/**
 * Kind → resource mapping from the cluster's discovery documents, fetched once per group
 * version. Clusters known to serve the same built-in API (every bundled engine) may share a
 * cache for the built-in group versions; other groups (custom resources) stay per cluster.
 */
export class Discovery {
  private readonly byGroupVersion: DiscoveryCache = new Map();

  constructor(
    private readonly get: (path: string) => Promise<RawResponse>,
    private readonly builtInCache?: DiscoveryCache,
  ) {}

  async resource(apiVersion: string, kind: string): Promise<ResourceInfo> {
    const resources = await this.groupVersion(apiVersion);
    const found = resources.find((r) => r.kind === kind);
    if (!found) throw new Error(`the cluster does not serve kind ${kind} in ${apiVersion}`);
    return found;
  }

  /**
   * A resource by plural name, singular kind or short name (`po`, `pod`, `pods`, `deploy`): the
   * built-in groups first, then every other group the cluster lists (custom resources, at their
   * preferred version), as kubectl's REST mapper finds them.
   */
  async resourceByName(name: string): Promise<ResourceInfo> {
    const lower = name.toLowerCase();
    const matches = (r: ResourceInfo) =>
      r.resource === lower || r.kind.toLowerCase() === lower || r.shortNames.includes(lower);
    for (const apiVersion of SEARCHED_FIRST) {
      const found = (await this.groupVersionOrNone(apiVersion)).find(matches);
      if (found) return found;
    }
    for (const apiVersion of await this.otherGroupVersions()) {
      const found = (await this.groupVersionOrNone(apiVersion)).find(matches);
      if (found) return found;
    }
    throw new Error(`the cluster has no resource type "${name}"`);
  }

  private async groupVersionOrNone(apiVersion: string): Promise<ResourceInfo[]> {
    try {
      return await this.groupVersion(apiVersion);
    } catch {
      return [];
    }
  }

  /** The preferred versions of the groups `/apis` lists beyond those searched first. */
  private async otherGroupVersions(): Promise<string[]> {
    const response = await this.get('/apis').catch(() => undefined);
    if (response?.status !== 200) return [];
    const list = JSON.parse(response.body) as {
      groups?: Array<{ preferredVersion?: { groupVersion?: string } }>;
    };
    return (list.groups ?? [])
      .map((group) => group.preferredVersion?.groupVersion ?? '')
      .filter((groupVersion) => groupVersion !== '' && !SEARCHED_FIRST.includes(groupVersion));
  }

  private groupVersion(apiVersion: string): Promise<ResourceInfo[]> {
    const cache =
      this.builtInCache && BUILT_IN_GROUP_VERSIONS.has(apiVersion) ? this.builtInCache : this.byGroupVersion;
    let pending = cache.get(apiVersion);
    if (!pending) {
      pending = this.fetch(apiVersion);
      pending.catch(() => cache.delete(apiVersion));
      cache.set(apiVersion, pending);
    }
    return pending;
  }

  private async fetch(apiVersion: string): Promise<ResourceInfo[]> {
    const path = apiVersion.includes('/') ? `/apis/${apiVersion}` : `/api/${apiVersion}`;
    const response = await this.get(path);
    if (response.status !== 200)
      throw new Error(`discovery of ${apiVersion} failed: HTTP ${response.status}`);
    const list = JSON.parse(response.body) as ApiResourceList;
    const [group, version] = apiVersion.includes('/') ? apiVersion.split('/') : ['', apiVersion];
    return list.resources
      .filter((r) => !r.name.includes('/'))
      .map((r) => ({
        group: group!,
        version: version!,
        resource: r.name,
        kind: r.kind,
        namespaced: r.namespaced,
        shortNames: r.shortNames ?? [],
      }));
  }
}
