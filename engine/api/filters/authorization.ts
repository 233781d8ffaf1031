import type { ClusterRole, ClusterRoleBinding, Role, RoleBinding } from 'kubernetes-types/rbac/v1';
import {
  type AuthorizationAttributes,
  type AuthorizationDecision,
  authorize,
  type RbacPolicy,
  rulesFor,
  type SubjectRules,
} from '../../auth/rbac.authorizer.ts';
import type { ObjectStore } from '../../store/store.ts';
import type { UserInfo } from '../types.ts';

const RBAC = 'rbac.authorization.k8s.io';
const RBAC_RESOURCES = ['roles', 'clusterroles', 'rolebindings', 'clusterrolebindings'].map(
  (r) => `${RBAC}/${r}`,
);

/** RBAC over the live store: the policy snapshot is rebuilt only after a role or binding changes. */
export class StoreAuthorizer {
  private policy: RbacPolicy | undefined;

  constructor(private readonly store: ObjectStore) {
    for (const key of RBAC_RESOURCES) {
      store.watch(key, {}, () => {
        this.policy = undefined;
      });
    }
  }

  authorize(attributes: AuthorizationAttributes): AuthorizationDecision {
    return authorize(attributes, this.currentPolicy());
  }

  rulesFor(user: UserInfo, namespace: string): SubjectRules {
    return rulesFor(user, namespace, this.currentPolicy());
  }

  private currentPolicy(): RbacPolicy {
    this.policy ??= {
      roles: this.store.list(`${RBAC}/roles`) as unknown as Role[],
      clusterRoles: this.store.list(`${RBAC}/clusterroles`) as unknown as ClusterRole[],
      roleBindings: this.store.list(`${RBAC}/rolebindings`) as unknown as RoleBinding[],
      clusterRoleBindings: this.store.list(`${RBAC}/clusterrolebindings`) as unknown as ClusterRoleBinding[],
    };
    return this.policy;
  }
}
