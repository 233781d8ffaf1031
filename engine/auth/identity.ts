import { isDns1123Label, isDns1123Subdomain } from '../api/selectors/label-validation.ts';
import type { UserInfo } from '../api/types.ts';

// apiserver pkg/authentication/user/user.go
export const SYSTEM_PRIVILEGED_GROUP = 'system:masters';
export const NODES_GROUP = 'system:nodes';
export const MONITORING_GROUP = 'system:monitoring';
export const ALL_UNAUTHENTICATED = 'system:unauthenticated';
export const ALL_AUTHENTICATED = 'system:authenticated';
export const ANONYMOUS = 'system:anonymous';
export const APISERVER_USER = 'system:apiserver';
export const KUBE_PROXY = 'system:kube-proxy';
export const KUBE_CONTROLLER_MANAGER = 'system:kube-controller-manager';
export const KUBE_SCHEDULER = 'system:kube-scheduler';

// apiserver pkg/authentication/serviceaccount/util.go
export const SERVICE_ACCOUNT_USERNAME_PREFIX = 'system:serviceaccount:';
export const ALL_SERVICE_ACCOUNTS_GROUP = 'system:serviceaccounts';
export const SERVICE_ACCOUNT_GROUP_PREFIX = 'system:serviceaccounts:';
export const NODE_USERNAME_PREFIX = 'system:node:';

/** `system:serviceaccount:<namespace>:<name>`. */
export function serviceAccountUsername(namespace: string, name: string): string {
  return `${SERVICE_ACCOUNT_USERNAME_PREFIX}${namespace}:${name}`;
}

/** The groups a service account's token authenticates with (before `system:authenticated` is added). */
export function serviceAccountGroups(namespace: string): string[] {
  return [ALL_SERVICE_ACCOUNTS_GROUP, `${SERVICE_ACCOUNT_GROUP_PREFIX}${namespace}`];
}

/** The identity a service account token authenticates as. */
export function serviceAccountUser(namespace: string, name: string, uid?: string): UserInfo {
  const user: UserInfo = {
    username: serviceAccountUsername(namespace, name),
    groups: [...serviceAccountGroups(namespace), ALL_AUTHENTICATED],
  };
  if (uid) user.uid = uid;
  return user;
}

/** serviceaccount.SplitUsername: the namespace and name of a valid service account username. */
export function splitServiceAccountUsername(
  username: string,
): { namespace: string; name: string } | undefined {
  if (!username.startsWith(SERVICE_ACCOUNT_USERNAME_PREFIX)) return undefined;
  const parts = username.slice(SERVICE_ACCOUNT_USERNAME_PREFIX.length).split(':');
  if (parts.length !== 2) return undefined;
  const [namespace = '', name = ''] = parts;
  if (!isDns1123Label(namespace) || !isDns1123Subdomain(name)) return undefined;
  return { namespace, name };
}

/** `system:node:<nodeName>`. */
export function nodeUsername(nodeName: string): string {
  return `${NODE_USERNAME_PREFIX}${nodeName}`;
}

/** The identity of a request without credentials. */
export function anonymousUser(): UserInfo {
  return { username: ANONYMOUS, groups: [ALL_UNAUTHENTICATED] };
}
