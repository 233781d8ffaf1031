import { createHash } from 'node:crypto';
import type { Pod } from 'kubernetes-types/core/v1';
import { parseDocument } from 'yaml';
import { FORBIDDEN_HEADERS, forbiddenStatus } from '../../auth/forbidden.ts';
import { impersonate } from '../../auth/impersonation.ts';
import type { AuthorizationAttributes } from '../../auth/rbac.authorizer.ts';
import { CUSTOM_RESOURCE_PATCH_TYPES, customResourceOpenApiDocuments } from '../customresources/openapi.ts';
import {
  ApiError,
  badRequest,
  type FieldError,
  GoFormattedValue,
  internalError,
  invalid,
  methodNotSupported,
  statusBody,
  unsupportedMediaType,
} from '../errors.ts';
import type { TokenAuthenticator } from '../filters/authentication.ts';
import type { StoreAuthorizer } from '../filters/authorization.ts';
import {
  type FieldValidationDirective,
  fieldValidationDirective,
  SUPPORTED_FIELD_VALIDATION_VALUES,
} from '../openapi/field-validation.ts';
import { goZeroObject } from '../openapi/go-round-trip.ts';
import { openApiV3Response } from '../openapi/openapi.ts';
import { printTable, printTableChunks } from '../printers/index.ts';
import { encodeProtobufObject, PROTOBUF_MEDIA_TYPE } from '../protobuf/index.ts';
import type { ApiContext } from '../registry/api-context.ts';
import { deleteResult } from '../registry/delete-result.ts';
import type {
  DeleteOptions,
  GenericRegistry,
  ListOptions,
  PatchType,
  WatchOptions,
  WriteOptions,
} from '../registry/generic-registry.ts';
import { PATCH_CONTENT_TYPES } from '../registry/generic-registry.ts';
import { bindPod } from '../registry/pod-binding.ts';
import { type EvictionBody, evictPod } from '../registry/pod-eviction.ts';
import type { ServiceAccountTokens } from '../registry/token-request.ts';
import { containerNotFound, type PodExecProvider } from '../remotecommand/exec-target.ts';
import { connectPodExec, podExecOptions } from '../remotecommand/pod-exec.ts';
import { parseRequestInfo, type RequestInfo } from '../request-info.ts';
import { apiVersionOf, type ResourceDefinition } from '../resources/resource.ts';
import {
  convertFieldSelector,
  type FieldRequirement,
  parseFieldSelector,
} from '../selectors/field-selector.ts';
import { parseLabelSelector } from '../selectors/label-selector.ts';
import { SelectorParseError } from '../selectors/selector-error.ts';
import type { KubeList, KubeObject, UserInfo } from '../types.ts';
import { decodeBody, JSON_MEDIA_TYPE, mediaType, type Negotiated, negotiate } from './codec.ts';
import {
  type AggregatedDiscoveryVersion,
  aggregatedDiscovery,
  aggregatedDiscoveryContentType,
  apiGroupList,
  apiResourceList,
  apiVersions,
  negotiateDiscovery,
  SERVER_VERSION,
} from './discovery.ts';
import { goJsonKind, goJsonSyntaxError, goYamlError, UNEXPECTED_END_OF_JSON } from './go-decode-errors.ts';
import { listChunks } from './object-json.ts';
import { type PodLogRequest, podLogOptions } from './pod-log-options.ts';
import { handleReview } from './reviews.ts';
import { getScale, updateScale } from './scale.ts';
import { type ApiReply, type ApiRequest, header } from './types.ts';

/** Engine-only endpoints (clock control, diagnostics) served beside the Kubernetes API. */
export type ExtensionEndpoint = (request: ApiRequest, user: UserInfo) => ApiReply | undefined;

/** Answers pod log requests; the kubelet that runs the pod provides them. */
export type PodLogProvider = (pod: Pod, options: PodLogRequest) => string;

export interface ApiHandlerOptions {
  api: ApiContext;
  registry: GenericRegistry;
  authenticator: TokenAuthenticator;
  authorizer: StoreAuthorizer;
  serverAddress: () => string;
  /** Work due "now" is finished before any request is answered, so every client sees a settled cluster. */
  beforeRequest: () => void;
  extensions?: ExtensionEndpoint;
  podLogs?: PodLogProvider;
  /** Runs pods/exec commands; the kubelet that runs the pod provides it. */
  podExec?: PodExecProvider;
  /** Issues service account tokens (`serviceaccounts/<name>/token`). */
  serviceAccountTokens?: Pick<ServiceAccountTokens, 'create'>;
  /**
   * Looks at every authorised resource request before it is served and may answer it instead
   * (injected faults); `delayMs` on a reply holds it back on the wire.
   */
  intercept?: (
    request: ApiRequest,
    info: RequestInfo,
    user: UserInfo,
  ) => ApiReply | { delayMs: number } | undefined;
}

