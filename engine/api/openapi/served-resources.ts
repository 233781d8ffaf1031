/** One resource of a group version, as the OpenAPI paths describe it. */
export interface ServedKind {
  kind: string;
  /** Plural resource name used in the URL path (`pods`). */
  resource: string;
  namespaced: boolean;
  /** Only `create` is served (access and token reviews); such kinds get no list, get, put, patch or delete. */
  createOnly?: boolean;
  /** Component schema names, for kinds not named after their Go package (custom resources). */
  schema?: string;
  listSchema?: string;
  /** The PATCH media types, when not all four (custom resources take no strategic merge patch). */
  patchTypes?: readonly string[];
}

/** A group version (`v1`, `apps/v1`) and the kinds it serves. */
export interface ServedGroupVersion {
  groupVersion: string;
  kinds: readonly ServedKind[];
}

const ns = (kind: string, resource: string): ServedKind => ({ kind, resource, namespaced: true });
const cluster = (kind: string, resource: string): ServedKind => ({ kind, resource, namespaced: false });
const createOnly = (kind: string, resource: string, namespaced = false): ServedKind => ({
  kind,
  resource,
  namespaced,
  createOnly: true,
});

/** The group versions and kinds the bundled engine serves, in discovery order. */
export const SERVED_GROUP_VERSIONS: readonly ServedGroupVersion[] = [
  {
    groupVersion: 'v1',
    kinds: [
      createOnly('Binding', 'bindings', true),
      ns('ConfigMap', 'configmaps'),
      ns('Endpoints', 'endpoints'),
      ns('Event', 'events'),
      ns('LimitRange', 'limitranges'),
      cluster('Namespace', 'namespaces'),
      cluster('Node', 'nodes'),
      ns('PersistentVolumeClaim', 'persistentvolumeclaims'),
      cluster('PersistentVolume', 'persistentvolumes'),
      ns('Pod', 'pods'),
      ns('PodTemplate', 'podtemplates'),
      ns('ReplicationController', 'replicationcontrollers'),
      ns('ResourceQuota', 'resourcequotas'),
      ns('Secret', 'secrets'),
      ns('ServiceAccount', 'serviceaccounts'),
      ns('Service', 'services'),
    ],
  },
  {
    groupVersion: 'apps/v1',
    kinds: [
      ns('ControllerRevision', 'controllerrevisions'),
      ns('DaemonSet', 'daemonsets'),
      ns('Deployment', 'deployments'),
      ns('ReplicaSet', 'replicasets'),
      ns('StatefulSet', 'statefulsets'),
    ],
  },
  { groupVersion: 'batch/v1', kinds: [ns('CronJob', 'cronjobs'), ns('Job', 'jobs')] },
  { groupVersion: 'autoscaling/v2', kinds: [ns('HorizontalPodAutoscaler', 'horizontalpodautoscalers')] },
  { groupVersion: 'policy/v1', kinds: [ns('PodDisruptionBudget', 'poddisruptionbudgets')] },
  {
    groupVersion: 'rbac.authorization.k8s.io/v1',
    kinds: [
      cluster('ClusterRoleBinding', 'clusterrolebindings'),
      cluster('ClusterRole', 'clusterroles'),
      ns('RoleBinding', 'rolebindings'),
      ns('Role', 'roles'),
    ],
  },
  {
    groupVersion: 'networking.k8s.io/v1',
    kinds: [
      cluster('IngressClass', 'ingressclasses'),
      ns('Ingress', 'ingresses'),
      ns('NetworkPolicy', 'networkpolicies'),
    ],
  },
  {
    groupVersion: 'storage.k8s.io/v1',
    kinds: [
      cluster('CSIDriver', 'csidrivers'),
      cluster('CSINode', 'csinodes'),
      cluster('StorageClass', 'storageclasses'),
      cluster('VolumeAttachment', 'volumeattachments'),
    ],
  },
  { groupVersion: 'coordination.k8s.io/v1', kinds: [ns('Lease', 'leases')] },
  { groupVersion: 'discovery.k8s.io/v1', kinds: [ns('EndpointSlice', 'endpointslices')] },
  { groupVersion: 'events.k8s.io/v1', kinds: [ns('Event', 'events')] },
  {
    groupVersion: 'authorization.k8s.io/v1',
    kinds: [
      createOnly('LocalSubjectAccessReview', 'localsubjectaccessreviews', true),
      createOnly('SelfSubjectAccessReview', 'selfsubjectaccessreviews'),
      createOnly('SelfSubjectRulesReview', 'selfsubjectrulesreviews'),
      createOnly('SubjectAccessReview', 'subjectaccessreviews'),
    ],
  },
  {
    groupVersion: 'authentication.k8s.io/v1',
    kinds: [createOnly('SelfSubjectReview', 'selfsubjectreviews'), createOnly('TokenReview', 'tokenreviews')],
  },
  {
    groupVersion: 'apiextensions.k8s.io/v1',
    kinds: [cluster('CustomResourceDefinition', 'customresourcedefinitions')],
  },
  { groupVersion: 'scheduling.k8s.io/v1', kinds: [cluster('PriorityClass', 'priorityclasses')] },
];

