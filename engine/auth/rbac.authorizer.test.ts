import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type {
  ClusterRole,
  ClusterRoleBinding,
  PolicyRule,
  Role,
  RoleBinding,
  Subject,
} from 'kubernetes-types/rbac/v1';
import type { UserInfo } from '../api/types.ts';
import { bootstrapClusterRoleBindings, bootstrapClusterRoles } from './bootstrap-policy.ts';
import { forbiddenMessage, forbiddenStatus } from './forbidden.ts';
import { serviceAccountUser } from './identity.ts';
import { type AuthorizationAttributes, authorize, type RbacPolicy, rulesFor } from './rbac.authorizer.ts';

const jane: UserInfo = { username: 'jane', groups: ['system:authenticated'] };

function role(namespace: string, name: string, rules: PolicyRule[]): Role {
  return { kind: 'Role', apiVersion: 'rbac.authorization.k8s.io/v1', metadata: { namespace, name }, rules };
}

function clusterRole(name: string, rules: PolicyRule[]): ClusterRole {
  return { kind: 'ClusterRole', apiVersion: 'rbac.authorization.k8s.io/v1', metadata: { name }, rules };
}

function roleBinding(
  namespace: string,
  name: string,
  kind: string,
  roleName: string,
  subjects: Subject[],
): RoleBinding {
  return {
    kind: 'RoleBinding',
    apiVersion: 'rbac.authorization.k8s.io/v1',
    metadata: { namespace, name },
    subjects,
    roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind, name: roleName },
  };
}

function clusterRoleBinding(name: string, roleName: string, subjects: Subject[]): ClusterRoleBinding {
  return {
    kind: 'ClusterRoleBinding',
    apiVersion: 'rbac.authorization.k8s.io/v1',
    metadata: { name },
    subjects,
    roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'ClusterRole', name: roleName },
  };
}

const user = (name: string): Subject => ({ kind: 'User', apiGroup: 'rbac.authorization.k8s.io', name });
const group = (name: string): Subject => ({ kind: 'Group', apiGroup: 'rbac.authorization.k8s.io', name });

function policy(parts: Partial<RbacPolicy>): RbacPolicy {
  return { roles: [], clusterRoles: [], roleBindings: [], clusterRoleBindings: [], ...parts };
}

function attrs(partial: Partial<AuthorizationAttributes>): AuthorizationAttributes {
  return {
    user: jane,
    verb: 'get',
    namespace: 'default',
    apiGroup: '',
    resource: 'pods',
    subresource: '',
    name: '',
    resourceRequest: true,
    path: '',
    ...partial,
  };
}

const podReader = policy({
  roles: [
    role('default', 'pod-reader', [
      { verbs: ['get', 'list', 'watch'], apiGroups: [''], resources: ['pods'] },
    ]),
  ],
  roleBindings: [roleBinding('default', 'read-pods', 'Role', 'pod-reader', [user('jane')])],
});

describe('authorize: Role get/list/watch pods bound to jane', () => {
  const cases: [name: string, request: Partial<AuthorizationAttributes>, allowed: boolean][] = [
    ['list pods in default', { verb: 'list' }, true],
    ['get a pod', { name: 'x' }, true],
    ['watch pods', { verb: 'watch' }, true],
    ['delete a pod', { verb: 'delete', name: 'x' }, false],
    ['list pods in another namespace', { verb: 'list', namespace: 'other' }, false],
    ['list pods across namespaces', { verb: 'list', namespace: '' }, false],
    ['read pod logs', { subresource: 'log', name: 'x' }, false],
    ['get a pod in another API group', { apiGroup: 'apps' }, false],
    ['another user', { user: { username: 'bob', groups: ['system:authenticated'] } }, false],
  ];
  for (const [name, request, allowed] of cases) {
    it(`${allowed ? 'allows' : 'denies'} ${name}`, () => {
      assert.equal(authorize(attrs(request), podReader).decision, allowed ? 'allow' : 'no-opinion');
    });
  }

  it('names the binding that allowed the request', () => {
    assert.deepEqual(authorize(attrs({ verb: 'list' }), podReader), {
      decision: 'allow',
      reason: 'RBAC: allowed by RoleBinding "read-pods/default" of Role "pod-reader" to User "jane"',
    });
  });

  it('gives no reason for a plain deny and the exact 403 message', () => {
    const request = attrs({ verb: 'delete', name: 'x' });
    const decision = authorize(request, podReader);
    assert.deepEqual(decision, { decision: 'no-opinion', reason: '' });
    assert.equal(
      forbiddenMessage(request, decision.reason),
      'pods "x" is forbidden: User "jane" cannot delete resource "pods" in API group "" in the namespace "default"',
    );
  });
});

