import { Agent as HttpAgent, request as httpRequest } from 'node:http';
import { Agent as HttpsAgent, request as httpsRequest, type RequestOptions } from 'node:https';
import { KubeConfig } from '@kubernetes/client-node';
import { ApiFailure, failureFromResponse } from './api-failure.ts';
import { Discovery, type DiscoveryCache, type RawResponse, type ResourceInfo } from './discovery.ts';

export type { RawResponse } from './discovery.ts';

/** A Kubernetes object as plain JSON. */
export interface KubeObject {
  apiVersion: string;
  kind: string;
  metadata: {
    name?: string;
    generateName?: string;
    namespace?: string;
    uid?: string;
    labels?: Record<string, string>;
    annotations?: Record<string, string>;
    ownerReferences?: Array<{
      apiVersion: string;
      kind: string;
      name: string;
      uid: string;
      controller?: boolean;
    }>;
    resourceVersion?: string;
    creationTimestamp?: string;
    deletionTimestamp?: string;
    [key: string]: unknown;
  };
  [field: string]: unknown;
}

/** Who a request acts as: the kubeconfig's own user, or someone it impersonates. */
export interface Identity {
  user?: string;
  groups?: string[];
}

export interface ListOptions {
  labelSelector?: string;
  fieldSelector?: string;
}

/** How long one request may take before it fails (a hung cluster must not hang a run). */
export const DEFAULT_REQUEST_TIMEOUT_MS = 60_000;

export interface KubeClientOptions {
  /** Per-request limit in ms (default 60 s). */
  requestTimeoutMs?: number;
  /** Discovery of the built-in group versions shared with other clusters known to serve the same API. */
  builtInDiscovery?: DiscoveryCache;
}

const TABLE_ACCEPT =
  'application/json;as=Table;v=v1;g=meta.k8s.io,application/json;as=Table;v=v1beta1;g=meta.k8s.io,application/json';

/**
 * The harness's only way to reach a cluster: the Kubernetes HTTP API, authenticated and
 * TLS-configured by @kubernetes/client-node's KubeConfig. Generic over kinds (discovery maps
 * kinds to resources), with impersonation for "as user jane" steps.
 */
export class KubeClient {
  private readonly server: URL;
  private readonly agent: HttpAgent | HttpsAgent;
  private baseOptions: RequestOptions | undefined;
  readonly discovery: Discovery;
  readonly requestTimeoutMs: number;
  /** Requests sent so far through this connection and the clients `as` made from it. */
  private readonly sent: { count: number };

  constructor(
    readonly kubeConfig: KubeConfig,
    private readonly identity: Identity = {},
    shared?: { discovery: Discovery; agent: HttpAgent | HttpsAgent; sent: { count: number } },
    options: KubeClientOptions = {},
  ) {
    this.requestTimeoutMs = options.requestTimeoutMs ?? DEFAULT_REQUEST_TIMEOUT_MS;
    this.sent = shared?.sent ?? { count: 0 };
    const cluster = kubeConfig.getCurrentCluster();
    if (!cluster)
      throw new Error(`kubeconfig has no current cluster (context "${kubeConfig.getCurrentContext()}")`);
    this.server = new URL(cluster.server);
    this.agent =
      shared?.agent ??
      (this.server.protocol === 'https:'
        ? new HttpsAgent({ keepAlive: true })
        : new HttpAgent({ keepAlive: true }));
    this.discovery =
      shared?.discovery ?? new Discovery((path) => this.rawGet(path), options.builtInDiscovery);
  }

  static fromString(kubeconfig: string, context?: string, options: KubeClientOptions = {}): KubeClient {
    const config = new KubeConfig();
    config.loadFromString(kubeconfig);
    if (context) config.setCurrentContext(context);
    return new KubeClient(config, {}, undefined, options);
  }

  /** The same connection acting as someone else (Impersonate-User / Impersonate-Group). */
  as(identity: Identity): KubeClient {
    return new KubeClient(
      this.kubeConfig,
      identity,
      { discovery: this.discovery, agent: this.agent, sent: this.sent },
      { requestTimeoutMs: this.requestTimeoutMs },
    );
  }

