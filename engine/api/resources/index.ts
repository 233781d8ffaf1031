import {
  controllerRevisionsResource,
  daemonSetsResource,
  deploymentsResource,
  replicaSetsResource,
  statefulSetsResource,
} from './apps/workloads.ts';
import { cronJobsResource, jobsResource } from './batch/jobs.ts';
import { namespacesResource } from './core/namespaces.ts';
import { nodesResource } from './core/nodes.ts';
import { podsResource } from './core/pods.ts';
import { servicesResource } from './core/services.ts';
import {
  bindingsResource,
  configMapsResource,
  endpointsResource,
  eventsResource,
  limitRangesResource,
  persistentVolumeClaimsResource,
  persistentVolumesResource,
  podTemplatesResource,
  replicationControllersResource,
  resourceQuotasResource,
  secretsResource,
  serviceAccountsResource,
} from './core/simple.ts';
import { eventsV1EventsResource } from './other/events.ts';
import {
  customResourceDefinitionsResource,
  endpointSlicesResource,
  horizontalPodAutoscalersResource,
  ingressClassesResource,
  ingressesResource,
  leasesResource,
  networkPoliciesResource,
  podDisruptionBudgetsResource,
  priorityClassesResource,
  storageClassesResource,
} from './other/groups.ts';
import { nodeMetricsResource, podMetricsResource } from './other/metrics.ts';
import {
  localSubjectAccessReviewsResource,
  selfSubjectAccessReviewsResource,
  selfSubjectReviewsResource,
  selfSubjectRulesReviewsResource,
  subjectAccessReviewsResource,
  tokenReviewsResource,
} from './other/reviews.ts';
import {
  clusterRoleBindingsResource,
  clusterRolesResource,
  roleBindingsResource,
  rolesResource,
} from './rbac/rbac.ts';
import { ResourceRegistry } from './registry.ts';
import type { ResourceDefinition } from './resource.ts';

/** Everything the engine serves, in discovery order (core first, then groups as upstream lists them). */
export const BUILT_IN_RESOURCES: readonly ResourceDefinition[] = [
  bindingsResource,
  configMapsResource,
  endpointsResource,
  eventsResource,
  limitRangesResource,
  namespacesResource,
  nodesResource,
  persistentVolumeClaimsResource,
  persistentVolumesResource,
  podsResource,
  podTemplatesResource,
  replicationControllersResource,
  resourceQuotasResource,
  secretsResource,
  serviceAccountsResource,
  servicesResource,
  controllerRevisionsResource,
  daemonSetsResource,
  deploymentsResource,
  replicaSetsResource,
  statefulSetsResource,
  selfSubjectReviewsResource,
  tokenReviewsResource,
  localSubjectAccessReviewsResource,
  selfSubjectAccessReviewsResource,
  selfSubjectRulesReviewsResource,
  subjectAccessReviewsResource,
  horizontalPodAutoscalersResource,
  cronJobsResource,
  jobsResource,
  leasesResource,
  endpointSlicesResource,
  eventsV1EventsResource,
  ingressClassesResource,
  ingressesResource,
  networkPoliciesResource,
  podDisruptionBudgetsResource,
  clusterRoleBindingsResource,
  clusterRolesResource,
  roleBindingsResource,
  rolesResource,
  priorityClassesResource,
  storageClassesResource,
  customResourceDefinitionsResource,
  // Aggregated APIs come after the built-in groups (metrics-server's metrics.k8s.io).
  nodeMetricsResource,
  podMetricsResource,
];

export function builtInResourceRegistry(): ResourceRegistry {
  return new ResourceRegistry(BUILT_IN_RESOURCES);
}

export { ResourceRegistry } from './registry.ts';
export * from './resource.ts';