const HEALTH_PATHS = new Set(['/healthz', '/readyz', '/livez']);

/**
 * The Kubernetes API over one engine, transport-independent: authentication, impersonation,
 * RBAC, then discovery, OpenAPI, health, or the resource handlers. Errors come back as Status.
 */
export class ApiHandler {
  constructor(private readonly options: ApiHandlerOptions) {}

  handle(request: ApiRequest): ApiReply {
    try {
      this.options.beforeRequest();
      return this.dispatch(request);
    } catch (error) {
      return errorReply(error);
    }
  }

  private dispatch(request: ApiRequest): ApiReply {
    const { authenticator, authorizer } = this.options;
    const requester = authenticator.authenticate(header(request, 'authorization'));
    const info = parseRequestInfo(request.method, request.path, request.query);
    const authorizeAs = (attrs: AuthorizationAttributes) => authorizer.authorize(attrs);
    const impersonation = impersonate(requester, request.headers, authorizeAs, request.path);
    if (impersonation.outcome === 'forbidden') {
      return {
        kind: 'body',
        status: 403,
        contentType: JSON_MEDIA_TYPE,
        body: jsonBody(impersonation.status),
        headers: { ...FORBIDDEN_HEADERS },
      };
    }
    if (impersonation.outcome === 'error') {
      return {
        kind: 'body',
        status: impersonation.code,
        contentType: impersonation.contentType,
        body: impersonation.body,
      };
    }
    const user = impersonation.user;
    const attributes = authorizationAttributes(user, info);
    const decision = authorizer.authorize(attributes);
    if (decision.decision !== 'allow') {
      return {
        kind: 'body',
        status: 403,
        contentType: JSON_MEDIA_TYPE,
        body: jsonBody(forbiddenStatus(attributes, decision.reason)),
        headers: { ...FORBIDDEN_HEADERS },
      };
    }
    if (!info.isResourceRequest) return this.nonResource(request, info, user);
    const intercepted = this.options.intercept?.(request, info, user);
    if (intercepted && 'kind' in intercepted) return intercepted;
    const reply = this.resource(request, info, user);
    return intercepted ? { ...reply, delayMs: intercepted.delayMs } : reply;
  }

  private nonResource(request: ApiRequest, info: RequestInfo, user: UserInfo): ApiReply {
    const path = request.path.replace(/\/+$/, '') || '/';
    const { resources } = this.options.api;
    if (
      HEALTH_PATHS.has(path) ||
      path.startsWith('/healthz/') ||
      path.startsWith('/readyz/') ||
      path.startsWith('/livez/')
    ) {
      return { kind: 'body', status: 200, contentType: 'text/plain; charset=utf-8', body: 'ok' };
    }
    if (path === '/version') return json(200, SERVER_VERSION);
    if (path === '/api' || path === '/apis') {
      const aggregated = negotiateDiscovery(header(request, 'accept'));
      if (aggregated) {
        const prefix = path === '/api' ? 'api' : 'apis';
        return aggregatedDiscoveryReply(
          aggregatedDiscovery(resources, prefix, aggregated),
          aggregated,
          request,
        );
      }
      if (path === '/api') return json(200, apiVersions(this.options.serverAddress()));
      return json(200, apiGroupList(resources));
    }
    if (path.startsWith('/openapi/')) {
      const accept = header(request, 'accept');
      const extra = customResourceOpenApiDocuments(resources);
      const reply = openApiV3Response(
        path,
        request.query,
        accept === undefined ? { extra } : { accept, extra },
      );
      if (reply)
        return {
          kind: 'body',
          status: reply.status,
          contentType: reply.headers['Content-Type'] ?? JSON_MEDIA_TYPE,
          body: reply.body,
          headers: reply.headers,
        };
      return notFoundPage();
    }
    if (info.apiPrefix === 'api' && info.apiVersion && !info.isResourceRequest) {
      if (info.apiVersion !== 'v1') return notFoundStatus();
      return json(200, apiResourceList(resources, '', 'v1'));
    }
    if (info.apiPrefix === 'apis') {
      const segments = path.split('/').filter(Boolean);
      if (segments.length === 2) {
        const group = resources.groupVersions().find((g) => g.group === segments[1]);
        if (!group) return notFoundStatus();
        return json(200, {
          kind: 'APIGroup',
          apiVersion: 'v1',
          name: group.group,
          versions: group.versions.map((v) => ({ groupVersion: `${group.group}/${v}`, version: v })),
          preferredVersion: {
            groupVersion: `${group.group}/${group.versions[0]}`,
            version: group.versions[0],
          },
        });
      }
      if (segments.length === 3 && resources.inGroupVersion(segments[1]!, segments[2]!).length > 0) {
        return json(200, apiResourceList(resources, segments[1]!, segments[2]!));
      }
      return notFoundStatus();
    }
    const extension = this.options.extensions?.(request, user);
    if (extension) return extension;
    return notFoundPage();
  }

