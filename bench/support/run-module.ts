// Runs one bench module in its own process (fresh heap, its own peak RSS, optional --expose-gc)
// and writes what it measured as JSON to the file named on the command line.
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { BenchContext, BenchModule, ModuleOutcome } from './bench-module.ts';
import { moduleFile } from './paths.ts';

const [moduleName, outFile, reportsDir, budget] = process.argv.slice(2);
if (!moduleName || !outFile || !reportsDir) {
  console.error('usage: run-module.ts <module> <out.json> <reports dir> [budget ms]');
  process.exit(2);
}
const plots: string[] = [];
const context: BenchContext = {
  reportsDir,
  budgetMs: Number(budget ?? 60_000),
  log: (message) => process.stderr.write(`  [${moduleName}] ${message}\n`),
  plot: (fileName, svg) => {
    mkdirSync(reportsDir, { recursive: true });
    writeFileSync(join(reportsDir, fileName), svg);
    plots.push(fileName);
  },
};
const loaded = (await import(pathToFileURL(moduleFile(moduleName)).href)) as BenchModule;
const outcome: ModuleOutcome = { figures: await loaded.run(context), plots };
writeFileSync(outFile, JSON.stringify(outcome));
// Engines and agents leave keep-alive sockets and timers behind; the module's work is done.
process.exit(0);
