import { type Command, InvalidArgumentError } from 'commander';

/** Options `kuke run` and `kuke compare` share, parsed and checked once. */
export interface SharedRunOptions {
  tags?: string;
  parallel: number;
  retry: number;
  reports: string;
  seed?: string;
  import?: string[];
}

function wholeNumber(value: string): number {
  const number = Number(value);
  if (!Number.isInteger(number) || number < 0)
    throw new InvalidArgumentError(`expected a whole number, got ${value}`);
  return number;
}

/** Adds the options every feature run takes (tags, workers, retries, reports, seed, own steps). */
export function addSharedRunOptions(command: Command, parallelHelp: string): Command {
  return command
    .option(
      '-t, --tags <expression>',
      'only scenarios matching this tag expression, e.g. "@headline and not @slow"',
    )
    .option('--parallel <n>', parallelHelp, wholeNumber, 0)
    .option(
      '--retry <n>',
      'retry failing scenarios N times (passes after a retry are reported as flaky)',
      wholeNumber,
      0,
    )
    .option('--reports <dir>', 'where to write reports', 'reports')
    .option('--seed <seed>', "fix the bundled engine's random choices (default: kuke)")
    .option('--import <glob...>', 'extra step definition files (your own steps)');
}

/** The shared options as runFeatures/runCompare take them. */
export function sharedRunSettings(options: SharedRunOptions) {
  return {
    parallel: options.parallel,
    retry: options.retry,
    reportsDir: options.reports,
    ...(options.tags ? { tags: options.tags } : {}),
    ...(options.seed ? { seed: options.seed } : {}),
    ...(options.import ? { imports: options.import } : {}),
  };
}
