import { parseKubectlTable } from '../harness/kubectl.ts';
import { redactText } from '../harness/reports/redact.ts';
import { defineStep } from './support/step-registry.ts';
import type { KukeWorld } from './world.ts';

const domain = 'kubectl';

defineStep(
  {
    domain,
    keyword: 'When',
    pattern: 'I run {string}',
    example: 'When I run "kubectl get pods -o wide"',
    description:
      'Runs the real kubectl against the target (scenario namespace by default); the output is kept for the next checks.',
  },
  async function (this: KukeWorld, command: string) {
    await this.kubectl(this.fill(command));
  },
);

defineStep(
  {
    domain,
    keyword: 'Then',
    pattern: 'kubectl exits with code {int}',
    example: 'Then kubectl exits with code 1',
    description: 'The exit code of the last kubectl run.',
  },
  function (this: KukeWorld, code: number) {
    const run = lastRun(this);
    if (run.exitCode !== code)
      throw new Error(
        `kubectl exited with ${run.exitCode}, expected ${code}\nstdout: ${redactText(run.stdout)}\nstderr: ${run.stderr}`,
      );
  },
);

defineStep(
  {
    domain,
    keyword: 'Then',
    pattern: 'kubectl prints:',
    example: 'Then kubectl prints:\n  """\n  no\n  """',
    description: 'The exact standard output of the last kubectl run (trailing whitespace ignored).',
  },
  function (this: KukeWorld, expected: string) {
    const run = lastRun(this);
    if (run.stdout.trimEnd() !== this.fill(expected).trimEnd()) {
      throw new Error(`kubectl printed:\n${redactText(run.stdout)}\nexpected:\n${redactText(expected)}`);
    }
  },
);

defineStep(
  {
    domain,
    keyword: 'Then',
    pattern: 'kubectl output contains {string}',
    example: 'Then kubectl output contains "OOMKilled"',
    description: 'Standard output or error of the last kubectl run contains the text.',
  },
  function (this: KukeWorld, text: string) {
    const run = lastRun(this);
    const wanted = this.fill(text);
    if (!run.stdout.includes(wanted) && !run.stderr.includes(wanted)) {
      throw new Error(`kubectl output does not contain "${wanted}":\n${redactText(run.stdout)}${run.stderr}`);
    }
  },
);

defineStep(
  {
    domain,
    keyword: 'Then',
    pattern: 'kubectl shows a row with {word} {string} and {word} {string}',
    example: 'Then kubectl shows a row with NAME "memory-hog" and STATUS "CrashLoopBackOff"',
    description: 'A row of the last kubectl table output has both column values.',
  },
  function (this: KukeWorld, column1: string, value1: string, column2: string, value2: string) {
    const rows = parseKubectlTable(lastRun(this).stdout);
    if (!rows.some((row) => row[column1] === value1 && row[column2] === value2)) {
      throw new Error(
        `no row with ${column1}=${value1} and ${column2}=${value2} in:\n${redactText(lastRun(this).stdout)}`,
      );
    }
  },
);

function lastRun(world: KukeWorld) {
  if (!world.lastKubectl) throw new Error('no kubectl command was run in this scenario');
  return world.lastKubectl;
}
