import type { ResourceDefinition } from '../api/resources/resource.ts';
import type { KubeObject, UserInfo } from '../api/types.ts';
import type { Clock } from '../clock/clock.ts';
import type { ObjectStore } from '../store/store.ts';
import type { Random } from '../util/random.ts';

export type AdmissionOperation = 'CREATE' | 'UPDATE' | 'DELETE' | 'CONNECT';

/** What admission plugins see about a request (upstream admission.Attributes). */
export interface AdmissionAttributes {
  operation: AdmissionOperation;
  resource: ResourceDefinition;
  subresource: string;
  namespace: string;
  /** The object's name; for creates from generateName, the generated name. */
  name: string;
  object: KubeObject | undefined;
  oldObject: KubeObject | undefined;
  user: UserInfo;
  dryRun: boolean;
}

/** Read access to cluster state and the means to record side effects (quota usage). */
export interface AdmissionContext {
  store: ObjectStore;
  clock: Clock;
  random: Random;
  /** Writes a new status for an object, as the quota admission does for status.used. */
  writeStatus(resourceKey: string, object: KubeObject): void;
}

/**
 * One admission plugin. Mutating plugins may change `attributes.object`; both kinds reject a
 * request by throwing an ApiError (usually a 403 built with `admissionForbidden`).
 */
export interface AdmissionPlugin {
  readonly name: string;
  readonly type: 'mutating' | 'validating';
  handles(attributes: AdmissionAttributes): boolean;
  admit(attributes: AdmissionAttributes, context: AdmissionContext): void;
  /**
   * A mutating plugin that also validates (upstream: implements both interfaces) checks the
   * final object here, in the validating phase, at its place in the order.
   */
  validate?(attributes: AdmissionAttributes, context: AdmissionContext): void;
}

/** A pod being created (not a subresource): what most pod admission plugins handle. */
export function isPodCreate(attributes: AdmissionAttributes): boolean {
  return (
    attributes.operation === 'CREATE' &&
    attributes.subresource === '' &&
    attributes.resource.group === '' &&
    attributes.resource.resource === 'pods'
  );
}
