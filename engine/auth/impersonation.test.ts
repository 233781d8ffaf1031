import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { ClusterRoleBinding, PolicyRule } from 'kubernetes-types/rbac/v1';
import type { UserInfo } from '../api/types.ts';
import { impersonate, isImpersonationHeader } from './impersonation.ts';
import { type AuthorizationAttributes, authorize, type RbacPolicy } from './rbac.authorizer.ts';

const admin: UserInfo = { username: 'admin', groups: ['system:authenticated'] };
const superuser: UserInfo = {
  username: 'kubernetes-admin',
  groups: ['system:masters', 'system:authenticated'],
};

function allowAdmin(rules: PolicyRule[]): (attrs: AuthorizationAttributes) => ReturnType<typeof authorize> {
  const binding: ClusterRoleBinding = {
    kind: 'ClusterRoleBinding',
    metadata: { name: 'impersonators' },
    subjects: [{ kind: 'User', apiGroup: 'rbac.authorization.k8s.io', name: 'admin' }],
    roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'ClusterRole', name: 'impersonator' },
  };
  const policy: RbacPolicy = {
    roles: [],
    roleBindings: [],
    clusterRoles: [{ kind: 'ClusterRole', metadata: { name: 'impersonator' }, rules }],
    clusterRoleBindings: [binding],
  };
  return (attrs) => authorize(attrs, policy);
}

const impersonateEverything = allowAdmin([
  { verbs: ['impersonate'], apiGroups: [''], resources: ['users', 'groups', 'serviceaccounts'] },
  {
    verbs: ['impersonate'],
    apiGroups: ['authentication.k8s.io'],
    resources: ['uids', 'userextras/scopes', 'userextras/example.com/team'],
  },
]);

