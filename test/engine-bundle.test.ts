import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { pathToFileURL } from 'node:url';
import { buildBundle, isFresh } from '../bin/engine-bundle.js';

/** A two-module TypeScript project; the dependency finds a data file next to its source. */
function project(): { root: string; entry: string; dep: string; outFile: string } {
  const root = mkdtempSync(join(tmpdir(), 'kuke-bundle-'));
  mkdirSync(join(root, 'src', 'lib'), { recursive: true });
  const entry = join(root, 'src', 'entry.ts');
  const dep = join(root, 'src', 'lib', 'dep.ts');
  writeFileSync(entry, "export { answer, dataFile } from './lib/dep.ts';\n");
  writeFileSync(
    dep,
    "import { fileURLToPath } from 'node:url';\nexport const answer: number = 41;\nexport const dataFile = fileURLToPath(new URL('./data.txt', import.meta.url));\n",
  );
  writeFileSync(join(root, 'src', 'lib', 'data.txt'), 'data');
  return { root, entry, dep, outFile: join(root, 'dist', 'entry.js') };
}

test('a bundle is fresh until a file it was built from changes or goes missing', async () => {
  const { root, entry, dep, outFile } = project();
  try {
    assert.equal(isFresh(outFile), false, 'not built yet');
    await buildBundle(entry, outFile, root);
    assert.equal(isFresh(outFile), true);

    const source = readFileSync(dep, 'utf8');
    writeFileSync(dep, source.replace('41', '42'));
    assert.equal(isFresh(outFile), false, 'a source changed');
    writeFileSync(dep, source);
    assert.equal(isFresh(outFile), true, 'the same contents again');

    rmSync(dep);
    assert.equal(isFresh(outFile), false, 'a source is gone');
    writeFileSync(dep, source);

    // A bundle from another build (a concurrent one, say) than the manifest's.
    const bundle = readFileSync(outFile, 'utf8');
    const { digest } = JSON.parse(readFileSync(outFile.replace(/\.js$/, '.json'), 'utf8')) as {
      digest: string;
    };
    assert.ok(bundle.startsWith(`// kuke engine bundle ${digest}\n`));
    writeFileSync(outFile, bundle.replace(digest, 'f'.repeat(64)));
    assert.equal(isFresh(outFile), false, 'a bundle that is not the one the manifest describes');
    writeFileSync(outFile, bundle);
    assert.equal(isFresh(outFile), true);

    rmSync(outFile.replace(/\.js$/, '.json'));
    assert.equal(isFresh(outFile), false, 'no manifest');
  } finally {
    rmSync(root, { recursive: true, force: true });
  }
});

test('a rebuilt bundle runs the current sources, and each module keeps its own import.meta.url', async () => {
  const { root, entry, dep, outFile } = project();
  try {
    await buildBundle(entry, outFile, root);
    writeFileSync(dep, readFileSync(dep, 'utf8').replace('41', '42'));
    await buildBundle(entry, outFile, root);
    assert.equal(isFresh(outFile), true);
    const loaded = (await import(`${pathToFileURL(outFile).href}?built=2`)) as {
      answer: number;
      dataFile: string;
    };
    assert.equal(loaded.answer, 42);
    assert.equal(loaded.dataFile, join(root, 'src', 'lib', 'data.txt'));
  } finally {
    rmSync(root, { recursive: true, force: true });
  }
});
