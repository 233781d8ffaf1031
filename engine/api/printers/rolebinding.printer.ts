import type { ClusterRoleBinding, RoleBinding, Subject } from 'kubernetes-types/rbac/v1';
import { ageColumn, nameColumn } from './columns.ts';
import { translateTimestampSince } from './duration.ts';
import { column, definePrinter, type PrintContext } from './printer.ts';
import { clusterRoleBindingDoc, roleBindingDoc } from './swagger-docs.ts';
import type { TableCell, TableColumnDefinition } from './table-types.ts';

const bindingColumns = (roleRefDoc: string, kind: string): TableColumnDefinition[] => [
  nameColumn,
  column('Role', 'string', roleRefDoc),
  ageColumn,
  column('Users', 'string', `Users in the ${kind}`, { priority: 1 }),
  column('Groups', 'string', `Groups in the ${kind}`, { priority: 1 }),
  column('ServiceAccounts', 'string', `ServiceAccounts in the ${kind}`, { priority: 1 }),
];

export const roleBindingColumns = bindingColumns(roleBindingDoc.roleRef, 'roleBinding');
export const clusterRoleBindingColumns = bindingColumns(clusterRoleBindingDoc.roleRef, 'clusterRoleBinding');

/** `rbac.SubjectsStrings`: users, groups and `namespace/name` service accounts. */
export function subjectsStrings(subjects: readonly Subject[] | undefined): [string[], string[], string[]] {
  const users: string[] = [];
  const groups: string[] = [];
  const serviceAccounts: string[] = [];
  for (const subject of subjects ?? []) {
    if (subject.kind === 'ServiceAccount') serviceAccounts.push(`${subject.namespace ?? ''}/${subject.name}`);
    else if (subject.kind === 'User') users.push(subject.name);
    else if (subject.kind === 'Group') groups.push(subject.name);
  }
  return [users, groups, serviceAccounts];
}

function bindingCells(binding: RoleBinding | ClusterRoleBinding, { now }: PrintContext): TableCell[] {
  const [users, groups, serviceAccounts] = subjectsStrings(binding.subjects);
  return [
    binding.metadata?.name ?? '',
    `${binding.roleRef?.kind ?? ''}/${binding.roleRef?.name ?? ''}`,
    translateTimestampSince(binding.metadata?.creationTimestamp, now),
    users.join(', '),
    groups.join(', '),
    serviceAccounts.join(', '),
  ];
}

export const roleBindingPrinter = definePrinter<RoleBinding>({
  group: 'rbac.authorization.k8s.io',
  resource: 'rolebindings',
  columns: roleBindingColumns,
  cells: bindingCells,
});

export const clusterRoleBindingPrinter = definePrinter<ClusterRoleBinding>({
  group: 'rbac.authorization.k8s.io',
  resource: 'clusterrolebindings',
  columns: clusterRoleBindingColumns,
  cells: bindingCells,
});