describe('authorize: rule matching', () => {
  const rules = (r: PolicyRule[]) =>
    policy({
      clusterRoles: [clusterRole('r', r)],
      clusterRoleBindings: [clusterRoleBinding('b', 'r', [user('jane')])],
    });
  const cases: [
    name: string,
    rule: PolicyRule,
    request: Partial<AuthorizationAttributes>,
    allowed: boolean,
  ][] = [
    ['verb *', { verbs: ['*'], apiGroups: [''], resources: ['pods'] }, { verb: 'deletecollection' }, true],
    [
      'group *',
      { verbs: ['get'], apiGroups: ['*'], resources: ['deployments'] },
      { apiGroup: 'apps', resource: 'deployments' },
      true,
    ],
    ['resource *', { verbs: ['get'], apiGroups: [''], resources: ['*'] }, { subresource: 'log' }, true],
    [
      'pods does not cover pods/log',
      { verbs: ['get'], apiGroups: [''], resources: ['pods'] },
      { subresource: 'log' },
      false,
    ],
    ['pods/log', { verbs: ['get'], apiGroups: [''], resources: ['pods/log'] }, { subresource: 'log' }, true],
    ['pods/log does not cover pods', { verbs: ['get'], apiGroups: [''], resources: ['pods/log'] }, {}, false],
    [
      '*/scale',
      { verbs: ['update'], apiGroups: ['apps'], resources: ['*/scale'] },
      { verb: 'update', apiGroup: 'apps', resource: 'deployments', subresource: 'scale' },
      true,
    ],
    [
      '*/scale is not */status',
      { verbs: ['update'], apiGroups: ['apps'], resources: ['*/scale'] },
      { verb: 'update', apiGroup: 'apps', resource: 'deployments', subresource: 'status' },
      false,
    ],
    [
      'resourceNames hit',
      { verbs: ['get'], apiGroups: [''], resources: ['configmaps'], resourceNames: ['app-config'] },
      { resource: 'configmaps', name: 'app-config' },
      true,
    ],
    [
      'resourceNames miss',
      { verbs: ['get'], apiGroups: [''], resources: ['configmaps'], resourceNames: ['app-config'] },
      { resource: 'configmaps', name: 'other' },
      false,
    ],
    [
      'resourceNames never match a list',
      { verbs: ['list'], apiGroups: [''], resources: ['configmaps'], resourceNames: ['app-config'] },
      { verb: 'list', resource: 'configmaps' },
      false,
    ],
    [
      'resourceNames never match a create',
      { verbs: ['create'], apiGroups: [''], resources: ['configmaps'], resourceNames: ['app-config'] },
      { verb: 'create', resource: 'configmaps' },
      false,
    ],
    [
      'non-resource exact',
      { verbs: ['get'], nonResourceURLs: ['/healthz'] },
      { resourceRequest: false, path: '/healthz' },
      true,
    ],
    [
      'non-resource prefix *',
      { verbs: ['get'], nonResourceURLs: ['/healthz/*'] },
      { resourceRequest: false, path: '/healthz/etcd' },
      true,
    ],
    [
      'non-resource prefix * needs the prefix',
      { verbs: ['get'], nonResourceURLs: ['/healthz/*'] },
      { resourceRequest: false, path: '/healthz' },
      false,
    ],
    [
      'non-resource *',
      { verbs: ['get'], nonResourceURLs: ['*'] },
      { resourceRequest: false, path: '/metrics' },
      true,
    ],
    [
      'non-resource verb',
      { verbs: ['get'], nonResourceURLs: ['/healthz'] },
      { resourceRequest: false, path: '/healthz', verb: 'post' },
      false,
    ],
    [
      'resource rules do not grant paths',
      { verbs: ['*'], apiGroups: ['*'], resources: ['*'] },
      { resourceRequest: false, path: '/healthz' },
      false,
    ],
    ['path rules do not grant resources', { verbs: ['*'], nonResourceURLs: ['*'] }, {}, false],
  ];
  for (const [name, rule, request, allowed] of cases) {
    it(`${name}: ${allowed ? 'allowed' : 'denied'}`, () => {
      assert.equal(authorize(attrs(request), rules([rule])).decision, allowed ? 'allow' : 'no-opinion');
    });
  }
});

