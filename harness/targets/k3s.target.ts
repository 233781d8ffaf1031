import type { StartedK3sContainer } from '@testcontainers/k3s';
import { KubeconfigTarget } from './kubeconfig.target.ts';

export const DEFAULT_K3S_IMAGE = 'rancher/k3s:v1.32.1-k3s1';

/**
 * A throwaway k3s cluster in a container (testcontainers): started once per run, used like any
 * kubeconfig target, stopped at the end. Without a Docker engine the run stops at once.
 */
export class K3sTarget extends KubeconfigTarget {
  override readonly kind = 'k3s' as const;
  private container: StartedK3sContainer | undefined;

  constructor(private readonly image: string = DEFAULT_K3S_IMAGE) {
    super(undefined, undefined, `k3s:${image}`);
  }

  override async prepare(): Promise<void> {
    const { K3sContainer } = await import('@testcontainers/k3s');
    try {
      this.container = await new K3sContainer(this.image).start();
    } catch (error) {
      throw new Error(k3sStartFailure(error));
    }
    this.setKubeconfig(this.container.getKubeConfig());
    await super.prepare();
  }

  override async dispose(): Promise<void> {
    await this.container?.stop();
    this.container = undefined;
  }
}

/** A clear message for the usual reason k3s cannot start: no container runtime. */
export function k3sStartFailure(error: unknown): string {
  const text = error instanceof Error ? error.message : String(error);
  if (/container runtime strategy|docker\.sock|Cannot connect to the Docker daemon|ENOENT/i.test(text)) {
    return `the k3s target needs a running Docker engine, and none was found (testcontainers: ${text.split('\n')[0]})`;
  }
  return `the k3s target could not start its container: ${text.split('\n')[0]}`;
}