  private resource(request: ApiRequest, info: RequestInfo, user: UserInfo): ApiReply {
    const { resources } = this.options.api;
    const def = resources.lookup(info.apiGroup, info.apiVersion, info.resource);
    if (!def) return notFoundStatus();
    const hasNamespaceSegment = request.path.includes('/namespaces/') && info.resource !== 'namespaces';
    if (!def.namespaced && hasNamespaceSegment) return notFoundStatus();
    const namespace = def.namespaced ? info.namespace : '';
    const subresource = info.subresource;
    if (subresource && !(def.subresources ?? []).some((s) => s.name === subresource)) return notFoundStatus();
    const negotiated = negotiate(header(request, 'accept'));
    const dryRun = request.query.getAll('dryRun').includes('All');
    const fieldManager = request.query.get('fieldManager') ?? undefined;
    const warnings: string[] = [];
    const userAgent = header(request, 'user-agent');
    const write: WriteOptions = {
      user,
      dryRun,
      warnings,
      ...(fieldManager ? { fieldManager } : {}),
      ...(userAgent ? { userAgent } : {}),
      ...(request.query.get('force') === 'true' ? { force: true } : {}),
    };
    if (info.verb === 'create' || info.verb === 'update' || info.verb === 'patch') {
      write.fieldValidation = requestFieldValidation(request, info.verb);
    }
    const reply = this.resourceVerb(request, info, def, namespace, negotiated, write);
    if (warnings.length === 0 || reply.kind !== 'body') return reply;
    return { ...reply, headers: { ...reply.headers, Warning: warnings } };
  }

