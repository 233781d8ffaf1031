import type { FieldError } from '../errors.ts';
import type { JsonSchema } from '../openapi/schema-generator.ts';
import type { ResourcePrinter } from '../printers/printer.ts';
import type { GarbageCollectionPolicy } from '../registry/graceful-delete.ts';
import type { KubeObject } from '../types.ts';

export const STANDARD_VERBS = [
  'create',
  'delete',
  'deletecollection',
  'get',
  'list',
  'patch',
  'update',
  'watch',
];

/** How names of a kind are validated (apimachinery's name validators). */
export type NameRule = 'dns-subdomain' | 'dns-label' | 'dns-1035-label' | 'path-segment';

/** A subresource as discovery lists it (`pods/status`, `deployments/scale`, `pods/log`). */
export interface SubresourceDefinition {
  name: string;
  kind: string;
  verbs: string[];
  group?: string;
  version?: string;
}

/** What the engine needs while preparing or validating an object. */
export interface StrategyContext {
  now(): number;
  randomString(length: number): string;
  /** A free address from the service CIDR (10.96.0.0/12). */
  allocateClusterIP?(): string;
  /** A free port from the node-port range (30000-32767). */
  allocateNodePort?(): number;
  /** Why a new Service cannot take the cluster IP it asks for, or undefined when it can. */
  clusterIPRefusal?(ip: string): string | undefined;
  /** Why a new Service cannot take the node port it asks for, or undefined when it can. */
  nodePortRefusal?(port: number): string | undefined;
}

/**
 * A resource's behaviour on write, after upstream's RESTCreateStrategy/RESTUpdateStrategy:
 * defaulting, status handling, generation tracking and validation.
 */
export interface ResourceStrategy {
  /** The object has a status that only the status subresource may change. */
  hasStatus: boolean;
  /** metadata.generation starts at 1 and goes up on every change outside metadata and status. */
  trackGeneration: boolean;
  nameRule: NameRule;
  /** API defaulting, applied to every object decoded for create or update. */
  applyDefaults?(object: KubeObject): void;
  /** Create-only preparation after defaulting (initial status, computed fields). */
  prepareForCreate?(object: KubeObject, context: StrategyContext): void;
  /** Update-only preparation, after status and generation are settled (the CRD's storedVersions). */
  prepareForUpdate?(object: KubeObject, old: KubeObject): void;
  /**
   * Whether an update moves metadata.generation on; by default any change outside metadata and
   * status does (custom resources count status too when it has no subresource).
   */
  generationChanged?(object: KubeObject, old: KubeObject): boolean;
  /** Field validation; errors become a 422 Invalid. */
  validate?(object: KubeObject): FieldError[];
  /** Checks only a create makes (after `validate`). */
  validateCreate?(object: KubeObject): FieldError[];
  validateUpdate?(object: KubeObject, old: KubeObject): FieldError[];
  /** Validation of a write through the status subresource (custom resources check their schema). */
  validateStatusUpdate?(object: KubeObject, old: KubeObject): FieldError[];
  /**
   * Runs before a DELETE that starts deleting the object; returns it as it should be stored first
   * (a CustomResourceDefinition gets its cleanup finalizer and a Terminating condition).
   */
  prepareForDelete?(object: KubeObject, now: number): KubeObject;
  /** Delete waits this long (seconds) before the object disappears; pods use it. */
  gracefulDeleteSeconds?(object: KubeObject, requested: number | undefined): number;
  /** What a DELETE naming no propagation policy does with dependents (default DeleteDependents). */
  defaultGarbageCollectionPolicy?: GarbageCollectionPolicy;
}

/**
 * A resource served as another group's view of a stored one, as kube-apiserver serves
 * events.k8s.io/v1 Events from the core events storage: objects are converted on the way in and out.
 */
export interface ResourceConversion {
  storage: { group: string; resource: string };
  toStorage(object: KubeObject): KubeObject;
  fromStorage(object: KubeObject): KubeObject;
}

/** One served resource type: its discovery entry, storage identity and write strategy. */
export interface ResourceDefinition {
  group: string;
  version: string;
  resource: string;
  singular: string;
  kind: string;
  namespaced: boolean;
  verbs: string[];
  shortNames?: string[];
  categories?: string[];
  subresources?: SubresourceDefinition[];
  strategy: ResourceStrategy;
  /** Resources like access reviews are created and answered, never stored. */
  virtual?: boolean;
  /** Set when the objects live in another resource's storage. */
  conversion?: ResourceConversion;
  /** Set for resources served from a CustomResourceDefinition. */
  custom?: CustomResourceHooks;
}

/** The paths the scale subresource of a custom resource reads and writes (`.spec.replicas`). */
export interface ScalePaths {
  specReplicasPath: string;
  statusReplicasPath: string;
  labelSelectorPath?: string;
}

/**
 * What a resource served from a CustomResourceDefinition does differently from the built-ins: its
 * objects are decoded by a structural schema instead of Go types, printed by the CRD's columns,
 * patched without strategic merge, and scaled through the paths the CRD names.
 */
export interface CustomResourceHooks {
  /** The CustomResourceDefinition serving the resource. */
  crdName: string;
  listKind: string;
  /** The version objects are stored in (discovery's storageVersionHash). */
  storageVersion: string;
  /** What decoding leaves of a request body: unknown fields pruned, defaults applied. */
  decode(object: KubeObject): KubeObject;
  /** The fields decoding prunes, as a strict decoding error lists them (sorted). */
  unknownFields(object: KubeObject): string[];
  /** The schema server-side apply types objects with. */
  applySchema: JsonSchema;
  /** The version's openAPIV3Schema, as the OpenAPI documents publish it. */
  schema?: JsonSchema;
  /** The table `kubectl get` prints: the CRD's additionalPrinterColumns. */
  printer: ResourcePrinter;
  scale?: ScalePaths;
  /** Field selector labels beyond metadata.name/namespace, with the value each object has. */
  selectableFields: ReadonlyMap<string, (object: KubeObject) => string>;
  /** The CRD is being deleted: new objects are refused. */
  terminating: boolean;
}

export function apiVersionOf(def: Pick<ResourceDefinition, 'group' | 'version'>): string {
  return def.group ? `${def.group}/${def.version}` : def.version;
}

/** The key objects of this resource are stored under, shared by every version of it. */
export function storageKey(def: Pick<ResourceDefinition, 'group' | 'resource' | 'conversion'>): string {
  const stored = def.conversion?.storage ?? def;
  return `${stored.group}/${stored.resource}`;
}

export const STATUS_SUBRESOURCE = (kind: string): SubresourceDefinition => ({
  name: 'status',
  kind,
  verbs: ['get', 'patch', 'update'],
});

export const SCALE_SUBRESOURCE: SubresourceDefinition = {
  name: 'scale',
  kind: 'Scale',
  group: 'autoscaling',
  version: 'v1',
  verbs: ['get', 'patch', 'update'],
};

/** A plain strategy: no status, no generation, DNS-subdomain names. */
export function plainStrategy(overrides: Partial<ResourceStrategy> = {}): ResourceStrategy {
  return { hasStatus: false, trackGeneration: false, nameRule: 'dns-subdomain', ...overrides };
}

/** A spec/status strategy: status via its subresource, generation tracked. */
export function specStatusStrategy(overrides: Partial<ResourceStrategy> = {}): ResourceStrategy {
  return { hasStatus: true, trackGeneration: true, nameRule: 'dns-subdomain', ...overrides };
}
