import type { Container, PodSpec } from 'kubernetes-types/core/v1';
import type { FieldError } from '../errors.ts';
import { nameProblems } from './names.ts';

const RESTART_POLICIES = ['Always', 'OnFailure', 'Never'];
const PULL_POLICIES = ['Always', 'IfNotPresent', 'Never'];

/** The subset of upstream ValidatePodSpec the engine enforces, with upstream's paths and wording. */
export function validatePodSpec(spec: PodSpec | undefined, path: string): FieldError[] {
  if (!spec) return [{ type: 'FieldValueRequired', field: path }];
  const errors: FieldError[] = [];
  const names = new Set<string>();
  const containers = spec.containers ?? [];
  if (containers.length === 0) errors.push({ type: 'FieldValueRequired', field: `${path}.containers` });
  (spec.initContainers ?? []).forEach((c, i) => {
    errors.push(...validateContainer(c, `${path}.initContainers[${i}]`, names));
  });
  containers.forEach((c, i) => {
    errors.push(...validateContainer(c, `${path}.containers[${i}]`, names));
  });
  if (spec.restartPolicy && !RESTART_POLICIES.includes(spec.restartPolicy)) {
    errors.push(notSupported(`${path}.restartPolicy`, spec.restartPolicy, RESTART_POLICIES));
  }
  return errors;
}

function validateContainer(container: Container, path: string, names: Set<string>): FieldError[] {
  const errors: FieldError[] = [];
  if (!container.name) {
    errors.push({ type: 'FieldValueRequired', field: `${path}.name` });
  } else {
    for (const detail of nameProblems(container.name, 'dns-label')) {
      errors.push({ type: 'FieldValueInvalid', field: `${path}.name`, value: container.name, detail });
    }
    if (names.has(container.name))
      errors.push({ type: 'FieldValueDuplicate', field: `${path}.name`, value: container.name });
    names.add(container.name);
  }
  if (!container.image) errors.push({ type: 'FieldValueRequired', field: `${path}.image` });
  if (container.imagePullPolicy && !PULL_POLICIES.includes(container.imagePullPolicy)) {
    errors.push(notSupported(`${path}.imagePullPolicy`, container.imagePullPolicy, PULL_POLICIES));
  }
  return errors;
}

function notSupported(field: string, value: string, supported: string[]): FieldError {
  return {
    type: 'FieldValueNotSupported',
    field,
    value,
    detail: `supported values: ${supported.map((s) => JSON.stringify(s)).join(', ')}`,
  };
}
