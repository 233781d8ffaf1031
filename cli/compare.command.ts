import { relative } from 'node:path';
import type { Command } from 'commander';
import type { CompareReport } from '../harness/compare/compare-report.ts';
import type { CompareProgress } from '../harness/compare/run-compare.ts';
import { addSharedRunOptions, type SharedRunOptions, sharedRunSettings } from './run-options.ts';

interface CompareCommandOptions extends SharedRunOptions {
  target: string[];
}

/** `kuke compare --target A --target B [paths…]`: the same features on each target, side by side. */
export function registerCompare(program: Command): void {
  const command = program
    .command('compare')
    .description(
      'run the same features on several targets and write a side-by-side matrix (reports/compare.html, reports/compare.json)',
    )
    .argument('[paths...]', 'feature files or directories (file.feature:LINE for one scenario)')
    .requiredOption(
      '--target <spec>',
      'a target, given twice or more: bundled[:CLUSTER] | kubeconfig[:PATH][#CONTEXT] | k3s[:IMAGE]',
      (value: string, previous: string[] = []) => [...previous, value],
    );
  addSharedRunOptions(command, 'run scenarios in N worker processes (per target)').action(
    async (paths: string[], options: CompareCommandOptions) => {
      const { runCompare } = await import('../harness/compare/run-compare.ts');
      const result = await runCompare({
        targets: options.target,
        paths,
        ...sharedRunSettings(options),
        onProgress: printProgress,
        onInterrupt: () =>
          console.error(
            '\nkuke compare: interrupted; the current target winds down, the others are not run; writing the comparison (Ctrl-C again stops at once)',
          ),
      });
      printCompareSummary(result.report, result.jsonPath, result.htmlPath);
      process.exitCode = result.report.success && !result.interrupted ? 0 : 1;
    },
  );
}

function printProgress(event: CompareProgress): void {
  if (event.kind === 'start') {
    console.log(
      `kuke compare: [${event.index + 1}/${event.total}] ${event.spec} (reports in ${relative(process.cwd(), event.reportsDir) || '.'})`,
    );
    return;
  }
  const { outcome } = event;
  const took = `${(event.wallMs / 1000).toFixed(1)}s`;
  if (!outcome.results) {
    console.log(`  could not run: ${outcome.error ?? 'unknown reason'} (${took})`);
    return;
  }
  const c = outcome.results.counts;
  const parts = [`${c.passed} passed`];
  if (c.flaky) parts.push(`${c.flaky} flaky`);
  if (c.failed) parts.push(`${c.failed} failed`);
  if (c.skipped) parts.push(`${c.skipped} skipped`);
  const other = c.undefined + c.ambiguous + c.pending;
  if (other) parts.push(`${other} undefined/ambiguous/pending`);
  console.log(
    `  ${c.total} scenarios: ${parts.join(', ')}${outcome.interrupted ? ' (interrupted)' : ''} (${took})`,
  );
}

/** The end of a comparison: each disagreement with its first differing observation, and the files. */
export function printCompareSummary(report: CompareReport, jsonPath: string, htmlPath: string): void {
  console.log(
    `\nkuke compare: ${report.rows.length} scenarios on ${report.targets.length} targets, ${report.disagreements.length} disagreement${report.disagreements.length === 1 ? '' : 's'}`,
  );
  for (const disagreement of report.disagreements) {
    const statuses = Object.entries(disagreement.statuses)
      .map(([spec, status]) => `${spec}=${status}`)
      .join(', ');
    console.log(`  differs   ${disagreement.id} ${disagreement.name} (${statuses})`);
    const first = disagreement.firstDifference;
    if (!first) continue;
    console.log(`            first difference in ${first.source}, line ${first.line}:`);
    for (const [spec, value] of Object.entries(first.values))
      console.log(`              ${spec}: ${value ?? '(not recorded)'}`);
  }
  for (const target of report.targets)
    if (!target.ran) console.log(`  ${target.spec} could not run: ${target.error ?? 'unknown reason'}`);
  console.log(
    `reports: ${relative(process.cwd(), htmlPath)}, ${relative(process.cwd(), jsonPath)} (each target's own reports under ${relative(process.cwd(), htmlPath).replace(/compare\.html$/, 'compare/')})`,
  );
}
