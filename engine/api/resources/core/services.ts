import type { Service } from 'kubernetes-types/core/v1';
import { GoFormattedValue, invalid } from '../../errors.ts';
import { prepareServiceUpdate, validateServiceUpdate } from '../../validation/service-update.ts';
import { type ResourceDefinition, STANDARD_VERBS, STATUS_SUBRESOURCE } from '../resource.ts';

export const servicesResource: ResourceDefinition = {
  group: '',
  version: 'v1',
  resource: 'services',
  singular: 'service',
  kind: 'Service',
  namespaced: true,
  verbs: STANDARD_VERBS,
  shortNames: ['svc'],
  categories: ['all'],
  subresources: [
    { name: 'proxy', kind: 'ServiceProxyOptions', verbs: ['create', 'delete', 'get', 'patch', 'update'] },
    STATUS_SUBRESOURCE('Service'),
  ],
  strategy: {
    hasStatus: true,
    trackGeneration: false,
    nameRule: 'dns-1035-label',
    applyDefaults(object) {
      const spec = ((object as unknown as Service).spec ??= {});
      spec.type ??= 'ClusterIP';
      spec.sessionAffinity ??= 'None';
      if (spec.type !== 'ExternalName') {
        spec.internalTrafficPolicy ??= 'Cluster';
        spec.ipFamilyPolicy ??= 'SingleStack';
        spec.ipFamilies ??= ['IPv4'];
      }
      if (spec.type === 'NodePort' || spec.type === 'LoadBalancer') spec.externalTrafficPolicy ??= 'Cluster';
      for (const port of spec.ports ?? []) {
        port.protocol ??= 'TCP';
        port.targetPort ??= port.port;
      }
    },
    prepareForCreate(object, context) {
      const service = object as unknown as Service;
      const spec = (service.spec ??= {});
      const name = service.metadata?.name ?? '';
      // The REST storage's allocators (pkg/registry/core/service/ipallocator, portallocator)
      // refuse an address or port that is taken or out of range, as a 422 on the field.
      const requestedIP =
        spec.type !== 'ExternalName' && spec.clusterIP !== 'None' ? spec.clusterIP : undefined;
      const ipRefusal = requestedIP ? context.clusterIPRefusal?.(requestedIP) : undefined;
      if (requestedIP && ipRefusal) {
        const ips = spec.clusterIPs ?? [requestedIP];
        throw invalid('Service', '', name, [
          {
            type: 'FieldValueInvalid',
            field: 'spec.clusterIPs',
            value: new GoFormattedValue(`[]string{${ips.map((ip) => JSON.stringify(ip)).join(', ')}}`),
            detail: `failed to allocate IP ${requestedIP}: ${ipRefusal}`,
          },
        ]);
      }
      for (const [index, port] of (spec.ports ?? []).entries()) {
        const portRefusal = port.nodePort ? context.nodePortRefusal?.(port.nodePort) : undefined;
        if (portRefusal) {
          throw invalid('Service', '', name, [
            {
              type: 'FieldValueInvalid',
              field: `spec.ports[${index}].nodePort`,
              value: port.nodePort,
              detail: portRefusal,
            },
          ]);
        }
      }
      if (
        spec.type !== 'ExternalName' &&
        spec.clusterIP !== 'None' &&
        !spec.clusterIP &&
        context.allocateClusterIP
      ) {
        spec.clusterIP = context.allocateClusterIP();
      }
      if (spec.clusterIP) spec.clusterIPs ??= [spec.clusterIP];
      if ((spec.type === 'NodePort' || spec.type === 'LoadBalancer') && context.allocateNodePort) {
        for (const port of spec.ports ?? []) port.nodePort ??= context.allocateNodePort();
      }
      object.status = { loadBalancer: {} };
    },
    prepareForUpdate(object, old) {
      prepareServiceUpdate(object as unknown as Service, old as unknown as Service);
    },
    validateUpdate(object, old) {
      return validateServiceUpdate(object as unknown as Service, old as unknown as Service);
    },
  },
};
