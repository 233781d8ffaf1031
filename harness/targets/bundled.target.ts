import { loadCluster } from '../../engine/cluster/load-cluster.ts';
import { Engine } from '../../engine/engine.ts';
import type { DiscoveryCache } from '../kube/discovery.ts';
import { KubeClient } from '../kube/kube-client.ts';
import { VirtualTargetClock } from '../waiting/target-clock.ts';
import { SessionFiles } from './session-files.ts';
import type { SessionOptions, SharedTarget, Target, TargetSession } from './target.ts';

export interface BundledTargetOptions {
  /** Cluster fixture used when a scenario does not ask for one. */
  cluster?: string;
  /** Run seed; each scenario's engine is seeded with it and the scenario id. */
  seed?: string;
  clusterDirs?: string[];
  imageProfileDirs?: string[];
}

/**
 * Where every scenario's virtual clock starts. A fixed instant, not the wall clock, so that what
 * depends on the time of day (CronJob schedules, minute boundaries) comes out the same every run.
 */
export const BUNDLED_START_TIME = Date.parse('2026-01-01T00:00:00Z');

/** Every bundled engine serves the same built-in API, so scenarios share its discovery. */
const BUNDLED_DISCOVERY: DiscoveryCache = new Map();

/**
 * The bundled engine: a fresh in-process engine per scenario, on a virtual clock, reached only
 * through its HTTPS API like any other cluster.
 */
export class BundledTarget implements Target {
  readonly kind = 'bundled' as const;
  readonly name: string;

  constructor(private readonly options: BundledTargetOptions = {}) {
    this.name = options.cluster ? `bundled:${options.cluster}` : 'bundled';
  }

  /** Checks the cluster fixture named by the spec, so a typo stops the run before any scenario. */
  async prepare(): Promise<void> {
    if (this.options.cluster) loadCluster(this.options.cluster, this.options.clusterDirs);
  }

  /**
   * One throwaway engine before the first scenario: it loads and compiles the engine and the
   * client once per run, so that cost is not charged to whichever scenario happens to run first.
   */
  async warmUp(): Promise<void> {
    const session = await this.openSession({ scenarioId: 'warm-up' });
    try {
      await session.client.list('v1', 'Pod', session.namespace);
      await session.clock.until(async () => ({ ok: false, observed: undefined }), 1_000);
    } finally {
      await session.close();
    }
  }

  shared(): SharedTarget {
    return { spec: this.name, name: this.name };
  }

  async openSession(options: SessionOptions): Promise<TargetSession> {
    const cluster = options.cluster ?? this.options.cluster;
    const engine = await Engine.start({
      seed: `${this.options.seed ?? 'kuke'}:${options.scenarioId}`,
      startTime: BUNDLED_START_TIME,
      ...(cluster ? { cluster } : {}),
      ...(this.options.clusterDirs ? { clusterDirs: this.options.clusterDirs } : {}),
      ...(this.options.imageProfileDirs ? { imageProfileDirs: this.options.imageProfileDirs } : {}),
    });
    const kubeconfig = engine.kubeconfig();
    const files = new SessionFiles();
    const client = KubeClient.fromString(kubeconfig, undefined, { builtInDiscovery: BUNDLED_DISCOVERY });
    const targetName = this.name;
    return {
      targetName,
      client,
      kubeconfig,
      kubeconfigPath: files.writeKubeconfig(kubeconfig),
      namespace: 'default',
      capabilities: { virtualClock: true, engineControl: true, clusterFixtures: true },
      clock: new VirtualTargetClock(client),
      trackClusterScoped: () => {},
      close: async () => {
        client.close();
        files.remove();
        await engine.stop();
      },
    };
  }

  async dispose(): Promise<void> {}
}