describe('authorize: bindings and subjects', () => {
  const editPods = clusterRole('pod-editor', [{ verbs: ['*'], apiGroups: [''], resources: ['pods'] }]);

  it('grants a ClusterRole through a RoleBinding only in the binding namespace', () => {
    const p = policy({
      clusterRoles: [editPods],
      roleBindings: [roleBinding('team-a', 'edit-pods', 'ClusterRole', 'pod-editor', [user('jane')])],
    });
    const allowed = authorize(attrs({ verb: 'delete', namespace: 'team-a', name: 'x' }), p);
    assert.deepEqual(allowed, {
      decision: 'allow',
      reason: 'RBAC: allowed by RoleBinding "edit-pods/team-a" of ClusterRole "pod-editor" to User "jane"',
    });
    assert.equal(
      authorize(attrs({ verb: 'delete', namespace: 'team-b', name: 'x' }), p).decision,
      'no-opinion',
    );
    assert.equal(authorize(attrs({ verb: 'list', namespace: '' }), p).decision, 'no-opinion');
  });

  it('grants a ClusterRoleBinding in every namespace and at the cluster scope', () => {
    const p = policy({
      clusterRoles: [editPods],
      clusterRoleBindings: [clusterRoleBinding('edit-pods', 'pod-editor', [user('jane')])],
    });
    assert.equal(authorize(attrs({ namespace: 'anywhere' }), p).decision, 'allow');
    assert.deepEqual(authorize(attrs({ verb: 'list', namespace: '' }), p), {
      decision: 'allow',
      reason: 'RBAC: allowed by ClusterRoleBinding "edit-pods" of ClusterRole "pod-editor" to User "jane"',
    });
  });

  it('matches group subjects', () => {
    const p = policy({
      clusterRoles: [editPods],
      clusterRoleBindings: [clusterRoleBinding('devs', 'pod-editor', [user('bob'), group('developers')])],
    });
    const dev: UserInfo = { username: 'alice', groups: ['developers', 'system:authenticated'] };
    assert.deepEqual(authorize(attrs({ user: dev }), p), {
      decision: 'allow',
      reason: 'RBAC: allowed by ClusterRoleBinding "devs" of ClusterRole "pod-editor" to Group "developers"',
    });
    assert.equal(
      authorize(attrs({ user: { username: 'alice', groups: ['ops'] } }), p).decision,
      'no-opinion',
    );
  });

  it('matches service accounts, defaulting the subject namespace to the binding namespace', () => {
    const sa = serviceAccountUser('default', 'builder');
    const p = policy({
      clusterRoles: [editPods],
      roleBindings: [
        roleBinding('default', 'local-sa', 'ClusterRole', 'pod-editor', [
          { kind: 'ServiceAccount', name: 'builder' },
        ]),
        roleBinding('other', 'remote-sa', 'ClusterRole', 'pod-editor', [
          { kind: 'ServiceAccount', name: 'builder', namespace: 'default' },
        ]),
      ],
      clusterRoleBindings: [
        // A ServiceAccount subject without a namespace never matches in a cluster binding.
        clusterRoleBinding('no-namespace', 'pod-editor', [{ kind: 'ServiceAccount', name: 'builder' }]),
      ],
    });
    assert.deepEqual(authorize(attrs({ user: sa }), p), {
      decision: 'allow',
      reason:
        'RBAC: allowed by RoleBinding "local-sa/default" of ClusterRole "pod-editor" to ServiceAccount "builder/default"',
    });
    assert.equal(authorize(attrs({ user: sa, namespace: 'other' }), p).decision, 'allow');
    assert.equal(authorize(attrs({ user: sa, namespace: 'third' }), p).decision, 'no-opinion');
    assert.equal(authorize(attrs({ user: sa, namespace: '', verb: 'list' }), p).decision, 'no-opinion');
    // A user named like the service account only matches ServiceAccount subjects by its exact username.
    assert.equal(
      authorize(attrs({ user: serviceAccountUser('other', 'builder') }), p).decision,
      'no-opinion',
    );
  });

  it('does not grant a Role from another namespace', () => {
    const p = policy({
      roles: [role('team-b', 'pod-reader', [{ verbs: ['get'], apiGroups: [''], resources: ['pods'] }])],
      roleBindings: [roleBinding('team-a', 'read', 'Role', 'pod-reader', [user('jane')])],
    });
    assert.deepEqual(authorize(attrs({ namespace: 'team-a' }), p), {
      decision: 'no-opinion',
      reason: 'RBAC: role.rbac.authorization.k8s.io "pod-reader" not found',
    });
  });

  it('reports missing roles of applicable bindings in the reason and the 403', () => {
    const p = policy({
      clusterRoleBindings: [
        clusterRoleBinding('a', 'missing-a', [user('jane')]),
        clusterRoleBinding('b', 'missing-b', [group('system:authenticated')]),
        clusterRoleBinding('c', 'missing-c', [user('bob')]),
      ],
    });
    const request = attrs({ verb: 'list' });
    const decision = authorize(request, p);
    assert.deepEqual(decision, {
      decision: 'no-opinion',
      reason:
        'RBAC: [clusterrole.rbac.authorization.k8s.io "missing-a" not found, clusterrole.rbac.authorization.k8s.io "missing-b" not found]',
    });
    assert.equal(
      forbiddenMessage(request, decision.reason),
      'pods is forbidden: User "jane" cannot list resource "pods" in API group "" in the namespace "default": RBAC: [clusterrole.rbac.authorization.k8s.io "missing-a" not found, clusterrole.rbac.authorization.k8s.io "missing-b" not found]',
    );
  });

  it('allows system:masters outright', () => {
    const admin: UserInfo = {
      username: 'kubernetes-admin',
      groups: ['system:masters', 'system:authenticated'],
    };
    assert.deepEqual(
      authorize(attrs({ user: admin, verb: 'delete', resource: 'nodes', namespace: '' }), policy({})),
      {
        decision: 'allow',
        reason: '',
      },
    );
  });

  it('sees changes when handed a new policy object', () => {
    const first = policy({ clusterRoles: [editPods] });
    assert.equal(authorize(attrs({}), first).decision, 'no-opinion');
    const second = { ...first, clusterRoleBindings: [clusterRoleBinding('b', 'pod-editor', [user('jane')])] };
    assert.equal(authorize(attrs({}), second).decision, 'allow');
  });
});

