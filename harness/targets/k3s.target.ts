import { KubeConfig } from '@kubernetes/client-node';
import type { StartedK3sContainer } from '@testcontainers/k3s';
import { KubeconfigTarget, kubeconfigSpec } from './kubeconfig.target.ts';
import { SessionFiles } from './session-files.ts';
import type { SharedTarget } from './target.ts';

export const DEFAULT_K3S_IMAGE = 'rancher/k3s:v1.32.1-k3s1';

/** How long finding a container runtime may take before the run stops. */
export const RUNTIME_CHECK_TIMEOUT_MS = 20_000;

/**
 * The image of a `k3s[:IMAGE]` spec: the default without one, `rancher/k3s:TAG` for a bare k3s
 * tag (`k3s:v1.31.4-k3s1`), else the image reference as given.
 */
export function k3sImage(argument: string): string {
  const image = argument.trim();
  if (image === '') return DEFAULT_K3S_IMAGE;
  if (/^v\d+\.\d+\.\d+(?:[-+][\w.-]+)?$/.test(image)) return `rancher/k3s:${image}`;
  if (
    !/^[a-z0-9][a-z0-9._/-]*(?::\d+\/[a-z0-9._/-]+)?(?::[\w][\w.-]{0,127})?(?:@sha256:[a-f0-9]{64})?$/.test(
      image,
    )
  )
    throw new Error(
      `k3s target: "${image}" is not an image reference (e.g. k3s:${DEFAULT_K3S_IMAGE} or k3s:v1.32.1-k3s1)`,
    );
  return image;
}

/**
 * A throwaway k3s cluster in a container (testcontainers): started once per run, used like any
 * kubeconfig target, stopped at the end. Without a container runtime the run stops at once.
 */
export class K3sTarget extends KubeconfigTarget {
  override readonly kind = 'k3s' as const;
  private container: StartedK3sContainer | undefined;
  private files: SessionFiles | undefined;
  private kubeconfigPath: string | undefined;

  constructor(readonly image: string = DEFAULT_K3S_IMAGE) {
    super(undefined, undefined, `k3s:${image}`);
  }

  override async prepare(): Promise<void> {
    await checkContainerRuntime();
    const { K3sContainer } = await import('@testcontainers/k3s');
    try {
      this.container = await new K3sContainer(this.image).start();
    } catch (error) {
      throw new Error(k3sStartFailure(error));
    }
    const text = this.container.getKubeConfig();
    this.files = new SessionFiles();
    this.kubeconfigPath = this.files.writeKubeconfig(text);
    const config = new KubeConfig();
    config.loadFromString(text);
    this.useKubeconfig(config);
    await super.prepare();
  }

  /** Workers reach the running container through its kubeconfig, under the k3s target's name. */
  override shared(): SharedTarget {
    if (!this.kubeconfigPath) throw new Error(`target ${this.name} is not prepared`);
    return { spec: kubeconfigSpec(this.kubeconfigPath, undefined), name: this.name };
  }

  override async dispose(): Promise<void> {
    try {
      await this.container?.stop();
    } finally {
      this.container = undefined;
      this.files?.remove();
      this.files = undefined;
    }
  }
}

/** Fails at once, with the k3s message, when testcontainers finds no container runtime. */
async function checkContainerRuntime(): Promise<void> {
  const { getContainerRuntimeClient } = await import('testcontainers');
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(
      () =>
        reject(new Error(`no answer from a container runtime within ${RUNTIME_CHECK_TIMEOUT_MS / 1000} s`)),
      RUNTIME_CHECK_TIMEOUT_MS,
    );
  });
  try {
    await Promise.race([getContainerRuntimeClient(), timeout]);
  } catch (error) {
    throw new Error(k3sStartFailure(error));
  } finally {
    clearTimeout(timer);
  }
}

/** A clear message for the usual reason k3s cannot start: no container runtime. */
export function k3sStartFailure(error: unknown): string {
  const text = error instanceof Error ? error.message : String(error);
  if (/container runtime|docker\.sock|Cannot connect to the Docker daemon|ENOENT|ECONNREFUSED/i.test(text)) {
    return `the k3s target needs a running Docker engine, and none was found (testcontainers: ${text.split('\n')[0]})`;
  }
  return `the k3s target could not start its container: ${text.split('\n')[0]}`;
}