  private resourceVerb(
    request: ApiRequest,
    info: RequestInfo,
    def: ResourceDefinition,
    namespace: string,
    negotiated: Negotiated,
    write: WriteOptions,
  ): ApiReply {
    const { dryRun = false, fieldManager } = write;
    const subresource = info.subresource;
    const registry = this.options.registry;

    switch (info.verb) {
      case 'get': {
        if (subresource === 'log') return this.podLog(def, namespace, info.name, request);
        if (subresource === 'exec') return this.podExec(def, namespace, info.name, request);
        if (subresource === 'scale') return json(200, getScale(def, registry.get(def, namespace, info.name)));
        if (subresource && subresource !== 'status') return notFoundStatus();
        const object = registry.get(def, namespace, info.name);
        return this.respondObject(def, object, negotiated, request, 200);
      }
      case 'list': {
        const list = registry.list(def, namespace || undefined, listOptions(def, request.query));
        return this.respondList(def, list, negotiated, request);
      }
      case 'watch':
        return this.watch(def, namespace, request, negotiated);
      case 'create': {
        if (subresource === 'exec') return this.podExec(def, namespace, info.name, request);
        const body = decodeBody(
          request.body ?? new Uint8Array(),
          header(request, 'content-type'),
          def.kind,
        ) as KubeObject;
        if (def.virtual || subresource) {
          return this.createSubresource(def, namespace, info.name, subresource, body, write);
        }
        if (info.name) return notFoundStatus();
        const created = registry.create(def, namespace, body, write);
        return this.respondObject(def, created, negotiated, request, 201);
      }
      case 'update': {
        const body = decodeBody(
          request.body ?? new Uint8Array(),
          header(request, 'content-type'),
          def.kind,
        ) as KubeObject;
        if (subresource === 'scale') {
          return json(200, updateScale(registry, def, namespace, info.name, body, write));
        }
        const updated = registry.update(
          def,
          namespace,
          info.name,
          body,
          write,
          subresource === 'finalize' ? '' : subresource,
        );
        return this.respondObject(def, updated, negotiated, request, 200);
      }
      case 'patch': {
        const type = PATCH_CONTENT_TYPES[mediaType(header(request, 'content-type'))];
        // crdHandler serves custom resources without strategic merge patch.
        const accepted: readonly string[] = def.custom
          ? CUSTOM_RESOURCE_PATCH_TYPES
          : Object.keys(PATCH_CONTENT_TYPES);
        if (!type || !accepted.includes(mediaType(header(request, 'content-type')))) {
          throw unsupportedMediaType([...accepted]);
        }
        if (type === 'apply' && !fieldManager) {
          throw invalid('PatchOptions', 'meta.k8s.io', '', [
            { type: 'FieldValueRequired', field: 'fieldManager', detail: 'is required for apply patch' },
          ]);
        }
        const patch = parsePatchBody(request.body ?? new Uint8Array(), type, write.fieldValidation ?? 'Warn');
        if (subresource === 'scale') {
          const scale = getScale(def, registry.get(def, namespace, info.name));
          const patchedScale = registry.applyPatchDocument(def, scale, type, patch);
          return json(200, updateScale(registry, def, namespace, info.name, patchedScale, write));
        }
        const patched = registry.patch(
          def,
          namespace,
          info.name,
          type as PatchType,
          patch,
          write,
          subresource,
        );
        return this.respondObject(def, patched, negotiated, request, 200);
      }
      case 'delete': {
        const options = deleteOptions(request);
        const deleteWrite = { ...write, dryRun: dryRun || options.dryRun === true };
        const outcome = registry.deleteWithOutcome(def, namespace, info.name, options, deleteWrite);
        const status = deleteStatusCode(outcome.deleted, options.orphanDependents);
        const result = deleteResult(def, outcome);
        if ('status' in result) return json(status, result.status);
        return this.respondObject(def, result.object, negotiated, request, status);
      }
      case 'deletecollection': {
        const options = deleteOptions(request);
        const result = registry.deleteCollection(
          def,
          namespace || undefined,
          listOptions(def, request.query),
          options,
          { ...write, dryRun: dryRun || options.dryRun === true },
        );
        return chunkedJson(200, listChunks(result));
      }
      default:
        return json(405, methodNotSupported(gr(def), info.verb).status);
    }
  }

  private createSubresource(
    def: ResourceDefinition,
    namespace: string,
    name: string,
    subresource: string,
    body: KubeObject,
    write: WriteOptions,
  ): ApiReply {
    const { user, dryRun = false } = write;
    const registry = this.options.registry;
    if (def.virtual) {
      const reply = handleReview(def, namespace, body, user, this.options);
      return json(201, reply);
    }
    if (def.resource === 'pods' && subresource === 'binding') {
      const target = (body as { target?: { name?: string } }).target?.name;
      if (!target) throw badRequest('Binding target must be specified');
      bindPod(registry, namespace, name, target, dryRun, this.options.api.clock.now());
      return json(201, { kind: 'Status', apiVersion: 'v1', metadata: {}, status: 'Success', code: 201 });
    }
    if (def.resource === 'pods' && subresource === 'eviction') {
      // A refusal by the eviction's own logic (two budgets) is a Failure Status sent with 201.
      return json(
        201,
        evictPod(registry, namespace, name, body as EvictionBody, write, this.options.api.clock.now()),
      );
    }
    const tokens = this.options.serviceAccountTokens;
    if (def.resource === 'serviceaccounts' && subresource === 'token' && tokens) {
      return json(201, tokens.create(namespace, name, body));
    }
    return notFoundStatus();
  }

  private podLog(def: ResourceDefinition, namespace: string, name: string, request: ApiRequest): ApiReply {
    // LogREST.Get: the options are checked before the pod is looked up.
    const options = podLogOptions(request.query, name);
    const pod = this.options.registry.get(def, namespace, name) as unknown as Pod;
    const text = this.options.podLogs?.(pod, options) ?? '';
    return { kind: 'body', status: 200, contentType: 'text/plain', body: text };
  }

