import type { FieldError } from '../../errors.ts';
import type { KubeObject } from '../../types.ts';
import { plainStrategy, type ResourceDefinition, STANDARD_VERBS } from '../resource.ts';

const GROUP = 'rbac.authorization.k8s.io';

function roleRefUnchanged(object: KubeObject, old: KubeObject): FieldError[] {
  if (JSON.stringify(object.roleRef) === JSON.stringify(old.roleRef)) return [];
  return [
    { type: 'FieldValueInvalid', field: 'roleRef', value: object.roleRef, detail: 'cannot change roleRef' },
  ];
}

function rbac(
  resource: string,
  singular: string,
  kind: string,
  namespaced: boolean,
  binding: boolean,
): ResourceDefinition {
  return {
    group: GROUP,
    version: 'v1',
    resource,
    singular,
    kind,
    namespaced,
    verbs: STANDARD_VERBS,
    strategy: plainStrategy({
      nameRule: 'path-segment',
      ...(binding ? { validateUpdate: roleRefUnchanged } : {}),
    }),
  };
}

export const rolesResource = rbac('roles', 'role', 'Role', true, false);
export const roleBindingsResource = rbac('rolebindings', 'rolebinding', 'RoleBinding', true, true);
export const clusterRolesResource = rbac('clusterroles', 'clusterrole', 'ClusterRole', false, false);
export const clusterRoleBindingsResource = rbac(
  'clusterrolebindings',
  'clusterrolebinding',
  'ClusterRoleBinding',
  false,
  true,
);
