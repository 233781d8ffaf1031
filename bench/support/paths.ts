import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

/** bench/ */
export const BENCH_ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..');
/** The repository root (bin/, features/, fixtures/). */
export const REPO_ROOT = resolve(BENCH_ROOT, '..');

export function moduleFile(module: string): string {
  return join(BENCH_ROOT, 'figures', `${module}.bench.ts`);
}
