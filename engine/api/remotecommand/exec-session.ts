// One exec over an upgraded WebSocket: the streams the client asked for, its standard input, the
// command's output on channels 1 and 2, and the outcome on the error channel before closing.
import type { WebSocketConnection } from '../handlers/types.ts';
import {
  type ChannelProtocol,
  decodeFrame,
  encodeFrame,
  STREAM_ERROR,
  STREAM_STDERR,
  STREAM_STDIN,
  STREAM_STDOUT,
} from './channel-protocol.ts';
import { type ExecEnd, errorChannelPayload } from './exec-status.ts';
import type { ExecOutcome, ExecTarget } from './exec-target.ts';

export interface ExecStreams {
  stdin: boolean;
  stdout: boolean;
  stderr: boolean;
}

const EMPTY = new Uint8Array(0);

/**
 * Serves one exec session. The command runs at once; one that reads standard input past what has
 * arrived is run again over the whole input once the client closes its stdin (v5's CLOSE signal),
 * so its output comes when the input ends. A command that never ends keeps the session open
 * without a status until the client goes away.
 */
export function serveExecSession(
  connection: WebSocketConnection,
  protocol: ChannelProtocol,
  streams: ExecStreams,
  command: readonly string[],
  target: ExecTarget | { error: string },
): void {
  const send = (channel: number, data: Uint8Array | string) => {
    const bytes = typeof data === 'string' ? Buffer.from(data) : data;
    connection.send(encodeFrame(protocol, channel, bytes));
  };
  let ended = false;
  const end = (how: ExecEnd) => {
    ended = true;
    const payload = errorChannelPayload(protocol.dialect, how);
    if (payload !== undefined) send(STREAM_ERROR, payload);
    connection.close();
  };
  const deliver = (outcome: Exclude<ExecOutcome, { kind: 'failed' }>) => {
    for (const chunk of outcome.output) {
      if (chunk.stream === 'stdout' && streams.stdout) send(STREAM_STDOUT, chunk.text);
      if (chunk.stream === 'stderr' && streams.stderr) send(STREAM_STDERR, chunk.text);
    }
  };

  // The lowest writable channel gets an empty message: the client knows the stream is up.
  send(streams.stdout ? STREAM_STDOUT : streams.stderr ? STREAM_STDERR : STREAM_ERROR, EMPTY);
  if ('error' in target) {
    end({ kind: 'refused', error: target.error });
    return;
  }

  const input: Buffer[] = [];
  let stdinOpen = streams.stdin;
  const attempt = () => {
    const outcome = target.run({ text: Buffer.concat(input).toString('utf8'), open: stdinOpen });
    if (outcome.kind === 'failed') return end({ kind: 'failed', error: outcome.error });
    if (outcome.kind === 'running' && stdinOpen) return;
    deliver(outcome);
    if (outcome.kind === 'exited') end({ kind: 'exited', exitCode: outcome.exitCode, command });
    else ended = true;
  };
  connection.onMessage((message) => {
    if (ended || !stdinOpen) return;
    const frame = decodeFrame(protocol, message);
    if (frame?.channel !== STREAM_STDIN) return;
    if (frame.kind === 'data') {
      input.push(Buffer.from(frame.data));
      return;
    }
    stdinOpen = false;
    attempt();
  });
  connection.onClose(() => {
    ended = true;
  });
  attempt();
}
