import type { KubeConfig } from '@kubernetes/client-node';
import { ApiFailure } from '../kube/api-failure.ts';
import { KubeClient } from '../kube/kube-client.ts';
import { ChangeFeed } from '../waiting/change-feed.ts';
import { type ClusterClockKind, clockFor, detectClusterClock } from './cluster-clock.ts';
import { kubeconfigText, loadKubeconfig } from './kubeconfig-file.ts';
import { SessionFiles } from './session-files.ts';
import type { SessionOptions, SharedTarget, Target, TargetSession } from './target.ts';

/** How long the reachability check waits for the cluster before the run stops. */
export const PREFLIGHT_TIMEOUT_MS = 10_000;

/** The label on every namespace a scenario works in, so leftovers can be found. */
export const MANAGED_BY_LABEL = { 'app.kubernetes.io/managed-by': 'kuke' } as const;

/**
 * Any cluster a kubeconfig reaches (kind, k3s, a cloud cluster, `kuke engine serve`). Each
 * scenario works in its own generated namespace, deleted afterwards with every cluster-scoped
 * object the scenario created. Waits count the cluster's time: wall time, or a kuke engine's
 * own (sped-up) clock.
 */
export class KubeconfigTarget implements Target {
  readonly kind: 'kubeconfig' | 'k3s' = 'kubeconfig';
  readonly name: string;
  private config: KubeConfig | undefined;
  private clockKind: ClusterClockKind = 'none';
  private sequence = 0;

  constructor(
    private readonly path: string | undefined,
    private readonly context: string | undefined,
    name?: string,
  ) {
    this.name = name ?? kubeconfigSpec(path, context);
  }

  /** For targets that produce their kubeconfig at run time (k3s). */
  protected useKubeconfig(config: KubeConfig): void {
    this.config = config;
  }

  async prepare(): Promise<void> {
    this.config ??= loadKubeconfig(this.path, this.context).config;
    const client = this.client(PREFLIGHT_TIMEOUT_MS);
    const server = client.serverUrl;
    try {
      const version = await client.raw('GET', '/version').catch((error: Error) => {
        throw new Error(`target ${this.name}: ${error.message}`);
      });
      if (version.status !== 200 && version.status !== 401 && version.status !== 403)
        throw new Error(
          `cluster at ${server} (target ${this.name}) answered GET /version with HTTP ${version.status}`,
        );
      try {
        await client.json('GET', '/api/v1/namespaces?limit=1');
      } catch (error) {
        if (!(error instanceof ApiFailure)) throw error;
        throw new Error(
          `target ${this.name}: the cluster at ${server} refused to list namespaces (${error.describe()}); scenarios need to create and delete namespaces`,
        );
      }
      this.clockKind = await detectClusterClock(client);
    } finally {
      client.close();
    }
  }

  shared(): SharedTarget {
    return { spec: kubeconfigSpec(this.path, this.context), name: this.name };
  }

  async openSession(options: SessionOptions): Promise<TargetSession> {
    const client = this.client();
    const namespace = await this.createNamespace(client, options.scenarioId);
    const kubeconfig = kubeconfigText(this.config!, namespace);
    const files = new SessionFiles();
    const clusterScoped: Array<{ apiVersion: string; kind: string; name: string }> = [];
    const feed = new ChangeFeed(client.kubeConfig, namespace);
    await feed.start();
    return {
      targetName: this.name,
      client,
      kubeconfig,
      kubeconfigPath: files.writeKubeconfig(kubeconfig),
      namespace,
      capabilities: { virtualClock: false, engineControl: false, clusterFixtures: false },
      clock: clockFor(this.clockKind, client, feed),
      trackClusterScoped: (apiVersion, kind, name) => {
        clusterScoped.push({ apiVersion, kind, name });
      },
      close: async () => {
        feed.stop();
        try {
          const problems: string[] = [];
          for (const object of clusterScoped.reverse()) {
            await deleteIfPresent(
              client.delete(object.apiVersion, object.kind, undefined, object.name),
            ).catch((error: Error) => problems.push(`${object.kind} ${object.name}: ${error.message}`));
          }
          await deleteIfPresent(client.delete('v1', 'Namespace', undefined, namespace)).catch(
            (error: Error) => problems.push(`namespace ${namespace}: ${error.message}`),
          );
          if (problems.length > 0)
            throw new Error(`cleanup after the scenario failed on ${this.name}:\n  ${problems.join('\n  ')}`);
        } finally {
          client.close();
          files.remove();
        }
      },
    };
  }

  async dispose(): Promise<void> {}

  private async createNamespace(client: KubeClient, scenarioId: string): Promise<string> {
    for (let attempt = 1; ; attempt++) {
      const namespace = scenarioNamespace(scenarioId, process.pid, this.sequence++);
      try {
        await client.json('POST', '/api/v1/namespaces', {
          apiVersion: 'v1',
          kind: 'Namespace',
          metadata: { name: namespace, labels: { ...MANAGED_BY_LABEL } },
        });
        return namespace;
      } catch (error) {
        // Another run (same pid on another machine) took the name: take the next one.
        if (!(error instanceof ApiFailure && error.code === 409) || attempt >= 5) throw error;
      }
    }
  }

  private client(requestTimeoutMs?: number): KubeClient {
    if (!this.config) throw new Error(`target ${this.name} is not prepared`);
    return new KubeClient(this.config, {}, undefined, requestTimeoutMs ? { requestTimeoutMs } : {});
  }
}

/** `kubeconfig[:PATH][#CONTEXT]`. */
export function kubeconfigSpec(path: string | undefined, context: string | undefined): string {
  return `kubeconfig${path ? `:${path}` : ''}${context ? `#${context}` : ''}`;
}

/**
 * `kuke-<end of the scenario's file:line>-<pid>-<n>`: unique per process and scenario, readable
 * in `kubectl get ns`, and at most 63 characters like every namespace name.
 */
export function scenarioNamespace(scenarioId: string, pid: number, sequence: number): string {
  const full = scenarioId
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '');
  // The end of the id says most (file and line); a cut word at the front is dropped.
  const tail = full.length > 30 ? full.slice(-30).replace(/^[^-]*-/, '') : full;
  const slug = tail.replace(/^-+/, '') || 'scenario';
  return `kuke-${slug}-${pid.toString(36)}-${sequence.toString(36)}`;
}

async function deleteIfPresent(promise: Promise<unknown>): Promise<void> {
  try {
    await promise;
  } catch (error) {
    if (!(error instanceof ApiFailure && error.code === 404)) throw error;
  }
}
