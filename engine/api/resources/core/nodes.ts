import { type ResourceDefinition, STANDARD_VERBS, STATUS_SUBRESOURCE } from '../resource.ts';

export const nodesResource: ResourceDefinition = {
  group: '',
  version: 'v1',
  resource: 'nodes',
  singular: 'node',
  kind: 'Node',
  namespaced: false,
  verbs: STANDARD_VERBS,
  shortNames: ['no'],
  subresources: [
    { name: 'proxy', kind: 'NodeProxyOptions', verbs: ['create', 'delete', 'get', 'patch', 'update'] },
    STATUS_SUBRESOURCE('Node'),
  ],
  strategy: { hasStatus: true, trackGeneration: false, nameRule: 'dns-subdomain' },
};
