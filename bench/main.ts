// `npm run bench [-- module…]`: measures the performance table on this machine, prints it and
// writes reports/bench/latest.json (plus SVG plots). Each module runs in its own process.
import { spawn } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { FIGURES, MODULES } from './figures/catalogue.ts';
import type { ModuleOutcome } from './support/bench-module.ts';
import { type Figure, isMet, missingFigure, toRecord } from './support/figure.ts';
import { machineInfo } from './support/machine.ts';
import { nowMs } from './support/measure.ts';
import { REPO_ROOT } from './support/paths.ts';
import { renderTable } from './support/report-table.ts';

interface ModulePlan {
  /** Wall time the module may plan for. */
  budgetMs: number;
  /** Killed after this long; its figures are then reported as not measured. */
  timeoutMs: number;
  nodeFlags: string[];
}

/** The whole bench must finish within five minutes on a 2-core machine. */
const TOTAL_BUDGET_MS = 265_000;
/** Modules that trade size for time run last and get what the others left. */
const RUN_LAST = ['scheduler', 'scale'];
const DEFAULT_PLAN: ModulePlan = { budgetMs: 30_000, timeoutMs: 90_000, nodeFlags: [] };

function planFor(module: string, elapsedMs: number): ModulePlan {
  const left = TOTAL_BUDGET_MS - elapsedMs;
  switch (module) {
    case 'scheduler': {
      const budgetMs = clamp(left - 110_000, 20_000, 70_000);
      return { budgetMs, timeoutMs: budgetMs + 60_000, nodeFlags: ['--max-old-space-size=4096'] };
    }
    case 'scale': {
      const budgetMs = clamp(left - 10_000, 30_000, 110_000);
      return {
        budgetMs,
        timeoutMs: budgetMs + 60_000,
        nodeFlags: ['--expose-gc', '--max-old-space-size=6144'],
      };
    }
    default:
      return DEFAULT_PLAN;
  }
}

function clamp(value: number, min: number, max: number): number {
  return Math.min(max, Math.max(min, value));
}

const REPORTS_DIR = join(REPO_ROOT, 'reports', 'bench');

async function main(): Promise<void> {
  const selected = process.argv.slice(2).filter((arg) => !arg.startsWith('-'));
  const unknown = selected.filter((m) => !MODULES.includes(m));
  if (unknown.length > 0) {
    console.error(`unknown bench module(s): ${unknown.join(', ')}; known: ${MODULES.join(', ')}`);
    process.exit(2);
  }
  const chosen = selected.length > 0 ? selected : MODULES;
  const modules = [
    ...chosen.filter((m) => !RUN_LAST.includes(m)),
    ...RUN_LAST.filter((m) => chosen.includes(m)),
  ];
  const machine = machineInfo();
  console.log(
    `kuke bench on ${machine.cpuModel} (${machine.cores} cores, ${machine.memory}), node ${machine.node}, ${machine.os}`,
  );
  mkdirSync(REPORTS_DIR, { recursive: true });
  const scratch = mkdtempSync(join(tmpdir(), 'kuke-bench-'));
  const started = nowMs();
  const figures: Figure[] = [];
  const plots: string[] = [];
  try {
    for (const module of modules) {
      const outcome = await runModule(module, scratch, planFor(module, nowMs() - started));
      figures.push(...outcome.figures);
      plots.push(...outcome.plots);
    }
  } finally {
    rmSync(scratch, { recursive: true, force: true });
  }
  const totalSeconds = (nowMs() - started) / 1000;
  figures.sort((a, b) => tableOrder(a.name) - tableOrder(b.name));
  console.log(`\n${renderTable(figures)}\n`);
  const failed = figures.filter((f) => isMet(f) === false).length;
  const goals = figures.filter((f) => isMet(f) !== undefined).length;
  console.log(`${goals - failed} of ${goals} goals met; bench took ${totalSeconds.toFixed(1)} s`);
  const latest = join(REPORTS_DIR, 'latest.json');
  writeFileSync(latest, `${JSON.stringify({ machine, figures: figures.map(toRecord) }, null, 2)}\n`);
  console.log(`written: reports/bench/latest.json${plots.map((p) => `, reports/bench/${p}`).join('')}`);
}

async function runModule(module: string, scratch: string, plan: ModulePlan): Promise<ModuleOutcome> {
  const outFile = join(scratch, `${module}.json`);
  const start = nowMs();
  process.stderr.write(`${module}…\n`);
  const exit = await new Promise<{ code: number | null; timedOut: boolean }>((resolve) => {
    const child = spawn(
      process.execPath,
      [
        ...plan.nodeFlags,
        '--import',
        'tsx',
        join(REPO_ROOT, 'bench/support/run-module.ts'),
        module,
        outFile,
        REPORTS_DIR,
        String(plan.budgetMs),
      ],
      { cwd: REPO_ROOT, stdio: ['ignore', 'ignore', 'inherit'] },
    );
    let timedOut = false;
    const timer = setTimeout(() => {
      timedOut = true;
      child.kill('SIGKILL');
    }, plan.timeoutMs);
    child.on('exit', (code) => {
      clearTimeout(timer);
      resolve({ code, timedOut });
    });
  });
  process.stderr.write(`${module} done in ${((nowMs() - start) / 1000).toFixed(1)} s\n`);
  if (exit.code === 0) return JSON.parse(readFileSync(outFile, 'utf8')) as ModuleOutcome;
  const why = exit.timedOut
    ? `not measured: the module ran over ${plan.timeoutMs / 1000} s`
    : `not measured: the module failed (exit ${exit.code})`;
  return {
    figures: FIGURES.filter((f) => f.module === module).map((f) =>
      missingFigure(f.name, f.unit, f.goal, why),
    ),
    plots: [],
  };
}

/** Catalogue order; per-item figures (`scenario-overhead-x`) right after their summary figure. */
function tableOrder(name: string): number {
  const exact = FIGURES.findIndex((f) => f.name === name);
  if (exact >= 0) return exact;
  const parent = FIGURES.findIndex((f) => name.startsWith(`${f.name}-`));
  return parent >= 0 ? parent + 0.5 : FIGURES.length;
}

await main();
