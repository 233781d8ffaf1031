import type { ObjectMeta } from 'kubernetes-types/meta/v1';

/** Any Kubernetes object as it travels over the API: plain JSON with type and object metadata. */
export interface KubeObject {
  apiVersion: string;
  kind: string;
  metadata: ObjectMeta;
  [field: string]: unknown;
}

/** A list response body (`PodList`, `DeploymentList`, …). */
export interface KubeList<T = KubeObject> {
  apiVersion: string;
  kind: string;
  metadata: { resourceVersion: string; continue?: string; remainingItemCount?: number };
  items: T[];
}

/** Identifies a resource type the way the API paths and RBAC do. */
export interface GroupVersionResource {
  group: string;
  version: string;
  resource: string;
}

/** Identifies a stored object. `namespace` is '' for cluster-scoped objects. */
export interface ObjectKey {
  namespace: string;
  name: string;
}

/** The user a request acts as, after authentication and impersonation. */
export interface UserInfo {
  username: string;
  uid?: string;
  groups: string[];
  extra?: Record<string, string[]>;
}

export type { ObjectMeta };
