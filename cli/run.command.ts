import type { Command } from 'commander';
import { addSharedRunOptions, type SharedRunOptions, sharedRunSettings } from './run-options.ts';

interface RunCommandOptions extends SharedRunOptions {
  target: string;
  shard?: string;
}

/** `kuke run [paths…]`: runs feature files against a target and writes the reports. */
export function registerRun(program: Command): void {
  const command = program
    .command('run')
    .description("run feature files (default: kuke's features/) against a target and write reports/")
    .argument('[paths...]', 'feature files or directories (file.feature:LINE for one scenario)')
    .option('--target <spec>', 'bundled[:CLUSTER] | kubeconfig[:PATH][#CONTEXT] | k3s[:IMAGE]', 'bundled')
    .option('--shard <i/n>', 'run only shard i of n (for CI)');
  addSharedRunOptions(command, 'run scenarios in N worker processes').action(
    async (paths: string[], options: RunCommandOptions) => {
      if (options.shard && !/^\d+\/\d+$/.test(options.shard))
        throw new Error(`--shard: expected INDEX/TOTAL such as 2/4, got ${options.shard}`);
      // Loaded on use, so other commands (engine serve) start without cucumber.
      const { runFeatures } = await import('../harness/run/run-features.ts');
      const { printRunSummary } = await import('./print-summary.ts');
      const result = await runFeatures({
        paths,
        target: options.target,
        ...sharedRunSettings(options),
        ...(options.shard ? { shard: options.shard } : {}),
        onInterrupt: () =>
          console.error(
            '\nkuke: interrupted; ending the current scenario, skipping the rest and writing reports (Ctrl-C again stops at once)',
          ),
      });
      await printRunSummary(result);
      process.exitCode = result.success ? 0 : 1;
    },
  );
}