/** `v1` → `api/v1`; `apps/v1` → `apis/apps/v1` (the key of the /openapi/v3 index). */
export function groupVersionPath(groupVersion: string): string {
  return groupVersion.includes('/') ? `apis/${groupVersion}` : `api/${groupVersion}`;
}

/** Splits `apps/v1` into group `apps` and version `v1`; the core group is ''. */
export function splitGroupVersion(groupVersion: string): { group: string; version: string } {
  const slash = groupVersion.indexOf('/');
  return slash < 0
    ? { group: '', version: groupVersion }
    : { group: groupVersion.slice(0, slash), version: groupVersion.slice(slash + 1) };
}

/**
 * The upstream Go package of a group version's types, as it prefixes OpenAPI schema names:
 * `v1` → `io.k8s.api.core.v1`, `rbac.authorization.k8s.io/v1` → `io.k8s.api.rbac.v1`,
 * `apiextensions.k8s.io/v1` → `io.k8s.apiextensions-apiserver.pkg.apis.apiextensions.v1`.
 */
export function schemaPackage(groupVersion: string): string {
  const { group, version } = splitGroupVersion(groupVersion);
  if (group === '') return `io.k8s.api.core.${version}`;
  if (group === 'apiextensions.k8s.io')
    return `io.k8s.apiextensions-apiserver.pkg.apis.apiextensions.${version}`;
  const short = group.split('.')[0] ?? group;
  return `io.k8s.api.${short}.${version}`;
}

/** The fields of a resource definition that the OpenAPI documents need. */
export interface ResourceLike {
  group: string;
  version: string;
  resource: string;
  kind: string;
  namespaced: boolean;
  verbs: readonly string[];
}

/**
 * Groups resource definitions (the API server's registry) into served group versions; resources whose
 * only verb is `create` become create-only kinds. Build it once and pass the same array on every call:
 * documents are cached per array.
 */
export function servedGroupVersions(resources: readonly ResourceLike[]): ServedGroupVersion[] {
  const byGroupVersion = new Map<string, ServedKind[]>();
  for (const { group, version, resource, kind, namespaced, verbs } of resources) {
    if (resource.includes('/')) continue;
    const groupVersion = group === '' ? version : `${group}/${version}`;
    const served: ServedKind = { kind, resource, namespaced };
    if (verbs.length === 1 && verbs[0] === 'create') served.createOnly = true;
    byGroupVersion.set(groupVersion, [...(byGroupVersion.get(groupVersion) ?? []), served]);
  }
  return [...byGroupVersion].map(([groupVersion, kinds]) => ({ groupVersion, kinds }));
}
