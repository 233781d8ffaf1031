import { isDeepStrictEqual } from 'node:util';
import jsonPatch, { type Operation } from 'fast-json-patch';
import mergePatch from 'json-merge-patch';
import type { AdmissionAttributes, AdmissionContext, AdmissionOperation } from '../../admission/admission.ts';
import { toRfc3339 } from '../../clock/clock.ts';
import {
  StoreAlreadyExistsError,
  StoreConflictError,
  type StoreEvent,
  StoreExpiredError,
  StoreNotFoundError,
} from '../../store/store.ts';
import {
  ApiError,
  alreadyExists,
  badRequest,
  conflict,
  expired,
  type FieldError,
  genericUnprocessableEntity,
  invalid,
  notFound,
  OPTIMISTIC_LOCK_ERROR_MSG,
  statusBody,
  unsupportedMediaType,
} from '../errors.ts';
import {
  applyConfiguration,
  type FieldManagerScope,
  type ManagedFieldsEntry,
  sameOwnership,
  updateManagedFields,
} from '../fieldmanager/field-manager.ts';
import { FieldSet } from '../fieldmanager/field-set.ts';
import {
  type FieldValidationDirective,
  findUnknownFields,
  goFormatValue,
  strictDecodingErrorMessage,
  unknownFieldWarning,
} from '../openapi/field-validation.ts';
import { goZeroObject, kindSchema, roundTripLikeGo } from '../openapi/go-round-trip.ts';
import { builtInPatchMeta } from '../patch/patch-meta.ts';
import { StrategicMergePatchError, strategicMergePatch } from '../patch/strategic-merge-patch.ts';
import {
  apiVersionOf,
  type ResourceDefinition,
  type StrategyContext,
  storageKey,
} from '../resources/resource.ts';
import { type FieldRequirement, fieldSelectorMatches, objectFields } from '../selectors/field-selector.ts';
import { type LabelRequirement, requirementsMatch } from '../selectors/label-selector.ts';
import type { KubeList, KubeObject, UserInfo } from '../types.ts';
import { validateLabels, validateObjectName } from '../validation/names.ts';
import type { ApiContext } from './api-context.ts';
import {
  beforeDelete,
  checkDeletePreconditions,
  deletionFinalizers,
  markAsDeleting,
  shouldDeleteDuringUpdate,
} from './graceful-delete.ts';
import { ServiceIpam } from './service-ipam.ts';

/** Who is asking and how (query options shared by every write). */
export interface WriteOptions {
  user: UserInfo;
  dryRun?: boolean;
  fieldManager?: string;
  /** What to do with fields the kind does not declare; unset (internal writes) skips the check. */
  fieldValidation?: FieldValidationDirective;
  /** Collects `Warning` header values for the response (unknown fields under Warn). */
  warnings?: string[];
  /** The client's User-Agent: its product name is the field manager when none is given. */
  userAgent?: string;
  /** Server-side apply: take over fields other managers own (`?force=true`). */
  force?: boolean;
}

export interface ListOptions {
  labelSelector?: LabelRequirement[];
  fieldSelector?: FieldRequirement[];
  limit?: number;
  continueToken?: string;
}

export interface DeleteOptions {
  gracePeriodSeconds?: number;
  propagationPolicy?: 'Background' | 'Foreground' | 'Orphan';
  preconditions?: { uid?: string; resourceVersion?: string };
}

/** What a DELETE did: the object as answered, and whether it is gone from storage. */
export interface DeleteOutcome {
  object: KubeObject;
  /** False while deletion waits on finalizers or a grace period (rest.GracefulDeleter's `deleted`). */
  deleted: boolean;
}

export interface WatchOptions {
  resourceVersion?: string;
  labelSelector?: LabelRequirement[];
  fieldSelector?: FieldRequirement[];
  sendInitialEvents?: boolean;
}

export type WatchSink = (
  type: 'ADDED' | 'MODIFIED' | 'DELETED' | 'ERROR' | 'BOOKMARK',
  object: unknown,
  event?: StoreEvent,
) => void;

export type PatchType = 'json' | 'merge' | 'strategic' | 'apply';

export const PATCH_CONTENT_TYPES: Record<string, PatchType> = {
  'application/json-patch+json': 'json',
  'application/merge-patch+json': 'merge',
  'application/strategic-merge-patch+json': 'strategic',
  'application/apply-patch+yaml': 'apply',
};

/**
 * The generic REST storage of every resource (upstream registry.Store): create, update, patch,
 * delete, list and watch with defaulting, validation, admission, generation tracking and
 * optimistic concurrency. Transport-independent: HTTP handlers and in-process controllers both
 * call it.
 */
export class GenericRegistry {
  private readonly ipam: ServiceIpam;
  private readonly strategyContext: StrategyContext;
  private readonly admissionContext: AdmissionContext;

