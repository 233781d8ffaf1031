import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { ClusterRole, PolicyRule, RoleBinding } from 'kubernetes-types/rbac/v1';
import type { UserInfo } from '../api/types.ts';
import {
  aggregateClusterRoles,
  bootstrapClusterRoleBindings,
  bootstrapClusterRoles,
} from './bootstrap-policy.ts';
import { anonymousUser } from './identity.ts';
import { type AuthorizationAttributes, authorize, type RbacPolicy } from './rbac.authorizer.ts';

const jane: UserInfo = { username: 'jane', groups: ['system:authenticated'] };

function bindJane(roleName: string): RbacPolicy {
  const binding: RoleBinding = {
    kind: 'RoleBinding',
    apiVersion: 'rbac.authorization.k8s.io/v1',
    metadata: { namespace: 'default', name: `jane-${roleName}` },
    subjects: [{ kind: 'User', apiGroup: 'rbac.authorization.k8s.io', name: 'jane' }],
    roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'ClusterRole', name: roleName },
  };
  return {
    roles: [],
    roleBindings: [binding],
    clusterRoles: bootstrapClusterRoles(),
    clusterRoleBindings: bootstrapClusterRoleBindings(),
  };
}

function resource(
  verb: string,
  group: string,
  resourceName: string,
  subresource = '',
): AuthorizationAttributes {
  return {
    user: jane,
    verb,
    namespace: 'default',
    apiGroup: group,
    resource: resourceName,
    subresource,
    name: '',
    resourceRequest: true,
    path: '',
  };
}

function path(user: UserInfo, url: string, verb = 'get'): AuthorizationAttributes {
  return {
    user,
    verb,
    namespace: '',
    apiGroup: '',
    resource: '',
    subresource: '',
    name: '',
    resourceRequest: false,
    path: url,
  };
}

describe('default cluster roles bound in a namespace', () => {
  const cases: [role: string, request: AuthorizationAttributes, allowed: boolean][] = [
    ['view', resource('list', '', 'pods'), true],
    ['view', resource('get', '', 'pods', 'log'), true],
    ['view', resource('list', 'apps', 'deployments'), true],
    ['view', resource('get', 'apps', 'deployments', 'scale'), true],
    ['view', resource('list', 'batch', 'jobs'), true],
    ['view', resource('list', 'discovery.k8s.io', 'endpointslices'), true],
    ['view', resource('get', '', 'secrets'), false],
    ['view', resource('list', '', 'secrets'), false],
    ['view', resource('create', '', 'pods'), false],
    ['view', resource('create', '', 'pods', 'exec'), false],
    ['view', resource('list', 'rbac.authorization.k8s.io', 'roles'), false],
    ['edit', resource('get', '', 'secrets'), true],
    ['edit', resource('create', '', 'secrets'), true],
    ['edit', resource('delete', '', 'pods'), true],
    ['edit', resource('create', '', 'pods', 'exec'), true],
    ['edit', resource('patch', 'apps', 'deployments', 'scale'), true],
    ['edit', resource('create', '', 'pods', 'eviction'), true],
    ['edit', resource('impersonate', '', 'serviceaccounts'), true],
    ['edit', resource('update', 'coordination.k8s.io', 'leases'), true],
    ['edit', resource('list', '', 'pods'), true],
    ['edit', resource('create', 'rbac.authorization.k8s.io', 'roles'), false],
    ['edit', resource('create', '', 'resourcequotas'), false],
    ['edit', resource('update', '', 'pods', 'status'), false],
    ['admin', resource('create', 'rbac.authorization.k8s.io', 'rolebindings'), true],
    ['admin', resource('create', 'authorization.k8s.io', 'localsubjectaccessreviews'), true],
    ['admin', resource('delete', '', 'secrets'), true],
    ['admin', resource('create', '', 'limitranges'), false],
    ['admin', resource('delete', '', 'namespaces'), false],
    ['cluster-admin', resource('delete', '', 'resourcequotas'), true],
  ];
  for (const [role, request, allowed] of cases) {
    const sub = request.subresource ? `/${request.subresource}` : '';
    it(`${role} ${allowed ? 'can' : 'cannot'} ${request.verb} ${request.resource}${sub}${request.apiGroup ? `.${request.apiGroup}` : ''}`, () => {
      assert.equal(authorize(request, bindJane(role)).decision, allowed ? 'allow' : 'no-opinion');
    });
  }

  it('does not grant anything outside the binding namespace', () => {
    assert.equal(
      authorize({ ...resource('list', '', 'pods'), namespace: 'kube-system' }, bindJane('view')).decision,
      'no-opinion',
    );
  });
});

