import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { containerdExitError, type ExecEnd, errorChannelPayload } from './exec-status.ts';

const NOT_FOUND =
  'failed to exec in container: failed to start exec "0123": OCI runtime exec failed: exec failed: unable to start container process: exec: "foo": executable file not found in $PATH: unknown';

describe('the error channel at the end of an exec', () => {
  const exited = (exitCode: number): ExecEnd => ({
    kind: 'exited',
    exitCode,
    command: ['sh', '-c', 'exit 3'],
  });
  const cases: Array<{
    name: string;
    end: ExecEnd;
    translator: string;
    v4?: string;
    v1?: string | undefined;
  }> = [
    {
      name: 'success',
      end: exited(0),
      translator: '{"metadata":{},"status":"Success"}',
      v4: '{"metadata":{},"status":"Success"}',
      v1: undefined,
    },
    {
      name: 'a non-zero exit code',
      end: exited(3),
      // streamtranslator.go codeExitToStatusError over client-go's CodeExitError.
      translator:
        '{"metadata":{},"status":"Failure","message":"command terminated with non-zero exit code: command terminated with exit code 3","reason":"NonZeroExitCode","details":{"causes":[{"reason":"ExitCode","message":"3"}]}}',
      // The kubelet's exec.go over containerd's CodeExitError.
      v4: '{"metadata":{},"status":"Failure","message":"command terminated with non-zero exit code: error executing command [sh -c exit 3], exit code 3","reason":"NonZeroExitCode","details":{"causes":[{"reason":"ExitCode","message":"3"}]}}',
      v1: 'command terminated with non-zero exit code: error executing command [sh -c exit 3], exit code 3',
    },
    {
      name: 'a command the runtime cannot start',
      end: { kind: 'failed', error: NOT_FOUND },
      translator: JSON.stringify({
        metadata: {},
        status: 'Failure',
        message: `Internal error occurred: Internal error occurred: error executing command in container: ${NOT_FOUND}`,
        reason: 'InternalError',
        details: {
          causes: [
            { message: `Internal error occurred: error executing command in container: ${NOT_FOUND}` },
          ],
        },
        code: 500,
      }),
      v4: JSON.stringify({
        metadata: {},
        status: 'Failure',
        message: `Internal error occurred: error executing command in container: ${NOT_FOUND}`,
        reason: 'InternalError',
        details: { causes: [{ message: `error executing command in container: ${NOT_FOUND}` }] },
        code: 500,
      }),
      v1: `Internal error occurred: error executing command in container: ${NOT_FOUND}`,
    },
    {
      name: 'a container the kubelet does not run',
      end: { kind: 'refused', error: 'container not found ("web")' },
      translator:
        '{"metadata":{},"status":"Failure","message":"Internal error occurred: unable to upgrade connection: container not found (\\"web\\")","reason":"InternalError","details":{"causes":[{"message":"unable to upgrade connection: container not found (\\"web\\")"}]},"code":500}',
    },
  ];
  for (const c of cases) {
    test(c.name, () => {
      assert.equal(errorChannelPayload('translator', c.end), c.translator);
      if (c.v4 !== undefined) assert.equal(errorChannelPayload('kubelet-v4', c.end), c.v4);
      if ('v1' in c) assert.equal(errorChannelPayload('kubelet-v1', c.end), c.v1);
    });
  }

  test("containerd's exit error prints the command as Go prints a []string", () => {
    assert.equal(
      containerdExitError(['cat', '/etc/config/a b'], 1),
      'error executing command [cat /etc/config/a b], exit code 1',
    );
  });
});
