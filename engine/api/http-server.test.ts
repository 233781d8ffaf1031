// The transport's side of LIST bodies written as pieces and of watch lines: the bytes, their order
// and the end of the stream as a client sees them.
import assert from 'node:assert/strict';
import { request } from 'node:http';
import { connect } from 'node:net';
import { describe, test } from 'node:test';
import type { ApiHandler } from './handlers/api-handler.ts';
import type { ApiReply, WatchStream } from './handlers/types.ts';
import { serveHttp } from './http-server.ts';

/** Serves one fixed reply to every request. */
async function serving(reply: () => ApiReply) {
  return serveHttp({ handle: reply } as unknown as ApiHandler);
}

function get(url: string): Promise<{ status: number; headers: Record<string, unknown>; body: string }> {
  return new Promise((resolve, reject) => {
    request(url, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (chunk: Buffer) => chunks.push(chunk));
      res.on('end', () =>
        resolve({
          status: res.statusCode ?? 0,
          headers: res.headers,
          body: Buffer.concat(chunks).toString('utf8'),
        }),
      );
    })
      .on('error', reject)
      .end();
  });
}

/** The raw bytes of a response, read until the server ends it or `until` holds. */
function raw(url: string, until: (text: string) => boolean = () => false): Promise<string> {
  const { hostname, port, pathname } = new URL(url);
  return new Promise((resolve, reject) => {
    const socket = connect({ host: hostname, port: Number(port) }, () => {
      socket.write(`GET ${pathname} HTTP/1.1\r\nHost: ${hostname}\r\n\r\n`);
    });
    let text = '';
    socket.on('data', (chunk: Buffer) => {
      text += chunk.toString('utf8');
      if (text.endsWith('0\r\n\r\n') || until(text)) {
        socket.destroy();
        resolve(text);
      }
    });
    socket.on('error', reject);
  });
}

/** The payload of a chunked HTTP/1.1 body. */
function dechunk(body: string): string {
  let payload = '';
  for (let at = 0; ; ) {
    const lineEnd = body.indexOf('\r\n', at);
    const size = Number.parseInt(body.slice(at, lineEnd), 16);
    if (size === 0) return payload;
    payload += body.slice(lineEnd + 2, lineEnd + 2 + size);
    at = lineEnd + 2 + size + 2;
  }
}

function watchReply(start: WatchStream['start'], timeoutSeconds?: number): ApiReply {
  return {
    kind: 'watch',
    status: 200,
    stream: {
      contentType: 'application/json',
      start,
      ...(timeoutSeconds !== undefined ? { timeoutSeconds } : {}),
    },
  };
}

describe('http server', () => {
  test('a body in pieces is sent whole, with the length of all its bytes', async () => {
    const chunks = [Buffer.from('{"items":['), Buffer.from('{"name":"größe"}'), Buffer.from(']}\n')];
    const server = await serving(() => ({
      kind: 'body',
      status: 200,
      contentType: 'application/json',
      chunks,
      body: Buffer.concat(chunks),
    }));
    try {
      const reply = await get(`${server.url}/api/v1/pods`);
      assert.equal(reply.body, '{"items":[{"name":"größe"}]}\n');
      assert.equal(reply.headers['content-length'], String(Buffer.concat(chunks).length));
    } finally {
      await server.close();
    }
  });

  test('a body of many pieces, larger than the socket takes at once, arrives whole and in order', async () => {
    const chunks = Array.from({ length: 2_000 }, (_, i) =>
      Buffer.from(`${String(i).padStart(6, '0')}${'x'.repeat(4_090)}`),
    );
    const server = await serving(() => ({
      kind: 'body',
      status: 200,
      contentType: 'application/json',
      chunks,
      body: Buffer.concat(chunks),
    }));
    try {
      const reply = await get(`${server.url}/api/v1/pods`);
      assert.equal(reply.body.length, 2_000 * 4_096);
      assert.equal(reply.body, Buffer.concat(chunks).toString('utf8'));
    } finally {
      await server.close();
    }
  });

  test('watch lines arrive in the order sent, text and bytes alike, then the end of the stream', async () => {
    const server = await serving(() =>
      watchReply((send, close) => {
        send('{"type":"ADDED"}\n');
        send(Buffer.from('{"type":"MODIFIED"}\n'));
        send('{"type":"DELETED"}\n');
        setTimeout(() => {
          send(Buffer.from('{"type":"BOOKMARK"}\n'));
          close();
        }, 20);
        return () => {};
      }),
    );
    try {
      const response = await raw(`${server.url}/watch`);
      assert.match(response, /\r\nTransfer-Encoding: chunked\r\n/i);
      assert.ok(response.endsWith('\r\n0\r\n\r\n'), 'the stream ends with the last chunk');
      assert.equal(
        dechunk(response.slice(response.indexOf('\r\n\r\n') + 4)),
        '{"type":"ADDED"}\n{"type":"MODIFIED"}\n{"type":"DELETED"}\n{"type":"BOOKMARK"}\n',
      );
    } finally {
      await server.close();
    }
  });

  test('a line sent right before the stream closes (an ERROR) is delivered before the end', async () => {
    let stopped = 0;
    const server = await serving(() =>
      watchReply((send, close) => {
        send('{"type":"ERROR","object":{"code":410}}\n');
        close();
        return () => {
          stopped++;
        };
      }),
    );
    try {
      const reply = await get(`${server.url}/watch`);
      assert.equal(reply.body, '{"type":"ERROR","object":{"code":410}}\n');
      assert.equal(stopped, 1);
    } finally {
      await server.close();
    }
  });

  test('timeoutSeconds ends the stream after the lines already sent', async () => {
    const server = await serving(() =>
      watchReply((send) => {
        const timer = setInterval(() => send('{"type":"MODIFIED"}\n'), 100);
        send('{"type":"ADDED"}\n');
        return () => clearInterval(timer);
      }, 1),
    );
    try {
      const started = Date.now();
      const reply = await get(`${server.url}/watch`);
      assert.ok(Date.now() - started >= 900, 'the stream stayed open until its timeout');
      const lines = reply.body.trimEnd().split('\n');
      assert.equal(lines[0], '{"type":"ADDED"}');
      assert.ok(lines.length >= 2 && lines.slice(1).every((line) => line === '{"type":"MODIFIED"}'));
    } finally {
      await server.close();
    }
  });
});