  private podExec(def: ResourceDefinition, namespace: string, name: string, request: ApiRequest): ApiReply {
    const options = podExecOptions(request.query);
    const pod = this.options.registry.get(def, namespace, name) as unknown as Pod;
    const provider =
      this.options.podExec ?? ((_pod, { container }) => ({ error: containerNotFound(container) }));
    return connectPodExec(request, pod, options, provider);
  }

  private watch(
    def: ResourceDefinition,
    namespace: string,
    request: ApiRequest,
    negotiated: Negotiated,
  ): ApiReply {
    const query = request.query;
    const options: WatchOptions = { ...selectors(def, query) };
    const rv = query.get('resourceVersion');
    // sendInitialEvents (WatchList): the current state as ADDED events, then a marked bookmark.
    const initialEvents = query.get('sendInitialEvents') === 'true';
    if (rv !== null && !initialEvents) options.resourceVersion = rv;
    const timeout = query.get('timeoutSeconds');
    const bookmarks = query.get('allowWatchBookmarks') === 'true';
    const registry = this.options.registry;
    const clock = this.options.api.clock;
    const store = this.options.api.store;
    let firstTable = true;
    const encode = (
      type: string,
      object: unknown,
      cached?: { serialized?: Uint8Array | undefined },
    ): string | Uint8Array => {
      if (negotiated.table && type !== 'ERROR' && type !== 'BOOKMARK') {
        const table = printTable(def.resource, def.group, [object as KubeObject], {
          now: clock.now(),
          resourceVersion: (object as KubeObject).metadata?.resourceVersion ?? '',
          noHeaders: !firstTable,
          includeObject: includeObjectPolicy(query),
          printer: def.custom?.printer,
        });
        firstTable = false;
        return `${JSON.stringify({ type, object: table })}\n`;
      }
      if (cached && type !== 'ADDED' && cached.serialized !== undefined) return cached.serialized;
      const line = `${JSON.stringify({ type, object })}\n`;
      if (!cached) return line;
      // Encoded once, as bytes, for every watcher of the event: no watcher converts it again.
      const bytes = Buffer.from(line);
      cached.serialized = bytes;
      return bytes;
    };
    const stream = {
      contentType: JSON_MEDIA_TYPE,
      ...(timeout !== null ? { timeoutSeconds: Number(timeout) } : {}),
      start: (send: (line: string | Uint8Array) => void, close: () => void) => {
        let ended = false;
        let stop = () => {};
        stop = registry.watch(def, namespace || undefined, options, (type, object, event) => {
          if (ended) return;
          send(encode(type, object, event && type === event.type ? event : undefined));
          if (type === 'ERROR') {
            ended = true;
            close();
          }
        });
        const sendBookmark = (initialEventsEnd: boolean) => {
          const bookmark = bookmarkObject(def, String(store.resourceVersion), initialEventsEnd);
          send(`${JSON.stringify({ type: 'BOOKMARK', object: bookmark })}\n`);
        };
        if (initialEvents && bookmarks && !ended) sendBookmark(true);
        let bookmarkTimer: NodeJS.Timeout | undefined;
        if (bookmarks) {
          bookmarkTimer = setInterval(() => sendBookmark(false), 60_000);
          bookmarkTimer.unref();
        }
        return () => {
          ended = true;
          if (bookmarkTimer) clearInterval(bookmarkTimer);
          stop();
        };
      },
    };
    return { kind: 'watch', status: 200, stream };
  }

  private respondObject(
    def: ResourceDefinition,
    object: KubeObject,
    negotiated: Negotiated,
    request: ApiRequest,
    status: number,
  ): ApiReply {
    if (negotiated.table) {
      const table = printTable(def.resource, def.group, [object], {
        now: this.options.api.clock.now(),
        resourceVersion: object.metadata.resourceVersion ?? '',
        includeObject: includeObjectPolicy(request.query),
        printer: def.custom?.printer,
      });
      return json(status, table);
    }
    if (negotiated.protobufOnly) {
      return { kind: 'body', status, contentType: PROTOBUF_MEDIA_TYPE, body: encodeProtobufObject(object) };
    }
    return json(status, object);
  }

  private respondList(
    def: ResourceDefinition,
    list: KubeList,
    negotiated: Negotiated,
    request: ApiRequest,
  ): ApiReply {
    if (negotiated.table) {
      const chunks = printTableChunks(def.resource, def.group, list.items, {
        now: this.options.api.clock.now(),
        resourceVersion: list.metadata.resourceVersion,
        continueToken: list.metadata.continue,
        remainingItemCount: list.metadata.remainingItemCount,
        includeObject: includeObjectPolicy(request.query),
        printer: def.custom?.printer,
      });
      return chunkedJson(200, chunks);
    }
    return chunkedJson(200, listChunks(list));
  }
}

