import { cpSync, existsSync, mkdirSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { Writable } from 'node:stream';
import { fileURLToPath } from 'node:url';
import {
  type ISourcesCoordinates,
  loadConfiguration,
  loadSources,
  loadSupport,
  runCucumber,
} from '@cucumber/cucumber/api';
import type { Envelope } from '@cucumber/messages';
import { AllureResultsWriter } from '../reports/allure-writer.ts';
import { writeConformanceSummary } from '../reports/conformance-summary.ts';
import { markFlakyInJunit } from '../reports/junit-flaky.ts';
import { markSkipReasonsInJunit } from '../reports/junit-skipped.ts';
import { openReportFormatters, type ReportFormat } from '../reports/report-formatters.ts';
import { collectResults, type RunResults } from '../reports/results.ts';
import { ENV, makeTarget, requestInterrupt } from './run-settings.ts';

/** The kuke package's root directory (steps, features and fixtures live under it). */
export const KUKE_ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '../..');

export interface RunFeaturesOptions {
  /** Feature files or directories; default: kuke's features/. */
  paths?: string[];
  tags?: string;
  /** A `--target` spec (default `bundled`). */
  target?: string;
  parallel?: number;
  retry?: number;
  /** `INDEX/TOTAL`, e.g. `2/4`. */
  shard?: string;
  reportsDir?: string;
  seed?: string;
  /** Extra step/support files or globs (a project's own steps). */
  imports?: string[];
  /** Print cucumber's progress bar (default) or nothing. */
  quiet?: boolean;
  /** Called when the first Ctrl-C (or SIGTERM) arrives, before the run winds down. */
  onInterrupt?: () => void;
}

export interface RunFeaturesResult {
  success: boolean;
  results: RunResults;
  reportsDir: string;
  interrupted: boolean;
}

/**
 * Runs feature files with cucumber-js against one target and writes the reports under
 * reports/: cucumber HTML, message NDJSON, JSON, JUnit XML, Allure results, and the conformance
 * summary; the previous run is kept under reports/runs/<time>/.
 */
export async function runFeatures(options: RunFeaturesOptions = {}): Promise<RunFeaturesResult> {
  const reportsDir = resolve(options.reportsDir ?? 'reports');
  const spec = options.target ?? 'bundled';
  const paths = options.paths?.length ? options.paths : [join(KUKE_ROOT, 'features')];
  for (const path of paths) {
    if (!existsSync(path.replace(/:\d+$/, ''))) throw new Error(`feature path not found: ${path}`);
  }
  // Everything that can be wrong before a scenario runs is found here, before reports/ changes.
  const target = makeTarget(spec);
  const { runConfiguration } = await loadConfiguration({
    provided: {
      paths,
      import: [
        join(KUKE_ROOT, 'steps/**/*.steps.ts'),
        join(KUKE_ROOT, 'steps/support/*.ts'),
        ...(options.imports ?? []),
      ],
      // kuke runs the formatters itself, on redacted messages (see openReportFormatters).
      format: [],
      ...(options.tags ? { tags: options.tags } : {}),
      parallel: options.parallel ?? 0,
      retry: options.retry ?? 0,
      ...(options.shard ? { shard: options.shard } : {}),
      strict: true,
    },
  });
  await checkFeatureSyntax(runConfiguration.sources);
  await target.prepare();
  const interruptDir = mkdtempSync(join(tmpdir(), 'kuke-run-'));
  const shared = target.shared();
  const restoreEnv = setEnv({
    [ENV.target]: shared.spec,
    [ENV.targetName]: shared.name,
    [ENV.interruptFile]: join(interruptDir, 'interrupted'),
    ...(options.seed ? { [ENV.seed]: options.seed } : {}),
  });
  const formats: ReportFormat[] = [
    // The progress bar needs a terminal; logs (CI) get cucumber's plain progress dots.
    ...(options.quiet ? [] : [[process.stdout.isTTY ? 'progress-bar' : 'progress'] as const]),
    ['html', join(reportsDir, 'cucumber.html')],
    ['junit', join(reportsDir, 'junit.xml')],
    ['message', join(reportsDir, 'cucumber.ndjson')],
    ['json', join(reportsDir, 'cucumber.json')],
    // The Allure formatter writes results to resultsDir; its own stream must not take stdout.
    ['allure-cucumberjs/reporter', join(reportsDir, 'allure-formatter.log')],
  ];
  const allureResults = join(reportsDir, 'allure-results');
  const formatOptions = {
    resultsDir: allureResults,
    writer: new AllureResultsWriter({ resultsDir: allureResults }),
    junit: { suiteName: `kuke (${spec})` },
  };
  const environment = { cwd: process.cwd(), env: workerEnvironment(), stdout: discard() };
  const envelopes: Envelope[] = [];
  let interrupted = false;
  // Ctrl-C, or a CI runner cancelling the job (SIGTERM): finish the scenarios under way, skip
  // the rest, write the reports. A second signal stops at once.
  const onSignal = (signal: NodeJS.Signals) => {
    if (interrupted) {
      console.error(`\nkuke: second ${signal === 'SIGINT' ? 'Ctrl-C' : signal}, stopping now`);
      process.exit(signal === 'SIGINT' ? 130 : 143);
    }
    interrupted = true;
    requestInterrupt();
    options.onInterrupt?.();
  };
  process.on('SIGINT', onSignal);
  process.on('SIGTERM', onSignal);
  try {
    archivePreviousRun(reportsDir);
    mkdirSync(reportsDir, { recursive: true });
    let support: Awaited<ReturnType<typeof loadSupport>>;
    try {
      support = await loadSupport(runConfiguration, environment);
    } catch (error) {
      throw new Error(`cannot load the step definitions: ${rootCause(error)}${whereThrown(error)}`, {
        cause: error,
      });
    }
    const reports = await openReportFormatters({
      formats,
      formatOptions,
      support,
      cwd: environment.cwd,
      env: environment.env,
    });
    let success: boolean;
    try {
      ({ success } = await runCucumber({ ...runConfiguration, support }, environment, (envelope) => {
        envelopes.push(envelope);
        reports.write(envelope);
      }));
    } catch (error) {
      await reports.finish().catch(() => false);
      // A BeforeAll/AfterAll hook failed (cucumber wraps it; the reason is its cause).
      throw new Error(rootCause(error), { cause: error });
    }
    success = (await reports.finish()) && success;
    const results = collectResults(envelopes, spec);
    writeFileSync(join(reportsDir, 'summary.json'), `${JSON.stringify(results, null, 2)}\n`);
    writeConformanceSummary(results, reportsDir);
    markFlakyInJunit(join(reportsDir, 'junit.xml'), results.scenarios);
    markSkipReasonsInJunit(join(reportsDir, 'junit.xml'), results.scenarios);
    return { success: success && !interrupted, results, reportsDir, interrupted };
  } finally {
    process.off('SIGINT', onSignal);
    process.off('SIGTERM', onSignal);
    restoreEnv();
    rmSync(interruptDir, { recursive: true, force: true });
    await target.dispose();
  }
}