describe('default cluster role bindings', () => {
  const policy: RbacPolicy = {
    roles: [],
    roleBindings: [],
    clusterRoles: bootstrapClusterRoles(),
    clusterRoleBindings: bootstrapClusterRoleBindings(),
  };
  const cases: [name: string, request: AuthorizationAttributes, allowed: boolean][] = [
    ['authenticated users discover APIs', path(jane, '/apis/apps/v1'), true],
    ['authenticated users read /version', path(jane, '/version'), true],
    ['authenticated users read /openapi/v3', path(jane, '/openapi/v3'), true],
    ['authenticated users cannot read /metrics', path(jane, '/metrics'), false],
    ['anonymous users read /healthz', path(anonymousUser(), '/healthz'), true],
    ['anonymous users read /version', path(anonymousUser(), '/version'), true],
    ['anonymous users cannot discover APIs', path(anonymousUser(), '/api'), false],
    ['anonymous users cannot post /healthz', path(anonymousUser(), '/healthz', 'post'), false],
    [
      'authenticated users create self subject access reviews',
      { ...resource('create', 'authorization.k8s.io', 'selfsubjectaccessreviews'), namespace: '' },
      true,
    ],
    [
      'authenticated users create self subject reviews',
      { ...resource('create', 'authentication.k8s.io', 'selfsubjectreviews'), namespace: '' },
      true,
    ],
    ['authenticated users cannot list pods', resource('list', '', 'pods'), false],
    [
      'the scheduler binds pods',
      {
        ...resource('create', '', 'pods', 'binding'),
        user: { username: 'system:kube-scheduler', groups: ['system:authenticated'] },
      },
      true,
    ],
    [
      'the controller manager lists everything',
      {
        ...resource('list', 'apps', 'replicasets'),
        user: { username: 'system:kube-controller-manager', groups: [] },
      },
      true,
    ],
    [
      'the monitoring group reads /metrics',
      path({ username: 'prometheus', groups: ['system:monitoring', 'system:authenticated'] }, '/metrics'),
      true,
    ],
  ];
  for (const [name, request, allowed] of cases) {
    it(name, () => {
      assert.equal(authorize(request, policy).decision, allowed ? 'allow' : 'no-opinion');
    });
  }

  it('names the default binding in the reason', () => {
    assert.deepEqual(authorize(path(jane, '/api'), policy), {
      decision: 'allow',
      reason:
        'RBAC: allowed by ClusterRoleBinding "system:discovery" of ClusterRole "system:discovery" to Group "system:authenticated"',
    });
  });
});

