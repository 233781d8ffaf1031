/**
 * metadata.managedFields as kube-apiserver keeps them (k8s.io/apimachinery pkg/util/managedfields and
 * sigs.k8s.io/structured-merge-diff merge.Updater): every write by a field manager takes ownership of
 * the fields it changed (operation Update), and server-side apply owns exactly the fields of the
 * applied configuration (operation Apply), failing with 409 when another manager owns a field whose
 * value would change, unless forced.
 */
import { isDeepStrictEqual } from 'node:util';
import type { ManagedFieldsEntry } from 'kubernetes-types/meta/v1';
import { ApiError, type StatusCause, statusBody } from '../errors.ts';
import type { KubeObject } from '../types.ts';
import { type FieldPath, FieldSet, fieldElement, pathString } from './field-set.ts';
import { compare, merge, removeItems, type SchemaRef, TypedValueError, toFieldSet } from './typed-value.ts';

export type { ManagedFieldsEntry };

/** The resource-independent facts a managed-fields computation needs. */
export interface FieldManagerScope {
  /** The kind's schema; undefined for kinds without one (custom resources). */
  schema: SchemaRef;
  /** The kind's Go zero value, which a create is compared against. */
  zero?: Record<string, unknown>;
  apiVersion: string;
  /** '' for the main resource, or `status`, `scale`, … */
  subresource: string;
  /** Fields a write through this endpoint never owns (upstream's ResetFieldsStrategy). */
  resetFields: FieldSet;
  /** RFC 3339 time stamped on entries that change. */
  now: string;
}

/** The fields managedFields never list (apimachinery internal/stripmeta.go). */
const STRIPPED_FIELDS = FieldSet.fromPaths([
  ['f:apiVersion'],
  ['f:kind'],
  ['f:metadata'],
  ...[
    'name',
    'namespace',
    'creationTimestamp',
    'selfLink',
    'uid',
    'clusterName',
    'generation',
    'managedFields',
    'resourceVersion',
  ].map((field) => ['f:metadata', fieldElement(field)]),
]);

interface ManagerRecord {
  manager: string;
  operation: 'Apply' | 'Update';
  apiVersion: string;
  subresource: string;
  time?: string;
  set: FieldSet;
  /** The entry this record was decoded from; its `fieldsV1` is reused while `set` is still that one's. */
  decoded?: { set: FieldSet; fieldsV1: unknown };
}

type Managers = Map<string, ManagerRecord>;

/** upstream BuildManagerIdentifier: appliers are one manager whatever apiVersion they applied. */
function identifier(record: Pick<ManagerRecord, 'manager' | 'operation' | 'apiVersion' | 'subresource'>) {
  const apiVersion = record.operation === 'Apply' ? '' : record.apiVersion;
  return JSON.stringify([record.manager, record.operation, apiVersion, record.subresource]);
}

/** How a conflict names a manager (apimachinery internal/conflict.go printManager). */
function printManager(record: ManagerRecord): string {
  let text = JSON.stringify(record.manager);
  if (record.subresource) text += ` with subresource ${JSON.stringify(record.subresource)}`;
  if (record.operation === 'Update') text += ` using ${record.apiVersion}`;
  return text;
}

/** `fieldsV1` objects this module encoded: canonical, so a write that keeps their fields reuses them. */
const encodedFieldsV1 = new WeakSet<object>();

function isCanonical(fields: unknown): boolean {
  return typeof fields === 'object' && fields !== null && encodedFieldsV1.has(fields);
}

/**
 * Recent encodings by their JSON. Objects made from one template (a Deployment's pods, one
 * recorder's events) own the same fields; stored objects are never modified, so they share one
 * `fieldsV1` object instead of each holding a copy.
 */
const sharedFieldsV1 = new Map<string, Record<string, unknown>>();
const SHARED_FIELDS_V1_LIMIT = 2_048;

function encodeFieldsV1(set: FieldSet): Record<string, unknown> {
  const fields = set.toFieldsV1();
  const json = JSON.stringify(fields);
  const shared = sharedFieldsV1.get(json);
  if (shared) return shared;
  if (sharedFieldsV1.size >= SHARED_FIELDS_V1_LIMIT) sharedFieldsV1.clear();
  sharedFieldsV1.set(json, fields);
  encodedFieldsV1.add(fields);
  return fields;
}

/**
 * The records of managedFields entries. `stored` says the entries are a stored object's, which the
 * registry encoded: their `fieldsV1` are canonical and may be written again as they are.
 */