/** Marks the bookmark that ends the initial events of a sendInitialEvents watch. */
const INITIAL_EVENTS_END_ANNOTATION = 'k8s.io/initial-events-end';

/**
 * A BOOKMARK event's object: the kind's Go zero value carrying only the resourceVersion, as the
 * watch cache encodes it (`{"kind":"Pod",…,"metadata":{"resourceVersion":"12","creationTimestamp":null},
 * "spec":{"containers":null},"status":{}}`).
 */
function bookmarkObject(def: ResourceDefinition, resourceVersion: string, initialEventsEnd: boolean) {
  const apiVersion = apiVersionOf(def);
  const { apiVersion: _a, kind: _k, metadata: _m, ...rest } = goZeroObject(apiVersion, def.kind);
  return {
    kind: def.kind,
    apiVersion,
    metadata: {
      resourceVersion,
      // An unstructured custom resource has no ObjectMeta struct to write a null creationTimestamp.
      ...(def.custom ? {} : { creationTimestamp: null }),
      ...(initialEventsEnd ? { annotations: { [INITIAL_EVENTS_END_ANNOTATION]: 'true' } } : {}),
    },
    ...rest,
  };
}

function gr(def: ResourceDefinition) {
  return { group: def.group, resource: def.resource };
}

function authorizationAttributes(user: UserInfo, info: RequestInfo): AuthorizationAttributes {
  return {
    user,
    verb: info.verb,
    namespace: info.namespace,
    apiGroup: info.apiGroup,
    resource: info.resource,
    subresource: info.subresource,
    name: info.name,
    resourceRequest: info.isResourceRequest,
    path: info.path,
  };
}

const OPTIONS_KIND = { create: 'CreateOptions', update: 'UpdateOptions', patch: 'PatchOptions' } as const;

/**
 * The `fieldValidation` directive of a write; protobuf bodies have no unknown fields to report. An
 * unsupported value is a 422 on the Create/Update/PatchOptions (apimachinery ValidateFieldValidation).
 */
function requestFieldValidation(
  request: ApiRequest,
  verb: keyof typeof OPTIONS_KIND,
): FieldValidationDirective {
  const value = request.query.get('fieldValidation');
  const directive = fieldValidationDirective(value);
  // ValidateCreateOptions (and Update, Patch): dryRun, then fieldValidation, in one Invalid.
  const errors = dryRunErrors(request.query.getAll('dryRun'));
  if (!directive) {
    errors.push({
      type: 'FieldValueNotSupported',
      field: 'fieldValidation',
      value,
      detail: `supported values: ${SUPPORTED_FIELD_VALIDATION_VALUES.map((v) => JSON.stringify(v)).join(', ')}`,
    });
  }
  if (errors.length > 0 || !directive) throw invalid(OPTIONS_KIND[verb], 'meta.k8s.io', '', errors);
  if (verb !== 'patch' && mediaType(header(request, 'content-type')) === PROTOBUF_MEDIA_TYPE) return 'Ignore';
  return directive;
}

/**
 * apimachinery ValidateDryRun: `All` is the only dry-run value; anything else is refused, never
 * taken for a real write (`dryRun: Unsupported value: []string{"x"}: supported values: "All"`).
 */
export function dryRunErrors(values: readonly string[]): FieldError[] {
  if (values.every((v) => v === 'All')) return [];
  return [
    {
      type: 'FieldValueNotSupported',
      field: 'dryRun',
      value: new GoFormattedValue(`[]string{${values.map((v) => JSON.stringify(v)).join(', ')}}`),
      detail: 'supported values: "All"',
    },
  ];
}

function includeObjectPolicy(query: URLSearchParams): 'None' | 'Metadata' | 'Object' | undefined {
  const value = query.get('includeObject');
  return value === null ? undefined : (value as 'None' | 'Metadata' | 'Object');
}

