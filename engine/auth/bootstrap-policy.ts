// The cluster roles and bindings kube-apiserver creates at start-up
// (kubernetes plugin/pkg/auth/authorizer/rbac/bootstrappolicy/policy.go, rendered in testdata/cluster-roles.yaml).
// The per-controller roles (`system:controller:*`, controller_policy.go) and the kube-system / kube-public
// namespace roles are not included: the bundled controllers, scheduler and kubelet run in-process and are not
// authorized through the API.
import type { LabelSelector } from 'kubernetes-types/meta/v1';
import type { ClusterRole, ClusterRoleBinding, PolicyRule, Subject } from 'kubernetes-types/rbac/v1';
import { labelSelectorMatches } from '../api/selectors/label-selector.ts';
import {
  ALL_AUTHENTICATED,
  ALL_SERVICE_ACCOUNTS_GROUP,
  ALL_UNAUTHENTICATED,
  KUBE_CONTROLLER_MANAGER,
  KUBE_PROXY,
  KUBE_SCHEDULER,
  MONITORING_GROUP,
  SYSTEM_PRIVILEGED_GROUP,
} from './identity.ts';

export const RBAC_GROUP = 'rbac.authorization.k8s.io';
export const AUTOUPDATE_ANNOTATION = 'rbac.authorization.kubernetes.io/autoupdate';
export const BOOTSTRAPPING_LABEL = 'kubernetes.io/bootstrapping';
export const BOOTSTRAPPING_LABEL_VALUE = 'rbac-defaults';
export const AGGREGATE_TO_ADMIN = 'rbac.authorization.k8s.io/aggregate-to-admin';
export const AGGREGATE_TO_EDIT = 'rbac.authorization.k8s.io/aggregate-to-edit';
export const AGGREGATE_TO_VIEW = 'rbac.authorization.k8s.io/aggregate-to-view';

const READ = ['get', 'list', 'watch'];
const WRITE = ['create', 'delete', 'deletecollection', 'patch', 'update'];
const READ_WRITE = ['create', 'delete', 'deletecollection', 'get', 'list', 'patch', 'update', 'watch'];
const EVENTS_RULE = rule(['create', 'patch', 'update'], ['', 'events.k8s.io'], ['events']);

// PolicyRule keys in wire order: verbs, apiGroups, resources, resourceNames.
function rule(
  verbs: string[],
  apiGroups: string[],
  resources: string[],
  resourceNames?: string[],
): PolicyRule {
  const r: PolicyRule = { verbs, apiGroups, resources };
  if (resourceNames) r.resourceNames = resourceNames;
  return r;
}

function urls(verbs: string[], nonResourceURLs: string[]): PolicyRule {
  return { verbs, nonResourceURLs };
}

function clusterRole(
  name: string,
  rules: PolicyRule[] | null,
  aggregateTo?: string,
  aggregateFrom?: string,
): ClusterRole {
  const labels: Record<string, string> = { [BOOTSTRAPPING_LABEL]: BOOTSTRAPPING_LABEL_VALUE };
  if (aggregateTo) labels[aggregateTo] = 'true';
  const role: ClusterRole = {
    kind: 'ClusterRole',
    apiVersion: 'rbac.authorization.k8s.io/v1',
    metadata: { name, labels, annotations: { [AUTOUPDATE_ANNOTATION]: 'true' } },
  };
  if (rules) role.rules = rules;
  if (aggregateFrom)
    role.aggregationRule = { clusterRoleSelectors: [{ matchLabels: { [aggregateFrom]: 'true' } }] };
  return role;
}

