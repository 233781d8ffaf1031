import type { ListPatchMeta, PatchMetaLookup } from './strategic-merge-patch.ts';

const CONTAINER_LISTS = new Set(['containers', 'initContainers', 'ephemeralContainers']);

const BY_FIELD: Record<string, ListPatchMeta> = {
  containers: { mergeKey: 'name', strategy: 'merge' },
  initContainers: { mergeKey: 'name', strategy: 'merge' },
  ephemeralContainers: { mergeKey: 'name', strategy: 'merge' },
  env: { mergeKey: 'name', strategy: 'merge' },
  volumeMounts: { mergeKey: 'mountPath', strategy: 'merge' },
  volumeDevices: { mergeKey: 'devicePath', strategy: 'merge' },
  volumes: { mergeKey: 'name', strategy: 'merge,retainKeys' },
  imagePullSecrets: { mergeKey: 'name', strategy: 'merge' },
  hostAliases: { mergeKey: 'ip', strategy: 'merge' },
  topologySpreadConstraints: { mergeKey: 'topologyKey', strategy: 'merge' },
  resourceClaims: { mergeKey: 'name', strategy: 'merge,retainKeys' },
  finalizers: { strategy: 'merge' },
  ownerReferences: { mergeKey: 'uid', strategy: 'merge' },
  conditions: { mergeKey: 'type', strategy: 'merge' },
  taints: { mergeKey: 'key', strategy: 'merge' },
};

/**
 * The list merge keys of the built-in types (the `patchMergeKey`/`patchStrategy` struct tags of
 * k8s.io/api), by the list's field name and its parent.
 */
export function builtInPatchMeta(kind: string): PatchMetaLookup {
  return (path) => {
    const field = path[path.length - 1];
    if (field === undefined) return undefined;
    const parent = path[path.length - 2];
    if (field === 'ports') {
      if (parent && CONTAINER_LISTS.has(parent)) return { mergeKey: 'containerPort', strategy: 'merge' };
      if (kind === 'Service' && path.length === 2) return { mergeKey: 'port', strategy: 'merge' };
      return undefined;
    }
    if (field === 'taints' && kind !== 'Node') return undefined;
    return BY_FIELD[field];
  };
}
