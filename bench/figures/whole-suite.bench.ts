import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { RunResults } from '../../harness/reports/results.ts';
import type { BenchContext } from '../support/bench-module.ts';
import type { Figure } from '../support/figure.ts';
import { nowMs } from '../support/measure.ts';
import { REPO_ROOT } from '../support/paths.ts';
import { figure } from './catalogue.ts';

/** Wall time of `node bin/kuke.js run` over every scenario in features/, process start to exit. */
export async function run(context: BenchContext): Promise<Figure[]> {
  const reportsDir = mkdtempSync(join(tmpdir(), 'kuke-bench-suite-'));
  try {
    const start = nowMs();
    const child = spawnSync(
      process.execPath,
      [join(REPO_ROOT, 'bin/kuke.js'), 'run', '--reports', reportsDir],
      {
        cwd: REPO_ROOT,
        encoding: 'utf8',
        env: { ...process.env, CI: '1' },
      },
    );
    const wallMs = nowMs() - start;
    if (!existsSync(join(reportsDir, 'summary.json'))) {
      const output = `${child.stdout ?? ''}${child.stderr ?? ''}`.trim().split('\n').slice(-15).join('\n');
      throw new Error(`kuke run wrote no summary (exit ${child.status}):\n${output}`);
    }
    const results = JSON.parse(readFileSync(join(reportsDir, 'summary.json'), 'utf8')) as RunResults;
    const { total, passed } = results.counts;
    context.log(
      `${total} scenarios (${passed} passed) in ${(wallMs / 1000).toFixed(2)} s, exit ${child.status}`,
    );
    const inside = results.durationMs;
    return [
      figure('whole-suite', wallMs / 1000, {
        note: `${total} scenarios, ${passed} passed; ${(inside / 1000).toFixed(2)} s inside cucumber, the rest is process start and loading`,
      }),
      figure('whole-suite-scenarios', total),
      figure('whole-suite-per-scenario', wallMs / Math.max(1, total), {
        note: `whole-suite wall / scenarios; ${(inside / Math.max(1, total)).toFixed(0)} ms inside cucumber`,
      }),
    ];
  } finally {
    rmSync(reportsDir, { recursive: true, force: true });
  }
}
