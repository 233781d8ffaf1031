// The WebSocket channel protocols of exec and attach (apimachinery util/remotecommand and
// httpstream/wsstream): every message starts with the number of the channel it belongs to.

/** Channel numbers (util/remotecommand constants.go); 0–2 match the file descriptors. */
export const STREAM_STDIN = 0;
export const STREAM_STDOUT = 1;
export const STREAM_STDERR = 2;
export const STREAM_ERROR = 3;
export const STREAM_RESIZE = 4;
/** v5 only: `[255, n]` half-closes channel n (the client's stdin has ended). */
export const STREAM_CLOSE = 255;

export const V5_PROTOCOL = 'v5.channel.k8s.io';
export const V4_BINARY_PROTOCOL = 'v4.channel.k8s.io';
export const V4_BASE64_PROTOCOL = 'v4.base64.channel.k8s.io';
export const CHANNEL_PROTOCOL = 'channel.k8s.io';
export const BASE64_CHANNEL_PROTOCOL = 'base64.channel.k8s.io';

/**
 * Who serves the stream on a real cluster, which decides the texts on the error channel: a v5
 * request is answered by the API server's stream translator (it runs the command over SPDY and
 * re-encodes the outcome), any other WebSocket request is proxied to the kubelet's own WebSocket
 * server (v4: JSON Status; the unversioned protocols: plain error text, nothing on success).
 */
export type StatusDialect = 'translator' | 'kubelet-v4' | 'kubelet-v1';

export interface ChannelProtocol {
  /** The subprotocol agreed on; '' when the client asked for none. */
  name: string;
  /** Binary messages, or text messages with the channel as an ASCII digit and the data in base64. */
  encoding: 'binary' | 'base64';
  dialect: StatusDialect;
}

/** The kubelet's WebSocket subprotocols (cri/streaming/remotecommand/websocket.go). */
const KUBELET_PROTOCOLS: Record<string, ChannelProtocol> = {
  '': { name: '', encoding: 'binary', dialect: 'kubelet-v1' },
  [CHANNEL_PROTOCOL]: { name: CHANNEL_PROTOCOL, encoding: 'binary', dialect: 'kubelet-v1' },
  [BASE64_CHANNEL_PROTOCOL]: { name: BASE64_CHANNEL_PROTOCOL, encoding: 'base64', dialect: 'kubelet-v1' },
  [V4_BINARY_PROTOCOL]: { name: V4_BINARY_PROTOCOL, encoding: 'binary', dialect: 'kubelet-v4' },
  [V4_BASE64_PROTOCOL]: { name: V4_BASE64_PROTOCOL, encoding: 'base64', dialect: 'kubelet-v4' },
};

/**
 * The protocol a WebSocket exec or attach request gets, from the subprotocols it offers in order:
 * v5 whenever offered (the API server translates those requests itself), else the first the
 * kubelet knows (none offered means ''), else undefined — the kubelet's handshake then answers
 * 403 Forbidden.
 */
export function negotiateChannelProtocol(offered: readonly string[]): ChannelProtocol | undefined {
  if (offered.includes(V5_PROTOCOL)) return { name: V5_PROTOCOL, encoding: 'binary', dialect: 'translator' };
  if (offered.length === 0) return KUBELET_PROTOCOLS[''];
  for (const name of offered) {
    const known = KUBELET_PROTOCOLS[name];
    if (known && name !== '') return known;
  }
  return undefined;
}

/** The subprotocols a request offers (`Sec-WebSocket-Protocol`, comma-separated, possibly repeated). */
export function offeredProtocols(header: string | string[] | undefined): string[] {
  const values = header === undefined ? [] : Array.isArray(header) ? header : [header];
  return values.flatMap((value) =>
    value
      .split(',')
      .map((p) => p.trim())
      .filter((p) => p !== ''),
  );
}

/** One message for `channel`: `[channel, ...data]`, or `'<digit><base64>'` for the base64 protocols. */
export function encodeFrame(
  protocol: ChannelProtocol,
  channel: number,
  data: Uint8Array,
): Uint8Array | string {
  if (protocol.encoding === 'base64') {
    return String.fromCharCode(48 + channel) + Buffer.from(data).toString('base64');
  }
  const frame = new Uint8Array(data.length + 1);
  frame[0] = channel;
  frame.set(data, 1);
  return frame;
}

export type ClientFrame =
  | { kind: 'data'; channel: number; data: Uint8Array }
  | { kind: 'close'; channel: number };

/**
 * Reads one client message (wsstream Conn.handle): empty messages are skipped, and on v5 a
 * CLOSE signal must name exactly one channel. Returns undefined for what is to be ignored.
 */
export function decodeFrame(protocol: ChannelProtocol, message: Uint8Array): ClientFrame | undefined {
  if (message.length === 0) return undefined;
  let channel = message[0]!;
  let data = message.subarray(1);
  if (protocol.encoding === 'base64') {
    channel -= 48;
    data = Buffer.from(Buffer.from(data).toString('latin1'), 'base64');
  }
  if (protocol.name === V5_PROTOCOL && channel === STREAM_CLOSE) {
    if (data.length !== 1) return undefined;
    return { kind: 'close', channel: data[0]! };
  }
  return { kind: 'data', channel, data };
}