  constructor(private readonly api: ApiContext) {
    this.ipam = new ServiceIpam(api.store, api.random.fork('ipam'));
    this.strategyContext = {
      now: () => api.clock.now(),
      randomString: (n) => api.random.safeString(n),
      allocateClusterIP: () => this.ipam.allocateClusterIP(),
      allocateNodePort: () => this.ipam.allocateNodePort(),
      clusterIPRefusal: (ip) => this.ipam.clusterIPRefusal(ip),
      nodePortRefusal: (port) => this.ipam.nodePortRefusal(port),
    };
    this.admissionContext = {
      store: api.store,
      clock: api.clock,
      random: api.random,
      writeStatus: (resourceKey, object) => {
        api.store.update(resourceKey, object);
      },
    };
  }

  get(def: ResourceDefinition, namespace: string, name: string): KubeObject {
    const object = this.api.store.get(storageKey(def), scope(def, namespace), name);
    if (!object) throw notFound(gr(def), name);
    return fromStore(def, object);
  }

  list(def: ResourceDefinition, namespace: string | undefined, options: ListOptions = {}): KubeList {
    const all = this.api.store
      .list(storageKey(def), def.namespaced ? namespace || undefined : undefined)
      .map((object) => fromStore(def, object));
    const matching = all.filter((object) =>
      this.matches(def, object, options.labelSelector, options.fieldSelector),
    );
    const resourceVersion = String(this.api.store.resourceVersion);
    let start = 0;
    if (options.continueToken) start = decodeContinue(options.continueToken, matching);
    let items = start > 0 ? matching.slice(start) : matching;
    const metadata: KubeList['metadata'] = { resourceVersion };
    if (options.limit && options.limit > 0 && items.length > options.limit) {
      const last = items[options.limit - 1]!;
      metadata.continue = encodeContinue(last, resourceVersion);
      metadata.remainingItemCount = items.length - options.limit;
      items = items.slice(0, options.limit);
    }
    return {
      apiVersion: apiVersionOf(def),
      kind: def.custom?.listKind ?? `${def.kind}List`,
      metadata,
      items,
    };
  }

  create(def: ResourceDefinition, namespace: string, decoded: KubeObject, options: WriteOptions): KubeObject {
    this.checkKind(def, decoded);
    checkUnknownFields(def, decoded, options, (fields) =>
      badRequest(strictDecodingErrorMessage(decoded.apiVersion, decoded.kind, fields)),
    );
    return this.createObject(def, namespace, decoded, options);
  }

  /** The create itself; `applied` carries the managedFields of a server-side apply that creates. */
  private createObject(
    def: ResourceDefinition,
    namespace: string,
    decoded: KubeObject,
    options: WriteOptions,
    applied?: ManagedFieldsEntry[],
  ): KubeObject {
    this.checkKind(def, decoded);
    if (def.custom?.terminating) throw terminatingCreate(def);
    const object = decodeObject(def, decoded);
    def.strategy.applyDefaults?.(object);
    const metadata = { ...object.metadata };
    object.metadata = metadata;
    if (def.namespaced) {
      if (metadata.namespace && metadata.namespace !== namespace) {
        throw badRequest(
          'the namespace of the provided object does not match the namespace sent on the request',
        );
      }
      metadata.namespace = namespace;
    } else {
      delete metadata.namespace;
    }
    if (!metadata.name && metadata.generateName) {
      metadata.name = `${metadata.generateName.slice(0, 58)}${this.api.random.safeString(5)}`;
    }
    metadata.uid = this.api.random.uuid();
    metadata.creationTimestamp = toRfc3339(this.api.clock.now());
    delete metadata.resourceVersion;
    delete metadata.deletionTimestamp;
    delete metadata.deletionGracePeriodSeconds;
    delete metadata.selfLink;
    if (def.strategy.trackGeneration) metadata.generation = 1;
    else delete metadata.generation;
    if (def.strategy.hasStatus && !def.strategy.prepareForCreate) delete object.status;
    // create.go: managed fields come from the decoded, defaulted object, before admission.
    const incoming = metadata.managedFields;
    delete metadata.managedFields;
    const managedFields =
      applied ??
      updateManagedFields(undefined, object, incoming, managerName(options), this.fieldScope(def, ''));
    const attributes = this.attributes('CREATE', def, '', namespace, object, undefined, options);
    this.api.admission.mutate(attributes, this.admissionContext);
    // store.Create → BeforeCreate: the strategy prepares the object after mutating admission
    // (a pod's qosClass sees the requests LimitRanger filled in).
    def.strategy.prepareForCreate?.(object, this.strategyContext);
    object.metadata = { ...object.metadata };
    if (managedFields.length > 0) object.metadata.managedFields = managedFields;
    else delete object.metadata.managedFields;
    this.validate(def, object, undefined);
    this.api.admission.validate(attributes, this.admissionContext);
    if (options.dryRun) return object;
    try {
      return fromStore(def, this.api.store.create(storageKey(def), toStore(def, object)));
    } catch (error) {
      if (error instanceof StoreAlreadyExistsError) throw alreadyExists(gr(def), metadata.name ?? '');
      throw error;
    }
  }

