// Who the engine's own components are when they write: the users the real components
// authenticate as, and the field managers their User-Agents give (managerOrUserAgent).
import {
  ALL_AUTHENTICATED,
  APISERVER_USER,
  KUBE_CONTROLLER_MANAGER,
  KUBE_SCHEDULER,
  NODES_GROUP,
  nodeUsername,
  SYSTEM_PRIVILEGED_GROUP,
  serviceAccountUser,
} from '../auth/identity.ts';
import type { UserInfo } from './types.ts';

/** A component's user and the field manager its writes record. */
export interface ComponentIdentity {
  user: UserInfo;
  fieldManager: string;
}

/** kube-apiserver's loopback client (bootstrap objects, the kubernetes Service endpoints). */
export const KUBE_APISERVER_IDENTITY: ComponentIdentity = {
  user: { username: APISERVER_USER, groups: [SYSTEM_PRIVILEGED_GROUP] },
  fieldManager: 'kube-apiserver',
};

export const KUBE_CONTROLLER_MANAGER_IDENTITY: ComponentIdentity = {
  user: { username: KUBE_CONTROLLER_MANAGER, groups: [ALL_AUTHENTICATED] },
  fieldManager: 'kube-controller-manager',
};

export const KUBE_SCHEDULER_IDENTITY: ComponentIdentity = {
  user: { username: KUBE_SCHEDULER, groups: [ALL_AUTHENTICATED] },
  fieldManager: 'kube-scheduler',
};

/** The kubelet of `nodeName`: `system:node:<node>` in `system:nodes`, field manager `kubelet`. */
export function kubeletIdentity(nodeName: string): ComponentIdentity {
  return {
    user: { username: nodeUsername(nodeName), groups: [NODES_GROUP, ALL_AUTHENTICATED] },
    fieldManager: 'kubelet',
  };
}

/** A component running in a pod under a service account (an add-on such as a provisioner). */
export function serviceAccountIdentity(
  namespace: string,
  name: string,
  fieldManager: string,
): ComponentIdentity {
  return { user: serviceAccountUser(namespace, name), fieldManager };
}
