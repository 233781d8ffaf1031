#!/usr/bin/env node
// The kuke command. `kuke engine …` runs the engine bundle in dist/ (built from the TypeScript
// sources by bin/engine-bundle.js, and rebuilt whenever one of them changes); every other
// command, and the engine when no bundle can be built, registers the TypeScript loader and runs
// cli/main.ts.
const bundle =
  process.argv[2] === 'engine' ? await (await import('./engine-bundle.js')).engineBundle() : undefined;
if (bundle) {
  await import(bundle);
} else {
  const { register } = await import('tsx/esm/api');
  register();
  await import('../cli/main.ts');
}
