import type { Target } from '../targets/target.ts';
import { parseTarget } from '../targets/target-spec.ts';
import { INTERRUPT_FILE_ENV } from './interrupt.ts';

/**
 * Settings the CLI hands to cucumber's support code (including parallel workers, which are
 * separate processes) through the environment.
 */
export const ENV = {
  target: 'KUKE_TARGET',
  /** The target's name in reports, when the spec workers use differs (a k3s container's kubeconfig). */
  targetName: 'KUKE_TARGET_NAME',
  seed: 'KUKE_SEED',
  clusterDirs: 'KUKE_CLUSTER_DIRS',
  imageDirs: 'KUKE_IMAGE_DIRS',
  /** A file that exists once the run was interrupted (Ctrl-C), for workers a signal did not reach. */
  interruptFile: INTERRUPT_FILE_ENV,
} as const;

/** A target from a spec, with the bundled engine's settings (seed, fixture directories) from `env`. */
export function makeTarget(spec: string, env: NodeJS.ProcessEnv = process.env, name?: string): Target {
  const list = (key: string) => env[key]?.split(':').filter(Boolean);
  const clusterDirs = list(ENV.clusterDirs);
  const imageDirs = list(ENV.imageDirs);
  return parseTarget(
    spec,
    {
      ...(env[ENV.seed] ? { seed: env[ENV.seed]! } : {}),
      ...(clusterDirs ? { clusterDirs } : {}),
      ...(imageDirs ? { imageProfileDirs: imageDirs } : {}),
    },
    name,
  );
}

/** The target support code runs against: the one the run prepared and shared through `env`. */
export function targetFromEnvironment(env: NodeJS.ProcessEnv = process.env): Target {
  return makeTarget(env[ENV.target] || 'bundled', env, env[ENV.targetName] || undefined);
}

export { interruptRequested, listenForInterrupt, requestInterrupt } from './interrupt.ts';
