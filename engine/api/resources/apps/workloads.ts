import type { Deployment, ReplicaSet } from 'kubernetes-types/apps/v1';
import type { PodTemplateSpec } from 'kubernetes-types/core/v1';
import type { LabelSelector } from 'kubernetes-types/meta/v1';
import type { FieldError } from '../../errors.ts';
import { labelSelectorMatches } from '../../selectors/label-selector.ts';
import type { KubeObject } from '../../types.ts';
import { goLabelsValue } from '../../validation/go-values.ts';
import { validatePodSpec } from '../../validation/pod-spec.ts';
import { defaultPodSpec } from '../core/pod-spec.defaults.ts';
import {
  type ResourceDefinition,
  type ResourceStrategy,
  SCALE_SUBRESOURCE,
  STANDARD_VERBS,
  STATUS_SUBRESOURCE,
  specStatusStrategy,
} from '../resource.ts';

interface WorkloadSpec {
  replicas?: number;
  selector?: LabelSelector;
  template?: PodTemplateSpec;
}

function spec(object: KubeObject): WorkloadSpec {
  return (object.spec ??= {}) as WorkloadSpec;
}

function defaultTemplate(object: KubeObject): void {
  const template = spec(object).template;
  if (template) {
    template.spec ??= { containers: [] };
    defaultPodSpec(template.spec);
  }
}

/** apps/v1 validation shared by the selector-and-template workloads. */
function validateSelectorAndTemplate(object: KubeObject): FieldError[] {
  const { selector, template } = spec(object);
  const errors: FieldError[] = [];
  if (!selector) {
    errors.push({ type: 'FieldValueRequired', field: 'spec.selector' });
  } else if (
    Object.keys(selector.matchLabels ?? {}).length === 0 &&
    (selector.matchExpressions ?? []).length === 0
  ) {
    errors.push({
      type: 'FieldValueInvalid',
      field: 'spec.selector',
      value: selector,
      detail: 'empty selector is invalid for deployment',
    });
  }
  const labels = template?.metadata?.labels ?? {};
  if (selector && !labelSelectorMatches(selector, labels)) {
    errors.push({
      type: 'FieldValueInvalid',
      field: 'spec.template.metadata.labels',
      value: goLabelsValue(labels),
      detail: '`selector` does not match template `labels`',
    });
  }
  errors.push(...validatePodSpec(template?.spec, 'spec.template.spec'));
  if (template?.spec?.restartPolicy && template.spec.restartPolicy !== 'Always') {
    errors.push({
      type: 'FieldValueNotSupported',
      field: 'spec.template.spec.restartPolicy',
      value: template.spec.restartPolicy,
      detail: 'supported values: "Always"',
    });
  }
  const replicas = spec(object).replicas;
  if (replicas !== undefined && replicas < 0) {
    errors.push({
      type: 'FieldValueInvalid',
      field: 'spec.replicas',
      value: replicas,
      detail: 'must be greater than or equal to 0',
    });
  }
  return errors;
}

function validateSelectorUnchanged(object: KubeObject, old: KubeObject): FieldError[] {
  const now = spec(object).selector;
  const before = spec(old).selector;
  if (JSON.stringify(now) === JSON.stringify(before)) return [];
  return [{ type: 'FieldValueInvalid', field: 'spec.selector', value: now, detail: 'field is immutable' }];
}

function workloadStrategy(extraDefaults: (object: KubeObject) => void): ResourceStrategy {
  return specStatusStrategy({
    applyDefaults(object) {
      extraDefaults(object);
      defaultTemplate(object);
    },
    prepareForCreate(object) {
      object.status = {};
    },
    validate: validateSelectorAndTemplate,
    validateUpdate: validateSelectorUnchanged,
  });
}

export const deploymentsResource: ResourceDefinition = {
  group: 'apps',
  version: 'v1',
  resource: 'deployments',
  singular: 'deployment',
  kind: 'Deployment',
  namespaced: true,
  verbs: STANDARD_VERBS,
  shortNames: ['deploy'],
  categories: ['all'],
  subresources: [SCALE_SUBRESOURCE, STATUS_SUBRESOURCE('Deployment')],
  strategy: workloadStrategy((object) => {
    const deployment = object as unknown as Deployment;
    const s = (deployment.spec ??= { selector: {}, template: {} });
    s.replicas ??= 1;
    s.revisionHistoryLimit ??= 10;
    s.progressDeadlineSeconds ??= 600;
    s.strategy ??= { type: 'RollingUpdate' };
    if (s.strategy.type === undefined) s.strategy.type = 'RollingUpdate';
    if (s.strategy.type === 'RollingUpdate') {
      s.strategy.rollingUpdate = { maxUnavailable: '25%', maxSurge: '25%', ...s.strategy.rollingUpdate };
    }
  }),
};