  /** How many requests this connection (with its `as` clients) has sent. */
  get requestsSent(): number {
    return this.sent.count;
  }

  get serverUrl(): string {
    return this.server.toString().replace(/\/$/, '');
  }

  async create(object: KubeObject, namespace: string): Promise<KubeObject> {
    const info = await this.resourceFor(object);
    const ns = info.namespaced ? (object.metadata.namespace ?? namespace) : undefined;
    return this.json('POST', this.collectionPath(info, ns), object);
  }

  /** Server-side apply with a fixed field manager, as `kubectl apply --server-side --force-conflicts`. */
  async apply(object: KubeObject, namespace: string): Promise<KubeObject> {
    const info = await this.resourceFor(object);
    const ns = info.namespaced ? (object.metadata.namespace ?? namespace) : undefined;
    const name = object.metadata.name;
    if (!name) return this.create(object, namespace);
    const path = `${this.objectPath(info, ns, name)}?fieldManager=kuke&force=true`;
    const body = { ...object, metadata: { ...object.metadata, ...(ns ? { namespace: ns } : {}) } };
    return this.json('PATCH', path, body, { 'content-type': 'application/apply-patch+yaml' });
  }

  async get(
    apiVersion: string,
    kind: string,
    namespace: string | undefined,
    name: string,
  ): Promise<KubeObject> {
    const info = await this.discovery.resource(apiVersion, kind);
    return this.json('GET', this.objectPath(info, info.namespaced ? namespace : undefined, name));
  }

  /** The object, or undefined if it does not exist (404). */
  async find(
    apiVersion: string,
    kind: string,
    namespace: string | undefined,
    name: string,
  ): Promise<KubeObject | undefined> {
    try {
      return await this.get(apiVersion, kind, namespace, name);
    } catch (error) {
      if (error instanceof ApiFailure && error.code === 404) return undefined;
      throw error;
    }
  }

  async list(
    apiVersion: string,
    kind: string,
    namespace: string | undefined,
    options: ListOptions = {},
  ): Promise<KubeObject[]> {
    const info = await this.discovery.resource(apiVersion, kind);
    const query = new URLSearchParams();
    if (options.labelSelector) query.set('labelSelector', options.labelSelector);
    if (options.fieldSelector) query.set('fieldSelector', options.fieldSelector);
    const path = this.collectionPath(info, info.namespaced ? namespace : undefined);
    const list = await this.json<{ items: KubeObject[] }>('GET', query.size ? `${path}?${query}` : path);
    return list.items.map((item) => ({ ...item, apiVersion, kind }));
  }

  async delete(
    apiVersion: string,
    kind: string,
    namespace: string | undefined,
    name: string,
    options: { gracePeriodSeconds?: number } = {},
  ): Promise<void> {
    const info = await this.discovery.resource(apiVersion, kind);
    const body = { kind: 'DeleteOptions', apiVersion: 'v1', propagationPolicy: 'Background', ...options };
    await this.json('DELETE', this.objectPath(info, info.namespaced ? namespace : undefined, name), body);
  }

  async patch(
    apiVersion: string,
    kind: string,
    namespace: string | undefined,
    name: string,
    patch: unknown,
    type = 'application/merge-patch+json',
  ): Promise<KubeObject> {
    const info = await this.discovery.resource(apiVersion, kind);
    return this.json('PATCH', this.objectPath(info, info.namespaced ? namespace : undefined, name), patch, {
      'content-type': type,
    });
  }

  /** The server-side Table `kubectl get` prints (same columns and cells). */
  async table(
    apiVersion: string,
    kind: string,
    namespace: string | undefined,
    name?: string,
    labelSelector?: string,
  ): Promise<Table> {
    const info = await this.discovery.resource(apiVersion, kind);
    const ns = info.namespaced ? namespace : undefined;
    const base = name ? this.objectPath(info, ns, name) : this.collectionPath(info, ns);
    const path = !name && labelSelector ? `${base}?${new URLSearchParams({ labelSelector })}` : base;
    return this.json('GET', path, undefined, { accept: TABLE_ACCEPT });
  }

