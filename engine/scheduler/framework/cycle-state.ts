/** State a plugin keeps for one scheduling cycle; preemption clones it per candidate node. */
export interface StateData {
  clone(): StateData;
}

const isStateData = (value: unknown): value is StateData =>
  typeof value === 'object' && value !== null && typeof (value as Partial<StateData>).clone === 'function';

/** Per-cycle plugin state (upstream CycleState), plus the plugins PreFilter/PreScore told to skip. */
export class CycleState {
  private readonly data = new Map<string, unknown>();
  readonly skipFilterPlugins = new Set<string>();
  readonly skipScorePlugins = new Set<string>();

  read<T>(key: string): T | undefined {
    return this.data.get(key) as T | undefined;
  }

  write(key: string, value: unknown): void {
    this.data.set(key, value);
  }

  /** A copy whose StateData entries are cloned, so a simulation cannot leak into the real cycle. */
  clone(): CycleState {
    const copy = new CycleState();
    for (const [key, value] of this.data) copy.data.set(key, isStateData(value) ? value.clone() : value);
    for (const name of this.skipFilterPlugins) copy.skipFilterPlugins.add(name);
    for (const name of this.skipScorePlugins) copy.skipScorePlugins.add(name);
    return copy;
  }
}
