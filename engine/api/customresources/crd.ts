// Reading a CustomResourceDefinition (apiextensions.k8s.io/v1): its versions, schemas, subresources
// and status conditions, after apiextensions-apiserver pkg/apihelpers.
import type {
  CustomResourceColumnDefinition,
  CustomResourceDefinition,
  CustomResourceDefinitionCondition,
  CustomResourceDefinitionVersion,
  CustomResourceSubresources,
} from 'kubernetes-types/apiextensions/v1';
import { toRfc3339 } from '../../clock/clock.ts';
import type { KubeObject } from '../types.ts';
import type { Schema } from './schema.ts';

export type { CustomResourceDefinition, CustomResourceDefinitionCondition, CustomResourceDefinitionVersion };

/** Where CustomResourceDefinitions are stored. */
export const CRD_STORAGE_KEY = 'apiextensions.k8s.io/customresourcedefinitions';

/** The finalizer that keeps a deleted CRD until its custom resources are gone. */
export const CUSTOM_RESOURCE_CLEANUP_FINALIZER = 'customresourcecleanup.apiextensions.k8s.io';

export type ConditionType = 'Established' | 'NamesAccepted' | 'Terminating' | 'NonStructuralSchema';

export function asCrd(object: KubeObject): CustomResourceDefinition {
  return object as unknown as CustomResourceDefinition;
}

export function asObject(crd: CustomResourceDefinition): KubeObject {
  return crd as unknown as KubeObject;
}

export function versionsOf(crd: CustomResourceDefinition): CustomResourceDefinitionVersion[] {
  return crd.spec?.versions ?? [];
}

/** The version marked `storage: true` (validation guarantees exactly one). */
export function storageVersionOf(crd: CustomResourceDefinition): string {
  return versionsOf(crd).find((v) => v.storage)?.name ?? versionsOf(crd)[0]?.name ?? '';
}

export function versionNamed(
  crd: CustomResourceDefinition,
  name: string,
): CustomResourceDefinitionVersion | undefined {
  return versionsOf(crd).find((v) => v.name === name);
}

export function schemaOf(version: CustomResourceDefinitionVersion | undefined): Schema | undefined {
  return version?.schema?.openAPIV3Schema as Schema | undefined;
}

export function subresourcesOf(
  version: CustomResourceDefinitionVersion | undefined,
): CustomResourceSubresources | undefined {
  return version?.subresources;
}

export function printerColumnsOf(
  version: CustomResourceDefinitionVersion | undefined,
): CustomResourceColumnDefinition[] | undefined {
  return version?.additionalPrinterColumns;
}

export function isNamespaced(crd: CustomResourceDefinition): boolean {
  return crd.spec?.scope === 'Namespaced';
}

export function findCondition(
  crd: CustomResourceDefinition,
  type: ConditionType,
): CustomResourceDefinitionCondition | undefined {
  return crd.status?.conditions?.find((c) => c.type === type);
}

export function isConditionTrue(crd: CustomResourceDefinition, type: ConditionType): boolean {
  return findCondition(crd, type)?.status === 'True';
}

/**
 * SetCRDCondition: replaces the condition of the same type, keeping its lastTransitionTime unless
 * the status changes; appends a new one. Returns the new condition list.
 */
export function withCondition(
  conditions: readonly CustomResourceDefinitionCondition[] | null | undefined,
  condition: Omit<CustomResourceDefinitionCondition, 'lastTransitionTime'>,
  now: number,
): CustomResourceDefinitionCondition[] {
  const list = [...(conditions ?? [])];
  const index = list.findIndex((c) => c.type === condition.type);
  const existing = index >= 0 ? list[index] : undefined;
  const lastTransitionTime =
    existing?.lastTransitionTime && existing.status === condition.status
      ? existing.lastTransitionTime
      : toRfc3339(now);
  const next: CustomResourceDefinitionCondition = {
    type: condition.type,
    status: condition.status,
    lastTransitionTime,
    ...(condition.reason ? { reason: condition.reason } : {}),
    ...(condition.message ? { message: condition.message } : {}),
  };
  if (index >= 0) list[index] = next;
  else list.push(next);
  return list;
}

/** Whether two conditions say the same, their transition times aside (IsCRDConditionEquivalent). */
export function sameCondition(
  a: CustomResourceDefinitionCondition | undefined,
  b: CustomResourceDefinitionCondition | undefined,
): boolean {
  if (!a || !b) return a === b;
  return a.type === b.type && a.status === b.status && a.reason === b.reason && a.message === b.message;
}
