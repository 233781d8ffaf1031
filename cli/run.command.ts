import type { Command } from 'commander';
import { runFeatures } from '../harness/run/run-features.ts';
import { printRunSummary } from './print-summary.ts';

interface RunCommandOptions {
  tags?: string;
  target: string;
  parallel: string;
  retry: string;
  shard?: string;
  reports: string;
  seed?: string;
  import?: string[];
}

/** `kuke run [paths…]`: runs feature files against a target and writes the reports. */
export function registerRun(program: Command): void {
  program
    .command('run')
    .description("run feature files (default: kuke's features/) against a target and write reports/")
    .argument('[paths...]', 'feature files or directories (file.feature:LINE for one scenario)')
    .option(
      '-t, --tags <expression>',
      'only scenarios matching this tag expression, e.g. "@headline and not @slow"',
    )
    .option('--target <spec>', 'bundled[:CLUSTER] | kubeconfig[:PATH][#CONTEXT] | k3s[:IMAGE]', 'bundled')
    .option('--parallel <n>', 'run scenarios in N worker processes', '0')
    .option(
      '--retry <n>',
      'retry failing scenarios N times (passes after a retry are reported as flaky)',
      '0',
    )
    .option('--shard <i/n>', 'run only shard i of n (for CI)')
    .option('--reports <dir>', 'where to write reports', 'reports')
    .option('--seed <seed>', "fix the bundled engine's random choices (default: kuke)")
    .option('--import <glob...>', 'extra step definition files (your own steps)')
    .action(async (paths: string[], options: RunCommandOptions) => {
      const parallel = Number(options.parallel);
      const retry = Number(options.retry);
      if (!Number.isInteger(parallel) || parallel < 0)
        throw new Error(`--parallel: expected a whole number, got ${options.parallel}`);
      if (!Number.isInteger(retry) || retry < 0)
        throw new Error(`--retry: expected a whole number, got ${options.retry}`);
      if (options.shard && !/^\d+\/\d+$/.test(options.shard))
        throw new Error(`--shard: expected INDEX/TOTAL such as 2/4, got ${options.shard}`);
      const result = await runFeatures({
        paths,
        target: options.target,
        parallel,
        retry,
        reportsDir: options.reports,
        ...(options.tags ? { tags: options.tags } : {}),
        ...(options.shard ? { shard: options.shard } : {}),
        ...(options.seed ? { seed: options.seed } : {}),
        ...(options.import ? { imports: options.import } : {}),
        onInterrupt: () =>
          console.error(
            '\nkuke: interrupted; ending the current scenario, skipping the rest and writing reports (Ctrl-C again stops at once)',
          ),
      });
      await printRunSummary(result);
      process.exitCode = result.success ? 0 : 1;
    });
}
