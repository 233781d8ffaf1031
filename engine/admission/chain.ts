import type { AdmissionAttributes, AdmissionContext, AdmissionPlugin } from './admission.ts';

/**
 * The admission chain: every mutating plugin in the configured order, then every validating
 * plugin in the configured order. The order is data (a list of names), not import order.
 */
export class AdmissionChain {
  private readonly mutating: AdmissionPlugin[];
  private readonly validating: AdmissionPlugin[];

  constructor(available: readonly AdmissionPlugin[], order: readonly string[]) {
    const byName = new Map<string, AdmissionPlugin>();
    for (const plugin of available) {
      if (!plugin.name) throw new Error('admission: plugin without a name');
      if (byName.has(plugin.name)) throw new Error(`admission: duplicate plugin ${plugin.name}`);
      byName.set(plugin.name, plugin);
    }
    const enabled = order.map((name) => {
      const plugin = byName.get(name);
      if (!plugin) throw new Error(`admission: unknown plugin ${name} in the configured order`);
      return plugin;
    });
    this.mutating = enabled.filter((p) => p.type === 'mutating');
    this.validating = enabled.filter((p) => p.type === 'validating' || p.validate !== undefined);
  }

  mutate(attributes: AdmissionAttributes, context: AdmissionContext): void {
    for (const plugin of this.mutating) if (plugin.handles(attributes)) plugin.admit(attributes, context);
  }

  validate(attributes: AdmissionAttributes, context: AdmissionContext): void {
    for (const plugin of this.validating) {
      if (!plugin.handles(attributes)) continue;
      if (plugin.validate) plugin.validate(attributes, context);
      else plugin.admit(attributes, context);
    }
  }

  get names(): string[] {
    return [...new Set([...this.mutating, ...this.validating].map((p) => p.name))];
  }
}