/** Fails before anything runs when a feature file is not valid Gherkin, naming file, line and column. */
async function checkFeatureSyntax(sources: ISourcesCoordinates): Promise<void> {
  const { errors } = await loadSources(sources);
  if (errors.length === 0) return;
  const lines = errors.map((error) => {
    const file = error.uri.startsWith('..') ? resolve(error.uri) : error.uri;
    const where = `${file}:${error.location.line}${error.location.column ? `:${error.location.column}` : ''}`;
    return `${where}: ${error.message.replace(/^\(\d+:\d+\): /, '')}`;
  });
  throw new Error(
    `${errors.length === 1 ? 'a feature file is' : 'feature files are'} not valid Gherkin:\n  ${lines.join('\n  ')}`,
  );
}

/** The innermost message of an error and its causes. */
export function rootCause(error: unknown): string {
  let current: unknown = error;
  while (current instanceof Error && current.cause instanceof Error) current = current.cause;
  return current instanceof Error ? current.message : String(current);
}

/**
 * The environment of cucumber's parallel workers: they are plain `node` processes that load the
 * TypeScript step files, so they get the same TypeScript loader as this process.
 */
export function workerEnvironment(env: NodeJS.ProcessEnv = process.env): NodeJS.ProcessEnv {
  const loader = `--import=${import.meta.resolve('tsx')}`;
  const options = env.NODE_OPTIONS ?? '';
  return options.includes(loader) ? { ...env } : { ...env, NODE_OPTIONS: `${options} ${loader}`.trim() };
}

/** ` (at FILE:LINE[:COLUMN])`: where the innermost error was thrown, outside node and node_modules. */
export function whereThrown(error: unknown): string {
  let current: unknown = error;
  while (current instanceof Error && current.cause instanceof Error) current = current.cause;
  const stack = current instanceof Error ? (current.stack ?? '') : '';
  const [first = '', ...frames] = stack.split('\n');
  // A syntax error in a module starts its stack with the place: `file:///x/steps.mjs:3`.
  const syntax = /^((?:file:\/\/)?\/\S+:\d+)$/.exec(first.trim())?.[1];
  if (syntax) return ` (at ${syntax.replace(/^file:\/\//, '')})`;
  for (const frame of frames) {
    const location = /(?:\(|^at )((?:file:\/\/)?\/[^()\s]+:\d+:\d+)\)?$/.exec(frame.trim())?.[1];
    if (location && !location.includes('/node_modules/'))
      return ` (at ${location.replace(/^file:\/\//, '')})`;
  }
  return '';
}

/** Cucumber's stdout when it has no formatter of its own: its default progress output goes nowhere. */
function discard(): Writable {
  return new Writable({
    write(_chunk, _encoding, done) {
      done();
    },
  });
}

/** Sets environment variables; the returned function puts the previous values back. */
function setEnv(values: Record<string, string>): () => void {
  const previous = Object.keys(values).map((key) => [key, process.env[key]] as const);
  Object.assign(process.env, values);
  return () => {
    for (const [key, value] of previous) {
      if (value === undefined) delete process.env[key];
      else process.env[key] = value;
    }
  };
}

/** Moves the last run's reports to reports/runs/<its time>/ so the top level always shows the latest. */
function archivePreviousRun(reportsDir: string): void {
  const summary = join(reportsDir, 'summary.json');
  if (!existsSync(summary)) return;
  const stamp = new Date().toISOString().replace(/[:.]/g, '-');
  const destination = join(reportsDir, 'runs', stamp);
  mkdirSync(destination, { recursive: true });
  for (const entry of readdirSync(reportsDir)) {
    if (entry === 'runs' || entry === 'README.md' || entry === 'bench' || entry.startsWith('compare'))
      continue;
    cpSync(join(reportsDir, entry), join(destination, entry), { recursive: true });
    rmSync(join(reportsDir, entry), { recursive: true, force: true });
  }
}