describe('impersonate', () => {
  it('leaves requests without impersonation headers alone', () => {
    assert.deepEqual(impersonate(admin, { accept: 'application/json' }, impersonateEverything), {
      outcome: 'none',
      user: admin,
    });
  });

  const allowed: [name: string, headers: Record<string, string | string[]>, user: UserInfo][] = [
    [
      'a user gets system:authenticated',
      { 'impersonate-user': 'jane' },
      { username: 'jane', groups: ['system:authenticated'] },
    ],
    [
      'a user with groups gets them plus system:authenticated',
      { 'Impersonate-User': 'jane', 'Impersonate-Group': ['developers', 'ops'] },
      { username: 'jane', groups: ['developers', 'ops', 'system:authenticated'] },
    ],
    [
      'system:unauthenticated suppresses system:authenticated',
      { 'impersonate-user': 'jane', 'impersonate-group': 'system:unauthenticated' },
      { username: 'jane', groups: ['system:unauthenticated'] },
    ],
    [
      'a service account gets its groups',
      { 'impersonate-user': 'system:serviceaccount:ci:builder' },
      {
        username: 'system:serviceaccount:ci:builder',
        groups: ['system:serviceaccounts', 'system:serviceaccounts:ci', 'system:authenticated'],
      },
    ],
    [
      'a service account with explicit groups gets only those',
      { 'impersonate-user': 'system:serviceaccount:ci:builder', 'impersonate-group': 'qa' },
      { username: 'system:serviceaccount:ci:builder', groups: ['qa', 'system:authenticated'] },
    ],
    [
      'the anonymous user gets system:unauthenticated',
      { 'impersonate-user': 'system:anonymous' },
      { username: 'system:anonymous', groups: ['system:unauthenticated'] },
    ],
    [
      'a uid and extras are carried over, extra keys lower-cased and unescaped',
      {
        'impersonate-user': 'jane',
        'impersonate-uid': '1234',
        'Impersonate-Extra-Scopes': ['view', 'edit'],
        'impersonate-extra-example.com%2fteam': 'a',
      },
      {
        username: 'jane',
        groups: ['system:authenticated'],
        uid: '1234',
        extra: { scopes: ['view', 'edit'], 'example.com/team': ['a'] },
      },
    ],
  ];
  for (const [name, headers, user] of allowed) {
    it(name, () => {
      assert.deepEqual(impersonate(admin, headers, impersonateEverything), { outcome: 'impersonated', user });
    });
  }

  it('lets system:masters impersonate anyone', () => {
    const result = impersonate(superuser, { 'impersonate-user': 'jane' }, (attrs) =>
      authorize(attrs, { roles: [], roleBindings: [], clusterRoles: [], clusterRoleBindings: [] }),
    );
    assert.deepEqual(result, {
      outcome: 'impersonated',
      user: { username: 'jane', groups: ['system:authenticated'] },
    });
  });

  const denied: [
    name: string,
    rules: PolicyRule[],
    headers: Record<string, string | string[]>,
    message: string,
    details: object,
  ][] = [
    [
      'a user without permission',
      [],
      { 'impersonate-user': 'jane' },
      'users "jane" is forbidden: User "admin" cannot impersonate resource "users" in API group "" at the cluster scope',
      { name: 'jane', kind: 'users' },
    ],
    [
      'a group without permission',
      [{ verbs: ['impersonate'], apiGroups: [''], resources: ['users'] }],
      { 'impersonate-user': 'jane', 'impersonate-group': 'system:masters' },
      'groups "system:masters" is forbidden: User "admin" cannot impersonate resource "groups" in API group "" at the cluster scope',
      { name: 'system:masters', kind: 'groups' },
    ],
    [
      'a service account without permission in its namespace',
      [{ verbs: ['impersonate'], apiGroups: [''], resources: ['users'] }],
      { 'impersonate-user': 'system:serviceaccount:ci:builder' },
      'serviceaccounts "builder" is forbidden: User "admin" cannot impersonate resource "serviceaccounts" in API group "" in the namespace "ci"',
      { name: 'builder', kind: 'serviceaccounts' },
    ],
    [
      'a user restricted by resourceNames',
      [{ verbs: ['impersonate'], apiGroups: [''], resources: ['users'], resourceNames: ['bob'] }],
      { 'impersonate-user': 'jane' },
      'users "jane" is forbidden: User "admin" cannot impersonate resource "users" in API group "" at the cluster scope',
      { name: 'jane', kind: 'users' },
    ],
    [
      'an extra without permission',
      [{ verbs: ['impersonate'], apiGroups: [''], resources: ['users'] }],
      { 'impersonate-user': 'jane', 'impersonate-extra-scopes': 'view' },
      'userextras.authentication.k8s.io "view" is forbidden: User "admin" cannot impersonate resource "userextras/scopes" in API group "authentication.k8s.io" at the cluster scope',
      { name: 'view', group: 'authentication.k8s.io', kind: 'userextras' },
    ],
    [
      'a uid without permission',
      [{ verbs: ['impersonate'], apiGroups: [''], resources: ['users'] }],
      { 'impersonate-user': 'jane', 'impersonate-uid': '1234' },
      'uids.authentication.k8s.io "1234" is forbidden: User "admin" cannot impersonate resource "uids" in API group "authentication.k8s.io" at the cluster scope',
      { name: '1234', group: 'authentication.k8s.io', kind: 'uids' },
    ],
  ];
  for (const [name, rules, headers, message, details] of denied) {
    it(`denies ${name}`, () => {
      const result = impersonate(admin, headers, allowAdmin(rules));
      assert.equal(result.outcome, 'forbidden');
      assert.ok(result.outcome === 'forbidden');
      assert.equal(result.code, 403);
      assert.deepEqual(result.status, {
        kind: 'Status',
        apiVersion: 'v1',
        metadata: {},
        status: 'Failure',
        message,
        reason: 'Forbidden',
        details,
        code: 403,
      });
    });
  }

  it('allows a user whose name the rule lists in resourceNames', () => {
    const result = impersonate(
      admin,
      { 'impersonate-user': 'bob' },
      allowAdmin([{ verbs: ['impersonate'], apiGroups: [''], resources: ['users'], resourceNames: ['bob'] }]),
    );
    assert.equal(result.outcome, 'impersonated');
  });

  it('rejects groups without a user with a plain-text 500', () => {
    assert.deepEqual(
      impersonate(admin, { 'impersonate-group': 'developers' }, impersonateEverything, '/api/v1/pods'),
      {
        outcome: 'error',
        code: 500,
        contentType: 'text/plain; charset=utf-8',
        body: 'Internal Server Error: "/api/v1/pods": requested [{Group  developers    }] without impersonating a user\n',
      },
    );
  });

  it('recognises the headers it consumes', () => {
    assert.deepEqual(
      [
        'Impersonate-User',
        'impersonate-group',
        'Impersonate-Uid',
        'Impersonate-Extra-Scopes',
        'Authorization',
      ].map(isImpersonationHeader),
      [true, true, true, true, false],
    );
  });
});