describe('forbiddenMessage and forbiddenStatus', () => {
  const cases: [name: string, request: Partial<AuthorizationAttributes>, message: string][] = [
    [
      'a named pod',
      { verb: 'delete', name: 'x' },
      'pods "x" is forbidden: User "jane" cannot delete resource "pods" in API group "" in the namespace "default"',
    ],
    [
      'a list',
      { verb: 'list' },
      'pods is forbidden: User "jane" cannot list resource "pods" in API group "" in the namespace "default"',
    ],
    [
      'the cluster scope',
      { verb: 'list', resource: 'nodes', namespace: '' },
      'nodes is forbidden: User "jane" cannot list resource "nodes" in API group "" at the cluster scope',
    ],
    [
      'a subresource',
      { name: 'x', subresource: 'log' },
      'pods "x" is forbidden: User "jane" cannot get resource "pods/log" in API group "" in the namespace "default"',
    ],
    [
      'a group-qualified resource',
      { user: serviceAccountUser('default', 'sa'), apiGroup: 'apps', resource: 'deployments', name: 'web' },
      'deployments.apps "web" is forbidden: User "system:serviceaccount:default:sa" cannot get resource "deployments" in API group "apps" in the namespace "default"',
    ],
    [
      'a non-resource path',
      { resourceRequest: false, resource: '', path: '/healthz' },
      'forbidden: User "jane" cannot get path "/healthz"',
    ],
    [
      'HTML in the request',
      { user: { username: '<script>&', groups: [] }, resourceRequest: false, resource: '', path: '/x<y>' },
      'forbidden: User "&lt;script&gt;&amp;" cannot get path "/x&lt;y&gt;"',
    ],
    [
      'a quoted name',
      { name: 'a"b', verb: 'delete' },
      'pods "a\\"b" is forbidden: User "jane" cannot delete resource "pods" in API group "" in the namespace "default"',
    ],
  ];
  for (const [name, request, message] of cases) {
    it(`words ${name}`, () => {
      assert.equal(forbiddenMessage(attrs(request)), message);
    });
  }

  it('builds the Status body with keys in upstream order', () => {
    assert.equal(
      JSON.stringify(forbiddenStatus(attrs({ verb: 'delete', name: 'x' }))),
      '{"kind":"Status","apiVersion":"v1","metadata":{},"status":"Failure","message":"pods \\"x\\" is forbidden: User \\"jane\\" cannot delete resource \\"pods\\" in API group \\"\\" in the namespace \\"default\\"","reason":"Forbidden","details":{"name":"x","kind":"pods"},"code":403}',
    );
    assert.deepEqual(
      forbiddenStatus(attrs({ apiGroup: 'apps', resource: 'deployments', verb: 'list' })).details,
      {
        group: 'apps',
        kind: 'deployments',
      },
    );
    assert.equal(
      JSON.stringify(forbiddenStatus(attrs({ resourceRequest: false, resource: '', path: '/healthz' }))),
      '{"kind":"Status","apiVersion":"v1","metadata":{},"status":"Failure","message":"forbidden: User \\"jane\\" cannot get path \\"/healthz\\"","reason":"Forbidden","details":{},"code":403}',
    );
  });
});

