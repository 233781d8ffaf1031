import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Engine, type EngineOptions } from '../../engine/engine.ts';
import { runFeatures } from '../../harness/run/run-features.ts';
import type { BenchContext } from '../support/bench-module.ts';
import { below, type Figure } from '../support/figure.ts';
import { median } from '../support/measure.ts';
import { REPO_ROOT } from '../support/paths.ts';
import { figure } from './catalogue.ts';

const HEADLINE_TAG = '@headline';

/**
 * Runs the headline scenarios through runFeatures on the bundled target and takes each
 * scenario's wall time from its result. The cluster time inside each scenario is read from its
 * engine: the bundled target starts one Engine per scenario (seeded with the scenario id), so
 * wrapping Engine.start records each engine's virtual clock at start and at stop.
 */
export async function run(context: BenchContext): Promise<Figure[]> {
  const clusterTime = recordClusterTime();
  const reportsDir = mkdtempSync(join(tmpdir(), 'kuke-bench-scenarios-'));
  try {
    const outcome = await runFeatures({
      paths: [join(REPO_ROOT, 'features')],
      tags: HEADLINE_TAG,
      quiet: true,
      reportsDir,
    });
    const scenarios = outcome.results.scenarios;
    if (scenarios.length === 0) throw new Error('no headline scenarios ran');
    const failed = scenarios.filter((s) => s.status !== 'passed');
    const perScenario: Figure[] = scenarios.map((s) => {
      const virtualMs = clusterTime.get(s.id) ?? 0;
      return {
        name: `scenario-overhead-${slug(s.id)}`,
        value: s.durationMs,
        unit: 'ms',
        goal: below(50),
        note: `${s.status}; ${formatMinutes(virtualMs)} of cluster time inside`,
      };
    });
    for (const f of perScenario) context.log(`${f.name}: ${f.value} ms (${f.note})`);
    const walls = scenarios.map((s) => s.durationMs);
    const totalVirtualMs = [...clusterTime.values()].reduce((a, b) => a + b, 0);
    return [
      figure('scenario-overhead', Math.max(...walls), {
        note: `slowest of ${scenarios.length} headline scenarios (median ${median(walls).toFixed(0)} ms)${failed.length ? `; ${failed.length} did not pass` : ''}`,
      }),
      figure('scenario-cluster-time', totalVirtualMs / 60_000, {
        note: `virtual time inside the ${scenarios.length} headline scenarios, in ${(walls.reduce((a, b) => a + b, 0) / 1000).toFixed(2)} s of wall time`,
      }),
      ...perScenario,
    ];
  } finally {
    rmSync(reportsDir, { recursive: true, force: true });
  }
}

/** Cluster time each scenario's engine went through, keyed by scenario id (`features/x.feature:6`). */
function recordClusterTime(): Map<string, number> {
  const elapsed = new Map<string, number>();
  const start = Engine.start.bind(Engine);
  Engine.start = async (options: EngineOptions = {}) => {
    const engine = await start(options);
    const id = String(options.seed ?? '').replace(/^[^:]*:/, '');
    const startedAt = engine.clock.now();
    const stop = engine.stop.bind(engine);
    engine.stop = async () => {
      elapsed.set(id, engine.clock.now() - startedAt);
      await stop();
    };
    return engine;
  };
  return elapsed;
}

/** `features/rbac-denial.feature:41` → `rbac-denial-41`. */
function slug(id: string): string {
  return id
    .replace(/^features\//, '')
    .replace(/\.feature/, '')
    .replace(/[^a-z0-9]+/gi, '-')
    .toLowerCase();
}

function formatMinutes(ms: number): string {
  return ms >= 60_000 ? `${(ms / 60_000).toFixed(1)} min` : `${(ms / 1000).toFixed(0)} s`;
}
