import { existsSync, readFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { join, resolve } from 'node:path';
import { KubeConfig } from '@kubernetes/client-node';
import { ApiFailure } from '../kube/api-failure.ts';
import { KubeClient } from '../kube/kube-client.ts';
import { WallTargetClock } from '../waiting/target-clock.ts';
import { SessionFiles } from './session-files.ts';
import type { SessionOptions, Target, TargetSession } from './target.ts';

/** The kubeconfig file a `kubeconfig` target without a path uses: $KUBECONFIG, then ~/.kube/config. */
export function defaultKubeconfigPath(): string {
  const fromEnv = process.env.KUBECONFIG?.split(':').find((p) => p.length > 0);
  return fromEnv ?? join(homedir(), '.kube', 'config');
}

/**
 * Any cluster a kubeconfig reaches (kind, k3s, a cloud cluster, `kuke engine serve`). Each
 * scenario works in its own generated namespace, deleted afterwards with everything the
 * scenario created; waits run on the wall clock.
 */
export class KubeconfigTarget implements Target {
  readonly kind: 'kubeconfig' | 'k3s' = 'kubeconfig';
  readonly name: string;
  private kubeconfigText: string | undefined;
  private sequence = 0;

  constructor(
    private readonly path: string | undefined,
    private readonly context: string | undefined,
    name?: string,
  ) {
    this.name = name ?? `kubeconfig${path ? `:${path}` : ''}${context ? `#${context}` : ''}`;
  }

  /** For targets that produce their kubeconfig at run time (k3s). */
  protected setKubeconfig(text: string): void {
    this.kubeconfigText = text;
  }

  async prepare(): Promise<void> {
    if (!this.kubeconfigText) {
      const file = resolve(this.path ?? defaultKubeconfigPath());
      if (!existsSync(file)) throw new Error(`kubeconfig not found: ${file} (target ${this.name})`);
      this.kubeconfigText = readFileSync(file, 'utf8');
    }
    const client = this.client();
    try {
      const response = await client.raw('GET', '/version');
      if (response.status !== 200) throw new Error(`GET /version answered HTTP ${response.status}`);
    } catch (error) {
      throw new Error(`cluster unreachable for target ${this.name}: ${(error as Error).message}`);
    } finally {
      client.close();
    }
  }

  async openSession(options: SessionOptions): Promise<TargetSession> {
    const client = this.client();
    const namespace = `kuke-${slug(options.scenarioId)}-${process.pid.toString(36)}${(this.sequence++).toString(36)}`;
    await client.json('POST', '/api/v1/namespaces', {
      apiVersion: 'v1',
      kind: 'Namespace',
      metadata: { name: namespace, labels: { 'app.kubernetes.io/managed-by': 'kuke' } },
    });
    const kubeconfig = withNamespace(this.kubeconfigText!, this.context, namespace);
    const files = new SessionFiles();
    const clusterScoped: Array<{ apiVersion: string; kind: string; name: string }> = [];
    return {
      targetName: this.name,
      client,
      kubeconfig,
      kubeconfigPath: files.writeKubeconfig(kubeconfig),
      namespace,
      capabilities: { virtualClock: false, engineControl: false, clusterFixtures: false },
      clock: new WallTargetClock(),
      trackClusterScoped: (apiVersion, kind, name) => {
        clusterScoped.push({ apiVersion, kind, name });
      },
      close: async () => {
        try {
          for (const object of clusterScoped.reverse()) {
            await ignoreNotFound(client.delete(object.apiVersion, object.kind, undefined, object.name));
          }
          await ignoreNotFound(client.delete('v1', 'Namespace', undefined, namespace));
        } finally {
          client.close();
          files.remove();
        }
      },
    };
  }

  async dispose(): Promise<void> {}

  private client(): KubeClient {
    const config = new KubeConfig();
    config.loadFromString(this.kubeconfigText!);
    if (this.context) {
      if (!config.getContextObject(this.context))
        throw new Error(`kubeconfig of target ${this.name} has no context "${this.context}"`);
      config.setCurrentContext(this.context);
    }
    return new KubeClient(config);
  }
}

async function ignoreNotFound(promise: Promise<unknown>): Promise<void> {
  try {
    await promise;
  } catch (error) {
    if (!(error instanceof ApiFailure && error.code === 404)) throw error;
  }
}

function slug(text: string): string {
  return (
    text
      .toLowerCase()
      .replace(/[^a-z0-9]+/g, '-')
      .replace(/^-+|-+$/g, '')
      .slice(-30)
      .replace(/^-+/, '') || 'scenario'
  );
}

/** The kubeconfig with its (chosen) current context pointing at the scenario's namespace. */
function withNamespace(text: string, context: string | undefined, namespace: string): string {
  const config = new KubeConfig();
  config.loadFromString(text);
  if (context) config.setCurrentContext(context);
  const current = config.getCurrentContext();
  const contexts = config.contexts.map((c) => (c.name === current ? { ...c, namespace } : c));
  const copy = new KubeConfig();
  copy.loadFromOptions({ clusters: config.clusters, users: config.users, contexts, currentContext: current });
  return copy.exportConfig();
}