const CLUSTER_ROLES: readonly ClusterRole[] = [
  clusterRole('admin', null, undefined, AGGREGATE_TO_ADMIN),
  clusterRole('cluster-admin', [rule(['*'], ['*'], ['*']), urls(['*'], ['*'])]),
  clusterRole('edit', null, AGGREGATE_TO_ADMIN, AGGREGATE_TO_EDIT),
  clusterRole(
    'system:aggregate-to-admin',
    [
      rule(['create'], ['authorization.k8s.io'], ['localsubjectaccessreviews']),
      rule(READ_WRITE, [RBAC_GROUP], ['rolebindings', 'roles']),
    ],
    AGGREGATE_TO_ADMIN,
  ),
  clusterRole(
    'system:aggregate-to-edit',
    [
      rule(
        READ,
        [''],
        ['pods/attach', 'pods/exec', 'pods/portforward', 'pods/proxy', 'secrets', 'services/proxy'],
      ),
      rule(['impersonate'], [''], ['serviceaccounts']),
      rule(WRITE, [''], ['pods', 'pods/attach', 'pods/exec', 'pods/portforward', 'pods/proxy']),
      rule(['create'], [''], ['pods/eviction']),
      rule(
        WRITE,
        [''],
        [
          'configmaps',
          'events',
          'persistentvolumeclaims',
          'replicationcontrollers',
          'replicationcontrollers/scale',
          'secrets',
          'serviceaccounts',
          'services',
          'services/proxy',
        ],
      ),
      rule(['create'], [''], ['serviceaccounts/token']),
      rule(
        WRITE,
        ['apps'],
        [
          'daemonsets',
          'deployments',
          'deployments/rollback',
          'deployments/scale',
          'replicasets',
          'replicasets/scale',
          'statefulsets',
          'statefulsets/scale',
        ],
      ),
      rule(WRITE, ['autoscaling'], ['horizontalpodautoscalers']),
      rule(WRITE, ['batch'], ['cronjobs', 'jobs']),
      rule(
        WRITE,
        ['extensions'],
        [
          'daemonsets',
          'deployments',
          'deployments/rollback',
          'deployments/scale',
          'ingresses',
          'networkpolicies',
          'replicasets',
          'replicasets/scale',
          'replicationcontrollers/scale',
        ],
      ),
      rule(WRITE, ['policy'], ['poddisruptionbudgets']),
      rule(WRITE, ['networking.k8s.io'], ['ingresses', 'networkpolicies']),
      rule(READ_WRITE, ['coordination.k8s.io'], ['leases']),
    ],
    AGGREGATE_TO_EDIT,
  ),
  clusterRole(
    'system:aggregate-to-view',
    [
      rule(
        READ,
        [''],
        [
          'configmaps',
          'endpoints',
          'persistentvolumeclaims',
          'persistentvolumeclaims/status',
          'pods',
          'replicationcontrollers',
          'replicationcontrollers/scale',
          'serviceaccounts',
          'services',
          'services/status',
        ],
      ),
      rule(
        READ,
        [''],
        [
          'bindings',
          'events',
          'limitranges',
          'namespaces/status',
          'pods/log',
          'pods/status',
          'replicationcontrollers/status',
          'resourcequotas',
          'resourcequotas/status',
        ],
      ),
      rule(READ, [''], ['namespaces']),
      rule(READ, ['discovery.k8s.io'], ['endpointslices']),
      rule(
        READ,
        ['apps'],
        [
          'controllerrevisions',
          'daemonsets',
          'daemonsets/status',
          'deployments',
          'deployments/scale',
          'deployments/status',
          'replicasets',
          'replicasets/scale',
          'replicasets/status',
          'statefulsets',
          'statefulsets/scale',
          'statefulsets/status',
        ],
      ),
      rule(READ, ['autoscaling'], ['horizontalpodautoscalers', 'horizontalpodautoscalers/status']),
      rule(READ, ['batch'], ['cronjobs', 'cronjobs/status', 'jobs', 'jobs/status']),
      rule(
        READ,
        ['extensions'],
        [
          'daemonsets',
          'daemonsets/status',
          'deployments',
          'deployments/scale',
          'deployments/status',
          'ingresses',
          'ingresses/status',
          'networkpolicies',
          'replicasets',
          'replicasets/scale',
          'replicasets/status',
          'replicationcontrollers/scale',
        ],
      ),
      rule(READ, ['policy'], ['poddisruptionbudgets', 'poddisruptionbudgets/status']),
      rule(READ, ['networking.k8s.io'], ['ingresses', 'ingresses/status', 'networkpolicies']),
    ],
    AGGREGATE_TO_VIEW,
  ),
  clusterRole('system:auth-delegator', [
    rule(['create'], ['authentication.k8s.io'], ['tokenreviews']),
    rule(['create'], ['authorization.k8s.io'], ['subjectaccessreviews']),
  ]),
  clusterRole('system:basic-user', [
    rule(['create'], ['authorization.k8s.io'], ['selfsubjectaccessreviews', 'selfsubjectrulesreviews']),
    rule(['create'], ['authentication.k8s.io'], ['selfsubjectreviews']),
  ]),
  clusterRole('system:certificates.k8s.io:certificatesigningrequests:nodeclient', [
    rule(['create'], ['certificates.k8s.io'], ['certificatesigningrequests/nodeclient']),
  ]),
  clusterRole('system:certificates.k8s.io:certificatesigningrequests:selfnodeclient', [
    rule(['create'], ['certificates.k8s.io'], ['certificatesigningrequests/selfnodeclient']),
  ]),
  clusterRole('system:certificates.k8s.io:kube-apiserver-client-approver', [
    rule(['approve'], ['certificates.k8s.io'], ['signers'], ['kubernetes.io/kube-apiserver-client']),
  ]),
  clusterRole('system:certificates.k8s.io:kube-apiserver-client-kubelet-approver', [
    rule(['approve'], ['certificates.k8s.io'], ['signers'], ['kubernetes.io/kube-apiserver-client-kubelet']),
  ]),
  clusterRole('system:certificates.k8s.io:kubelet-serving-approver', [
    rule(['approve'], ['certificates.k8s.io'], ['signers'], ['kubernetes.io/kubelet-serving']),
  ]),
  clusterRole('system:certificates.k8s.io:legacy-unknown-approver', [
    rule(['approve'], ['certificates.k8s.io'], ['signers'], ['kubernetes.io/legacy-unknown']),
  ]),
  clusterRole('system:discovery', [
    urls(
      ['get'],
      [
        '/api',
        '/api/*',
        '/apis',
        '/apis/*',
        '/healthz',
        '/livez',
        '/openapi',
        '/openapi/*',
        '/readyz',
        '/version',
        '/version/',
      ],
    ),
  ]),
  clusterRole('system:heapster', [
    rule(READ, [''], ['events', 'namespaces', 'nodes', 'pods']),
    rule(READ, ['extensions'], ['deployments']),
  ]),
  clusterRole('system:kube-aggregator', [rule(READ, [''], ['endpoints', 'services'])]),
  clusterRole('system:kube-controller-manager', [
    EVENTS_RULE,
    rule(['create'], ['coordination.k8s.io'], ['leases']),
    rule(['get', 'update'], ['coordination.k8s.io'], ['leases'], ['kube-controller-manager']),
    rule(['create'], [''], ['secrets', 'serviceaccounts']),
    rule(['delete'], [''], ['secrets']),
    rule(['get'], [''], ['configmaps', 'namespaces', 'secrets', 'serviceaccounts']),
    rule(['update'], [''], ['secrets', 'serviceaccounts']),
    rule(['create'], ['authentication.k8s.io'], ['tokenreviews']),
    rule(['create'], ['authorization.k8s.io'], ['subjectaccessreviews']),
    rule(['list', 'watch'], ['*'], ['*']),
    rule(['create'], [''], ['serviceaccounts/token']),
  ]),
  clusterRole('system:kube-dns', [rule(['list', 'watch'], [''], ['endpoints', 'services'])]),
  clusterRole('system:kube-scheduler', [
    EVENTS_RULE,
    rule(['create'], ['coordination.k8s.io'], ['leases']),
    rule(['get', 'update'], ['coordination.k8s.io'], ['leases'], ['kube-scheduler']),
    rule(READ, [''], ['nodes']),
    rule(['delete', 'get', 'list', 'watch'], [''], ['pods']),
    rule(['create'], [''], ['bindings', 'pods/binding']),
    rule(['patch', 'update'], [''], ['pods/status']),
    rule(READ, [''], ['replicationcontrollers', 'services']),
    rule(READ, ['apps', 'extensions'], ['replicasets']),
    rule(READ, ['apps'], ['statefulsets']),
    rule(READ, ['policy'], ['poddisruptionbudgets']),
    rule(READ, [''], ['persistentvolumeclaims', 'persistentvolumes']),
    rule(['create'], ['authentication.k8s.io'], ['tokenreviews']),
    rule(['create'], ['authorization.k8s.io'], ['subjectaccessreviews']),
    rule(READ, ['storage.k8s.io'], ['csinodes']),
    rule(READ, [''], ['namespaces']),
    rule(READ, ['storage.k8s.io'], ['csidrivers']),
    rule(READ, ['storage.k8s.io'], ['csistoragecapacities']),
  ]),
  clusterRole('system:kubelet-api-admin', [
    rule(READ, [''], ['nodes']),
    rule(['proxy'], [''], ['nodes']),
    rule(['*'], [''], ['nodes/log', 'nodes/metrics', 'nodes/proxy', 'nodes/stats']),
  ]),
  clusterRole('system:monitoring', [
    urls(
      ['get'],
      ['/healthz', '/healthz/*', '/livez', '/livez/*', '/metrics', '/metrics/slis', '/readyz', '/readyz/*'],
    ),
  ]),
  clusterRole('system:node', [
    rule(['create'], ['authentication.k8s.io'], ['tokenreviews']),
    rule(['create'], ['authorization.k8s.io'], ['localsubjectaccessreviews', 'subjectaccessreviews']),
    rule(READ, [''], ['services']),
    rule(['create', 'get', 'list', 'watch'], [''], ['nodes']),
    rule(['patch', 'update'], [''], ['nodes/status']),
    rule(['patch', 'update'], [''], ['nodes']),
    rule(['create', 'patch', 'update'], [''], ['events']),
    rule(READ, [''], ['pods']),
    rule(['create', 'delete'], [''], ['pods']),
    rule(['patch', 'update'], [''], ['pods/status']),
    rule(['create'], [''], ['pods/eviction']),
    rule(READ, [''], ['configmaps', 'secrets']),
    rule(['get'], [''], ['persistentvolumeclaims', 'persistentvolumes']),
    rule(['get'], [''], ['endpoints']),
    rule(['create', 'get', 'list', 'watch'], ['certificates.k8s.io'], ['certificatesigningrequests']),
    rule(['create', 'delete', 'get', 'patch', 'update'], ['coordination.k8s.io'], ['leases']),
    rule(['get'], ['storage.k8s.io'], ['volumeattachments']),
    rule(['create'], [''], ['serviceaccounts/token']),
    rule(['get', 'patch', 'update'], [''], ['persistentvolumeclaims/status']),
    rule(READ, ['storage.k8s.io'], ['csidrivers']),
    rule(['create', 'delete', 'get', 'patch', 'update'], ['storage.k8s.io'], ['csinodes']),
    rule(READ, ['node.k8s.io'], ['runtimeclasses']),
  ]),
  clusterRole('system:node-bootstrapper', [
    rule(['create', 'get', 'list', 'watch'], ['certificates.k8s.io'], ['certificatesigningrequests']),
  ]),
  clusterRole('system:node-problem-detector', [
    rule(['get'], [''], ['nodes']),
    rule(['patch'], [''], ['nodes/status']),
    EVENTS_RULE,
  ]),
  clusterRole('system:node-proxier', [
    rule(['list', 'watch'], [''], ['endpoints', 'services']),
    rule(READ, [''], ['nodes']),
    EVENTS_RULE,
    rule(['list', 'watch'], ['discovery.k8s.io'], ['endpointslices']),
  ]),
  clusterRole('system:persistent-volume-provisioner', [
    rule(['create', 'delete', 'get', 'list', 'watch'], [''], ['persistentvolumes']),
    rule(['get', 'list', 'update', 'watch'], [''], ['persistentvolumeclaims']),
    rule(READ, ['storage.k8s.io'], ['storageclasses']),
    rule(['watch'], [''], ['events']),
    EVENTS_RULE,
  ]),
  clusterRole('system:public-info-viewer', [
    urls(['get'], ['/healthz', '/livez', '/readyz', '/version', '/version/']),
  ]),
  clusterRole('system:service-account-issuer-discovery', [
    urls(['get'], ['/.well-known/openid-configuration', '/openid/v1/jwks']),
  ]),
  clusterRole('system:volume-scheduler', [
    rule(['get', 'list', 'patch', 'update', 'watch'], [''], ['persistentvolumes']),
    rule(READ, ['storage.k8s.io'], ['storageclasses']),
    rule(['get', 'list', 'patch', 'update', 'watch'], [''], ['persistentvolumeclaims']),
  ]),
  clusterRole('view', null, AGGREGATE_TO_EDIT, AGGREGATE_TO_VIEW),
];

