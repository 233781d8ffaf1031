import { Command, CommanderError } from 'commander';

/** Registers one command (and its subcommands) on the kuke program. */
export type RegisterCommand = (program: Command) => void;

/**
 * Builds the kuke program with the given commands and runs it on process.argv: a usage error
 * exits with commander's code, any other error prints `kuke: <message>` and exits 2.
 */
export async function runProgram(commands: RegisterCommand[]): Promise<void> {
  const program = new Command();
  program
    .name('kuke')
    .description('Kubernetes behaviour scenarios in plain English, on a bundled engine or any cluster')
    .showHelpAfterError();
  for (const register of commands) register(program);
  try {
    await program.parseAsync(process.argv);
  } catch (error) {
    if (error instanceof CommanderError) process.exit(error.exitCode);
    console.error(`kuke: ${error instanceof Error ? error.message : String(error)}`);
    process.exit(2);
  }
}
