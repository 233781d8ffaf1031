// Graceful deletion and deletion finalizers, after apiserver registry/rest/delete.go (BeforeDelete)
// and registry/generic/registry/store.go (deletionFinalizersForGarbageCollection, markAsDeleting,
// ShouldDeleteDuringUpdate).
import { toRfc3339 } from '../../clock/clock.ts';
import { type ApiError, conflict } from '../errors.ts';
import type { KubeObject } from '../types.ts';

export const FINALIZER_ORPHAN_DEPENDENTS = 'orphan';
export const FINALIZER_DELETE_DEPENDENTS = 'foregroundDeletion';

/** What a resource does with dependents when a DELETE names no policy (rest.GarbageCollectionPolicy). */
export type GarbageCollectionPolicy = 'DeleteDependents' | 'OrphanDependents';

export type PropagationPolicy = 'Background' | 'Foreground' | 'Orphan';

/** The result of BeforeDelete: `object` carries the new deletionTimestamp when `graceful`. */
export interface BeforeDeleteResult {
  graceful: boolean;
  /** A graceful deletion is already under way and the request does not shorten it. */
  pending: boolean;
  object: KubeObject;
}

export interface GracefulDeleteRequest {
  /** The object as stored. */
  current: KubeObject;
  /** `gracePeriodSeconds` of the DeleteOptions, if given. */
  requested: number | undefined;
  now: number;
  /** The resource's graceful period for this object (pods: CheckGracefulDelete); unset if it has none. */
  gracePeriod: ((object: KubeObject, requested: number | undefined) => number) | undefined;
}

/**
 * BeforeDelete: a graceful resource gets `deletionTimestamp = now + grace`; a second DELETE may only
 * shorten the grace period, moving the timestamp back by as much.
 */
export function beforeDelete({
  current,
  requested,
  now,
  gracePeriod,
}: GracefulDeleteRequest): BeforeDeleteResult {
  const period = requested !== undefined && requested < 0 ? 1 : requested;
  const unchanged = { graceful: false, pending: false, object: current };
  if (!gracePeriod) return unchanged;
  const metadata = current.metadata;
  if (metadata.deletionTimestamp) {
    const existingRaw = metadata.deletionGracePeriodSeconds;
    const existing = existingRaw !== undefined && existingRaw < 0 ? 1 : existingRaw;
    if (existing === undefined || existing === 0) return unchanged;
    if (period === undefined || period >= existing)
      return { graceful: false, pending: true, object: current };
    // 1.32 moves the timestamp back by the difference, into the past if need be (1.33 stops at now).
    const timestamp = Date.parse(metadata.deletionTimestamp) - existing * 1000 + period * 1000;
    return {
      graceful: true,
      pending: false,
      object: withMetadata(current, {
        deletionTimestamp: toRfc3339(timestamp),
        deletionGracePeriodSeconds: period,
      }),
    };
  }
  const grace = gracePeriod(current, period);
  return {
    graceful: true,
    pending: false,
    object: withMetadata(current, {
      deletionTimestamp: toRfc3339(now + grace * 1000),
      deletionGracePeriodSeconds: grace,
      ...(metadata.generation !== undefined && metadata.generation > 0
        ? { generation: metadata.generation + 1 }
        : {}),
    }),
  };
}

/**
 * deletionFinalizersForGarbageCollection: the object's finalizers with `orphan` and
 * `foregroundDeletion` set as the policy (explicit, else the object's own, else the resource
 * default) asks; `changed` when the set differs.
 */
