import { defaultAdmissionChain } from './admission/index.ts';
import {
  KUBE_APISERVER_IDENTITY,
  KUBE_CONTROLLER_MANAGER_IDENTITY,
  KUBE_SCHEDULER_IDENTITY,
} from './api/component-identities.ts';
import { APIEXTENSIONS_CONTROLLERS, CustomResourceRegistrar } from './api/customresources/index.ts';
import { TokenAuthenticator } from './api/filters/authentication.ts';
import { StoreAuthorizer } from './api/filters/authorization.ts';
import { ApiHandler } from './api/handlers/api-handler.ts';
import { type HttpServerHandle, serveHttp } from './api/http-server.ts';
import { InternalClient } from './api/internal-client.ts';
import type { ApiContext } from './api/registry/api-context.ts';
import { GenericRegistry } from './api/registry/generic-registry.ts';
import { ServiceAccountTokens } from './api/registry/token-request.ts';
import { builtInResourceRegistry } from './api/resources/index.ts';
import { CLUSTER_CA_CERTIFICATE, SERVER_CERTIFICATE, SERVER_PRIVATE_KEY } from './api/tls/certificates.ts';
import type { UserInfo } from './api/types.ts';
import { ServiceAccountTokenSigner } from './auth/serviceaccount-token.ts';
import { bootstrapCluster, registerNodes } from './bootstrap.ts';
import type { Clock } from './clock/clock.ts';
import { RealClock } from './clock/real-clock.ts';
import { VirtualClock } from './clock/virtual-clock.ts';
import { WorkLoop } from './clock/work-loop.ts';
import type { ClusterFixture } from './cluster/cluster.schema.ts';
import { loadCluster, parseClusterText } from './cluster/load-cluster.ts';
import { expandNodes, nodeObjects } from './cluster/node-objects.ts';
import { BUILT_IN_CONTROLLERS } from './controllers/index.ts';
import { ControllerRegistry, createControllerContext, runAs } from './controllers/runtime/controller.ts';
import { EventRecorderFactory } from './controllers/runtime/event-recorder.ts';
import { InformerFactory } from './controllers/runtime/informer.ts';
import {
  clockEndpoints,
  combineExtensions,
  EngineImageProfiles,
  FaultInjector,
  faultEndpoints,
  HEARTBEAT_RESOURCES,
  imageEndpoints,
  loadEndpoints,
  nodeEndpoints,
} from './extensions/index.ts';
import { buildKubeconfig } from './kubeconfig.ts';
import {
  BUNDLED_IMAGE_PROFILES_DIR,
  type ImageProfileSet,
  loadImageProfiles,
} from './kubelet/image-profiles/index.ts';
import { KubeletFleet } from './kubelet/kubelet.controller.ts';
import { resourceMetricsApi } from './metrics-server/metrics-api.ts';
import { MetricsServer } from './metrics-server/metrics-server.ts';
import { schedulerController } from './scheduler/scheduler.controller.ts';
import { ObjectStore } from './store/store.ts';
import { Random } from './util/random.ts';

export interface EngineOptions {
  /** A cluster fixture name (`minikube`, `three-nodes`), a path to one, or the fixture itself. */
  cluster?: string | ClusterFixture;
  /** Extra directories searched for cluster fixtures by name (a project's own fixtures/clusters). */
  clusterDirs?: string[];
  /** Fixes every random choice: generated names, uids, IPs, tie-breaks. */
  seed?: string | number;
  /** `virtual` (default): time moves only when told to. `real`: wall-clock time, times `speed`. */
  clock?: 'virtual' | 'real';
  speed?: number;
  /** Where virtual time starts (ms since the epoch); defaults to now, rounded to the second. */
  startTime?: number;
  host?: string;
  port?: number;
  /** Serve plain HTTP instead of HTTPS (kubectl will then send no credentials). */
  insecureHttp?: boolean;
  /** Image behaviour profile directories added after kuke's own (later ones win). */
  imageProfileDirs?: string[];
}

export interface EngineUser {
  name: string;
  token: string;
  groups: string[];
}

const profileCache = new Map<string, ImageProfileSet>();

/** Profiles are immutable once loaded; engines started in one process share them. */
function cachedImageProfiles(dirs: string[]): ImageProfileSet {
  const key = dirs.join('\0');
  let set = profileCache.get(key);
  if (!set) {
    set = loadImageProfiles(dirs);
    profileCache.set(key, set);
  }
  return set;
}

const ADMIN: UserInfo = { username: 'kuke-admin', groups: ['system:masters', 'system:authenticated'] };

/**
 * The bundled Kubernetes-compatible engine: API server, controllers, scheduler and simulated
 * kubelets over one in-process store, on a virtual or real clock, served over HTTP.
 */