  /** PUT: replaces the object (or only its status, for the status subresource). */
  update(
    def: ResourceDefinition,
    namespace: string,
    name: string,
    decoded: KubeObject,
    options: WriteOptions,
    subresource = '',
  ): KubeObject {
    this.checkKind(def, decoded);
    checkUnknownFields(def, decoded, options, (fields) =>
      badRequest(strictDecodingErrorMessage(decoded.apiVersion, decoded.kind, fields)),
    );
    return this.replace(def, namespace, name, decoded, options, subresource);
  }

  /**
   * The update itself, on an object whose fields were already checked; `applied` carries the
   * managedFields a server-side apply computed.
   */
  private replace(
    def: ResourceDefinition,
    namespace: string,
    name: string,
    decoded: KubeObject,
    options: WriteOptions,
    subresource: string,
    applied?: ManagedFieldsEntry[],
  ): KubeObject {
    this.checkKind(def, decoded);
    // A status write keeps everything but the status from the live object: only that is decoded.
    const object = decodeObject(def, subresource === 'status' && !def.custom ? statusPart(decoded) : decoded);
    if (object.metadata?.name && object.metadata.name !== name) {
      throw badRequest(
        `the name of the object (${object.metadata.name}) does not match the name on the URL (${name})`,
      );
    }
    const current = this.get(def, namespace, name);
    const expected = object.metadata?.resourceVersion;
    if (expected && expected !== current.metadata.resourceVersion) {
      throw conflict(gr(def), name, OPTIMISTIC_LOCK_ERROR_MSG);
    }
    let next: KubeObject;
    if (subresource === 'status') {
      next = { ...current, status: object.status };
    } else {
      next = { ...object, apiVersion: current.apiVersion, kind: current.kind };
      def.strategy.applyDefaults?.(next);
      if (def.strategy.hasStatus) {
        if (current.status === undefined) delete next.status;
        else next.status = current.status;
      }
      const metadata: Record<string, unknown> = { ...object.metadata, name };
      for (const key of ['uid', 'creationTimestamp', 'namespace'] as const) {
        if (current.metadata[key] === undefined) delete metadata[key];
        else metadata[key] = current.metadata[key];
      }
      next.metadata = metadata as KubeObject['metadata'];
      for (const key of ['deletionTimestamp', 'deletionGracePeriodSeconds', 'generation'] as const) {
        if (current.metadata[key] === undefined) delete next.metadata[key];
        else (next.metadata as Record<string, unknown>)[key] = current.metadata[key];
      }
      const changed = def.strategy.generationChanged ?? specChanged;
      if (def.strategy.trackGeneration && changed(next, current)) {
        next.metadata = { ...next.metadata, generation: (current.metadata.generation ?? 0) + 1 };
      }
      def.strategy.prepareForUpdate?.(next, current);
    }
    // FieldManager.Update: the managed fields the client sent, if any, else the live object's.
    const incoming = subresource === '' ? object.metadata?.managedFields : undefined;
    const base = incoming && incoming.length > 0 ? incoming : current.metadata.managedFields;
    const managedFields =
      applied ??
      updateManagedFields(current, next, base, managerName(options), this.fieldScope(def, subresource));
    const { managedFields: _previous, ...metadata } = next.metadata;
    next.metadata = {
      ...metadata,
      ...(managedFields.length > 0 ? { managedFields } : {}),
      resourceVersion: current.metadata.resourceVersion ?? '',
    };
    return this.commitUpdate(def, namespace, name, current, next, options, subresource);
  }

  patch(
    def: ResourceDefinition,
    namespace: string,
    name: string,
    patchType: PatchType,
    patch: unknown,
    options: WriteOptions,
    subresource = '',
  ): KubeObject {
    const stored = this.api.store.get(storageKey(def), scope(def, namespace), name);
    const current = stored && fromStore(def, stored);
    if (patchType === 'apply') return this.apply(def, namespace, name, current, patch, options, subresource);
    if (!current) throw notFound(gr(def), name);
    const patched = applyPatchOfType(def, current, patchType, patch);
    // apiserver pkg/endpoints/handlers/patch.go: the patched object is decoded strictly.
    const value = patchType === 'strategic' ? goFormatValue(patch) : JSON.stringify(patched);
    checkUnknownFields(def, patched, options, (fields) =>
      invalid('', '', '', [
        {
          type: 'FieldValueInvalid',
          field: 'patch',
          value,
          detail: `strict decoding error: ${fields.map((f) => `unknown field "${f}"`).join(', ')}`,
        },
      ]),
    );
    if (patched.metadata?.resourceVersion === undefined || patchType !== 'json') {
      patched.metadata = { ...patched.metadata, resourceVersion: current.metadata.resourceVersion ?? '' };
    }
    return this.replace(def, namespace, name, patched, options, subresource);
  }

