import type { Namespace } from 'kubernetes-types/core/v1';
import { type ResourceDefinition, STATUS_SUBRESOURCE } from '../resource.ts';

export const namespacesResource: ResourceDefinition = {
  group: '',
  version: 'v1',
  resource: 'namespaces',
  singular: 'namespace',
  kind: 'Namespace',
  namespaced: false,
  verbs: ['create', 'delete', 'get', 'list', 'patch', 'update', 'watch'],
  shortNames: ['ns'],
  subresources: [{ name: 'finalize', kind: 'Namespace', verbs: ['update'] }, STATUS_SUBRESOURCE('Namespace')],
  strategy: {
    hasStatus: true,
    trackGeneration: false,
    nameRule: 'dns-label',
    applyDefaults(object) {
      const ns = object as unknown as Namespace;
      const name = ns.metadata?.name;
      if (name)
        ns.metadata = {
          ...ns.metadata,
          labels: { ...ns.metadata?.labels, 'kubernetes.io/metadata.name': name },
        };
    },
    prepareForCreate(object) {
      const ns = object as unknown as Namespace;
      ns.spec = { finalizers: ['kubernetes'] };
      ns.status = { phase: 'Active' };
    },
  },
};
