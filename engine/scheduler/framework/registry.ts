/**
 * The scheduler plugin registry and profile assembly (pkg/scheduler/framework/runtime/registry.go,
 * framework.go). Plugin order within each extension point follows the profile configuration: order is
 * data, not import order.
 */
import {
  isFilterPlugin,
  isPostFilterPlugin,
  isPreFilterPlugin,
  isPreScorePlugin,
  isScorePlugin,
  type Plugin,
  type PluginHandle,
  type Profile,
} from './interfaces.ts';

export type PluginFactory = (handle: PluginHandle) => Plugin;

/** Named plugin factories; rejects empty and duplicate names. */
export class PluginRegistry {
  private readonly factories = new Map<string, PluginFactory>();

  register(name: string, factory: PluginFactory): this {
    if (name.trim() === '') throw new Error('a scheduler plugin must have a non-empty name');
    if (this.factories.has(name)) throw new Error(`a plugin named ${name} already exists`);
    this.factories.set(name, factory);
    return this;
  }

  has(name: string): boolean {
    return this.factories.has(name);
  }

  names(): string[] {
    return [...this.factories.keys()];
  }

  create(name: string, handle: PluginHandle): Plugin {
    const factory = this.factories.get(name);
    if (!factory) throw new Error(`plugin "${name}" does not exist`);
    const plugin = factory(handle);
    if (plugin.name !== name) throw new Error(`plugin "${name}" reports the name "${plugin.name}"`);
    return plugin;
  }
}

export interface PluginConfig {
  readonly name: string;
  /** Score weight; defaults to 1 for plugins that score. */
  readonly weight?: number;
}

/** A profile as configuration: the enabled plugins in order (upstream's multiPoint list). */
export interface ProfileConfig {
  readonly schedulerName: string;
  readonly plugins: readonly PluginConfig[];
  readonly percentageOfNodesToScore?: number;
}

/** Instantiates each configured plugin once and slots it into every extension point it implements. */
export function buildProfile(
  config: ProfileConfig,
  registry: PluginRegistry,
  handle: PluginHandle = {},
): Profile {
  const seen = new Set<string>();
  const profile = {
    schedulerName: config.schedulerName,
    preFilter: [] as Profile['preFilter'][number][],
    filter: [] as Profile['filter'][number][],
    postFilter: [] as Profile['postFilter'][number][],
    preScore: [] as Profile['preScore'][number][],
    score: [] as { plugin: Profile['score'][number]['plugin']; weight: number }[],
    percentageOfNodesToScore: config.percentageOfNodesToScore ?? 0,
  };
  if (profile.percentageOfNodesToScore < 0 || profile.percentageOfNodesToScore > 100) {
    throw new Error(`percentageOfNodesToScore must be in 0..100, got ${profile.percentageOfNodesToScore}`);
  }
  for (const { name, weight } of config.plugins) {
    if (seen.has(name)) throw new Error(`plugin "${name}" is enabled more than once`);
    seen.add(name);
    const plugin = registry.create(name, handle);
    if (isPreFilterPlugin(plugin)) profile.preFilter.push(plugin);
    if (isFilterPlugin(plugin)) profile.filter.push(plugin);
    if (isPostFilterPlugin(plugin)) profile.postFilter.push(plugin);
    if (isPreScorePlugin(plugin)) profile.preScore.push(plugin);
    if (isScorePlugin(plugin)) {
      const w = weight ?? 1;
      if (!Number.isInteger(w) || w <= 0)
        throw new Error(`score plugin "${name}" needs a positive weight, got ${w}`);
      profile.score.push({ plugin, weight: w });
    }
  }
  return profile;
}