function selectors(
  def: ResourceDefinition,
  query: URLSearchParams,
): Pick<ListOptions, 'labelSelector' | 'fieldSelector'> {
  const out: Pick<ListOptions, 'labelSelector' | 'fieldSelector'> = {};
  try {
    const labels = query.get('labelSelector');
    if (labels) out.labelSelector = parseLabelSelector(labels);
    const fields = query.get('fieldSelector');
    if (fields) out.fieldSelector = convertSelector(def, parseFieldSelector(fields));
  } catch (error) {
    if (error instanceof SelectorParseError) throw badRequest(error.message);
    throw error;
  }
  return out;
}

/** A custom resource's selectableFields pass as they are; other labels convert as for built-ins. */
function convertSelector(def: ResourceDefinition, requirements: FieldRequirement[]): FieldRequirement[] {
  const custom = def.custom?.selectableFields;
  if (!custom || custom.size === 0) return convertFieldSelector(def.group, def.resource, requirements);
  const builtIn = convertFieldSelector(
    def.group,
    def.resource,
    requirements.filter((r) => !custom.has(r.field)),
  );
  return [...requirements.filter((r) => custom.has(r.field)), ...builtIn];
}

function listOptions(def: ResourceDefinition, query: URLSearchParams): ListOptions {
  const options: ListOptions = selectors(def, query);
  const limit = query.get('limit');
  if (limit) options.limit = Number(limit);
  const token = query.get('continue');
  if (token) options.continueToken = token;
  return options;
}

/** DeleteOptions as a DELETE carries them, with the deprecated `orphanDependents` kept apart. */
export interface RequestDeleteOptions extends DeleteOptions {
  dryRun?: boolean;
  orphanDependents?: boolean;
}

const PROPAGATION_POLICIES = ['Foreground', 'Background', 'Orphan'];

/**
 * The DeleteOptions of a request (apiserver handlers/delete.go): from the body when there is one,
 * else from the query; then validated like apimachinery's ValidateDeleteOptions.
 */
export function deleteOptions(request: ApiRequest): RequestDeleteOptions {
  const options: RequestDeleteOptions = {};
  let policy: unknown;
  let dryRun: string[] = [];
  if (request.body && request.body.length > 0) {
    const body = decodeBody(request.body, header(request, 'content-type'), 'DeleteOptions') as Record<
      string,
      unknown
    >;
    if (typeof body.gracePeriodSeconds === 'number') options.gracePeriodSeconds = body.gracePeriodSeconds;
    policy = body.propagationPolicy ?? undefined;
    if (typeof body.orphanDependents === 'boolean') options.orphanDependents = body.orphanDependents;
    if (body.preconditions && typeof body.preconditions === 'object')
      options.preconditions = body.preconditions as DeleteOptions['preconditions'] & object;
    if (Array.isArray(body.dryRun)) dryRun = body.dryRun.map(String);
  } else {
    const query = request.query;
    const grace = query.get('gracePeriodSeconds');
    if (grace !== null) options.gracePeriodSeconds = Number(grace);
    policy = query.get('propagationPolicy') ?? undefined;
    const orphan = query.get('orphanDependents');
    if (orphan !== null) options.orphanDependents = orphan === 'true';
    dryRun = query.getAll('dryRun');
  }
  const errors: FieldError[] = [];
  if (options.orphanDependents !== undefined && policy !== undefined) {
    errors.push({
      type: 'FieldValueInvalid',
      field: 'propagationPolicy',
      value: policy,
      detail: 'orphanDependents and deletionPropagation cannot be both set',
    });
  }
  if (policy !== undefined && !PROPAGATION_POLICIES.includes(policy as string)) {
    errors.push({
      type: 'FieldValueNotSupported',
      field: 'propagationPolicy',
      value: policy,
      detail: `supported values: ${[...PROPAGATION_POLICIES, 'nil'].map((v) => JSON.stringify(v)).join(', ')}`,
    });
  }
  errors.push(...dryRunErrors(dryRun));
  if (errors.length > 0) throw invalid('DeleteOptions', 'meta.k8s.io', '', errors);
  if (dryRun.includes('All')) options.dryRun = true;
  if (policy !== undefined) options.propagationPolicy = policy as DeleteOptions['propagationPolicy'] & string;
  else if (options.orphanDependents !== undefined)
    options.propagationPolicy = options.orphanDependents ? 'Orphan' : 'Background';
  return options;
}

/**
 * 200, or 202 when the object is still there and the client asked for cascading deletion the
 * deprecated way (`orphanDependents: false`); handlers/delete.go keeps 200 for everything else.
 */
export function deleteStatusCode(deleted: boolean, orphanDependents: boolean | undefined): 200 | 202 {
  return !deleted && orphanDependents === false ? 202 : 200;
}

