import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import type { WebSocketConnection } from '../handlers/types.ts';
import { type ChannelProtocol, negotiateChannelProtocol } from './channel-protocol.ts';
import { type ExecStreams, serveExecSession } from './exec-session.ts';
import type { ExecOutcome, ExecTarget } from './exec-target.ts';

/** A connection that records what the server sent, as [channel, text] pairs. */
class FakeConnection implements WebSocketConnection {
  readonly sent: Array<[number, string]> = [];
  closed = false;
  private messageListener: ((message: Uint8Array) => void) | undefined;
  private closeListener: (() => void) | undefined;

  send(message: Uint8Array | string): void {
    if (typeof message === 'string') {
      this.sent.push([message.charCodeAt(0) - 48, Buffer.from(message.slice(1), 'base64').toString()]);
    } else this.sent.push([message[0]!, Buffer.from(message.subarray(1)).toString()]);
  }
  close(): void {
    this.closed = true;
  }
  onMessage(listener: (message: Uint8Array) => void): void {
    this.messageListener = listener;
  }
  onClose(listener: () => void): void {
    this.closeListener = listener;
  }
  receive(...bytes: Array<number | string>): void {
    const parts = bytes.map((b) => (typeof b === 'number' ? Buffer.from([b]) : Buffer.from(b)));
    this.messageListener?.(Buffer.concat(parts));
  }
  goAway(): void {
    this.closeListener?.();
  }
}

/** A target that echoes its input like `cat`, or answers with a fixed outcome. */
function target(
  answer: (stdin: { text: string; open: boolean }) => ExecOutcome,
): ExecTarget & { runs: number } {
  const t = {
    runs: 0,
    run(stdin: { text: string; open: boolean }) {
      t.runs++;
      return answer(stdin);
    },
  };
  return t;
}
const cat = (stdin: { text: string; open: boolean }): ExecOutcome =>
  stdin.open
    ? { kind: 'running', output: [] }
    : { kind: 'exited', exitCode: 0, output: [{ stream: 'stdout', text: stdin.text }] };

const V5 = negotiateChannelProtocol(['v5.channel.k8s.io']) as ChannelProtocol;
const V4 = negotiateChannelProtocol(['v4.channel.k8s.io']) as ChannelProtocol;
const OUT_ERR: ExecStreams = { stdin: false, stdout: true, stderr: true };
const SUCCESS = '{"metadata":{},"status":"Success"}';