  async resourceFor(object: KubeObject): Promise<ResourceInfo> {
    if (!object.apiVersion || !object.kind) throw new Error('manifest object without apiVersion and kind');
    return this.discovery.resource(object.apiVersion, object.kind);
  }

  /** Any request; a non-2xx answer throws an ApiFailure carrying the Status. */
  async json<T = KubeObject>(
    method: string,
    path: string,
    body?: unknown,
    headers: Record<string, string> = {},
  ): Promise<T> {
    const response = await this.raw(method, path, body === undefined ? undefined : JSON.stringify(body), {
      'content-type': 'application/json',
      accept: 'application/json',
      ...headers,
    });
    if (response.status < 200 || response.status >= 300)
      throw failureFromResponse(response.status, response.body, `${method} ${path}`);
    return (response.body ? JSON.parse(response.body) : {}) as T;
  }

  async raw(
    method: string,
    path: string,
    body?: string,
    headers: Record<string, string> = {},
  ): Promise<RawResponse> {
    const options = await this.requestOptions();
    this.sent.count++;
    const impersonation: Record<string, string | string[]> = {};
    if (this.identity.user) impersonation['Impersonate-User'] = this.identity.user;
    if (this.identity.groups?.length) impersonation['Impersonate-Group'] = this.identity.groups;
    const send = this.server.protocol === 'https:' ? httpsRequest : httpRequest;
    return new Promise<RawResponse>((resolve, reject) => {
      const req = send(
        {
          ...options,
          method,
          path,
          agent: this.agent,
          headers: {
            ...(options.headers as Record<string, string>),
            ...headers,
            ...impersonation,
            // Node frames DELETE bodies only with an explicit length.
            ...(body !== undefined ? { 'content-length': String(Buffer.byteLength(body)) } : {}),
          },
        },
        (res) => {
          const chunks: Buffer[] = [];
          res.on('data', (chunk: Buffer) => chunks.push(chunk));
          res.on('end', () =>
            resolve({
              status: res.statusCode ?? 0,
              body: Buffer.concat(chunks).toString('utf8'),
              headers: res.headers,
            }),
          );
          res.on('error', reject);
        },
      );
      req.setTimeout(this.requestTimeoutMs, () =>
        req.destroy(new Error(`no answer within ${this.requestTimeoutMs / 1000} s to ${method} ${path}`)),
      );
      req.on('error', (error) =>
        reject(new Error(`cannot reach the cluster at ${this.serverUrl}: ${error.message}`)),
      );
      if (body !== undefined) req.write(body);
      req.end();
    });
  }

  close(): void {
    this.agent.destroy();
  }

  private rawGet(path: string): Promise<RawResponse> {
    return this.raw('GET', path, undefined, { accept: 'application/json' });
  }

  private async requestOptions(): Promise<RequestOptions> {
    if (!this.baseOptions) {
      const options: RequestOptions = {
        hostname: this.server.hostname,
        port: this.server.port || (this.server.protocol === 'https:' ? 443 : 80),
      };
      await this.kubeConfig.applyToHTTPSOptions(options);
      this.baseOptions = options;
    }
    return this.baseOptions;
  }

  collectionPath(info: ResourceInfo, namespace: string | undefined): string {
    const prefix = info.group ? `/apis/${info.group}/${info.version}` : `/api/${info.version}`;
    return namespace ? `${prefix}/namespaces/${namespace}/${info.resource}` : `${prefix}/${info.resource}`;
  }

  objectPath(info: ResourceInfo, namespace: string | undefined, name: string): string {
    return `${this.collectionPath(info, namespace)}/${encodeURIComponent(name)}`;
  }
}

export interface Table {
  columnDefinitions?: Array<{ name: string; type: string; priority: number }>;
  rows: Array<{ cells: unknown[]; object?: { metadata?: { name?: string; namespace?: string } } }>;
}
