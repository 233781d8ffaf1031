import type { Target } from '../targets/target.ts';
import { parseTarget } from '../targets/target-spec.ts';

/**
 * Settings the CLI hands to cucumber's support code (including parallel workers, which are
 * separate processes) through the environment.
 */
export const ENV = {
  target: 'KUKE_TARGET',
  seed: 'KUKE_SEED',
  clusterDirs: 'KUKE_CLUSTER_DIRS',
  imageDirs: 'KUKE_IMAGE_DIRS',
} as const;

export function targetFromEnvironment(env: NodeJS.ProcessEnv = process.env): Target {
  const list = (name: string) => env[name]?.split(':').filter(Boolean);
  const clusterDirs = list(ENV.clusterDirs);
  const imageDirs = list(ENV.imageDirs);
  return parseTarget(env[ENV.target] || 'bundled', {
    ...(env[ENV.seed] ? { seed: env[ENV.seed]! } : {}),
    ...(clusterDirs ? { clusterDirs } : {}),
    ...(imageDirs ? { imageProfileDirs: imageDirs } : {}),
  });
}
