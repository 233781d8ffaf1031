import { existsSync } from 'node:fs';
import { homedir } from 'node:os';
import { delimiter, join, resolve } from 'node:path';
import { KubeConfig } from '@kubernetes/client-node';

/** A kubeconfig as a target uses it: the loaded config, the chosen context, and where it came from. */
export interface LoadedKubeconfig {
  config: KubeConfig;
  /** The context scenarios use: the one asked for, else the file's current context. */
  context: string;
  /** The file (or `$KUBECONFIG` list) it was read from, for messages. */
  source: string;
}

/** `~/x` → `$HOME/x` (a `--target kubeconfig:~/x` reaches kuke unexpanded by the shell). */
export function expandHome(path: string, home = homedir()): string {
  return path === '~' ? home : path.startsWith('~/') ? join(home, path.slice(2)) : path;
}

/**
 * The files a `kubeconfig` target without a path reads, like kubectl: every file named in
 * $KUBECONFIG (colon-separated), else ~/.kube/config.
 */
export function defaultKubeconfigFiles(env: NodeJS.ProcessEnv = process.env, home = homedir()): string[] {
  const fromEnv = (env.KUBECONFIG ?? '').split(delimiter).filter((p) => p.length > 0);
  return fromEnv.length > 0
    ? fromEnv.map((p) => resolve(expandHome(p, home)))
    : [join(home, '.kube', 'config')];
}

/**
 * Loads the kubeconfig of a `kubeconfig[:PATH][#CONTEXT]` target. Without a path, the files of
 * $KUBECONFIG are merged as kubectl merges them (the first file to define a name wins; missing
 * files are ignored). Relative certificate paths are resolved against their file. Errors name
 * the file and the missing context.
 */
export function loadKubeconfig(
  path: string | undefined,
  context: string | undefined,
  env: NodeJS.ProcessEnv = process.env,
): LoadedKubeconfig {
  const files = path ? [resolve(expandHome(path))] : defaultKubeconfigFiles(env);
  const source = path ? files[0]! : env.KUBECONFIG ? `$KUBECONFIG (${files.join(delimiter)})` : files[0]!;
  const existing = files.filter((file) => existsSync(file));
  if (existing.length === 0) throw new Error(`kubeconfig not found: ${source}`);
  const config = new KubeConfig();
  config.loadFromOptions({ clusters: [], users: [], contexts: [], currentContext: '' });
  for (const file of existing) mergeFirstWins(config, readKubeconfigFile(file));
  const chosen = context ?? config.getCurrentContext();
  if (!chosen)
    throw new Error(`kubeconfig ${source} has no current context; name one: kubeconfig:PATH#CONTEXT`);
  if (!config.getContextObject(chosen)) {
    const known = config.contexts.map((c) => c.name).join(', ') || 'none';
    throw new Error(`kubeconfig ${source} has no context "${chosen}" (it has: ${known})`);
  }
  config.setCurrentContext(chosen);
  const contextObject = config.getContextObject(chosen)!;
  if (!config.getCluster(contextObject.cluster))
    throw new Error(
      `kubeconfig ${source}: context "${chosen}" names cluster "${contextObject.cluster}", which it does not define`,
    );
  return { config, context: chosen, source };
}

function readKubeconfigFile(file: string): KubeConfig {
  const config = new KubeConfig();
  try {
    config.loadFromFile(file);
  } catch (error) {
    throw new Error(`kubeconfig ${file} cannot be read: ${(error as Error).message.split('\n')[0]}`);
  }
  return config;
}

/** kubectl's merge rule: the first file to set a value (a cluster, user, context, current context) wins. */
function mergeFirstWins(into: KubeConfig, from: KubeConfig): void {
  const has = (list: Array<{ name: string }>, name: string) => list.some((item) => item.name === name);
  const clusters = [...into.clusters, ...from.clusters.filter((c) => !has(into.clusters, c.name))];
  const users = [...into.users, ...from.users.filter((u) => !has(into.users, u.name))];
  const contexts = [...into.contexts, ...from.contexts.filter((c) => !has(into.contexts, c.name))];
  const currentContext = into.getCurrentContext() || from.getCurrentContext();
  into.loadFromOptions({ clusters, users, contexts, currentContext });
}

/** The same kubeconfig as text, its current context pointing at `namespace`. */
export function kubeconfigText(config: KubeConfig, namespace?: string): string {
  const current = config.getCurrentContext();
  const contexts = config.contexts.map((c) =>
    c.name === current && namespace !== undefined ? { ...c, namespace } : c,
  );
  const copy = new KubeConfig();
  copy.loadFromOptions({ clusters: config.clusters, users: config.users, contexts, currentContext: current });
  return copy.exportConfig();
}