function users(...names: string[]): Subject[] {
  return names.map((name) => ({ kind: 'User', apiGroup: RBAC_GROUP, name }));
}

function groups(...names: string[]): Subject[] {
  return names.map((name) => ({ kind: 'Group', apiGroup: RBAC_GROUP, name }));
}

// Bindings are named after their cluster role; keys in wire order (subjects before roleRef).
function clusterRoleBinding(roleName: string, subjects: Subject[] | null): ClusterRoleBinding {
  return {
    kind: 'ClusterRoleBinding',
    apiVersion: 'rbac.authorization.k8s.io/v1',
    metadata: {
      name: roleName,
      labels: { [BOOTSTRAPPING_LABEL]: BOOTSTRAPPING_LABEL_VALUE },
      annotations: { [AUTOUPDATE_ANNOTATION]: 'true' },
    },
    ...(subjects ? { subjects } : {}),
    roleRef: { apiGroup: RBAC_GROUP, kind: 'ClusterRole', name: roleName },
  };
}

const CLUSTER_ROLE_BINDINGS: readonly ClusterRoleBinding[] = [
  clusterRoleBinding('cluster-admin', groups(SYSTEM_PRIVILEGED_GROUP)),
  clusterRoleBinding('system:monitoring', groups(MONITORING_GROUP)),
  clusterRoleBinding('system:discovery', groups(ALL_AUTHENTICATED)),
  clusterRoleBinding('system:basic-user', groups(ALL_AUTHENTICATED)),
  clusterRoleBinding('system:public-info-viewer', groups(ALL_AUTHENTICATED, ALL_UNAUTHENTICATED)),
  clusterRoleBinding('system:node-proxier', users(KUBE_PROXY)),
  clusterRoleBinding('system:kube-controller-manager', users(KUBE_CONTROLLER_MANAGER)),
  clusterRoleBinding('system:kube-dns', [
    { kind: 'ServiceAccount', name: 'kube-dns', namespace: 'kube-system' },
  ]),
  clusterRoleBinding('system:kube-scheduler', users(KUBE_SCHEDULER)),
  clusterRoleBinding('system:volume-scheduler', users(KUBE_SCHEDULER)),
  clusterRoleBinding('system:service-account-issuer-discovery', groups(ALL_SERVICE_ACCOUNTS_GROUP)),
  // Kept without subjects since the Node authorizer replaced it.
  clusterRoleBinding('system:node', null),
];

