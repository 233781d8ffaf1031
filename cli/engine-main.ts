// `kuke engine …` alone: the entry point of the engine bundle bin/kuke.js builds into dist/, so
// `kuke engine serve` starts without the TypeScript loader and without the other commands.
import { registerEngineServe } from './engine-serve.command.ts';
import { runProgram } from './program.ts';

await runProgram([registerEngineServe]);