export const replicaSetsResource: ResourceDefinition = {
  group: 'apps',
  version: 'v1',
  resource: 'replicasets',
  singular: 'replicaset',
  kind: 'ReplicaSet',
  namespaced: true,
  verbs: STANDARD_VERBS,
  shortNames: ['rs'],
  categories: ['all'],
  subresources: [SCALE_SUBRESOURCE, STATUS_SUBRESOURCE('ReplicaSet')],
  strategy: workloadStrategy((object) => {
    const rs = object as unknown as ReplicaSet;
    const s = (rs.spec ??= { selector: {} });
    s.replicas ??= 1;
  }),
};

export const statefulSetsResource: ResourceDefinition = {
  group: 'apps',
  version: 'v1',
  resource: 'statefulsets',
  singular: 'statefulset',
  kind: 'StatefulSet',
  namespaced: true,
  verbs: STANDARD_VERBS,
  shortNames: ['sts'],
  categories: ['all'],
  subresources: [SCALE_SUBRESOURCE, STATUS_SUBRESOURCE('StatefulSet')],
  strategy: {
    ...workloadStrategy((object) => {
      const s = spec(object) as WorkloadSpec & Record<string, unknown>;
      s.replicas ??= 1;
      s.podManagementPolicy ??= 'OrderedReady';
      s.revisionHistoryLimit ??= 10;
      s.updateStrategy ??= { type: 'RollingUpdate', rollingUpdate: { partition: 0 } };
      s.persistentVolumeClaimRetentionPolicy ??= { whenDeleted: 'Retain', whenScaled: 'Retain' };
    }),
    validateUpdate: validateStatefulSetUpdate,
  },
};

/** The StatefulSet spec fields an update may change (ValidateStatefulSetUpdate). */
const STATEFULSET_UPDATABLE = [
  'replicas',
  'ordinals',
  'template',
  'updateStrategy',
  'revisionHistoryLimit',
  'persistentVolumeClaimRetentionPolicy',
  'minReadySeconds',
];

/** ValidateStatefulSetUpdate: any other spec change, the selector included, is Forbidden. */
export function validateStatefulSetUpdate(object: KubeObject, old: KubeObject): FieldError[] {
  const without = (o: KubeObject) =>
    Object.entries(spec(o) as unknown as Record<string, unknown>)
      .filter(([key]) => !STATEFULSET_UPDATABLE.includes(key))
      .sort(([a], [b]) => (a < b ? -1 : 1));
  if (JSON.stringify(without(object)) === JSON.stringify(without(old))) return [];
  return [
    {
      type: 'FieldValueForbidden',
      field: 'spec',
      detail:
        "updates to statefulset spec for fields other than 'replicas', 'ordinals', 'template', 'updateStrategy', 'revisionHistoryLimit', 'persistentVolumeClaimRetentionPolicy' and 'minReadySeconds' are forbidden",
    },
  ];
}

export const daemonSetsResource: ResourceDefinition = {
  group: 'apps',
  version: 'v1',
  resource: 'daemonsets',
  singular: 'daemonset',
  kind: 'DaemonSet',
  namespaced: true,
  verbs: STANDARD_VERBS,
  shortNames: ['ds'],
  categories: ['all'],
  subresources: [STATUS_SUBRESOURCE('DaemonSet')],
  strategy: workloadStrategy((object) => {
    const s = spec(object) as WorkloadSpec & Record<string, unknown>;
    s.revisionHistoryLimit ??= 10;
    s.updateStrategy ??= { type: 'RollingUpdate', rollingUpdate: { maxUnavailable: 1, maxSurge: 0 } };
  }),
};

export const controllerRevisionsResource: ResourceDefinition = {
  group: 'apps',
  version: 'v1',
  resource: 'controllerrevisions',
  singular: 'controllerrevision',
  kind: 'ControllerRevision',
  namespaced: true,
  verbs: STANDARD_VERBS,
  strategy: { hasStatus: false, trackGeneration: false, nameRule: 'dns-subdomain' },
};