export function deletionFinalizers(
  finalizers: string[],
  policy: PropagationPolicy | undefined,
  defaultPolicy: GarbageCollectionPolicy = 'DeleteDependents',
): { changed: boolean; finalizers: string[] } {
  const orphan = shouldOrphanDependents(finalizers, policy, defaultPolicy);
  const foreground = shouldDeleteDependents(finalizers, policy);
  const next = finalizers.filter(
    (f) => f !== FINALIZER_ORPHAN_DEPENDENTS && f !== FINALIZER_DELETE_DEPENDENTS,
  );
  if (orphan) next.push(FINALIZER_ORPHAN_DEPENDENTS);
  if (foreground) next.push(FINALIZER_DELETE_DEPENDENTS);
  const before = new Set(finalizers);
  const after = new Set(next);
  const same = before.size === after.size && [...before].every((f) => after.has(f));
  return same ? { changed: false, finalizers } : { changed: true, finalizers: next };
}

function shouldOrphanDependents(
  finalizers: string[],
  policy: PropagationPolicy | undefined,
  defaultPolicy: GarbageCollectionPolicy,
): boolean {
  if (policy) return policy === 'Orphan';
  for (const f of finalizers) {
    if (f === FINALIZER_ORPHAN_DEPENDENTS) return true;
    if (f === FINALIZER_DELETE_DEPENDENTS) return false;
  }
  return defaultPolicy === 'OrphanDependents';
}

function shouldDeleteDependents(finalizers: string[], policy: PropagationPolicy | undefined): boolean {
  if (policy) return policy === 'Foreground';
  for (const f of finalizers) {
    if (f === FINALIZER_DELETE_DEPENDENTS) return true;
    if (f === FINALIZER_ORPHAN_DEPENDENTS) return false;
  }
  return false;
}

/**
 * markAsDeleting: an object without graceful deletion that finalizers keep gets
 * `deletionTimestamp` now (or keeps an earlier one) and a grace period of 0.
 */
export function markAsDeleting(object: KubeObject, now: number): KubeObject {
  const { deletionTimestamp, generation } = object.metadata;
  const bump = deletionTimestamp === undefined && generation !== undefined && generation > 0;
  const keep = deletionTimestamp !== undefined && Date.parse(deletionTimestamp) <= now;
  return withMetadata(object, {
    ...(bump ? { generation: generation + 1 } : {}),
    deletionTimestamp: keep ? deletionTimestamp : toRfc3339(now),
    deletionGracePeriodSeconds: 0,
  });
}

/**
 * ShouldDeleteDuringUpdate: an update that leaves no finalizers on an object being deleted removes
 * it, unless a graceful deletion is still running (its grace period not yet cut to 0).
 */
export function shouldDeleteDuringUpdate(next: KubeObject, existing: KubeObject): boolean {
  if ((next.metadata.finalizers ?? []).length > 0) return false;
  if (!existing.metadata.deletionTimestamp) return false;
  const grace = existing.metadata.deletionGracePeriodSeconds;
  return grace === undefined || grace === 0;
}

/** BeforeDelete's precondition check; the conflict names the kind, as upstream does. */
export function checkDeletePreconditions(
  object: KubeObject,
  group: string,
  kind: string,
  preconditions: { uid?: string; resourceVersion?: string } | undefined,
): ApiError | undefined {
  const name = object.metadata.name ?? '';
  const gr = { group, resource: kind };
  if (preconditions?.uid && preconditions.uid !== object.metadata.uid) {
    return conflict(
      gr,
      name,
      `the UID in the precondition (${preconditions.uid}) does not match the UID in record (${object.metadata.uid ?? ''}). The object might have been deleted and then recreated`,
    );
  }
  if (preconditions?.resourceVersion && preconditions.resourceVersion !== object.metadata.resourceVersion) {
    return conflict(
      gr,
      name,
      `the ResourceVersion in the precondition (${preconditions.resourceVersion}) does not match the ResourceVersion in record (${object.metadata.resourceVersion ?? ''}). The object might have been modified`,
    );
  }
  return undefined;
}

function withMetadata(object: KubeObject, changes: Partial<KubeObject['metadata']>): KubeObject {
  return { ...object, metadata: { ...object.metadata, ...changes } };
}
