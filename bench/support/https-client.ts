import { Agent, request } from 'node:https';
import { CLUSTER_CA_CERTIFICATE } from '../../engine/api/tls/certificates.ts';

export interface HttpsReply {
  status: number;
  /** Empty when the body was discarded. */
  body: string;
  bytes: number;
  headers: Record<string, string | string[] | undefined>;
}

/** A keep-alive agent that trusts the bundled engine's CA. */
export function trustingAgent(maxSockets = 8): Agent {
  return new Agent({ keepAlive: true, maxSockets, ca: CLUSTER_CA_CERTIFICATE });
}

/** One HTTPS request; with no agent, a fresh connection (and TLS handshake) for this request alone. */
export function httpsRequest(
  url: string,
  options: {
    method?: string;
    headers?: Record<string, string>;
    body?: string;
    agent?: Agent;
    /** Count the answer's bytes but keep none of them (large LISTs). */
    discardBody?: boolean;
  } = {},
): Promise<HttpsReply> {
  return new Promise((resolve, reject) => {
    const req = request(
      url,
      {
        method: options.method ?? 'GET',
        headers: options.headers ?? {},
        ...(options.agent ? { agent: options.agent } : { agent: false, ca: CLUSTER_CA_CERTIFICATE }),
      },
      (res) => {
        const chunks: Buffer[] = [];
        let bytes = 0;
        res.on('data', (chunk: Buffer) => {
          bytes += chunk.length;
          if (!options.discardBody) chunks.push(chunk);
        });
        res.on('end', () =>
          resolve({
            status: res.statusCode ?? 0,
            body: Buffer.concat(chunks).toString('utf8'),
            bytes,
            headers: res.headers,
          }),
        );
        res.on('error', reject);
      },
    );
    req.on('error', reject);
    req.end(options.body);
  });
}

/** Polls `url` until it answers 200. */
export async function waitFor200(url: string, timeoutMs = 30_000, intervalMs = 2): Promise<void> {
  const deadline = performance.now() + timeoutMs;
  for (;;) {
    const reply = await httpsRequest(url).catch(() => undefined);
    if (reply?.status === 200) return;
    if (performance.now() > deadline) throw new Error(`${url} did not answer 200 within ${timeoutMs} ms`);
    await new Promise((resolve) => setTimeout(resolve, intervalMs));
  }
}
