import { execFile } from 'node:child_process';
import { createServer, type Server } from 'node:https';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { SERVER_CERTIFICATE, SERVER_PRIVATE_KEY } from '../../engine/api/tls/certificates.ts';
import { startEngine } from '../../engine/index.ts';
import type { BenchContext } from '../support/bench-module.ts';
import { benchPod, createPod } from '../support/engine-fixtures.ts';
import type { Figure } from '../support/figure.ts';
import { httpsRequest, trustingAgent } from '../support/https-client.ts';
import { perSecond } from '../support/measure.ts';
import { BENCH_ROOT } from '../support/paths.ts';
import { figure } from './catalogue.ts';

const CONNECTIONS = 8;
const WARM_UP_MS = 700;
const MEASURE_MS = 3_000;
const run_ = promisify(execFile);

/**
 * GET one pod over HTTPS keep-alive, `CONNECTIONS` concurrent connections from a second
 * process, against the engine and then against a bare node:https server (same certificate)
 * answering the very bytes and headers the engine answered; both in this process, one after
 * the other, with the same load generator.
 */
export async function run(context: BenchContext): Promise<Figure[]> {
  const running = await startEngine();
  const { engine } = running;
  createPod(engine, benchPod('target'));
  const path = '/api/v1/namespaces/default/pods/target';
  const headers = { authorization: `Bearer ${engine.adminToken}`, accept: 'application/json' };
  const agent = trustingAgent(1);
  const sample = await httpsRequest(`${running.url}${path}`, { headers, agent });
  agent.destroy();
  if (sample.status !== 200) throw new Error(`GET ${path} answered ${sample.status}`);
  const engineRate = await load(`${running.url}${path}`, headers);
  context.log(`engine: ${engineRate.toFixed(0)} req/s (${sample.body.length} bytes)`);
  await running.stop();

  const bare = await bareServer(sample.body, sample.headers);
  const port = (bare.address() as AddressInfo).port;
  const bareRate = await load(`https://127.0.0.1:${port}${path}`, headers);
  context.log(`bare node:https: ${bareRate.toFixed(0)} req/s`);
  await new Promise<void>((resolve) => bare.close(() => resolve()));
  bare.closeAllConnections();

  const ratio = engineRate / bareRate;
  const setup = `${CONNECTIONS} keep-alive connections from a second process, ${sample.body.length}-byte pod`;
  return [
    figure('api-get-keepalive', engineRate, { note: setup }),
    figure('api-get-bare-https', bareRate, { note: 'node:https, same certificate, same bytes and headers' }),
    figure('api-get-ratio-to-bare-http', ratio, {
      compare: `${engineRate.toFixed(0)} vs ${bareRate.toFixed(0)} req/s bare node:https, same run`,
    }),
  ];
}

async function load(url: string, headers: Record<string, string>): Promise<number> {
  const { stdout } = await run_(
    process.execPath,
    [
      '--import',
      'tsx',
      join(BENCH_ROOT, 'support/load-client.ts'),
      url,
      String(CONNECTIONS),
      String(WARM_UP_MS),
      String(MEASURE_MS),
      JSON.stringify(headers),
    ],
    { encoding: 'utf8' },
  );
  const result = JSON.parse(stdout) as { requests: number; ms: number; errors: number };
  if (result.errors > 0) throw new Error(`${url}: ${result.errors} requests failed`);
  return perSecond(result.requests, result.ms);
}

/** A node:https server that answers every request with `body` and the engine's own headers. */
async function bareServer(
  body: string,
  headers: Record<string, string | string[] | undefined>,
): Promise<Server> {
  const bytes = Buffer.from(body);
  const replyHeaders: Record<string, string | string[]> = {};
  for (const [name, value] of Object.entries(headers)) {
    if (value !== undefined && name !== 'date' && name !== 'connection' && name !== 'keep-alive')
      replyHeaders[name] = value;
  }
  const server = createServer(
    { cert: SERVER_CERTIFICATE, key: SERVER_PRIVATE_KEY, keepAliveTimeout: 65_000 },
    (req, res) => {
      req.resume();
      res.writeHead(200, replyHeaders);
      res.end(bytes);
    },
  );
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return server;
}