function decode(entries: readonly ManagedFieldsEntry[] | undefined, stored: boolean): Managers {
  const managers: Managers = new Map();
  for (const entry of entries ?? []) {
    if (entry.operation !== 'Apply' && entry.operation !== 'Update') continue;
    const set = FieldSet.fromFieldsV1(entry.fieldsV1);
    const record: ManagerRecord = {
      manager: entry.manager ?? '',
      operation: entry.operation,
      apiVersion: entry.apiVersion ?? '',
      subresource: entry.subresource ?? '',
      set,
      ...(entry.time ? { time: entry.time } : {}),
      ...(stored || isCanonical(entry.fieldsV1) ? { decoded: { set, fieldsV1: entry.fieldsV1 } } : {}),
    };
    managers.set(identifier(record), record);
  }
  return managers;
}

function seconds(time: string | undefined): number {
  return time ? Math.floor(Date.parse(time) / 1000) : 0;
}

function order(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/** Entries in upstream's order: operation, time (seconds), manager, apiVersion, subresource. */
function encode(managers: Managers): ManagedFieldsEntry[] {
  return [...managers.values()]
    .filter((record) => !record.set.isEmpty())
    .sort(
      (a, b) =>
        order(a.operation, b.operation) ||
        seconds(a.time) - seconds(b.time) ||
        order(a.manager, b.manager) ||
        order(a.apiVersion, b.apiVersion) ||
        order(a.subresource, b.subresource),
    )
    .map((record) => {
      const entry: ManagedFieldsEntry = {};
      if (record.manager) entry.manager = record.manager;
      entry.operation = record.operation;
      if (record.apiVersion) entry.apiVersion = record.apiVersion;
      if (record.time) entry.time = record.time;
      entry.fieldsType = 'FieldsV1';
      entry.fieldsV1 =
        record.decoded && (record.decoded.set === record.set || record.decoded.set.equals(record.set))
          ? (record.decoded.fieldsV1 as Record<string, unknown>)
          : encodeFieldsV1(record.set);
      if (record.subresource) entry.subresource = record.subresource;
      return entry;
    });
}

function withoutManagedFields(object: KubeObject | undefined): KubeObject | undefined {
  if (!object) return undefined;
  const { managedFields: _managed, ...metadata } = object.metadata;
  return { ...object, metadata };
}

/**
 * The managedFields after a create, update or patch by `manager` (operation Update): the manager
 * owns what it changed, other managers lose it. `base` is the incoming object's own managedFields
 * when it carries some, otherwise the live object's. Unchanged objects keep their entries as they are.
 */
export function updateManagedFields(
  live: KubeObject | undefined,
  next: KubeObject,
  base: readonly ManagedFieldsEntry[] | undefined,
  manager: string,
  scope: FieldManagerScope,
): ManagedFieldsEntry[] {
  const managers = decode(base, live !== undefined && base === live.metadata.managedFields);
  const before = withoutManagedFields(live) ?? scope.zero ?? {};
  const after = withoutManagedFields(next)!;
  const changes = compare(before, after, scope.schema);
  const added = changes.added.recursiveDifference(scope.resetFields);
  const modified = changes.modified.recursiveDifference(scope.resetFields);
  const removed = changes.removed.recursiveDifference(scope.resetFields);
  const changed = modified.union(added);
  for (const [key, record] of managers) {
    // A manager whose fields were not touched keeps its entry as it was (and its encoding).
    if (!record.set.overlaps(changed) && !record.set.overlaps(removed)) continue;
    record.set = record.set.difference(changed).difference(removed);
    if (record.set.isEmpty()) managers.delete(key);
  }
  const owned = changed.difference(removed).difference(STRIPPED_FIELDS);
  if (!owned.isEmpty()) {
    const record: ManagerRecord = {
      manager,
      operation: 'Update',
      apiVersion: scope.apiVersion,
      subresource: scope.subresource,
      set: owned,
      time: scope.now,
    };
    const key = identifier(record);
    const previous = managers.get(key);
    if (previous) {
      record.set = previous.set.union(owned);
      // A manager that rewrites the values of its fields keeps the same fields (and their encoding).
      if (previous.decoded) record.decoded = previous.decoded;
    }
    managers.set(key, record);
  }
  return encode(managers);
}

/** What a server-side apply produces: the object to store and its managedFields. */
export interface ApplyResult {
  object: KubeObject;
  managedFields: ManagedFieldsEntry[];
  /** The object did not change (the managed fields may have). */
  unchanged: boolean;
}

/** The 500 kube-apiserver answers when an applied configuration does not fit the schema. */
function typedPatchError(config: KubeObject, error: TypedValueError): ApiError {
  const { group, version } = splitApiVersion(config.apiVersion);
  const where = `${config.metadata?.namespace ?? ''}/${config.metadata?.name ?? ''}`;
  return new ApiError({
    kind: 'Status',
    apiVersion: 'v1',
    metadata: {},
    status: 'Failure',
    message: `failed to create typed patch object (${where}; ${group}/${version}, Kind=${config.kind}): ${error.message}`,
    code: 500,
  });
}

function splitApiVersion(apiVersion: string): { group: string; version: string } {
  const slash = apiVersion.indexOf('/');
  return slash < 0
    ? { group: '', version: apiVersion }
    : { group: apiVersion.slice(0, slash), version: apiVersion.slice(slash + 1) };
}

/** The 409 of an apply that would change fields other managers own (apimachinery NewApplyConflict). */
function conflictError(conflicts: { record: ManagerRecord; path: FieldPath }[]): ApiError {
  const causes: StatusCause[] = conflicts.map(({ record, path }) => ({
    reason: 'FieldManagerConflict',
    message: `conflict with ${printManager(record)}`,
    field: pathString(path),
  }));
  let message: string;
  if (conflicts.length === 1) {
    const [{ record, path }] = conflicts as [{ record: ManagerRecord; path: FieldPath }];
    message = `Apply failed with 1 conflict: conflict with ${printManager(record)}: ${pathString(path)}`;
  } else {
    const lines: string[] = [];
    const byManager = new Map<string, { record: ManagerRecord; paths: FieldPath[] }>();
    for (const { record, path } of conflicts) {
      const key = identifier(record);
      const group = byManager.get(key) ?? { record, paths: [] };
      group.paths.push(path);
      byManager.set(key, group);
    }
    for (const key of [...byManager.keys()].sort(order)) {
      const { record, paths } = byManager.get(key)!;
      lines.push(`conflicts with ${printManager(record)}:`);
      for (const path of paths) lines.push(`- ${pathString(path)}`);
    }
    message = `Apply failed with ${conflicts.length} conflicts: ${lines.join('\n')}`;
  }
  return new ApiError(statusBody(409, 'Conflict', message, { causes }));
}

/**
 * Server-side apply of `config` by `manager` onto `live` (undefined: the object does not exist yet).
 * Fields this manager applied before and no longer applies are removed unless someone else owns them.
 */
export function applyConfiguration(
  live: KubeObject | undefined,
  config: KubeObject,
  manager: string,
  force: boolean,
  scope: FieldManagerScope,
): ApplyResult {
  if (config.metadata?.managedFields !== undefined) {
    throw new ApiError(statusBody(400, 'BadRequest', 'metadata.managedFields must be nil'));
  }
  const managers = decode(live?.metadata.managedFields, true);
  const liveValue = withoutManagedFields(live) ?? {};
  let applied: FieldSet;
  try {
    applied = toFieldSet(config, scope.schema, true);
  } catch (error) {
    if (error instanceof TypedValueError) throw typedPatchError(config, error);
    throw error;
  }
  const key = identifier({ manager, operation: 'Apply', apiVersion: '', subresource: scope.subresource });
  const last = managers.get(key)?.set;
  const record: ManagerRecord = {
    manager,
    operation: 'Apply',
    apiVersion: scope.apiVersion,
    subresource: scope.subresource,
    set: applied.recursiveDifference(scope.resetFields),
    ...(managers.get(key)?.time ? { time: managers.get(key)!.time! } : {}),
  };
  managers.set(key, record);
  let merged = merge(liveValue, config, scope.schema) as KubeObject;
  if (last && !last.isEmpty()) {
    let owned = new FieldSet();
    for (const other of managers.values()) owned = owned.union(other.set);
    const stale = last.withAncestors().difference(owned.withAncestors());
    merged = removeItems(merged, stale, scope.schema) as KubeObject;
  }
  const changes = compare(liveValue, merged, scope.schema);
  const changed = changes.modified
    .union(changes.added)
    .recursiveDifference(scope.resetFields)
    .difference(STRIPPED_FIELDS);
  const removed = changes.removed.recursiveDifference(scope.resetFields);
  const conflicts: { record: ManagerRecord; path: FieldPath }[] = [];
  for (const [otherKey, other] of managers) {
    if (otherKey === key) continue;
    for (const path of other.set.intersection(changed).paths()) conflicts.push({ record: other, path });
  }
  if (conflicts.length > 0 && !force) {
    const allowed =
      manager === KUBECTL_APPLIER ? conflictsAllowedByLastApplied(live, scope.schema) : undefined;
    const remaining = allowed ? conflicts.filter(({ path }) => !allowed.has(path)) : conflicts;
    if (remaining.length > 0) {
      remaining.sort((a, b) => order(identifier(a.record), identifier(b.record)));
      throw conflictError(remaining);
    }
  }
  for (const [otherKey, other] of managers) {
    if (otherKey === key) continue;
    other.set = other.set.difference(changed).difference(removed);
    if (other.set.isEmpty()) managers.delete(otherKey);
  }
  record.set = record.set.difference(STRIPPED_FIELDS);
  if (manager === KUBECTL_APPLIER) merged = syncLastApplied(merged, config);
  const unchanged = isDeepStrictEqual(liveValue, merged);
  if (!unchanged) record.time = scope.now;
  if (record.set.isEmpty()) managers.delete(key);
  return { object: merged, managedFields: encode(managers), unchanged };
}

/** The field manager `kubectl apply --server-side` uses; only it takes over client-side apply. */
const KUBECTL_APPLIER = 'kubectl';

/** kubectl's client-side apply record of the configuration it applied last. */
export const LAST_APPLIED_ANNOTATION = 'kubectl.kubernetes.io/last-applied-configuration';

function lastAppliedOf(object: KubeObject | undefined): string | undefined {
  return object?.metadata?.annotations?.[LAST_APPLIED_ANNOTATION] || undefined;
}

/**
 * The conflicts `kubectl apply --server-side` may override on an object kubectl client-side applied:
 * the fields of its last-applied configuration whose live values still match (apimachinery
 * internal/lastappliedmanager.go allowedConflictsFromLastApplied).
 */
function conflictsAllowedByLastApplied(
  live: KubeObject | undefined,
  schema: SchemaRef,
): FieldSet | undefined {
  const annotation = lastAppliedOf(live);
  if (!annotation || !live) return undefined;
  let lastApplied: unknown;
  try {
    lastApplied = JSON.parse(annotation);
  } catch {
    return undefined;
  }
  const liveValue = withoutManagedFields(live);
  try {
    const fields = toFieldSet(lastApplied, schema);
    const drift = compare(lastApplied, liveValue, schema);
    return fields.difference(drift.modified).difference(drift.added).difference(drift.removed);
  } catch {
    return undefined;
  }
}

/** Sorts object keys recursively, as Go encodes the maps of an unstructured object. */
function sortKeys(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(sortKeys);
  if (value === null || typeof value !== 'object') return value;
  const entries = Object.entries(value as Record<string, unknown>).sort(([a], [b]) => order(a, b));
  return Object.fromEntries(entries.map(([key, child]) => [key, sortKeys(child)]));
}

/**
 * When `kubectl apply --server-side` applies to an object that carries a client-side apply
 * annotation, the annotation follows the applied configuration (internal/lastappliedupdater.go).
 */
function syncLastApplied(merged: KubeObject, config: KubeObject): KubeObject {
  if (!lastAppliedOf(merged)) return merged;
  const { [LAST_APPLIED_ANNOTATION]: _last, ...annotations } = config.metadata?.annotations ?? {};
  const metadata: Record<string, unknown> = { ...config.metadata };
  if (Object.keys(annotations).length > 0 || config.metadata?.annotations) metadata.annotations = annotations;
  const value = `${JSON.stringify(sortKeys({ ...config, metadata }))}\n`;
  return {
    ...merged,
    metadata: {
      ...merged.metadata,
      annotations: { ...merged.metadata.annotations, [LAST_APPLIED_ANNOTATION]: value },
    },
  };
}

/** Whether two managedFields lists are the same apart from their time stamps. */
export function sameOwnership(
  a: readonly ManagedFieldsEntry[] | undefined,
  b: readonly ManagedFieldsEntry[] | undefined,
): boolean {
  const strip = (entries: readonly ManagedFieldsEntry[] | undefined) =>
    (entries ?? []).map(({ time: _time, ...rest }) => rest);
  return isDeepStrictEqual(strip(a), strip(b));
}