// equality.Semantic.DeepEqual treats nil and empty lists alike.
function ruleKey(r: PolicyRule): string {
  return JSON.stringify([
    r.verbs,
    r.apiGroups ?? [],
    r.resources ?? [],
    r.resourceNames ?? [],
    r.nonResourceURLs ?? [],
  ]);
}

// Go's sort.Strings order.
function compareNames(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

// Rebuilt so that `rules` keeps its wire position before `aggregationRule`.
function withRules(role: ClusterRole, rules: PolicyRule[]): ClusterRole {
  const { kind, apiVersion, metadata, aggregationRule, ...rest } = role;
  const out: ClusterRole = { ...(kind ? { kind } : {}), ...(apiVersion ? { apiVersion } : {}) };
  if (metadata) out.metadata = metadata;
  Object.assign(out, rest, { rules });
  if (aggregationRule) out.aggregationRule = aggregationRule;
  return out;
}

function selectorsMatch(
  selectors: readonly LabelSelector[],
  labels: Record<string, string> | undefined,
): boolean {
  return selectors.some((selector) => labelSelectorMatches(selector, labels));
}

/**
 * The cluster-role aggregation controller's result: each role with an aggregationRule gets the union of the rules of
 * the roles its selectors match, taken in name order with duplicates dropped. Other roles are returned unchanged.
 */
export function aggregateClusterRoles(roles: readonly ClusterRole[]): ClusterRole[] {
  let current = roles.map((role) => ({ ...role }));
  for (let pass = 0; pass < roles.length; pass++) {
    let changed = false;
    const byName = [...current].sort((a, b) => compareNames(a.metadata?.name ?? '', b.metadata?.name ?? ''));
    current = current.map((role) => {
      const selectors = role.aggregationRule?.clusterRoleSelectors;
      if (!selectors) return role;
      const rules: PolicyRule[] = [];
      const seen = new Set<string>();
      for (const source of byName) {
        if (source.metadata?.name === role.metadata?.name) continue;
        if (!selectorsMatch(selectors, source.metadata?.labels)) continue;
        for (const r of source.rules ?? []) {
          const key = ruleKey(r);
          if (!seen.has(key)) {
            seen.add(key);
            rules.push(r);
          }
        }
      }
      const before = JSON.stringify(role.rules ?? []);
      if (before === JSON.stringify(rules)) return role;
      changed = true;
      return withRules(role, rules);
    });
    if (!changed) break;
  }
  return current;
}

const AGGREGATED_CLUSTER_ROLES = aggregateClusterRoles(CLUSTER_ROLES);

/** The default cluster roles, with admin/edit/view already aggregated; a fresh copy on every call. */
export function bootstrapClusterRoles(): ClusterRole[] {
  return structuredClone(AGGREGATED_CLUSTER_ROLES);
}

/** The default cluster role bindings; a fresh copy on every call. */
export function bootstrapClusterRoleBindings(): ClusterRoleBinding[] {
  return structuredClone([...CLUSTER_ROLE_BINDINGS]);
}
