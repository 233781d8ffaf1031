import { BundledTarget, type BundledTargetOptions } from './bundled.target.ts';
import { K3sTarget, k3sImage } from './k3s.target.ts';
import { KubeconfigTarget } from './kubeconfig.target.ts';
import type { Target } from './target.ts';

export const TARGET_SPEC_HELP = 'bundled[:CLUSTER], kubeconfig[:PATH][#CONTEXT] or k3s[:IMAGE]';

/**
 * Parses a `--target` spec: `bundled[:CLUSTER]`, `kubeconfig[:PATH][#CONTEXT]`, `k3s[:IMAGE]`.
 * `name` replaces the target's name in reports (a k3s run shared with workers as a kubeconfig).
 */
export function parseTarget(spec: string, bundledOptions: BundledTargetOptions = {}, name?: string): Target {
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
      return new KubeconfigTarget(path || undefined, context || undefined, name);
    }
    case 'k3s':
      return new K3sTarget(k3sImage(rest));
    default:
      throw new Error(`unknown target "${spec}": use ${TARGET_SPEC_HELP}`);
  }
}