export class Engine {
  readonly store: ObjectStore;
  readonly clock: Clock;
  readonly loop: WorkLoop;
  readonly cluster: ClusterFixture;
  readonly adminToken: string;
  readonly users: EngineUser[];
  private http: HttpServerHandle | undefined;
  private readonly changedDuringStep = new Set<string>();
  /** The simulated kubelets: `fleet.failNode(name)` / `fleet.recoverNode(name)` script node failures. */
  readonly fleet: KubeletFleet;
  /** Writes as the API server itself (bootstrap, nodes added later). */
  private readonly system: InternalClient;
  /** API faults injected by a scenario (errors and latency for HTTP clients). */
  readonly faults = new FaultInjector();
  /** The image profiles in force, including those a scenario added. */
  readonly images: EngineImageProfiles;
  /** The resource metrics (metrics.k8s.io) of the simulated kubelets, as metrics-server serves them. */
  readonly metrics: MetricsServer;

  private constructor(options: EngineOptions) {
    const random = new Random(options.seed ?? 'kuke');
    this.cluster =
      typeof options.cluster === 'object'
        ? options.cluster
        : loadCluster(options.cluster, options.clusterDirs);
    this.loop = new WorkLoop();
    this.store = new ObjectStore();
    if (options.clock === 'real') {
      this.clock = new RealClock(options.speed ?? 1, () => this.loop.settle());
    } else {
      this.clock = new VirtualClock(options.startTime ?? Math.floor(Date.now() / 1000) * 1000);
    }
    this.loop.onWorkPending = () => setImmediate(() => this.loop.settle());
    this.store.onWrite((resource) => {
      if (HEARTBEAT_RESOURCES.includes(resource)) return;
      this.changedDuringStep.add(resource);
    });

    const api: ApiContext = {
      store: this.store,
      clock: this.clock,
      random: random.fork('api'),
      resources: builtInResourceRegistry(),
      admission: defaultAdmissionChain(),
    };
    const registry = new GenericRegistry(api);
    new CustomResourceRegistrar(this.store, api.resources).start();
    const authenticator = new TokenAuthenticator();
    const tokens = random.fork('tokens');
    this.adminToken = `kuke-admin-${tokens.hex(32)}`;
    authenticator.add(this.adminToken, ADMIN);
    this.users = (this.cluster.spec.users ?? []).map((user) => ({
      name: user.name,
      token: user.token ?? `${user.name}-${tokens.hex(24)}`,
      groups: user.groups ?? [],
    }));
    for (const user of this.users)
      authenticator.add(user.token, { username: user.name, groups: user.groups });
    const serviceAccountTokens = new ServiceAccountTokens(
      registry,
      this.clock,
      new ServiceAccountTokenSigner(Buffer.from(tokens.hex(64), 'hex')),
      tokens.fork('serviceaccount-tokens'),
    );
    authenticator.addValidator((token) => serviceAccountTokens.authenticate(token));

    const apiserver = KUBE_APISERVER_IDENTITY;
    const system = (this.system = new InternalClient(
      registry,
      api.resources,
      apiserver.user,
      apiserver.fieldManager,
    ));
    bootstrapCluster(system, this.cluster);

    // Each component writes as itself: controllers as the controller-manager, the scheduler as
    // system:kube-scheduler, every kubelet as system:node:<node> (KubeletFleet).
    const controllerClient = system.as(KUBE_CONTROLLER_MANAGER_IDENTITY);
    const imageProfiles = cachedImageProfiles([
      BUNDLED_IMAGE_PROFILES_DIR,
      ...(options.imageProfileDirs ?? []),
    ]);
    this.images = new EngineImageProfiles(imageProfiles);
    this.fleet = new KubeletFleet(this.images);
    this.metrics = new MetricsServer(this.store, this.fleet, this.clock);
    const context = createControllerContext({
      client: controllerClient,
      informers: new InformerFactory(this.store, this.loop),
      clock: this.clock,
      loop: this.loop,
      random: random.fork('controllers'),
      events: new EventRecorderFactory(controllerClient, this.clock),
      metrics: this.metrics,
    });
    for (const node of expandNodes(this.cluster))
      this.fleet.configure(node.name, node.spec.kubelet, node.spec.conditions);
    const controllers = new ControllerRegistry([
      ...BUILT_IN_CONTROLLERS,
      ...APIEXTENSIONS_CONTROLLERS.map((controller) => runAs(controller, KUBE_APISERVER_IDENTITY)),
      runAs(schedulerController, KUBE_SCHEDULER_IDENTITY),
      this.fleet.controller,
    ]);
    controllers.startAll(context);
    this.loop.settle();

    // metrics.k8s.io is an aggregated API: served after authentication and authorization, like a proxied one.
    const aggregated = resourceMetricsApi(this.metrics);
    this.handler = new ApiHandler({
      api,
      registry,
      authenticator,
      authorizer: new StoreAuthorizer(this.store),
      serverAddress: () => (this.http ? this.http.url.replace(/^https?:\/\//, '') : '127.0.0.1:6443'),
      beforeRequest: () => this.loop.settle(),
      intercept: (request, info) => {
        const fault = this.faults.intercept(request, info);
        if (fault && 'kind' in fault) return fault;
        const metrics = aggregated(request, info);
        if (!metrics) return fault;
        return fault ? { ...metrics, delayMs: fault.delayMs } : metrics;
      },
      extensions: combineExtensions(
        faultEndpoints(this.faults),
        clockEndpoints(this),
        nodeEndpoints({
          addNodes: (yaml, source, line) => this.addNodes(yaml, source, line),
          failNode: (n) => this.fleet.failNode(n),
          recoverNode: (n) => this.fleet.recoverNode(n),
          isNodeFailed: (n) => this.fleet.isNodeFailed(n),
        }),
        imageEndpoints(this.images),
        loadEndpoints(this.fleet.loads),
      ),
      podLogs: (pod, logOptions) => this.fleet.logs(pod, logOptions),
      podExec: (pod, execRequest) => this.fleet.exec(pod, execRequest),
      serviceAccountTokens,
    });
  }

  readonly handler: ApiHandler;

  /** Builds the engine and serves it on loopback; resolves once /readyz would answer 200. */
  static async start(options: EngineOptions = {}): Promise<Engine> {
    const engine = new Engine(options);
    engine.http = await serveHttp(engine.handler, {
      ...(options.host ? { host: options.host } : {}),
      ...(options.port !== undefined ? { port: options.port } : {}),
      ...(options.insecureHttp ? {} : { tls: { cert: SERVER_CERTIFICATE, key: SERVER_PRIVATE_KEY } }),
    });
    return engine;
  }

  get url(): string {
    if (!this.http) throw new Error('engine is not serving');
    return this.http.url;
  }

  /** A kubeconfig (YAML) whose current context is the engine's admin. */
  kubeconfig(options: { clusterName?: string; namespace?: string } = {}): string {
    return buildKubeconfig({
      server: this.url,
      certificateAuthority: this.url.startsWith('https:') ? CLUSTER_CA_CERTIFICATE : undefined,
      clusterName: options.clusterName ?? 'kuke',
      admin: { name: 'admin', token: this.adminToken },
      users: this.users,
      ...(options.namespace ? { namespace: options.namespace } : {}),
    });
  }

  /**
   * Adds nodes to the running cluster from YAML in the cluster fixture's node format (one entry
   * or a list); errors name `source` and the line, counting from `firstLine`.
   */
  addNodes(yaml: string, source = 'node', firstLine = 1): string[] {
    const header = [
      'apiVersion: kuke.dev/v1alpha1',
      'kind: Cluster',
      'metadata:',
      '  name: added',
      'spec:',
      '  nodes:',
    ];
    const body = yaml.trim().startsWith('-') ? yaml : `- ${yaml.replace(/\n/g, '\n  ')}`;
    const text = [...header, ...body.split('\n').map((line) => `    ${line}`)].join('\n');
    const cluster = parseClusterText(text, source, firstLine - header.length);
    const existing = this.store.count('/nodes');
    const nodes = nodeObjects(cluster, existing);
    for (const node of expandNodes(cluster))
      this.fleet.configure(node.name, node.spec.kubelet, node.spec.conditions);
    registerNodes(this.system, nodes);
    this.loop.settle();
    return nodes.map((node) => node.metadata?.name ?? '');
  }

  /** Runs all work due now. */
  settle(): void {
    this.loop.settle();
  }

  /**
   * Virtual time only: fires due timers in order, up to `deadline`, until one of them changes
   * something other than a heartbeat (or, with `watched`, one of those storage keys). Returns
   * whether it did, and every resource written meanwhile.
   */
  stepUntilChange(
    deadline: number,
    watched?: ReadonlySet<string>,
  ): { changed: boolean; now: number; resources: string[] } {
    const clock = this.virtualClock();
    const settle = () => this.loop.settle();
    settle();
    this.changedDuringStep.clear();
    const changed = () =>
      watched === undefined
        ? this.changedDuringStep.size > 0
        : [...this.changedDuringStep].some((resource) => watched.has(resource));
    while (!changed()) {
      if (!clock.step(deadline, settle)) {
        return { changed: false, now: clock.now(), resources: [...this.changedDuringStep].sort() };
      }
    }
    return { changed: true, now: clock.now(), resources: [...this.changedDuringStep].sort() };
  }

  /** Virtual time only: moves time forward, firing everything due on the way. */
  advanceTo(target: number): void {
    this.virtualClock().advanceTo(target, () => this.loop.settle());
  }

  virtualClock(): VirtualClock {
    if (!(this.clock instanceof VirtualClock))
      throw new Error('the engine runs on the real clock; it cannot be stepped');
    return this.clock;
  }

  async stop(): Promise<void> {
    this.fleet.stop();
    this.images.dispose();
    this.clock.stop();
    await this.http?.close();
    this.http = undefined;
  }
}
