import { atLeast, below, type Figure, type Goal } from '../support/figure.ts';

/** A figure the bench measures: its row in the performance table. */
export interface FigureSpec {
  name: string;
  unit: string;
  goal?: Goal;
  /** The bench module (bench/figures/<module>.bench.ts) that measures it. */
  module: string;
}

const spec = (module: string, name: string, unit: string, goal?: Goal): FigureSpec => ({
  module,
  name,
  unit,
  ...(goal ? { goal } : {}),
});

/**
 * Every figure of the performance table, in the order the bench prints them, with the goals
 * for a 2-core machine. Figures without a goal are shown for context (a comparison baseline, a
 * per-object cost, or a guard against a slowdown fixed once: see docs/performance.md).
 */
export const FIGURES: readonly FigureSpec[] = [
  spec('engine-ready', 'engine-ready-in-process', 'ms', below(30)),
  spec('serve-ready', 'engine-serve-ready-new-process', 'ms', below(700)),
  spec('scenario-overhead', 'scenario-overhead', 'ms', below(50)),
  spec('scenario-overhead', 'scenario-cluster-time', 'min'),
  spec('whole-suite', 'whole-suite', 's', below(30)),
  spec('whole-suite', 'whole-suite-scenarios', 'scenarios', atLeast(150)),
  spec('whole-suite', 'whole-suite-per-scenario', 'ms', below(200)),
  spec('assertion-reaction', 'assertion-reaction', 'ms', below(5)),
  spec('api-get', 'api-get-keepalive', 'req/s'),
  spec('api-get', 'api-get-bare-https', 'req/s'),
  spec('api-get', 'api-get-ratio-to-bare-http', '×', atLeast(0.5)),
  spec('api-list', 'api-list-10000-pods-p50', 'ms', below(150)),
  spec('api-list', 'api-list-10000-pods-p99', 'ms', below(150)),
  spec('api-list', 'api-list-10000-pods-table-p50', 'ms', below(150)),
  spec('api-list', 'api-list-10000-pods-table-p99', 'ms', below(150)),
  spec('watch-fan-out', 'watch-fan-out-200-watchers', 'events/s', atLeast(100_000)),
  spec('scheduler', 'scheduler-pods-per-second-10000-pods', 'pods/s', atLeast(5_000)),
  spec('scheduler', 'scheduler-pods-per-second-50000-pods', 'pods/s', atLeast(5_000)),
  spec('scale', 'scale-5000-nodes-150000-pods-seconds', 's', below(60)),
  spec('scale', 'scale-peak-rss', 'MiB', below(4096)),
  spec('scale', 'scale-pods-running', 'pods', atLeast(150_000)),
  spec('scale', 'bytes-per-pod', 'bytes'),
  spec('scale', 'bytes-per-node', 'bytes'),
  spec('virtual-time', 'virtual-time-one-hour', 'ms', below(100)),
  spec('rollout', 'deployment-rollout-2000-pods-seconds', 's'),
  spec('store-list', 'store-list-after-update-150000-pods', 'ms'),
  spec('store-list', 'store-list-after-create-150000-pods', 'ms'),
];

/** The bench modules, in the order they run. */
export const MODULES: readonly string[] = [...new Set(FIGURES.map((f) => f.module))];

export function figureSpec(name: string): FigureSpec {
  const found = FIGURES.find((f) => f.name === name);
  if (!found) throw new Error(`bench: no figure named ${name} in the catalogue`);
  return found;
}

/** A measured value for a catalogued figure, with the catalogue's unit and goal. */
export function figure(name: string, value: number, extra: Pick<Figure, 'compare' | 'note'> = {}): Figure {
  const { unit, goal } = figureSpec(name);
  return { name, value, unit, ...(goal ? { goal } : {}), ...extra };
}