  /** Server-side apply (application/apply-patch+yaml): creates the object when it does not exist. */
  private apply(
    def: ResourceDefinition,
    namespace: string,
    name: string,
    current: KubeObject | undefined,
    patch: unknown,
    options: WriteOptions,
    subresource: string,
  ): KubeObject {
    if (!current && subresource !== '') throw notFound(gr(def), name);
    if (!isPlainObject(patch)) throw badRequest('error decoding YAML: the object is not a map');
    const config = patch as KubeObject;
    const expected = { apiVersion: apiVersionOf(def), kind: def.kind };
    if (config.apiVersion !== expected.apiVersion || config.kind !== def.kind) {
      const { apiVersion = '', kind = '' } = config as Partial<KubeObject>;
      const slash = apiVersion.indexOf('/');
      const gv = slash < 0 ? `/${apiVersion}` : apiVersion;
      throw badRequest(`invalid object type: ${gv}, Kind=${kind}`);
    }
    const result = applyConfiguration(
      current,
      config,
      managerName(options),
      options.force === true,
      this.fieldScope(def, subresource),
    );
    const object = result.object;
    object.metadata = { ...object.metadata, name };
    if (!current) return this.createObject(def, namespace, object, options, result.managedFields);
    object.metadata = { ...object.metadata, resourceVersion: current.metadata.resourceVersion ?? '' };
    return this.replace(def, namespace, name, object, options, subresource, result.managedFields);
  }

  /** What a write through `subresource` of `def` may own (upstream's reset fields). */
  private fieldScope(def: ResourceDefinition, subresource: string): FieldManagerScope {
    const apiVersion = apiVersionOf(def);
    let resetFields = NO_FIELDS;
    if (subresource === '' && def.strategy.hasStatus) resetFields = STATUS_FIELDS;
    if (subresource === 'status') resetFields = SPEC_FIELDS;
    return {
      schema: def.custom?.applySchema ?? kindSchema(apiVersion, def.kind),
      zero: zeroObject(apiVersion, def.kind),
      apiVersion,
      subresource,
      resetFields,
      now: toRfc3339(this.api.clock.now()),
    };
  }

  delete(
    def: ResourceDefinition,
    namespace: string,
    name: string,
    deleteOptions: DeleteOptions,
    options: WriteOptions,
  ): KubeObject {
    return this.deleteWithOutcome(def, namespace, name, deleteOptions, options).object;
  }

  /**
   * DELETE, telling whether the object was removed at once (store.Delete's second result):
   * graceful resources get their grace period, finalizers keep the object with a
   * deletionTimestamp, and the propagation policy sets the `orphan`/`foregroundDeletion` finalizers.
   */
  deleteWithOutcome(
    def: ResourceDefinition,
    namespace: string,
    name: string,
    deleteOptions: DeleteOptions,
    options: WriteOptions,
  ): DeleteOutcome {
    let current = this.get(def, namespace, name);
    const preconditionError = checkDeletePreconditions(
      current,
      def.group,
      def.kind,
      deleteOptions.preconditions,
    );
    if (preconditionError) throw preconditionError;
    const now = this.api.clock.now();
    const pending = (object: KubeObject): DeleteOutcome => ({ object, deleted: false });
    if (def.strategy.prepareForDelete && !current.metadata.deletionTimestamp) {
      const prepared = def.strategy.prepareForDelete(current, now);
      current = options.dryRun ? prepared : this.storeUpdateIfChanged(def, current, prepared);
    }
    if (isNamespace(def)) {
      this.admitDelete(def, namespace, name, current, options);
      if (current.metadata.deletionTimestamp) return pending(current);
      const terminating: KubeObject = {
        ...current,
        metadata: { ...current.metadata, deletionTimestamp: toRfc3339(now), deletionGracePeriodSeconds: 0 },
        status: { ...(current.status as object), phase: 'Terminating' },
      };
      return pending(options.dryRun ? terminating : this.storeUpdate(def, terminating));
    }
    const before = beforeDelete({
      current,
      requested: deleteOptions.gracePeriodSeconds,
      now,
      gracePeriod: def.strategy.gracefulDeleteSeconds?.bind(def.strategy),
    });
    // Finalizers cannot be changed through DeleteOptions once a graceful deletion is under way.
    if (before.pending) return pending(current);
    this.admitDelete(def, namespace, name, current, options);
    const gc = deletionFinalizers(
      current.metadata.finalizers ?? [],
      deleteOptions.propagationPolicy,
      def.strategy.defaultGarbageCollectionPolicy,
    );
    const hasFinalizers = (current.metadata.finalizers ?? []).length > 0;
    let last = current;
    if (before.graceful || hasFinalizers || gc.changed) {
      let marked = before.object;
      if (gc.changed) {
        marked = { ...marked, metadata: { ...marked.metadata, finalizers: gc.finalizers } };
        if (gc.finalizers.length === 0) delete marked.metadata.finalizers;
      }
      const keptByFinalizers = gc.finalizers.length > 0;
      if (!before.graceful && keptByFinalizers) marked = markAsDeleting(marked, now);
      if (before.graceful || keptByFinalizers) {
        last = options.dryRun ? marked : this.storeUpdateIfChanged(def, current, marked);
        if (keptByFinalizers || (marked.metadata.deletionGracePeriodSeconds ?? 0) > 0) return pending(last);
      }
    }
    if (options.dryRun) return { object: last, deleted: true };
    // etcd3 store.Delete answers with the object as it was (its last resourceVersion); only the
    // DELETED watch event carries the deletion's revision.
    this.api.store.delete(storageKey(def), scope(def, namespace), name);
    return { object: last, deleted: true };
  }

