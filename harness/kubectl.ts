import { execa } from 'execa';
import { parse } from 'shell-quote';
import type { Identity } from './kube/kube-client.ts';

export interface KubectlResult {
  command: string;
  exitCode: number;
  stdout: string;
  stderr: string;
}

/** Thrown when the real kubectl is not installed: the step is skipped with this reason. */
export class KubectlMissing extends Error {}

/**
 * Runs the real kubectl against the session's kubeconfig, as a person pasting a command from a
 * book would (`kubectl get pods -o jsonpath="{.items[0].metadata.name}"`). The command line is
 * split with shell quoting rules; pipes and redirections are not supported.
 */
export async function runKubectl(
  commandLine: string,
  kubeconfigPath: string,
  identity: Identity = {},
): Promise<KubectlResult> {
  const words = parse(commandLine.trim());
  const args: string[] = [];
  for (const word of words) {
    if (typeof word !== 'string')
      throw new Error(`kubectl step: shell operators are not supported in "${commandLine}"`);
    args.push(word);
  }
  if (args[0] === 'kubectl') args.shift();
  if (identity.user) args.push('--as', identity.user);
  for (const group of identity.groups ?? []) args.push('--as-group', group);
  try {
    const result = await execa('kubectl', args, {
      env: { KUBECONFIG: kubeconfigPath, KUBECTL_EXTERNAL_DIFF: '' },
      reject: false,
      timeout: 120_000,
      stdin: 'ignore',
    });
    if (result.failed && result.exitCode === undefined) {
      const cause = (result as { cause?: { code?: string } }).cause;
      if (cause?.code === 'ENOENT') throw new KubectlMissing('kubectl is not on the PATH');
    }
    return {
      command: commandLine,
      exitCode: result.exitCode ?? -1,
      stdout: String(result.stdout),
      stderr: String(result.stderr),
    };
  } catch (error) {
    if ((error as { code?: string }).code === 'ENOENT')
      throw new KubectlMissing('kubectl is not on the PATH');
    throw error;
  }
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
