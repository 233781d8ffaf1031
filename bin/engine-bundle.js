// The engine bundle: `kuke engine …` runs dist/engine-main.js, one file that esbuild builds from
// cli/engine-main.ts and everything it imports (the engine and the packages it uses), so the
// engine starts without the TypeScript loader and without resolving some 600 modules one by one.
//
// dist/engine-main.json lists every file the bundle was built from (sources, packages and their
// package.json files, tsconfig.json, this file, esbuild's version) with one digest of their
// contents, and the bundle starts with the same digest. Before each start the files are read
// again: if any changed, appeared or went missing, the bundle is rebuilt first, and if that is
// not possible the caller runs the TypeScript sources. A bundle older than its sources never runs.
import { createHash } from 'node:crypto';
import {
  closeSync,
  existsSync,
  mkdirSync,
  openSync,
  readFileSync,
  readSync,
  renameSync,
  writeFileSync,
} from 'node:fs';
import { dirname, extname, join, relative, resolve, sep } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const HEADER = '// kuke engine bundle ';
const PLACEHOLDER = '0'.repeat(64);
const LOADERS = {
  '.ts': 'ts',
  '.mts': 'ts',
  '.cts': 'ts',
  '.js': 'js',
  '.mjs': 'js',
  '.cjs': 'js',
  '.json': 'json',
};
const CODE = new Set(['ts', 'js']);

/**
 * The `file:` URL of an up-to-date engine bundle under `<root>/dist/`, building it when it is
 * missing or out of date; undefined when it cannot be built (then run the sources).
 */
export async function engineBundle(root = ROOT) {
  const entry = join(root, 'cli', 'engine-main.ts');
  const outFile = join(root, 'dist', 'engine-main.js');
  try {
    if (!isFresh(outFile)) await buildBundle(entry, outFile, root);
    return pathToFileURL(outFile).href;
  } catch (error) {
    // esbuild's message is only a count; its first error says what went wrong
    const reason = error?.errors?.[0]?.text ?? (error instanceof Error ? error.message : String(error));
    process.stderr.write(`kuke: running the engine from its TypeScript sources (no bundle: ${reason})\n`);
    return undefined;
  }
}

/** Whether the bundle exists and every file it was built from still has the contents it had then. */
export function isFresh(outFile) {
  const manifestFile = manifestOf(outFile);
  try {
    const manifest = JSON.parse(readFileSync(manifestFile, 'utf8'));
    const base = dirname(manifestFile);
    const digest = digestOf(
      manifest.inputs.map((path) => resolve(base, path)),
      base,
    );
    return digest === manifest.digest && headerDigest(outFile) === digest;
  } catch {
    return false; // no bundle or manifest yet, or an input is gone
  }
}

/**
 * Builds `outFile` (an ES module) from `entry` and writes its manifest next to it. Each module
 * keeps the `import.meta.url` of its source file, so files found relative to it (fixtures,
 * generated schemas) are found from the bundle too. Bundle and manifest are written to
 * temporary names and renamed, so concurrent builds and readers see whole files.
 */
export async function buildBundle(entry, outFile, root = ROOT) {
  const esbuild = await import('esbuild');
  const outDir = dirname(outFile);
  const loaded = new Set();
  const rewriteImportMetaUrl = {
    name: 'source-import-meta-url',
    setup(build) {
      build.onLoad({ filter: /.*/ }, (args) => {
        const loader = LOADERS[extname(args.path)] ?? 'default';
        loaded.add(args.path);
        let contents = readFileSync(args.path, 'utf8');
        if (CODE.has(loader) && contents.includes('import.meta.url')) {
          const url = JSON.stringify(relativeUrl(outDir, args.path));
          contents = contents.replaceAll('import.meta.url', `new URL(${url}, import.meta.url).href`);
        }
        return { contents, loader };
      });
    },
  };
  let result;
  try {
    result = await esbuild.build({
      entryPoints: [entry],
      bundle: true,
      platform: 'node',
      format: 'esm',
      target: 'node20',
      keepNames: true,
      sourcemap: 'linked',
      sourcesContent: false,
      write: false,
      outfile: outFile,
      // optional native helpers of ws, loaded only when installed
      external: ['bufferutil', 'utf-8-validate'],
      // packages written as CommonJS call require()
      banner: {
        js: `${HEADER}${PLACEHOLDER}\nimport { createRequire as kukeCreateRequire } from 'node:module';\nconst require = kukeCreateRequire(import.meta.url);`,
      },
      plugins: [rewriteImportMetaUrl],
      logLevel: 'silent',
    });
  } finally {
    await esbuild.stop();
  }
  const builder = [fileURLToPath(import.meta.url), join(root, 'node_modules', 'esbuild', 'package.json')];
  const inputs = [...new Set([...loaded, ...packageFilesOf(loaded), join(root, 'tsconfig.json'), ...builder])]
    .filter((path) => existsSync(path))
    .sort();
  const digest = digestOf(inputs, outDir);
  mkdirSync(outDir, { recursive: true });
  const temporary = `.${process.pid}.tmp`;
  for (const file of result.outputFiles) {
    const text = file.path === outFile ? file.text.replace(HEADER + PLACEHOLDER, HEADER + digest) : file.text;
    writeFileSync(file.path + temporary, text);
  }
  const manifestFile = manifestOf(outFile);
  writeFileSync(
    manifestFile + temporary,
    `${JSON.stringify({ digest, inputs: inputs.map((path) => relative(outDir, path)) }, null, 1)}\n`,
  );
  for (const file of result.outputFiles) renameSync(file.path + temporary, file.path);
  renameSync(manifestFile + temporary, manifestFile);
}

/** sha256 over each file's path (relative to `base`) and contents. */
function digestOf(paths, base) {
  const hash = createHash('sha256');
  for (const path of paths) {
    hash.update(`${relative(base, path)}\0`);
    hash.update(readFileSync(path));
    hash.update('\0');
  }
  return hash.digest('hex');
}

/** The package.json of every package a bundled file belongs to (it steers how imports resolve). */
function packageFilesOf(files) {
  const packages = new Set();
  for (const file of files) {
    const at = file.lastIndexOf(`${sep}node_modules${sep}`);
    if (at < 0) continue;
    const [first, second] = file.slice(at + 14).split(sep);
    packages.add(
      join(file.slice(0, at + 14), first.startsWith('@') ? join(first, second) : first, 'package.json'),
    );
  }
  return packages;
}

function manifestOf(outFile) {
  return outFile.replace(/\.js$/, '.json');
}

/** The digest in the bundle's first line. */
function headerDigest(outFile) {
  const buffer = Buffer.alloc(HEADER.length + 64);
  const fd = openSync(outFile, 'r');
  try {
    readSync(fd, buffer, 0, buffer.length, 0);
  } finally {
    closeSync(fd);
  }
  const text = buffer.toString('utf8');
  return text.startsWith(HEADER) ? text.slice(HEADER.length) : undefined;
}

/** A relative URL from a directory to a file. */
function relativeUrl(fromDir, file) {
  return relative(fromDir, file).split(sep).map(encodeURIComponent).join('/');
}