describe('an exec session', () => {
  test('output on channels 1 and 2 in order, then the status, then close', () => {
    const connection = new FakeConnection();
    const hello = target(() => ({
      kind: 'exited',
      exitCode: 0,
      output: [
        { stream: 'stdout', text: 'hello\n' },
        { stream: 'stderr', text: 'warning\n' },
        { stream: 'stdout', text: 'bye\n' },
      ],
    }));
    serveExecSession(connection, V5, OUT_ERR, ['sh', '-c', '…'], hello);
    assert.deepEqual(connection.sent, [
      [1, ''],
      [1, 'hello\n'],
      [2, 'warning\n'],
      [1, 'bye\n'],
      [3, SUCCESS],
    ]);
    assert.equal(connection.closed, true);
  });

  test('streams the client did not ask for stay silent; the first empty message goes to the lowest open one', () => {
    const connection = new FakeConnection();
    const noisy = target(() => ({
      kind: 'exited',
      exitCode: 3,
      output: [
        { stream: 'stdout', text: 'out\n' },
        { stream: 'stderr', text: 'err\n' },
      ],
    }));
    serveExecSession(
      connection,
      V4,
      { stdin: false, stdout: false, stderr: true },
      ['sh', '-c', 'exit 3'],
      noisy,
    );
    assert.deepEqual(
      connection.sent.map(([channel, text]) => [channel, channel === 3 ? JSON.parse(text).message : text]),
      [
        [2, ''],
        [2, 'err\n'],
        [
          3,
          'command terminated with non-zero exit code: error executing command [sh -c exit 3], exit code 3',
        ],
      ],
    );
  });

  test('stdin is gathered until the client closes it (v5 CLOSE on channel 0), then the command runs over it', () => {
    const connection = new FakeConnection();
    const echo = target(cat);
    serveExecSession(connection, V5, { stdin: true, stdout: true, stderr: true }, ['cat'], echo);
    assert.deepEqual(connection.sent, [[1, '']]);
    connection.receive(0, 'one\n');
    connection.receive(4, '{"Width":80,"Height":24}');
    connection.receive(0, 'two\n');
    assert.deepEqual(connection.sent, [[1, '']]);
    connection.receive(255, 0);
    assert.deepEqual(connection.sent, [
      [1, ''],
      [1, 'one\ntwo\n'],
      [3, SUCCESS],
    ]);
    assert.equal(echo.runs, 2);
    assert.equal(connection.closed, true);
  });

  test('a command that does not read stdin ends at once, whatever the client still sends', () => {
    const connection = new FakeConnection();
    const echoHi = target(() => ({
      kind: 'exited',
      exitCode: 0,
      output: [{ stream: 'stdout', text: 'hi\n' }],
    }));
    serveExecSession(connection, V5, { stdin: true, stdout: true, stderr: false }, ['echo', 'hi'], echoHi);
    connection.receive(0, 'ignored');
    connection.receive(255, 0);
    assert.deepEqual(connection.sent, [
      [1, ''],
      [1, 'hi\n'],
      [3, SUCCESS],
    ]);
    assert.equal(echoHi.runs, 1);
  });

  test('a command that never ends sends what it printed and keeps the session open without a status', () => {
    const connection = new FakeConnection();
    const forever = target(() => ({ kind: 'running', output: [{ stream: 'stdout', text: 'started\n' }] }));
    serveExecSession(connection, V5, OUT_ERR, ['sh', '-c', 'echo started; sleep infinity'], forever);
    assert.deepEqual(connection.sent, [
      [1, ''],
      [1, 'started\n'],
    ]);
    assert.equal(connection.closed, false);
    connection.goAway();
  });

  test('a runtime failure is an internal error on the error channel', () => {
    const connection = new FakeConnection();
    serveExecSession(
      connection,
      V5,
      OUT_ERR,
      ['foo'],
      target(() => ({ kind: 'failed', error: 'boom' })),
    );
    assert.deepEqual(connection.sent[1]?.[0], 3);
    assert.equal(
      JSON.parse(connection.sent[1]?.[1] ?? '').message,
      'Internal error occurred: Internal error occurred: error executing command in container: boom',
    );
    assert.equal(connection.closed, true);
  });

  test("the kubelet's refusal reaches a v5 client on the error channel", () => {
    const connection = new FakeConnection();
    serveExecSession(connection, V5, OUT_ERR, ['ls'], { error: 'container not found ("web")' });
    assert.deepEqual(
      connection.sent.map(([c]) => c),
      [1, 3],
    );
    assert.equal(
      JSON.parse(connection.sent[1]?.[1] ?? '').message,
      'Internal error occurred: unable to upgrade connection: container not found ("web")',
    );
  });

  test('base64 protocols frame text messages; the unversioned ones say nothing on success', () => {
    const connection = new FakeConnection();
    const base64 = negotiateChannelProtocol(['base64.channel.k8s.io']) as ChannelProtocol;
    serveExecSession(
      connection,
      base64,
      OUT_ERR,
      ['echo', 'hi'],
      target(() => ({ kind: 'exited', exitCode: 0, output: [{ stream: 'stdout', text: 'hi\n' }] })),
    );
    assert.deepEqual(connection.sent, [
      [1, ''],
      [1, 'hi\n'],
    ]);
    assert.equal(connection.closed, true);
  });
});