  private admitDelete(
    def: ResourceDefinition,
    namespace: string,
    name: string,
    current: KubeObject,
    options: WriteOptions,
  ): void {
    const attributes = this.attributes('DELETE', def, '', namespace, undefined, current, options);
    attributes.name = name;
    this.api.admission.mutate(attributes, this.admissionContext);
    this.api.admission.validate(attributes, this.admissionContext);
  }

  /** GuaranteedUpdate skips the write when nothing changed. */
  private storeUpdateIfChanged(def: ResourceDefinition, current: KubeObject, next: KubeObject): KubeObject {
    if (isDeepStrictEqual(next, current)) return current;
    return this.storeUpdate(def, next);
  }

  /** Applies a patch to a document that is not stored as such (the Scale view of a workload). */
  applyPatchDocument(
    def: ResourceDefinition,
    document: KubeObject,
    type: PatchType,
    patch: unknown,
  ): KubeObject {
    return applyPatchOfType(def, document, type, patch);
  }

  /**
   * Stores an object the caller has fully prepared, skipping defaulting and validation: the
   * server-internal writes of subresources such as pods/binding.
   */
  writeDirect(def: ResourceDefinition, object: KubeObject, dryRun: boolean): KubeObject {
    if (dryRun) return object;
    try {
      return this.storeUpdate(def, object, object.metadata.resourceVersion);
    } catch (error) {
      if (error instanceof StoreConflictError)
        throw conflict(gr(def), object.metadata.name ?? '', OPTIMISTIC_LOCK_ERROR_MSG);
      throw error;
    }
  }

  /** Removes a finalizer-free namespace for good (the namespace controller's last step). */
  finalizeNamespace(name: string): void {
    const current = this.api.store.get('/namespaces', '', name);
    if (current?.metadata.deletionTimestamp) this.api.store.delete('/namespaces', '', name);
  }

  deleteCollection(
    def: ResourceDefinition,
    namespace: string | undefined,
    listOptions: ListOptions,
    deleteOptions: DeleteOptions,
    options: WriteOptions,
  ): KubeList {
    const list = this.list(def, namespace, { ...listOptions, limit: 0 });
    const deleted: KubeObject[] = [];
    for (const item of list.items) {
      try {
        deleted.push(
          this.delete(def, item.metadata.namespace ?? '', item.metadata.name!, deleteOptions, options),
        );
      } catch (error) {
        if (!(error instanceof ApiError && error.code === 404)) throw error;
      }
    }
    return { ...list, items: deleted, metadata: { resourceVersion: String(this.api.store.resourceVersion) } };
  }