describe('bootstrap objects', () => {
  it('are valid rbac.authorization.k8s.io/v1 objects with the bootstrapping label and autoupdate annotation', () => {
    for (const obj of [...bootstrapClusterRoles(), ...bootstrapClusterRoleBindings()]) {
      assert.equal(obj.apiVersion, 'rbac.authorization.k8s.io/v1');
      assert.deepEqual(obj.metadata?.annotations, { 'rbac.authorization.kubernetes.io/autoupdate': 'true' });
      assert.equal(obj.metadata?.labels?.['kubernetes.io/bootstrapping'], 'rbac-defaults');
    }
  });

  it('serialize cluster-admin and its binding as the API server does', () => {
    const admin = bootstrapClusterRoles().find((r) => r.metadata?.name === 'cluster-admin');
    assert.equal(
      JSON.stringify(admin),
      '{"kind":"ClusterRole","apiVersion":"rbac.authorization.k8s.io/v1","metadata":{"name":"cluster-admin","labels":{"kubernetes.io/bootstrapping":"rbac-defaults"},"annotations":{"rbac.authorization.kubernetes.io/autoupdate":"true"}},"rules":[{"verbs":["*"],"apiGroups":["*"],"resources":["*"]},{"verbs":["*"],"nonResourceURLs":["*"]}]}',
    );
    const binding = bootstrapClusterRoleBindings().find((b) => b.metadata?.name === 'cluster-admin');
    assert.equal(
      JSON.stringify(binding),
      '{"kind":"ClusterRoleBinding","apiVersion":"rbac.authorization.k8s.io/v1","metadata":{"name":"cluster-admin","labels":{"kubernetes.io/bootstrapping":"rbac-defaults"},"annotations":{"rbac.authorization.kubernetes.io/autoupdate":"true"}},"subjects":[{"kind":"Group","apiGroup":"rbac.authorization.k8s.io","name":"system:masters"}],"roleRef":{"apiGroup":"rbac.authorization.k8s.io","kind":"ClusterRole","name":"cluster-admin"}}',
    );
  });

  it('keep the aggregation rules and labels of admin, edit and view', () => {
    const byName = new Map(bootstrapClusterRoles().map((r) => [r.metadata?.name, r]));
    assert.deepEqual(byName.get('edit')?.aggregationRule, {
      clusterRoleSelectors: [{ matchLabels: { 'rbac.authorization.k8s.io/aggregate-to-edit': 'true' } }],
    });
    assert.deepEqual(byName.get('view')?.metadata?.labels, {
      'kubernetes.io/bootstrapping': 'rbac-defaults',
      'rbac.authorization.k8s.io/aggregate-to-edit': 'true',
    });
    assert.deepEqual(
      [
        byName.get('view')?.rules?.length,
        byName.get('edit')?.rules?.length,
        byName.get('admin')?.rules?.length,
      ],
      [10, 23, 25],
    );
    assert.deepEqual(byName.get('admin')?.rules?.at(-1), {
      verbs: ['create', 'delete', 'deletecollection', 'get', 'list', 'patch', 'update', 'watch'],
      apiGroups: ['rbac.authorization.k8s.io'],
      resources: ['rolebindings', 'roles'],
    });
  });

  it('returns fresh copies', () => {
    const first = bootstrapClusterRoles();
    first[0]!.rules = [];
    assert.notDeepEqual(bootstrapClusterRoles()[0]!.rules, []);
  });
});

describe('aggregateClusterRoles', () => {
  it('adds the rules of user roles labelled aggregate-to-view to view, edit and admin', () => {
    const crd: ClusterRole = {
      kind: 'ClusterRole',
      apiVersion: 'rbac.authorization.k8s.io/v1',
      metadata: { name: 'widgets-view', labels: { 'rbac.authorization.k8s.io/aggregate-to-view': 'true' } },
      rules: [{ verbs: ['get', 'list', 'watch'], apiGroups: ['example.com'], resources: ['widgets'] }],
    };
    const roles = aggregateClusterRoles([...bootstrapClusterRoles(), crd]);
    const byName = new Map(roles.map((r) => [r.metadata?.name, r]));
    const widgetRule = JSON.stringify(crd.rules?.[0]);
    for (const name of ['view', 'edit', 'admin']) {
      assert.ok(
        byName.get(name)?.rules?.some((r: PolicyRule) => JSON.stringify(r) === widgetRule),
        name,
      );
    }
    assert.equal(byName.get('view')?.rules?.length, 11);
    assert.equal(byName.get('edit')?.rules?.length, 24);
    assert.equal(byName.get('admin')?.rules?.length, 26);
  });
});
