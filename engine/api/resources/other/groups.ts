import { customResourceDefinitionStrategy } from '../../customresources/crd-strategy.ts';
import {
  plainStrategy,
  type ResourceDefinition,
  STANDARD_VERBS,
  STATUS_SUBRESOURCE,
  specStatusStrategy,
} from '../resource.ts';
import { defaultHorizontalPodAutoscaler } from './horizontalpodautoscaler-defaults.ts';

type Shape = Omit<ResourceDefinition, 'verbs' | 'strategy'> &
  Partial<Pick<ResourceDefinition, 'verbs' | 'strategy'>>;

function define(shape: Shape): ResourceDefinition {
  return { verbs: STANDARD_VERBS, strategy: plainStrategy(), ...shape };
}

export const horizontalPodAutoscalersResource = define({
  group: 'autoscaling',
  version: 'v2',
  resource: 'horizontalpodautoscalers',
  singular: 'horizontalpodautoscaler',
  kind: 'HorizontalPodAutoscaler',
  namespaced: true,
  shortNames: ['hpa'],
  categories: ['all'],
  subresources: [STATUS_SUBRESOURCE('HorizontalPodAutoscaler')],
  strategy: specStatusStrategy({ applyDefaults: defaultHorizontalPodAutoscaler }),
});

export const podDisruptionBudgetsResource = define({
  group: 'policy',
  version: 'v1',
  resource: 'poddisruptionbudgets',
  singular: 'poddisruptionbudget',
  kind: 'PodDisruptionBudget',
  namespaced: true,
  shortNames: ['pdb'],
  subresources: [STATUS_SUBRESOURCE('PodDisruptionBudget')],
  strategy: specStatusStrategy(),
});

export const ingressesResource = define({
  group: 'networking.k8s.io',
  version: 'v1',
  resource: 'ingresses',
  singular: 'ingress',
  kind: 'Ingress',
  namespaced: true,
  shortNames: ['ing'],
  subresources: [STATUS_SUBRESOURCE('Ingress')],
  strategy: specStatusStrategy(),
});

export const ingressClassesResource = define({
  group: 'networking.k8s.io',
  version: 'v1',
  resource: 'ingressclasses',
  singular: 'ingressclass',
  kind: 'IngressClass',
  namespaced: false,
});

export const networkPoliciesResource = define({
  group: 'networking.k8s.io',
  version: 'v1',
  resource: 'networkpolicies',
  singular: 'networkpolicy',
  kind: 'NetworkPolicy',
  namespaced: true,
  shortNames: ['netpol'],
  strategy: plainStrategy({ trackGeneration: true }),
});

export const storageClassesResource = define({
  group: 'storage.k8s.io',
  version: 'v1',
  resource: 'storageclasses',
  singular: 'storageclass',
  kind: 'StorageClass',
  namespaced: false,
  shortNames: ['sc'],
  strategy: plainStrategy({
    applyDefaults(object) {
      object.reclaimPolicy ??= 'Delete';
      object.volumeBindingMode ??= 'Immediate';
    },
  }),
});

export const endpointSlicesResource = define({
  group: 'discovery.k8s.io',
  version: 'v1',
  resource: 'endpointslices',
  singular: 'endpointslice',
  kind: 'EndpointSlice',
  namespaced: true,
});

export const leasesResource = define({
  group: 'coordination.k8s.io',
  version: 'v1',
  resource: 'leases',
  singular: 'lease',
  kind: 'Lease',
  namespaced: true,
});

export const priorityClassesResource = define({
  group: 'scheduling.k8s.io',
  version: 'v1',
  resource: 'priorityclasses',
  singular: 'priorityclass',
  kind: 'PriorityClass',
  namespaced: false,
  shortNames: ['pc'],
});

export const customResourceDefinitionsResource = define({
  group: 'apiextensions.k8s.io',
  version: 'v1',
  resource: 'customresourcedefinitions',
  singular: 'customresourcedefinition',
  kind: 'CustomResourceDefinition',
  namespaced: false,
  shortNames: ['crd', 'crds'],
  categories: ['api-extensions'],
  subresources: [STATUS_SUBRESOURCE('CustomResourceDefinition')],
  strategy: customResourceDefinitionStrategy,
});
