/**
 * Upstream facts that @kubernetes/client-node's model metadata does not carry: the strategic-merge-patch
 * and server-side-apply markers of k8s.io/api (`patchStrategy` / `patchMergeKey` struct tags and the
 * `+listType`, `+listMapKey`, `+mapType`, `+structType` comment markers in each package's types.go).
 * kube-openapi publishes them as the `x-kubernetes-*` extensions below; kubectl reads the patch ones to
 * compute client-side apply patches.
 */

/** The OpenAPI extensions of one field. */
export interface FieldExtensions {
  'x-kubernetes-patch-strategy'?: 'merge' | 'replace' | 'retainKeys' | 'merge,retainKeys';
  'x-kubernetes-patch-merge-key'?: string;
  'x-kubernetes-list-type'?: 'atomic' | 'set' | 'map';
  'x-kubernetes-list-map-keys'?: readonly string[];
  'x-kubernetes-map-type'?: 'atomic' | 'granular';
}

const atomic: FieldExtensions = { 'x-kubernetes-list-type': 'atomic' };
const set: FieldExtensions = { 'x-kubernetes-list-type': 'set' };
const atomicMap: FieldExtensions = { 'x-kubernetes-map-type': 'atomic' };
/** `+listType=map` with the given keys and no patch tags. */
const listMap = (...keys: string[]): FieldExtensions => ({
  'x-kubernetes-list-type': 'map',
  'x-kubernetes-list-map-keys': keys,
});
/** `patchStrategy:"merge" patchMergeKey:"<key>"` plus `+listType=map` keyed by `keys` (default: the merge key). */
const mergeBy = (key: string, ...keys: string[]): FieldExtensions => ({
  'x-kubernetes-patch-strategy': 'merge',
  'x-kubernetes-patch-merge-key': key,
  ...listMap(...(keys.length > 0 ? keys : [key])),
});
/** Like `mergeBy`, with `patchStrategy:"merge,retainKeys"` (volumes, resource claims). */
const mergeRetainBy = (key: string): FieldExtensions => ({
  ...mergeBy(key),
  'x-kubernetes-patch-strategy': 'merge,retainKeys',
});
/** `patchStrategy:"merge" patchMergeKey:"<key>"` on a list that stays `+listType=atomic`. */
const mergeByAtomic = (key: string): FieldExtensions => ({
  'x-kubernetes-patch-strategy': 'merge',
  'x-kubernetes-patch-merge-key': key,
  ...atomic,
});
const conditions = mergeBy('type');

const core = 'io.k8s.api.core.v1';
const meta = 'io.k8s.apimachinery.pkg.apis.meta.v1';
const containerLists: Record<string, FieldExtensions> = {
  args: atomic,
  command: atomic,
  env: mergeBy('name'),
  envFrom: atomic,
  ports: mergeBy('containerPort', 'containerPort', 'protocol'),
  resizePolicy: atomic,
  restartPolicyRules: atomic,
  volumeDevices: mergeBy('devicePath'),
  volumeMounts: mergeBy('mountPath'),
};
const itemsAtomic = { items: atomic };