/**
 * Reads a PATCH body with the errors apiserver's patcher gives (handlers/patch.go): Strict and Warn
 * decode JSON and merge patches strictly first ("error decoding patch: …"), strategic merge patches
 * report the bare decoder error, apply patches "error decoding YAML: …".
 */
function parsePatchBody(body: Uint8Array, type: PatchType, directive: FieldValidationDirective): unknown {
  const text = Buffer.from(body).toString('utf8');
  const strict = directive !== 'Ignore';
  if (type === 'apply') {
    const document = parseDocument(text);
    for (const problem of document.errors) {
      const message = goYamlError(text, {
        code: problem.code,
        message: problem.message,
        line: problem.linePos?.[0]?.line ?? 1,
        offset: problem.pos[0],
      });
      if (message) throw badRequest(`error decoding YAML: ${message}`);
    }
    return document.toJSON() ?? {};
  }
  let patch: unknown;
  try {
    patch = JSON.parse(text);
  } catch {
    const syntax = goJsonSyntaxError(body) ?? UNEXPECTED_END_OF_JSON;
    if (type === 'strategic') throw badRequest(syntax);
    if (strict) throw badRequest(`error decoding patch: ${syntax}`);
    throw badRequest(type === 'merge' ? 'Invalid JSON Patch' : syntax);
  }
  const kind = goJsonKind(patch);
  if (type === 'json' && !Array.isArray(patch) && patch !== null) {
    throw badRequest(
      strict
        ? `error decoding patch: json: cannot unmarshal ${kind} into Go value of type []handlers.jsonPatchOp`
        : `json: cannot unmarshal ${kind} into Go value of type jsonpatch.Patch`,
    );
  }
  if (type !== 'json' && (Array.isArray(patch) || typeof patch !== 'object')) {
    const message = `json: cannot unmarshal ${kind} into Go value of type map[string]interface {}`;
    if (patch !== null)
      throw badRequest(type === 'merge' && strict ? `error decoding patch: ${message}` : message);
  }
  return patch;
}

/** A JSON response body as Go's json.Encoder writes it: one line, newline-terminated. */
function jsonBody(value: unknown): string {
  return `${JSON.stringify(value)}\n`;
}

function json(status: number, body: unknown): ApiReply {
  return { kind: 'body', status, contentType: JSON_MEDIA_TYPE, body: jsonBody(body) };
}

/** A JSON reply written as `chunks` in turn; its `body` joins them only if someone reads it. */
function chunkedJson(status: number, chunks: readonly Buffer[]): ApiReply {
  return {
    kind: 'body',
    status,
    contentType: JSON_MEDIA_TYPE,
    chunks,
    get body() {
      return Buffer.concat(chunks);
    },
  };
}

/**
 * An aggregated discovery answer as aggregated/etag.go serves it: an ETag of the document, `Vary:
 * Accept` and public caching, and 304 Not Modified when the client already holds that ETag.
 */
function aggregatedDiscoveryReply(
  document: unknown,
  version: AggregatedDiscoveryVersion,
  request: ApiRequest,
): ApiReply {
  const body = jsonBody(document);
  const etag = JSON.stringify(createHash('sha512').update(body).digest('hex').toUpperCase());
  const headers = { ETag: etag, Vary: 'Accept', 'Cache-Control': 'public' };
  const contentType = aggregatedDiscoveryContentType(version);
  if (header(request, 'if-none-match') === etag) {
    return { kind: 'body', status: 304, contentType, body: '', headers };
  }
  return { kind: 'body', status: 200, contentType, body, headers };
}

function notFoundStatus(): ApiReply {
  return json(404, statusBody(404, 'NotFound', 'the server could not find the requested resource'));
}

function notFoundPage(): ApiReply {
  return {
    kind: 'body',
    status: 404,
    contentType: 'text/plain; charset=utf-8',
    body: '404 page not found\n',
  };
}

/** Turns anything thrown into the reply a real API server would give. */
export function errorReply(error: unknown): ApiReply {
  const apiError = error instanceof ApiError ? error : internalError(error);
  if (!(error instanceof ApiError)) console.error('kuke engine: internal error', error);
  return {
    kind: 'body',
    status: apiError.code,
    contentType: JSON_MEDIA_TYPE,
    body: jsonBody(apiError.status),
    headers: apiError.headers,
  };
}
