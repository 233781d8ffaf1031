import {
  createServer,
  type IncomingMessage,
  type RequestListener,
  type Server,
  type ServerResponse,
  STATUS_CODES,
} from 'node:http';
import { createServer as createTlsServer } from 'node:https';
import type { AddressInfo, Socket } from 'node:net';
import type { Duplex } from 'node:stream';
import { type RawData, type WebSocket, WebSocketServer } from 'ws';
import { MAX_REQUEST_BODY_BYTES, requestEntityTooLarge } from './errors.ts';
import { type ApiHandler, errorReply } from './handlers/api-handler.ts';
import type { ApiReply, ApiRequest, WebSocketConnection } from './handlers/types.ts';

export interface HttpServerHandle {
  server: Server;
  url: string;
  port: number;
  close(): Promise<void>;
}

export interface ServeOptions {
  host?: string;
  port?: number;
  /** Serve HTTPS with this certificate and key (kubectl sends credentials only over TLS). */
  tls?: { cert: string; key: string };
}

/** Serves an ApiHandler over HTTP/1.1 or HTTPS (keep-alive, chunked watch streams, WebSocket upgrades). */
export async function serveHttp(handler: ApiHandler, options: ServeOptions = {}): Promise<HttpServerHandle> {
  const host = options.host ?? '127.0.0.1';
  const sockets = new Set<Socket>();
  const watchStops = new Set<() => void>();
  const listener: RequestListener = (req, res) => {
    readBody(req)
      .then((body) => {
        const reply = handler.handle(apiRequest(req, body));
        if (reply.delayMs) setTimeout(() => send(res, reply, watchStops), reply.delayMs);
        else send(res, reply, watchStops);
      })
      .catch((error: unknown) => {
        send(res, errorReply(error), watchStops);
      });
  };
  const server: Server = options.tls
    ? createTlsServer({ keepAliveTimeout: 65_000, cert: options.tls.cert, key: options.tls.key }, listener)
    : createServer({ keepAliveTimeout: 65_000 }, listener);
  server.on('upgrade', upgradeListener(handler));
  server.on(options.tls ? 'secureConnection' : 'connection', (socket: Socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, host, () => {
      server.off('error', reject);
      resolve();
    });
  });
  const port = (server.address() as AddressInfo).port;
  return {
    server,
    url: `${options.tls ? 'https' : 'http'}://${host}:${port}`,
    port,
    close: () =>
      new Promise<void>((resolve) => {
        for (const stop of watchStops) stop();
        watchStops.clear();
        server.close(() => resolve());
        for (const socket of sockets) socket.destroy();
      }),
  };
}

function apiRequest(req: IncomingMessage, body: Uint8Array | undefined): ApiRequest {
  const url = new URL(req.url ?? '/', 'http://engine');
  return {
    method: req.method ?? 'GET',
    path: url.pathname,
    query: url.searchParams,
    headers: req.headersDistinct as ApiRequest['headers'],
    ...(body ? { body } : {}),
  };
}

/**
 * Requests that ask to upgrade the connection (exec over WebSocket): a `websocket` reply completes
 * the handshake with its subprotocol and takes the connection; any other reply is written as a
 * plain HTTP response and the connection closed.
 */
function upgradeListener(handler: ApiHandler): (req: IncomingMessage, socket: Duplex, head: Buffer) => void {
  const protocols = new WeakMap<IncomingMessage, string>();
  const websockets = new WebSocketServer({
    noServer: true,
    handleProtocols: (_offered, req) => protocols.get(req) || false,
  });
  return (req, socket, head) => {
    socket.on('error', () => socket.destroy());
    const reply = handler.handle(apiRequest(req, undefined));
    const answer = () => {
      if (reply.kind !== 'websocket') return writeRawReply(socket, reply);
      protocols.set(req, reply.protocol);
      websockets.handleUpgrade(req, socket, head, (ws) => reply.open(webSocketConnection(ws)));
    };
    if (reply.delayMs) setTimeout(answer, reply.delayMs);
    else answer();
  };
}

function webSocketConnection(ws: WebSocket): WebSocketConnection {
  ws.on('error', () => ws.terminate());
  const bytes = (data: RawData): Uint8Array =>
    Buffer.isBuffer(data) ? data : Array.isArray(data) ? Buffer.concat(data) : Buffer.from(data);
  return {
    send: (message) => ws.send(message, { binary: typeof message !== 'string' }),
    close: () => ws.close(1000),
    onMessage: (listener) => ws.on('message', (data) => listener(bytes(data))),
    onClose: (listener) => ws.on('close', listener),
  };
}

