import type { Pod } from 'kubernetes-types/core/v1';
import type { KubeObject } from '../../types.ts';
import { validatePodSpec } from '../../validation/pod-spec.ts';
import { validatePodUpdate } from '../../validation/pod-update.ts';
import { type ResourceDefinition, STANDARD_VERBS, STATUS_SUBRESOURCE } from '../resource.ts';
import { defaultPodOnlyFields, defaultPodSpec } from './pod-spec.defaults.ts';
import { podQosClass } from './qos.ts';

export const podsResource: ResourceDefinition = {
  group: '',
  version: 'v1',
  resource: 'pods',
  singular: 'pod',
  kind: 'Pod',
  namespaced: true,
  verbs: STANDARD_VERBS,
  shortNames: ['po'],
  categories: ['all'],
  subresources: [
    { name: 'attach', kind: 'PodAttachOptions', verbs: ['create', 'get'] },
    { name: 'binding', kind: 'Binding', verbs: ['create'] },
    { name: 'eviction', kind: 'Eviction', group: 'policy', version: 'v1', verbs: ['create'] },
    { name: 'exec', kind: 'PodExecOptions', verbs: ['create', 'get'] },
    { name: 'log', kind: 'Pod', verbs: ['get'] },
    { name: 'portforward', kind: 'PodPortForwardOptions', verbs: ['create', 'get'] },
    STATUS_SUBRESOURCE('Pod'),
  ],
  strategy: {
    hasStatus: true,
    trackGeneration: false,
    nameRule: 'dns-subdomain',
    applyDefaults(object) {
      const pod = object as unknown as Pod;
      pod.spec ??= { containers: [] };
      defaultPodSpec(pod.spec);
      defaultPodOnlyFields(pod.spec);
    },
    prepareForCreate(object) {
      object.status = { phase: 'Pending', qosClass: podQosClass(object as unknown as Pod) };
    },
    validate(object: KubeObject) {
      return validatePodSpec((object as unknown as Pod).spec, 'spec');
    },
    validateUpdate(object, old) {
      return validatePodUpdate(object as unknown as Pod, old as unknown as Pod);
    },
    gracefulDeleteSeconds(object, requested) {
      const pod = object as unknown as Pod;
      if (!pod.spec?.nodeName) return 0;
      const phase = pod.status?.phase;
      if (phase === 'Succeeded' || phase === 'Failed') return 0;
      return requested ?? pod.spec.terminationGracePeriodSeconds ?? 30;
    },
  },
};
