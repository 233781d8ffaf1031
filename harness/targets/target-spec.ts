import { BundledTarget, type BundledTargetOptions } from './bundled.target.ts';
import { DEFAULT_K3S_IMAGE, K3sTarget } from './k3s.target.ts';
import { KubeconfigTarget } from './kubeconfig.target.ts';
import type { Target } from './target.ts';

/**
 * Parses a `--target` spec: `bundled[:CLUSTER]`, `kubeconfig[:PATH][#CONTEXT]`, `k3s[:IMAGE]`.
 */
export function parseTarget(spec: string, bundledOptions: BundledTargetOptions = {}): Target {
  const colon = spec.indexOf(':');
  const kind = colon < 0 ? spec : spec.slice(0, colon);
  const rest = colon < 0 ? '' : spec.slice(colon + 1);
  switch (kind) {
    case 'bundled':
      return new BundledTarget({ ...bundledOptions, ...(rest ? { cluster: rest } : {}) });
    case 'kubeconfig': {
      const hash = rest.indexOf('#');
      const path = hash < 0 ? rest : rest.slice(0, hash);
      const context = hash < 0 ? '' : rest.slice(hash + 1);
      return new KubeconfigTarget(path || undefined, context || undefined);
    }
    case 'k3s':
      return new K3sTarget(rest || DEFAULT_K3S_IMAGE);
    default:
      throw new Error(
        `unknown target "${spec}": use bundled[:CLUSTER], kubeconfig[:PATH][#CONTEXT] or k3s[:IMAGE]`,
      );
  }
}
