import { spawn, spawnSync } from 'node:child_process';
import { existsSync, readdirSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join, relative, resolve } from 'node:path';
import type { Command } from 'commander';

export const JAVA_MISSING =
  'Java was not found: allure-commandline needs a Java runtime (8 or later) on PATH or in JAVA_HOME. Install one (e.g. apt-get install openjdk-17-jre-headless), or read reports/cucumber.html, which needs no Java.';

/** The message when a reports folder has no Allure results to turn into a report. */
export function resultsMissing(resultsDir: string): string {
  return `no Allure results in ${resultsDir}: run "kuke run" first (it writes them there), or pass --reports DIR`;
}

export interface AllureReportOptions {
  /** The reports folder of a run: reads DIR/allure-results, writes DIR/allure-report. */
  reportsDir: string;
  /** One self-contained index.html that opens from disk without a web server. */
  singleFile?: boolean;
  /** Report title shown by Allure. */
  name?: string;
  env?: NodeJS.ProcessEnv;
}

export interface AllureReport {
  reportDir: string;
  resultFiles: number;
}

/** The java executable Allure will use (JAVA_HOME first, as the allure script does), if any runs. */
export function findJava(env: NodeJS.ProcessEnv = process.env): string | undefined {
  const candidates = [...(env.JAVA_HOME ? [join(env.JAVA_HOME, 'bin', 'java')] : []), 'java'];
  return candidates.find((java) => {
    const probe = spawnSync(java, ['-version'], { env, stdio: 'ignore' });
    return !probe.error && probe.status === 0;
  });
}

/** Runs `allure generate --clean` on a run's Allure results; never opens or serves the report. */
export async function generateAllureReport(options: AllureReportOptions): Promise<AllureReport> {
  const env = options.env ?? process.env;
  const reportsDir = resolve(options.reportsDir);
  const resultsDir = join(reportsDir, 'allure-results');
  const resultFiles = existsSync(resultsDir)
    ? readdirSync(resultsDir).filter((file) => file.endsWith('-result.json')).length
    : 0;
  if (resultFiles === 0) throw new Error(resultsMissing(displayPath(resultsDir)));
  if (!findJava(env)) throw new Error(JAVA_MISSING);
  const reportDir = join(reportsDir, 'allure-report');
  const allure = join(
    dirname(createRequire(import.meta.url).resolve('allure-commandline/package.json')),
    'dist/bin/allure',
  );
  const args = [
    'generate',
    resultsDir,
    '--clean',
    '-o',
    reportDir,
    ...(options.singleFile ? ['--single-file'] : []),
    ...(options.name ? ['--name', options.name] : []),
  ];
  // Without this the generated index.html loads Google Analytics whenever someone opens it.
  const { code, output } = await run(allure, args, { ALLURE_NO_ANALYTICS: 'true', ...env });
  if (code !== 0 || !existsSync(join(reportDir, 'index.html')))
    throw new Error(`allure generate failed (exit code ${code}):\n${output.trim()}`);
  return { reportDir, resultFiles };
}

function run(
  command: string,
  args: string[],
  env: NodeJS.ProcessEnv,
): Promise<{ code: number; output: string }> {
  return new Promise((done, fail) => {
    const child = spawn(command, args, { env, stdio: ['ignore', 'pipe', 'pipe'] });
    let output = '';
    child.stdout.setEncoding('utf8').on('data', (chunk: string) => (output += chunk));
    child.stderr.setEncoding('utf8').on('data', (chunk: string) => (output += chunk));
    child.on('error', fail);
    child.on('close', (code) => done({ code: code ?? 1, output }));
  });
}

/** `kuke report`: the Allure HTML report of the last run, generated and left on disk. */
export function registerReport(program: Command): void {
  program
    .command('report')
    .description('generate the Allure HTML report (reports/allure-report/) from the last run; opens nothing')
    .option('--reports <dir>', 'the reports folder of the run', 'reports')
    .option('--single-file', 'write one self-contained index.html (opens from disk without a web server)')
    .option('--name <title>', 'report title', 'kuke')
    .action(async (options: { reports: string; singleFile?: boolean; name: string }) => {
      const report = await generateAllureReport({
        reportsDir: options.reports,
        name: options.name,
        ...(options.singleFile ? { singleFile: true } : {}),
      });
      const index = relative(process.cwd(), join(report.reportDir, 'index.html'));
      console.log(`Allure report of ${report.resultFiles} scenario results: ${index}`);
      if (!options.singleFile)
        console.log(
          `It loads its data over HTTP: serve ${relative(process.cwd(), report.reportDir)} with any static file server to view it (or use --single-file).`,
        );
    });
}

/** A path as the user would type it: relative below the working directory, absolute elsewhere. */
function displayPath(path: string): string {
  const rel = relative(process.cwd(), path);
  return rel && !rel.startsWith('..') ? rel : path;
}
