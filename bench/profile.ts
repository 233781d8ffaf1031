// `npx tsx bench/profile.ts <module> [lines]`: runs one bench module under `node --cpu-prof`,
// keeps the profile in reports/bench/profiles/ (open it in Chrome DevTools) and prints the
// functions that took the most time, by self and by inclusive time.
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, renameSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { MODULES } from './figures/catalogue.ts';
import { type CpuProfile, summarizeProfile } from './support/cpu-profile.ts';
import { REPO_ROOT } from './support/paths.ts';

const [module, linesArg] = process.argv.slice(2);
if (!module || !MODULES.includes(module)) {
  console.error(`usage: tsx bench/profile.ts <module> [lines]; modules: ${MODULES.join(', ')}`);
  process.exit(2);
}
const reportsDir = join(REPO_ROOT, 'reports', 'bench');
const profileDir = mkdtempSync(join(tmpdir(), 'kuke-profile-'));
const scratch = join(profileDir, 'outcome.json');
const run = spawnSync(
  process.execPath,
  [
    '--cpu-prof',
    `--cpu-prof-dir=${profileDir}`,
    '--expose-gc',
    '--max-old-space-size=6144',
    '--import',
    'tsx',
    join(REPO_ROOT, 'bench/support/run-module.ts'),
    module,
    scratch,
    reportsDir,
    '100000',
  ],
  { cwd: REPO_ROOT, stdio: ['ignore', 'ignore', 'inherit'] },
);
if (run.status !== 0) process.exit(run.status ?? 1);
// The module's own process writes the largest profile; helper processes write small ones.
const [largest] = readdirSync(profileDir)
  .filter((f) => f.endsWith('.cpuprofile'))
  .sort((a, b) => statSync(join(profileDir, b)).size - statSync(join(profileDir, a)).size);
if (!largest) throw new Error('no CPU profile was written');
const kept = join(reportsDir, 'profiles', `${module}.cpuprofile`);
mkdirSync(join(reportsDir, 'profiles'), { recursive: true });
renameSync(join(profileDir, largest), kept);
rmSync(profileDir, { recursive: true, force: true });
const summary = summarizeProfile(
  JSON.parse(readFileSync(kept, 'utf8')) as CpuProfile,
  Number(linesArg ?? 25),
);
for (const [title, lines] of [
  ['self time', summary.self],
  ['inclusive time', summary.inclusive],
] as const) {
  console.log(`\n${module}: ${title}`);
  for (const line of lines) console.log(`${line.percent.toFixed(1).padStart(6)}%  ${line.frame}`);
}
console.log(`\nprofile: ${kept}`);