describe('rulesFor (SelfSubjectRulesReview)', () => {
  it('lists cluster then namespace rules that apply to the user', () => {
    const p = policy({
      roles: [
        role('default', 'pod-reader', [
          { verbs: ['get', 'list', 'watch'], apiGroups: [''], resources: ['pods'] },
          { verbs: ['get'], apiGroups: [''], resources: ['configmaps'], resourceNames: ['app'] },
        ]),
      ],
      roleBindings: [roleBinding('default', 'read-pods', 'Role', 'pod-reader', [user('jane')])],
      clusterRoles: bootstrapClusterRoles(),
      clusterRoleBindings: bootstrapClusterRoleBindings(),
    });
    const rules = rulesFor(jane, 'default', p);
    assert.deepEqual(rules.resourceRules, [
      {
        verbs: ['create'],
        apiGroups: ['authorization.k8s.io'],
        resources: ['selfsubjectaccessreviews', 'selfsubjectrulesreviews'],
      },
      { verbs: ['create'], apiGroups: ['authentication.k8s.io'], resources: ['selfsubjectreviews'] },
      { verbs: ['get', 'list', 'watch'], apiGroups: [''], resources: ['pods'] },
      { verbs: ['get'], apiGroups: [''], resources: ['configmaps'], resourceNames: ['app'] },
    ]);
    assert.deepEqual(rules.nonResourceRules, [
      {
        verbs: ['get'],
        nonResourceURLs: [
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
      },
      { verbs: ['get'], nonResourceURLs: ['/healthz', '/livez', '/readyz', '/version', '/version/'] },
    ]);
    assert.equal(rules.incomplete, false);
    assert.equal(rules.evaluationError, undefined);
    assert.equal(rulesFor(jane, 'other', p).resourceRules.length, 2);
  });

  it('reports unresolvable bindings as the evaluation error', () => {
    const p = policy({ roleBindings: [roleBinding('default', 'b', 'Role', 'gone', [user('jane')])] });
    assert.deepEqual(rulesFor(jane, 'default', p), {
      resourceRules: [],
      nonResourceRules: [],
      incomplete: false,
      evaluationError: 'role.rbac.authorization.k8s.io "gone" not found',
    });
  });
});

describe('authorize with a few hundred bindings', () => {
  // How fast it decides is measured by npm run bench, not here.
  it('decides each request by the one binding that applies', () => {
    const clusterRoles = [...bootstrapClusterRoles()];
    const roles: Role[] = [];
    const roleBindings: RoleBinding[] = [];
    const clusterRoleBindings = [...bootstrapClusterRoleBindings()];
    for (let i = 0; i < 100; i++) {
      const namespace = `team-${i % 20}`;
      roles.push(
        role(namespace, `role-${i}`, [
          { verbs: ['get', 'list'], apiGroups: [''], resources: ['configmaps'] },
        ]),
      );
      roleBindings.push(
        roleBinding(namespace, `rb-${i}`, 'Role', `role-${i}`, [user(`user-${i}`), group(`group-${i}`)]),
      );
      roleBindings.push(roleBinding(namespace, `rb-view-${i}`, 'ClusterRole', 'view', [user(`viewer-${i}`)]));
      clusterRoleBindings.push(clusterRoleBinding(`crb-${i}`, 'view', [user(`global-${i}`)]));
    }
    const p = policy({ roles, clusterRoles, roleBindings, clusterRoleBindings });
    const requests = [
      attrs({
        user: { username: 'viewer-5', groups: ['system:authenticated'] },
        namespace: 'team-5',
        verb: 'list',
        resource: 'deployments',
        apiGroup: 'apps',
      }),
      attrs({
        user: { username: 'user-7', groups: ['group-3', 'system:authenticated'] },
        namespace: 'team-7',
        resource: 'configmaps',
        name: 'x',
      }),
      attrs({
        user: { username: 'nobody', groups: ['system:authenticated'] },
        namespace: 'team-1',
        verb: 'delete',
        name: 'x',
      }),
      attrs({
        user: { username: 'global-9', groups: ['system:authenticated'] },
        namespace: 'team-1',
        resource: 'secrets',
      }),
    ];
    assert.deepEqual(
      requests.map((request) => authorize(request, p).decision),
      ['allow', 'allow', 'no-opinion', 'no-opinion'],
    );
  });
});
