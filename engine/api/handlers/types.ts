/** A request as the transport hands it over: lower-cased header names, raw body bytes. */
export interface ApiRequest {
  method: string;
  path: string;
  query: URLSearchParams;
  headers: Record<string, string | string[] | undefined>;
  body?: Uint8Array;
}

/** One line of a watch stream, or the end of it. */
export interface WatchStream {
  /**
   * Starts streaming; `send` writes one serialised event line (text, or its UTF-8 bytes when one
   * encoding is shared by many watchers). Returns a stop function.
   */
  start(send: (line: string | Uint8Array) => void, close: () => void): () => void;
  timeoutSeconds?: number;
  contentType: string;
}

/** The WebSocket a transport opened for a `websocket` reply, as the handler uses it. */
export interface WebSocketConnection {
  send(message: Uint8Array | string): void;
  close(): void;
  onMessage(listener: (message: Uint8Array) => void): void;
  onClose(listener: () => void): void;
}

export type ApiReply = (
  | {
      kind: 'body';
      status: number;
      contentType: string;
      body: string | Uint8Array;
      /**
       * The same body as pieces the transport writes in turn (a LIST joined from cached items), so
       * a large answer is never copied into one buffer; `body` then joins them when read.
       */
      chunks?: readonly Uint8Array[];
      headers?: Record<string, string | string[]>;
    }
  | { kind: 'watch'; status: 200; stream: WatchStream; headers?: Record<string, string | string[]> }
  /** Switch to WebSocket with `protocol` ('' for none), then hand the connection to `open`. */
  | { kind: 'websocket'; status: 101; protocol: string; open(connection: WebSocketConnection): void }
) & {
  /** Wall-clock delay before the reply is sent (injected latency). */
  delayMs?: number;
};

export function header(request: ApiRequest, name: string): string | undefined {
  const value = request.headers[name];
  return Array.isArray(value) ? value[0] : value;
}

export function headerValues(request: ApiRequest, name: string): string[] {
  const value = request.headers[name];
  if (value === undefined) return [];
  return Array.isArray(value) ? value : [value];
}

/** A watch line as text, whichever form it was sent in. */
export function lineText(line: string | Uint8Array): string {
  return typeof line === 'string'
    ? line
    : Buffer.from(line.buffer, line.byteOffset, line.byteLength).toString('utf8');
}
