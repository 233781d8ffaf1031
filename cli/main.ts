import { Command, CommanderError } from 'commander';
import { registerCompare } from './compare.command.ts';
import { registerEngineServe } from './engine-serve.command.ts';
import { registerReport } from './report.command.ts';
import { registerRun } from './run.command.ts';
import { registerSteps } from './steps.command.ts';

const program = new Command();
program
  .name('kuke')
  .description('Kubernetes behaviour scenarios in plain English, on a bundled engine or any cluster')
  .showHelpAfterError();
registerRun(program);
registerCompare(program);
registerReport(program);
registerSteps(program);
registerEngineServe(program);

try {
  await program.parseAsync(process.argv);
} catch (error) {
  if (error instanceof CommanderError) process.exit(error.exitCode);
  console.error(`kuke: ${error instanceof Error ? error.message : String(error)}`);
  process.exit(2);
}