/** Field extensions by upstream schema name, then JSON field name. */
export const FIELD_EXTENSIONS: Readonly<Record<string, Readonly<Record<string, FieldExtensions>>>> = {
  [`${meta}.DeleteOptions`]: { dryRun: atomic },
  [`${meta}.FieldSelectorRequirement`]: { values: atomic },
  [`${meta}.LabelSelector`]: { matchExpressions: atomic },
  [`${meta}.LabelSelectorRequirement`]: { values: atomic },
  [`${meta}.ObjectMeta`]: {
    finalizers: { 'x-kubernetes-patch-strategy': 'merge', ...set },
    managedFields: atomic,
    ownerReferences: mergeBy('uid'),
  },
  [`${meta}.StatusDetails`]: { causes: atomic },

  [`${core}.Capabilities`]: { add: atomic, drop: atomic },
  [`${core}.CephFSPersistentVolumeSource`]: { monitors: atomic },
  [`${core}.CephFSVolumeSource`]: { monitors: atomic },
  [`${core}.ConfigMapProjection`]: itemsAtomic,
  [`${core}.ConfigMapVolumeSource`]: itemsAtomic,
  [`${core}.Container`]: containerLists,
  [`${core}.ContainerImage`]: { names: atomic },
  [`${core}.ContainerStatus`]: {
    allocatedResourcesStatus: listMap('name'),
    volumeMounts: mergeBy('mountPath'),
  },
  [`${core}.DownwardAPIProjection`]: itemsAtomic,
  [`${core}.DownwardAPIVolumeSource`]: itemsAtomic,
  [`${core}.EndpointSubset`]: { addresses: atomic, notReadyAddresses: atomic, ports: atomic },
  [`${core}.Endpoints`]: { subsets: atomic },
  [`${core}.EphemeralContainer`]: containerLists,
  [`${core}.ExecAction`]: { command: atomic },
  [`${core}.HTTPGetAction`]: { httpHeaders: atomic },
  [`${core}.HostAlias`]: { hostnames: atomic },
  [`${core}.ISCSIPersistentVolumeSource`]: { portals: atomic },
  [`${core}.ISCSIVolumeSource`]: { portals: atomic },
  [`${core}.LimitRangeSpec`]: { limits: atomic },
  [`${core}.LoadBalancerIngress`]: { ports: atomic },
  [`${core}.LoadBalancerStatus`]: { ingress: atomic },
  [`${core}.NamespaceSpec`]: { finalizers: atomic },
  [`${core}.NamespaceStatus`]: { conditions },
  [`${core}.NodeAffinity`]: { preferredDuringSchedulingIgnoredDuringExecution: atomic },
  [`${core}.NodeSelector`]: { nodeSelectorTerms: atomic },
  [`${core}.NodeSelectorRequirement`]: { values: atomic },
  [`${core}.NodeSelectorTerm`]: { matchExpressions: atomic, matchFields: atomic },
  [`${core}.NodeSpec`]: { podCIDRs: { 'x-kubernetes-patch-strategy': 'merge', ...set }, taints: atomic },
  [`${core}.NodeStatus`]: {
    addresses: mergeBy('type'),
    conditions,
    images: atomic,
    runtimeHandlers: atomic,
    volumesAttached: atomic,
    volumesInUse: atomic,
  },
  [`${core}.PersistentVolumeClaimSpec`]: { accessModes: atomic },
  [`${core}.PersistentVolumeClaimStatus`]: { accessModes: atomic, conditions },
  [`${core}.PersistentVolumeSpec`]: { accessModes: atomic, mountOptions: atomic },
  [`${core}.PodAffinity`]: {
    preferredDuringSchedulingIgnoredDuringExecution: atomic,
    requiredDuringSchedulingIgnoredDuringExecution: atomic,
  },
  [`${core}.PodAffinityTerm`]: { matchLabelKeys: atomic, mismatchLabelKeys: atomic, namespaces: atomic },
  [`${core}.PodAntiAffinity`]: {
    preferredDuringSchedulingIgnoredDuringExecution: atomic,
    requiredDuringSchedulingIgnoredDuringExecution: atomic,
  },
  [`${core}.PodDNSConfig`]: { nameservers: atomic, options: atomic, searches: atomic },
  [`${core}.PodSecurityContext`]: { supplementalGroups: atomic, sysctls: atomic },
  [`${core}.PodSpec`]: {
    containers: mergeBy('name'),
    ephemeralContainers: mergeBy('name'),
    hostAliases: mergeBy('ip'),
    imagePullSecrets: mergeBy('name'),
    initContainers: mergeBy('name'),
    nodeSelector: atomicMap,
    readinessGates: atomic,
    resourceClaims: mergeRetainBy('name'),
    schedulingGates: mergeBy('name'),
    tolerations: atomic,
    topologySpreadConstraints: mergeBy('topologyKey', 'topologyKey', 'whenUnsatisfiable'),
    volumes: mergeRetainBy('name'),
  },
  [`${core}.PodStatus`]: {
    conditions,
    containerStatuses: atomic,
    ephemeralContainerStatuses: atomic,
    hostIPs: mergeByAtomic('ip'),
    initContainerStatuses: atomic,
    podIPs: mergeBy('ip'),
    resourceClaimStatuses: mergeRetainBy('name'),
  },
  [`${core}.ProjectedVolumeSource`]: { sources: atomic },
  [`${core}.RBDPersistentVolumeSource`]: { monitors: atomic },
  [`${core}.RBDVolumeSource`]: { monitors: atomic },
  [`${core}.ReplicationControllerSpec`]: { selector: atomicMap },
  [`${core}.ReplicationControllerStatus`]: { conditions },
  [`${core}.ResourceQuotaSpec`]: { scopes: atomic },
  [`${core}.ResourceRequirements`]: { claims: listMap('name') },
  [`${core}.ScopeSelector`]: { matchExpressions: atomic },
  [`${core}.ScopedResourceSelectorRequirement`]: { values: atomic },
  [`${core}.SecretProjection`]: itemsAtomic,
  [`${core}.SecretVolumeSource`]: itemsAtomic,
  [`${core}.ServiceAccount`]: { imagePullSecrets: atomic, secrets: mergeBy('name') },
  [`${core}.ServiceSpec`]: {
    clusterIPs: atomic,
    externalIPs: atomic,
    ipFamilies: atomic,
    loadBalancerSourceRanges: atomic,
    ports: mergeBy('port', 'port', 'protocol'),
    selector: atomicMap,
  },
  [`${core}.ServiceStatus`]: { conditions },
  [`${core}.TopologySelectorLabelRequirement`]: { values: atomic },
  [`${core}.TopologySelectorTerm`]: { matchLabelExpressions: atomic },
  [`${core}.TopologySpreadConstraint`]: { matchLabelKeys: atomic },

  'io.k8s.api.apps.v1.DaemonSetStatus': { conditions },
  'io.k8s.api.apps.v1.DeploymentStatus': { conditions },
  'io.k8s.api.apps.v1.ReplicaSetStatus': { conditions },
  'io.k8s.api.apps.v1.StatefulSetSpec': { volumeClaimTemplates: atomic },
  'io.k8s.api.apps.v1.StatefulSetStatus': { conditions },

  'io.k8s.api.batch.v1.CronJobStatus': { active: atomic },
  'io.k8s.api.batch.v1.JobStatus': { conditions: mergeByAtomic('type') },
  'io.k8s.api.batch.v1.PodFailurePolicy': { rules: atomic },
  'io.k8s.api.batch.v1.PodFailurePolicyOnExitCodesRequirement': { values: set },
  'io.k8s.api.batch.v1.PodFailurePolicyRule': { onPodConditions: atomic },
  'io.k8s.api.batch.v1.SuccessPolicy': { rules: atomic },
  'io.k8s.api.batch.v1.UncountedTerminatedPods': { failed: set, succeeded: set },

  'io.k8s.api.autoscaling.v2.HPAScalingRules': { policies: atomic },
  'io.k8s.api.autoscaling.v2.HorizontalPodAutoscalerSpec': { metrics: atomic },
  'io.k8s.api.autoscaling.v2.HorizontalPodAutoscalerStatus': { conditions, currentMetrics: atomic },

  'io.k8s.api.policy.v1.PodDisruptionBudgetSpec': { selector: { 'x-kubernetes-patch-strategy': 'replace' } },
  'io.k8s.api.policy.v1.PodDisruptionBudgetStatus': { conditions },

  'io.k8s.api.rbac.v1.AggregationRule': { clusterRoleSelectors: atomic },
  'io.k8s.api.rbac.v1.ClusterRole': { rules: atomic },
  'io.k8s.api.rbac.v1.ClusterRoleBinding': { subjects: atomic },
  'io.k8s.api.rbac.v1.PolicyRule': {
    apiGroups: atomic,
    nonResourceURLs: atomic,
    resourceNames: atomic,
    resources: atomic,
    verbs: atomic,
  },
  'io.k8s.api.rbac.v1.Role': { rules: atomic },
  'io.k8s.api.rbac.v1.RoleBinding': { subjects: atomic },

  'io.k8s.api.networking.v1.HTTPIngressRuleValue': { paths: atomic },
  'io.k8s.api.networking.v1.IPBlock': { except: atomic },
  'io.k8s.api.networking.v1.IngressLoadBalancerIngress': { ports: atomic },
  'io.k8s.api.networking.v1.IngressLoadBalancerStatus': { ingress: atomic },
  'io.k8s.api.networking.v1.IngressSpec': { rules: atomic, tls: atomic },
  'io.k8s.api.networking.v1.IngressTLS': { hosts: atomic },
  'io.k8s.api.networking.v1.NetworkPolicyEgressRule': { ports: atomic, to: atomic },
  'io.k8s.api.networking.v1.NetworkPolicyIngressRule': { from: atomic, ports: atomic },
  'io.k8s.api.networking.v1.NetworkPolicySpec': { egress: atomic, ingress: atomic, policyTypes: atomic },

  'io.k8s.api.storage.v1.CSIDriverSpec': { tokenRequests: atomic, volumeLifecycleModes: set },
  'io.k8s.api.storage.v1.CSINodeDriver': { topologyKeys: atomic },
  'io.k8s.api.storage.v1.CSINodeSpec': { drivers: mergeBy('name') },
  'io.k8s.api.storage.v1.StorageClass': { allowedTopologies: atomic, mountOptions: atomic },

  'io.k8s.api.discovery.v1.Endpoint': { addresses: set },
  'io.k8s.api.discovery.v1.EndpointHints': { forNodes: atomic, forZones: atomic },
  'io.k8s.api.discovery.v1.EndpointSlice': { endpoints: atomic, ports: atomic },

  'io.k8s.api.authorization.v1.FieldSelectorAttributes': { requirements: atomic },
  'io.k8s.api.authorization.v1.LabelSelectorAttributes': { requirements: atomic },
  'io.k8s.api.authorization.v1.NonResourceRule': { nonResourceURLs: atomic, verbs: atomic },
  'io.k8s.api.authorization.v1.ResourceRule': {
    apiGroups: atomic,
    resourceNames: atomic,
    resources: atomic,
    verbs: atomic,
  },
  'io.k8s.api.authorization.v1.SubjectAccessReviewSpec': { groups: atomic },
  'io.k8s.api.authorization.v1.SubjectRulesReviewStatus': { nonResourceRules: atomic, resourceRules: atomic },

  'io.k8s.api.authentication.v1.TokenReviewSpec': { audiences: atomic },
  'io.k8s.api.authentication.v1.TokenReviewStatus': { audiences: atomic },
  'io.k8s.api.authentication.v1.UserInfo': { groups: atomic },

  'io.k8s.apiextensions-apiserver.pkg.apis.apiextensions.v1.CustomResourceDefinitionNames': {
    categories: atomic,
    shortNames: atomic,
  },
  'io.k8s.apiextensions-apiserver.pkg.apis.apiextensions.v1.CustomResourceDefinitionSpec': {
    versions: atomic,
  },
  'io.k8s.apiextensions-apiserver.pkg.apis.apiextensions.v1.CustomResourceDefinitionStatus': {
    conditions: listMap('type'),
    storedVersions: atomic,
  },
  'io.k8s.apiextensions-apiserver.pkg.apis.apiextensions.v1.CustomResourceDefinitionVersion': {
    additionalPrinterColumns: atomic,
    selectableFields: atomic,
  },
  'io.k8s.apiextensions-apiserver.pkg.apis.apiextensions.v1.JSONSchemaProps': {
    'x-kubernetes-list-map-keys': atomic,
    'x-kubernetes-validations': mergeBy('rule'),
  },
  'io.k8s.apiextensions-apiserver.pkg.apis.apiextensions.v1.WebhookConversion': {
    conversionReviewVersions: atomic,
  },
};

/** Types marked `+structType=atomic` upstream: published with `x-kubernetes-map-type: atomic`. */
export const ATOMIC_STRUCTS: readonly string[] = [
  `${meta}.LabelSelector`,
  `${meta}.OwnerReference`,
  `${core}.ConfigMapKeySelector`,
  `${core}.EndpointAddress`,
  `${core}.LocalObjectReference`,
  `${core}.NodeSelector`,
  `${core}.NodeSelectorTerm`,
  `${core}.ObjectFieldSelector`,
  `${core}.ObjectReference`,
  `${core}.ResourceFieldSelector`,
  `${core}.SecretKeySelector`,
  `${core}.SecretReference`,
  `${core}.TopologySelectorTerm`,
  `${core}.TypedLocalObjectReference`,
  'io.k8s.api.rbac.v1.RoleRef',
  'io.k8s.api.rbac.v1.Subject',
];
