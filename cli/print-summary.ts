import { relative } from 'node:path';
import { closestSteps } from '../harness/catalogue/closest-steps.ts';
import { loadStepCatalogue } from '../harness/catalogue/step-catalogue.ts';
import type { RunFeaturesResult } from '../harness/run/run-features.ts';

/** The end-of-run summary: counts, where the reports are, and each scenario that did not pass. */
export async function printRunSummary(run: RunFeaturesResult): Promise<void> {
  const { counts, target, scenarios } = run.results;
  const parts = [`${counts.passed} passed`];
  if (counts.flaky) parts.push(`${counts.flaky} flaky`);
  if (counts.failed) parts.push(`${counts.failed} failed`);
  if (counts.skipped) parts.push(`${counts.skipped} skipped`);
  const other = counts.undefined + counts.ambiguous + counts.pending;
  if (other) parts.push(`${other} undefined/ambiguous/pending`);
  console.log(
    `\nkuke on ${target}: ${counts.total} scenarios: ${parts.join(', ')}${run.interrupted ? ' (interrupted)' : ''}`,
  );
  for (const scenario of scenarios) {
    if (scenario.status === 'passed') continue;
    const why = scenario.message ? `: ${scenario.message.split('\n')[0]}` : '';
    console.log(`  ${scenario.status.padEnd(9)} ${scenario.id} ${scenario.name}${why}`);
    if (scenario.status === 'ambiguous' && scenario.step) {
      const candidates = scenario.candidates ?? [];
      console.log(
        `            "${scenario.step}" matches ${candidates.length || 'several'} step definitions; remove or reword all but one:`,
      );
      const width = Math.max(0, ...candidates.map((c) => c.pattern.length));
      for (const candidate of candidates)
        console.log(`              ${candidate.pattern.padEnd(width)}    (${candidate.location})`);
    }
    if (scenario.status === 'undefined' && scenario.step) {
      const suggestions = closestSteps(scenario.step, await loadStepCatalogue());
      console.log(`            no step matches "${scenario.step}"; closest existing steps:`);
      for (const entry of suggestions)
        console.log(
          `              ${entry.keyword} ${entry.pattern}    (e.g. ${entry.example.split('\n')[0]})`,
        );
    }
  }
  const dir = relative(process.cwd(), run.reportsDir) || '.';
  console.log(
    `reports: ${dir}/cucumber.html, ${dir}/junit.xml, ${dir}/conformance.html (allure results in ${dir}/allure-results)`,
  );
}
