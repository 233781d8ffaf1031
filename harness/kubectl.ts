import { execa } from 'execa';
import { parse } from 'shell-quote';
import type { Identity } from './kube/kube-client.ts';

export interface KubectlResult {
  command: string;
  exitCode: number;
  stdout: string;
  stderr: string;
}

/** How long one kubectl command may run. */
export const KUBECTL_TIMEOUT_MS = 120_000;

/** Thrown when the real kubectl is not installed: the step is skipped with this reason. */
export class KubectlMissing extends Error {}

/**
 * Runs the real kubectl against the session's kubeconfig, as a person pasting a command from a
 * book would (`kubectl get pods -o jsonpath="{.items[0].metadata.name}"`). The command line is
 * split with shell quoting rules (see kubectlArguments).
 */
export async function runKubectl(
  commandLine: string,
  kubeconfigPath: string,
  identity: Identity = {},
): Promise<KubectlResult> {
  const args = kubectlArguments(commandLine);
  if (identity.user) args.push('--as', identity.user);
  for (const group of identity.groups ?? []) args.push('--as-group', group);
  try {
    const result = await execa('kubectl', args, {
      env: { KUBECONFIG: kubeconfigPath, KUBECTL_EXTERNAL_DIFF: '' },
      reject: false,
      timeout: KUBECTL_TIMEOUT_MS,
      stdin: 'ignore',
    });
    if (result.failed && result.exitCode === undefined) {
      const cause = (result as { cause?: { code?: string } }).cause;
      if (cause?.code === 'ENOENT') throw new KubectlMissing('kubectl is not on the PATH');
    }
    const stderr = String(result.stderr);
    return {
      command: commandLine,
      exitCode: result.exitCode ?? -1,
      stdout: String(result.stdout),
      stderr: result.timedOut
        ? `${stderr}${stderr && !stderr.endsWith('\n') ? '\n' : ''}kuke: kubectl did not finish within ${KUBECTL_TIMEOUT_MS / 1000} s and was stopped\n`
        : stderr,
    };
  } catch (error) {
    if ((error as { code?: string }).code === 'ENOENT')
      throw new KubectlMissing('kubectl is not on the PATH');
    throw error;
  }
}

/**
 * The arguments of a kubectl command line as a POSIX shell would split them (quotes, escapes),
 * without the leading `kubectl` and without a trailing `# comment`. What only a shell could do
 * (pipes, redirections, `$VARIABLES`) is refused with the reason.
 */
export function kubectlArguments(commandLine: string): string[] {
  const variables: string[] = [];
  const words = parse(commandLine.trim(), (name: string) => {
    variables.push(name);
    return '';
  });
  if (variables.length > 0)
    throw new Error(
      `kubectl step: "${commandLine}" uses $${variables[0]}, which only a shell would expand; write the value, or single-quote it to pass it on as is`,
    );
  const args: string[] = [];
  for (const word of words) {
    if (typeof word === 'string') args.push(word);
    else if ('comment' in word) break;
    // A shell passes a pattern that matches no file on as it is (`jsonpath={.items[*].x}`).
    else if (word.op === 'glob') args.push(word.pattern);
    else
      throw new Error(
        `kubectl step: shell operators such as ${word.op} are not supported in "${commandLine}"`,
      );
  }
  if (args[0] === 'kubectl') args.shift();
  return args;
}

/** Splits kubectl's column output into rows keyed by header (`NAME`, `STATUS`, …). */
export function parseKubectlTable(stdout: string): Array<Record<string, string>> {
  const lines = stdout.split('\n').filter((line) => line.trim().length > 0);
  const header = lines[0];
  if (!header) return [];
  const starts: Array<{ name: string; start: number }> = [];
  // Headers like "NOMINATED NODE" contain single spaces; kubectl separates columns by 3 or more.
  const pattern = /\S+(?: \S+)*/g;
  for (let match = pattern.exec(header); match; match = pattern.exec(header)) {
    starts.push({ name: match[0], start: match.index });
  }
  return lines.slice(1).map((line) => {
    const row: Record<string, string> = {};
    starts.forEach((column, index) => {
      const end = index + 1 < starts.length ? starts[index + 1]!.start : line.length;
      row[column.name] = line.slice(column.start, end).trim();
    });
    return row;
  });
}