  /**
   * Streams changes to `sink`. Without a resourceVersion (or "0") it first sends every current
   * object as ADDED; with one, the changes after it, or one ERROR (410 Expired) if too old.
   */
  watch(
    def: ResourceDefinition,
    namespace: string | undefined,
    options: WatchOptions,
    sink: WatchSink,
  ): () => void {
    const key = storageKey(def);
    const ns = def.namespaced ? namespace || undefined : undefined;
    const { labelSelector, fieldSelector } = options;
    const filtered = Boolean(labelSelector?.length || fieldSelector?.length);
    const listener = (stored: StoreEvent) => {
      const event = def.conversion ? convertEvent(def, stored) : stored;
      if (!filtered) {
        sink(event.type, event.object, event);
        return;
      }
      const now = this.matches(def, event.object, labelSelector, fieldSelector);
      const before = event.previous ? this.matches(def, event.previous, labelSelector, fieldSelector) : false;
      if (event.type === 'MODIFIED') {
        if (now && before) sink('MODIFIED', event.object, event);
        else if (now) sink('ADDED', event.object);
        else if (before) sink('DELETED', event.object);
      } else if (now) {
        sink(event.type, event.object, event);
      }
    };
    const rv = options.resourceVersion;
    if (!rv || rv === '0') {
      for (const object of this.api.store.list(key, ns).map((o) => fromStore(def, o))) {
        if (this.matches(def, object, labelSelector, fieldSelector)) sink('ADDED', object);
      }
      return this.api.store.watch(key, { namespace: ns }, listener);
    }
    const since = Number(rv);
    if (!Number.isInteger(since) || since < 0) throw badRequest(`invalid resource version: ${rv}`);
    if (since > this.api.store.resourceVersion) {
      throw new ApiError(
        statusBody(
          504,
          'Timeout',
          `Timeout: Too large resource version: ${since}, current: ${this.api.store.resourceVersion}`,
          {
            causes: [{ reason: 'ResourceVersionTooLarge', message: 'Too large resource version' }],
            retryAfterSeconds: 1,
          },
        ),
      );
    }
    try {
      return this.api.store.watch(key, { namespace: ns, sinceVersion: since }, listener);
    } catch (error) {
      if (error instanceof StoreExpiredError) {
        sink('ERROR', expired(error.message).status);
        return () => {};
      }
      throw error;
    }
  }

  private commitUpdate(
    def: ResourceDefinition,
    namespace: string,
    name: string,
    current: KubeObject,
    next: KubeObject,
    options: WriteOptions,
    subresource: string,
  ): KubeObject {
    const attributes = this.attributes('UPDATE', def, subresource, namespace, next, current, options);
    attributes.name = name;
    this.api.admission.mutate(attributes, this.admissionContext);
    if (subresource !== 'status') this.validate(def, next, current);
    else this.validateStatus(def, next, current);
    this.api.admission.validate(attributes, this.admissionContext);
    if (
      isDeepStrictEqual(withoutVolatile(next), withoutVolatile(current)) &&
      sameOwnership(next.metadata.managedFields, current.metadata.managedFields)
    ) {
      return current;
    }
    if (options.dryRun) return next;
    if (!isNamespace(def) && shouldDeleteDuringUpdate(next, current)) {
      // deleteWithoutFinalizers: a PUT that succeeded answers with the object it sent.
      this.api.store.delete(storageKey(def), scope(def, namespace), name);
      return next;
    }
    try {
      return this.storeUpdate(def, next, current.metadata.resourceVersion);
    } catch (error) {
      if (error instanceof StoreConflictError) throw conflict(gr(def), name, OPTIMISTIC_LOCK_ERROR_MSG);
      if (error instanceof StoreNotFoundError) throw notFound(gr(def), name);
      throw error;
    }
  }

  /** Writes an object of `def` to its storage, converting it there and back. */
  private storeUpdate(def: ResourceDefinition, object: KubeObject, expectedVersion?: string): KubeObject {
    return fromStore(def, this.api.store.update(storageKey(def), toStore(def, object), expectedVersion));
  }

  private validate(def: ResourceDefinition, object: KubeObject, old: KubeObject | undefined): void {
    const errors: FieldError[] = [];
    const { metadata } = object;
    if (!old) {
      if (!metadata.name && !metadata.generateName) {
        errors.push({
          type: 'FieldValueRequired',
          field: 'metadata.name',
          detail: 'name or generateName is required',
        });
      } else {
        errors.push(...validateObjectName(metadata.name, def.strategy.nameRule));
      }
    }
    errors.push(...validateLabels(metadata.labels, 'metadata.labels'));
    errors.push(...(def.strategy.validate?.(object) ?? []));
    if (old) errors.push(...(def.strategy.validateUpdate?.(object, old) ?? []));
    else errors.push(...(def.strategy.validateCreate?.(object) ?? []));
    if (errors.length > 0)
      throw invalid(def.kind, def.group, metadata.name ?? metadata.generateName ?? '', errors);
  }

  private validateStatus(def: ResourceDefinition, object: KubeObject, old: KubeObject): void {
    const errors = def.strategy.validateStatusUpdate?.(object, old) ?? [];
    if (errors.length > 0) throw invalid(def.kind, def.group, object.metadata.name ?? '', errors);
  }

