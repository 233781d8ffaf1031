// Image pull error texts as containerd reports them through the CRI (the kubelet shows them after
// `Failed to pull image "<image>": ` and as the ErrImagePull waiting message).
import { DEFAULT_DOMAIN } from './image-reference.ts';

/** A tag or digest that the registry does not have. */
export function tagNotFoundMessage(canonical: string): string {
  return `rpc error: code = NotFound desc = failed to pull and unpack image "${canonical}": failed to resolve reference "${canonical}": ${canonical}: not found`;
}

/** A repository that does not exist (Docker Hub answers as if it were private). */
export function repositoryNotFoundMessage(canonical: string, domain: string): string {
  if (domain !== DEFAULT_DOMAIN) return tagNotFoundMessage(canonical);
  return `rpc error: code = Unknown desc = failed to pull and unpack image "${canonical}": failed to resolve reference "${canonical}": pull access denied, repository does not exist or may require authorization: server message: insufficient_scope: authorization failed`;
}

/**
 * What runc reports when exec names a program the image does not have: looked up in $PATH for a
 * bare name, stat'ed for a path (`exec: "/bin/bash": stat /bin/bash: no such file or directory`).
 */
export function executableNotFoundMessage(program: string): string {
  const why = program.includes('/')
    ? `stat ${program}: no such file or directory`
    : 'executable file not found in $PATH';
  return `OCI runtime exec failed: exec failed: unable to start container process: exec: "${program}": ${why}: unknown`;
}

/** Exit code of an exec whose program cannot be started. */
export const EXEC_NOT_FOUND_EXIT_CODE = 126;
