import { registerCompare } from './compare.command.ts';
import { registerEngineServe } from './engine-serve.command.ts';
import { runProgram } from './program.ts';
import { registerReport } from './report.command.ts';
import { registerRun } from './run.command.ts';
import { registerSteps } from './steps.command.ts';

await runProgram([registerRun, registerCompare, registerReport, registerSteps, registerEngineServe]);