  private checkKind(def: ResourceDefinition, object: KubeObject): void {
    if (!object || typeof object !== 'object' || Array.isArray(object)) {
      throw badRequest(`the object provided is unrecognized (must be of type ${def.kind})`);
    }
    object.apiVersion ||= apiVersionOf(def);
    object.kind ||= def.kind;
    object.metadata ??= {};
    if (def.custom) {
      // The unstructured decoder takes any kind; the handler checks the group version, the
      // custom resource's validation the kind (`kind: Invalid value: "Foo": must be CronTab`).
      if (object.apiVersion !== apiVersionOf(def)) {
        throw badRequest(
          `the API version in the data (${object.apiVersion}) does not match the expected API version (${apiVersionOf(def)})`,
        );
      }
      return;
    }
    if (object.kind !== def.kind || object.apiVersion !== apiVersionOf(def)) {
      throw badRequest(
        `${object.kind} in version "${versionOf(object.apiVersion)}" cannot be handled as a ${def.kind}: no kind "${object.kind}" is registered for version "${object.apiVersion}" in scheme "pkg/api/legacyscheme/scheme.go:30"`,
      );
    }
  }

  private matches(
    def: ResourceDefinition,
    object: KubeObject,
    labels: LabelRequirement[] | undefined,
    fields: FieldRequirement[] | undefined,
  ): boolean {
    if (labels?.length && !requirementsMatch(labels, object.metadata.labels ?? {})) return false;
    if (fields?.length && !fieldSelectorMatches(fields, selectableFields(def, object))) return false;
    return true;
  }

  private attributes(
    operation: AdmissionOperation,
    def: ResourceDefinition,
    subresource: string,
    namespace: string,
    object: KubeObject | undefined,
    oldObject: KubeObject | undefined,
    options: WriteOptions,
  ): AdmissionAttributes {
    return {
      operation,
      resource: def,
      subresource,
      namespace: def.namespaced ? namespace : '',
      name: object?.metadata.name ?? oldObject?.metadata.name ?? '',
      object,
      oldObject,
      user: options.user,
      dryRun: options.dryRun ?? false,
    };
  }
}

function gr(def: ResourceDefinition) {
  return { group: def.group, resource: def.resource };
}

/** FieldManagerMaxLength of apimachinery's validation. */
const FIELD_MANAGER_MAX_LENGTH = 128;

/**
 * The field manager of a write (managerOrUserAgent in apiserver handlers/rest.go): the fieldManager
 * option, else the User-Agent up to its first `/`, printable characters only, at most 128 bytes.
 */
export function managerName(options: Pick<WriteOptions, 'fieldManager' | 'userAgent'>): string {
  if (options.fieldManager) return options.fieldManager;
  let out = '';
  for (const char of (options.userAgent ?? '').split('/')[0] ?? '') {
    if (!/^\P{C}$/u.test(char)) continue;
    if (Buffer.byteLength(out + char) > FIELD_MANAGER_MAX_LENGTH) break;
    out += char;
  }
  return out;
}

/** Reset fields (read only): none, the status (main resource), the spec (status subresource). */
const NO_FIELDS = new FieldSet();
const STATUS_FIELDS = FieldSet.fromPaths([['f:status']]);
const SPEC_FIELDS = FieldSet.fromPaths([['f:spec']]);

const zeroObjects = new Map<string, Record<string, unknown>>();

/** goZeroObject, built once per kind: managed fields only compare against it, never change it. */
function zeroObject(apiVersion: string, kind: string): Record<string, unknown> {
  const key = `${apiVersion}\u0000${kind}`;
  let zero = zeroObjects.get(key);
  if (!zero) {
    zero = goZeroObject(apiVersion, kind);
    zeroObjects.set(key, zero);
  }
  return zero;
}

/** What decoding a request body leaves: the Go round trip, or a custom resource's schema. */
function decodeObject(def: ResourceDefinition, decoded: KubeObject): KubeObject {
  if (def.custom) return def.custom.decode(decoded);
  return roundTripLikeGo(decoded, decoded.apiVersion, decoded.kind);
}

/** What a write through the status subresource reads of its body: identity, version and status. */
function statusPart(object: KubeObject): KubeObject {
  const { apiVersion, kind, metadata, status } = object;
  return status === undefined ? { apiVersion, kind, metadata } : { apiVersion, kind, metadata, status };
}

/** The field-selectable values of an object, a custom resource's selectableFields included. */
function selectableFields(def: ResourceDefinition, object: KubeObject): Record<string, string> {
  const fields = objectFields(def.group, def.resource, object);
  for (const [label, read] of def.custom?.selectableFields ?? []) fields[label] = read(object);
  return fields;
}

/** crdHandler: a CRD being deleted takes no new objects. */
function terminatingCreate(def: ResourceDefinition): ApiError {
  return new ApiError(
    statusBody(
      405,
      'MethodNotAllowed',
      'create not allowed while custom resource definition is terminating',
      {
        group: def.group,
        kind: def.resource,
      },
    ),
  );
}

