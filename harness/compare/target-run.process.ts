/**
 * One target's run for `kuke compare`, in a process of its own: cucumber loads step definitions
 * as ES modules, which a process can load only once, and a target that hangs or crashes must
 * not take the comparison with it. Input: a JSON TargetRunInput as the first argument. Output:
 * the usual reports in input.reportsDir plus target-outcome.json.
 */
import { writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { loadConfiguration, loadSources } from '@cucumber/cucumber/api';
import { KUKE_ROOT, runFeatures } from '../run/run-features.ts';
import type { PlannedScenario } from './compare-report.ts';
import { OUTCOME_FILE, type TargetRunInput, type TargetRunOutcome } from './target-run.ts';

async function main(): Promise<void> {
  const input = JSON.parse(process.argv[2] ?? '{}') as TargetRunInput;
  const reportsDir = resolve(input.reportsDir);
  let outcome: TargetRunOutcome;
  try {
    const run = await runFeatures({
      target: input.target,
      reportsDir,
      paths: input.paths,
      quiet: true,
      ...(input.tags ? { tags: input.tags } : {}),
      ...(input.parallel ? { parallel: input.parallel } : {}),
      ...(input.retry ? { retry: input.retry } : {}),
      ...(input.seed ? { seed: input.seed } : {}),
      ...(input.imports ? { imports: input.imports } : {}),
    });
    outcome = { target: input.target, ran: true, success: run.success, interrupted: run.interrupted };
  } catch (error) {
    outcome = {
      target: input.target,
      ran: false,
      success: false,
      interrupted: false,
      error: reasonOf(error),
      planned: await plannedScenarios(input).catch(() => []),
    };
  }
  writeFileSync(join(reportsDir, OUTCOME_FILE), `${JSON.stringify(outcome, null, 2)}\n`);
}

/** The underlying reason: cucumber wraps a failing BeforeAll hook ("a BeforeAll hook errored…"). */
function reasonOf(error: unknown): string {
  let current: unknown = error;
  while (current instanceof Error && current.cause instanceof Error) current = current.cause;
  const message = current instanceof Error ? current.message : String(current);
  return message.split('\n')[0] ?? message;
}

/** The scenarios the run would have had, so a target that could not run still gets its rows. */
async function plannedScenarios(input: TargetRunInput): Promise<PlannedScenario[]> {
  const { runConfiguration } = await loadConfiguration({
    provided: {
      paths: input.paths.length ? input.paths : [join(KUKE_ROOT, 'features')],
      ...(input.tags ? { tags: input.tags } : {}),
    },
  });
  const { plan } = await loadSources(runConfiguration.sources);
  return plan.map((pickle) => ({
    id: `${pickle.uri}:${pickle.location.line}`,
    feature: pickle.uri,
    name: pickle.name,
  }));
}

await main();
process.exit(0);