/** An HTTP/1.1 response written straight to a socket whose request asked to upgrade. */
function writeRawReply(socket: Duplex, reply: ApiReply): void {
  if (reply.kind !== 'body') {
    socket.destroy();
    return;
  }
  const body = typeof reply.body === 'string' ? Buffer.from(reply.body) : Buffer.from(reply.body);
  const headers: Record<string, string | string[]> = {
    'Content-Type': reply.contentType,
    'Content-Length': String(body.length),
    'Cache-Control': 'no-cache, private',
    ...reply.headers,
    Connection: 'close',
  };
  const lines = [`HTTP/1.1 ${reply.status} ${STATUS_CODES[reply.status] ?? ''}`];
  for (const [name, value] of Object.entries(headers)) {
    for (const v of Array.isArray(value) ? value : [value]) lines.push(`${name}: ${v}`);
  }
  socket.end(Buffer.concat([Buffer.from(`${lines.join('\r\n')}\r\n\r\n`), body]));
}

function readBody(req: IncomingMessage): Promise<Uint8Array | undefined> {
  return new Promise((resolve, reject) => {
    const declared = Number(req.headers['content-length'] ?? '0');
    if (declared > MAX_REQUEST_BODY_BYTES) {
      req.resume();
      reject(requestEntityTooLarge());
      return;
    }
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size > MAX_REQUEST_BODY_BYTES) {
        req.removeAllListeners('data');
        req.resume();
        reject(requestEntityTooLarge());
        return;
      }
      chunks.push(chunk);
    });
    req.on('end', () => resolve(chunks.length === 0 ? undefined : Buffer.concat(chunks)));
    req.on('error', reject);
  });
}

/** Bytes handed to the socket at once while a body in pieces is written. */
const WRITE_BATCH_BYTES = 256 * 1024;

/**
 * Writes a large body's pieces a batch at a time, each batch in one flush, and waits for the
 * socket to drain before the next: the client decrypts the first batches while the rest are
 * encrypted, and TLS never holds (nor copies) the whole answer at once.
 */
function writeChunks(res: ServerResponse, chunks: readonly Uint8Array[]): void {
  let next = 0;
  const more = () => {
    while (next < chunks.length) {
      if (res.destroyed) return;
      res.cork();
      for (let batch = 0; next < chunks.length && batch < WRITE_BATCH_BYTES; next++) {
        const chunk = chunks[next]!;
        res.write(chunk);
        batch += chunk.length;
      }
      res.uncork();
      if (res.writableNeedDrain) {
        res.once('drain', more);
        return;
      }
    }
    res.end();
  };
  more();
}

function send(res: ServerResponse, reply: ApiReply, watchStops: Set<() => void>): void {
  if (reply.kind === 'websocket') {
    send(
      res,
      errorReply(new Error('a WebSocket reply to a request that did not ask to upgrade')),
      watchStops,
    );
    return;
  }
  if (reply.kind === 'body' && reply.chunks) {
    let length = 0;
    for (const chunk of reply.chunks) length += chunk.length;
    res.writeHead(reply.status, {
      'Content-Type': reply.contentType,
      'Content-Length': length,
      'Cache-Control': 'no-cache, private',
      ...reply.headers,
    });
    writeChunks(res, reply.chunks);
    return;
  }
  if (reply.kind === 'body') {
    const body = typeof reply.body === 'string' ? Buffer.from(reply.body) : reply.body;
    res.writeHead(reply.status, {
      'Content-Type': reply.contentType,
      'Content-Length': body.length,
      'Cache-Control': 'no-cache, private',
      ...reply.headers,
    });
    res.end(body);
    return;
  }
  res.writeHead(200, {
    'Content-Type': reply.stream.contentType,
    'Cache-Control': 'no-cache, private',
    'Transfer-Encoding': 'chunked',
    ...reply.headers,
  });
  res.flushHeaders();
  let finished = false;
  let timer: NodeJS.Timeout | undefined;
  let stop: (() => void) | undefined;
  const finish = () => {
    if (finished) return;
    finished = true;
    if (timer) clearTimeout(timer);
    stop?.();
    watchStops.delete(finish);
    if (!res.writableEnded) res.end();
  };
  stop = reply.stream.start(
    (line) => {
      if (!finished) res.write(line);
    },
    () => finish(),
  );
  if (finished) {
    stop();
    return;
  }
  watchStops.add(finish);
  res.on('close', finish);
  if (reply.stream.timeoutSeconds !== undefined && reply.stream.timeoutSeconds > 0) {
    timer = setTimeout(finish, reply.stream.timeoutSeconds * 1000);
    timer.unref();
  }
}