function fromStore(def: ResourceDefinition, object: KubeObject): KubeObject {
  return def.conversion ? def.conversion.fromStorage(object) : object;
}

function toStore(def: ResourceDefinition, object: KubeObject): KubeObject {
  return def.conversion ? def.conversion.toStorage(object) : object;
}

/** A store event as a converting resource shows it; no shared serialisation cache. */
function convertEvent(def: ResourceDefinition, event: StoreEvent): StoreEvent {
  const { serialized: _shared, previous, ...rest } = event;
  return {
    ...rest,
    object: fromStore(def, event.object),
    ...(previous ? { previous: fromStore(def, previous) } : {}),
  };
}

/**
 * `fieldValidation` on a decoded body: Strict fails with `error(fields)`, Warn adds one `Warning`
 * header per unknown field, Ignore (and internal writes) let the round trip drop them.
 */
function checkUnknownFields(
  def: ResourceDefinition,
  object: KubeObject,
  options: WriteOptions,
  error: (fields: string[]) => ApiError,
): void {
  const directive = options.fieldValidation ?? 'Ignore';
  if (directive === 'Ignore') return;
  const unknown = def.custom
    ? def.custom.unknownFields(object)
    : findUnknownFields(object, object.apiVersion, object.kind);
  if (!unknown || unknown.length === 0) return;
  if (directive === 'Strict') throw error(unknown);
  options.warnings?.push(...unknown.map(unknownFieldWarning));
}

function scope(def: ResourceDefinition, namespace: string): string {
  return def.namespaced ? namespace : '';
}

function isNamespace(def: ResourceDefinition): boolean {
  return def.group === '' && def.resource === 'namespaces';
}

function versionOf(apiVersion: string): string {
  const slash = apiVersion.indexOf('/');
  return slash < 0 ? apiVersion : apiVersion.slice(slash + 1);
}

function specChanged(before: KubeObject, after: KubeObject): boolean {
  const { metadata: _a, status: _b, ...restBefore } = before;
  const { metadata: _c, status: _d, ...restAfter } = after;
  return !isDeepStrictEqual(restBefore, restAfter);
}

function withoutVolatile(object: KubeObject): KubeObject {
  const { resourceVersion: _rv, managedFields: _mf, ...metadata } = object.metadata;
  return { ...object, metadata };
}

function applyPatchOfType(
  def: ResourceDefinition,
  current: KubeObject,
  type: PatchType,
  patch: unknown,
): KubeObject {
  const base = structuredClone(current);
  switch (type) {
    case 'json': {
      if (!Array.isArray(patch))
        throw badRequest('json: cannot unmarshal object into Go value of type jsonpatch.Patch');
      if (patch.length > 10000) {
        throw new ApiError(
          statusBody(
            413,
            'RequestEntityTooLarge',
            `The allowed maximum operations in a JSON patch is 10000, got ${patch.length}`,
          ),
        );
      }
      try {
        return jsonPatch.applyPatch(base, patch as Operation[], true, true).newDocument as KubeObject;
      } catch {
        throw genericUnprocessableEntity();
      }
    }
    case 'merge':
      if (!isPlainObject(patch))
        throw badRequest('json: cannot unmarshal array into Go value of type map[string]interface {}');
      return mergePatch.apply(base, patch) as KubeObject;
    case 'strategic':
      try {
        return strategicMergePatch(base, patch, builtInPatchMeta(def.kind)) as KubeObject;
      } catch (error) {
        if (error instanceof StrategicMergePatchError) throw badRequest(error.message);
        throw error;
      }
    case 'apply':
      return strategicMergePatch(base, patch, builtInPatchMeta(def.kind)) as KubeObject;
    default:
      throw unsupportedMediaType(Object.keys(PATCH_CONTENT_TYPES));
  }
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function encodeContinue(last: KubeObject, resourceVersion: string): string {
  const start = `${last.metadata.namespace ?? ''}/${last.metadata.name}`;
  return Buffer.from(JSON.stringify({ v: 'meta.k8s.io/v1', rv: Number(resourceVersion), start })).toString(
    'base64url',
  );
}

function decodeContinue(token: string, items: KubeObject[]): number {
  let start: string;
  try {
    const parsed = JSON.parse(Buffer.from(token, 'base64url').toString('utf8')) as { start?: unknown };
    if (typeof parsed.start !== 'string') throw new Error('no start');
    start = parsed.start;
  } catch {
    throw badRequest('continue key is not valid: illegal base64 data at input byte 0');
  }
  const index = items.findIndex((item) => `${item.metadata.namespace ?? ''}/${item.metadata.name}` > start);
  return index < 0 ? items.length : index;
}
