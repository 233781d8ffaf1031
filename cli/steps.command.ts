import type { Command } from 'commander';

/** `kuke steps`: prints the step vocabulary with an example for each step. */
export function registerSteps(program: Command): void {
  program
    .command('steps')
    .description('print every step with an example (--markdown for docs/steps.md)')
    .option('--markdown', 'print Markdown, as in docs/steps.md')
    .action(async (options: { markdown?: boolean }) => {
      const { loadStepCatalogue, stepsMarkdown, stepsText } = await import(
        '../harness/catalogue/step-catalogue.ts'
      );
      const entries = await loadStepCatalogue();
      process.stdout.write(options.markdown ? stepsMarkdown(entries) : stepsText(entries));
    });
}
