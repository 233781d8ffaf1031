import { spawn } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { RunResults } from '../reports/results.ts';
import { parseTarget } from '../targets/target-spec.ts';
import { compareHtml } from './compare-html.ts';
import { buildCompareReport, type CompareReport, type TargetOutcome } from './compare-report.ts';
import { readEnvelopes, scenarioAttachments } from './scenario-attachments.ts';
import { OUTCOME_FILE, type TargetRunInput, type TargetRunOutcome } from './target-run.ts';
import { targetSlugs } from './target-slug.ts';

export interface CompareOptions {
  /** Two or more `--target` specs, run one after another in this order. */
  targets: string[];
  /** Feature files or directories; default: kuke's features/. */
  paths?: string[];
  tags?: string;
  /** Where compare.json, compare.html and compare/<target>/ go (default `reports`). */
  reportsDir?: string;
  /** The folder paths are relative to, and scenario ids too (default: the current directory). */
  cwd?: string;
  parallel?: number;
  retry?: number;
  seed?: string;
  imports?: string[];
  /** Told when each target starts and when it is done. */
  onProgress?: (event: CompareProgress) => void;
  /** Called at the first Ctrl-C: the current target finishes, the rest are not run. */
  onInterrupt?: () => void;
}

export type CompareProgress =
  | { kind: 'start'; spec: string; index: number; total: number; reportsDir: string }
  | { kind: 'done'; spec: string; outcome: TargetOutcome; wallMs: number };

export interface CompareRunResult {
  report: CompareReport;
  jsonPath: string;
  htmlPath: string;
  interrupted: boolean;
}

const WORKER = fileURLToPath(new URL('./target-run.process.ts', import.meta.url));

/**
 * Runs the same features on each target in turn, each with its own reports under
 * reports/compare/<target>/, then writes the scenario × target matrix to reports/compare.json
 * and reports/compare.html.
 */
export async function runCompare(options: CompareOptions): Promise<CompareRunResult> {
  if (options.targets.length < 2)
    throw new Error('kuke compare needs at least two targets, e.g. --target bundled --target kubeconfig');
  for (const spec of options.targets) parseTarget(spec);
  const paths = options.paths ?? [];
  const cwd = resolve(options.cwd ?? '.');
  for (const path of paths)
    if (!existsSync(resolve(cwd, path.replace(/:\d+$/, ''))))
      throw new Error(`feature path not found: ${path}`);
  const reportsDir = resolve(cwd, options.reportsDir ?? 'reports');
  mkdirSync(reportsDir, { recursive: true });
  const slugs = targetSlugs(options.targets);
  const started = Date.now();
  let interrupted = false;
  const onSigint = () => {
    if (interrupted) process.exit(130);
    interrupted = true;
    options.onInterrupt?.();
  };
  process.on('SIGINT', onSigint);
  const outcomes: TargetOutcome[] = [];
  try {
    for (const [index, spec] of options.targets.entries()) {
      const dir = join(reportsDir, 'compare', slugs[index]!);
      const relativeDir = relative(reportsDir, dir).split('\\').join('/');
      if (interrupted) {
        outcomes.push({ spec, reportsDir: relativeDir, error: 'the comparison was interrupted' });
        continue;
      }
      options.onProgress?.({ kind: 'start', spec, index, total: options.targets.length, reportsDir: dir });
      const wallStart = Date.now();
      const outcome = await runTarget(cwd, {
        target: spec,
        reportsDir: dir,
        paths,
        ...(options.tags ? { tags: options.tags } : {}),
        ...(options.parallel ? { parallel: options.parallel } : {}),
        ...(options.retry ? { retry: options.retry } : {}),
        ...(options.seed ? { seed: options.seed } : {}),
        ...(options.imports ? { imports: options.imports } : {}),
      });
      const full = { ...outcome, reportsDir: relativeDir };
      outcomes.push(full);
      options.onProgress?.({ kind: 'done', spec, outcome: full, wallMs: Date.now() - wallStart });
    }
  } finally {
    process.off('SIGINT', onSigint);
  }
  const report = buildCompareReport({
    startedAt: new Date(started).toISOString(),
    durationMs: Date.now() - started,
    paths,
    ...(options.tags ? { tags: options.tags } : {}),
    outcomes,
  });
  const jsonPath = join(reportsDir, 'compare.json');
  const htmlPath = join(reportsDir, 'compare.html');
  writeFileSync(jsonPath, `${JSON.stringify(report, null, 2)}\n`);
  writeFileSync(htmlPath, compareHtml(report));
  return { report, jsonPath, htmlPath, interrupted };
}

/** Runs one target in a child process and reads back its results and attachments. */
async function runTarget(cwd: string, input: TargetRunInput): Promise<TargetOutcome> {
  mkdirSync(input.reportsDir, { recursive: true });
  const outcomeFile = join(input.reportsDir, OUTCOME_FILE);
  const { code, stderr } = await runWorker(cwd, input);
  const outcome = existsSync(outcomeFile)
    ? (JSON.parse(readFileSync(outcomeFile, 'utf8')) as TargetRunOutcome)
    : undefined;
  const base = { spec: input.target, reportsDir: input.reportsDir };
  if (!outcome) return { ...base, error: `the run stopped (exit code ${code})${lastLine(stderr)}` };
  if (!outcome.ran)
    return {
      ...base,
      error: outcome.error ?? 'the target could not run',
      ...(outcome.planned ? { planned: outcome.planned } : {}),
    };
  const results = JSON.parse(readFileSync(join(input.reportsDir, 'summary.json'), 'utf8')) as RunResults;
  const ndjson = join(input.reportsDir, 'cucumber.ndjson');
  return {
    ...base,
    results,
    attachments: existsSync(ndjson) ? scenarioAttachments(readEnvelopes(ndjson)) : new Map(),
    interrupted: outcome.interrupted,
  };
}

function runWorker(cwd: string, input: TargetRunInput): Promise<{ code: number; stderr: string }> {
  return new Promise((done, fail) => {
    const child = spawn(
      process.execPath,
      ['--import', import.meta.resolve('tsx'), WORKER, JSON.stringify(input)],
      { cwd, stdio: ['ignore', 'ignore', 'pipe'] },
    );
    let stderr = '';
    child.stderr.setEncoding('utf8');
    child.stderr.on('data', (chunk: string) => {
      stderr = (stderr + chunk).slice(-20_000);
    });
    child.on('error', fail);
    child.on('close', (code, signal) => done({ code: code ?? (signal ? 128 : 1), stderr }));
  });
}

function lastLine(text: string): string {
  const line = text
    .split('\n')
    .map((l) => l.trim())
    .filter(Boolean)
    .at(-1);
  return line ? `: ${line}` : '';
}
