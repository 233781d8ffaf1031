import { spawn } from 'node:child_process';
import type { ServerResponse } from 'node:http';
import { createServer, type Server } from 'node:https';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { SERVER_CERTIFICATE, SERVER_PRIVATE_KEY } from '../../engine/api/tls/certificates.ts';
import { startEngine } from '../../engine/index.ts';
import type { BenchContext } from '../support/bench-module.ts';
import { callEngineOk, seedRunningPods } from '../support/engine-fixtures.ts';
import type { Figure } from '../support/figure.ts';
import { nowMs, perSecond } from '../support/measure.ts';
import { BENCH_ROOT } from '../support/paths.ts';
import { figure } from './catalogue.ts';

const WATCHERS = 200;
const PODS = 100;
const UPDATES = 1_000;
const UPDATES_PER_TICK = 50;
const MERGE_PATCH = { 'content-type': 'application/merge-patch+json' };

/**
 * 200 HTTPS watches on the pods of a namespace, opened from a second process; then 1,000 pod
 * updates through the API, 50 per event-loop turn. Measured: events delivered to all watchers
 * per second, from the first update to the last event counted by the watching process. In the
 * same run, a bare node:https server writes a line of the same size to 200 such watches 1,000
 * times, for the ratio.
 */
export async function run(context: BenchContext): Promise<Figure[]> {
  const running = await startEngine();
  const { engine } = running;
  const pods = seedRunningPods(engine, PODS);
  const url = `${running.url}/api/v1/namespaces/default/pods?watch=true&resourceVersion=${engine.store.resourceVersion}`;
  const headers = { authorization: `Bearer ${engine.adminToken}` };
  let lineBytes = 0;
  const engineRun = await fanOut(url, headers, async () => {
    if (engine.store.watchCount < WATCHERS)
      throw new Error(`only ${engine.store.watchCount} watches are open`);
    for (let i = 0; i < UPDATES; i++) {
      const pod = pods[i % pods.length]!;
      const updated = callEngineOk(
        engine,
        'PATCH',
        `/api/v1/namespaces/default/pods/${pod.metadata?.name}`,
        { metadata: { labels: { update: String(i) } } },
        MERGE_PATCH,
      );
      lineBytes = JSON.stringify({ type: 'MODIFIED', object: updated }).length + 1;
      if (i % UPDATES_PER_TICK === UPDATES_PER_TICK - 1) await nextTurn();
    }
  });
  await running.stop();
  context.log(
    `engine: ${engineRun.events} events in ${engineRun.ms.toFixed(0)} ms (${lineBytes}-byte lines)`,
  );

  const bare = await bareWatchServer();
  const line = `${JSON.stringify({ type: 'MODIFIED', object: { data: 'x'.repeat(Math.max(0, lineBytes - 40)) } })}\n`;
  const port = (bare.server.address() as AddressInfo).port;
  const bareRun = await fanOut(`https://127.0.0.1:${port}/watch`, {}, async () => {
    for (let i = 0; i < UPDATES; i++) {
      for (const response of bare.responses) response.write(line);
      if (i % UPDATES_PER_TICK === UPDATES_PER_TICK - 1) await nextTurn();
    }
  });
  bare.close();
  const engineRate = perSecond(engineRun.events, engineRun.ms);
  const bareRate = perSecond(bareRun.events, bareRun.ms);
  context.log(`bare node:https: ${bareRun.events} events in ${bareRun.ms.toFixed(0)} ms`);
  return [
    figure('watch-fan-out-200-watchers', engineRate, {
      compare: `${(engineRate / bareRate).toFixed(2)}× bare node:https pushing the same bytes (${bareRate.toFixed(0)} events/s)`,
      note: `${WATCHERS} HTTPS watches × ${UPDATES} pod updates = ${engineRun.events} events of ${lineBytes} bytes in ${engineRun.ms.toFixed(0)} ms`,
    }),
  ];
}

/** Opens the watches from a second process, runs `produce`, and times until every event arrived. */
async function fanOut(
  url: string,
  headers: Record<string, string>,
  produce: () => Promise<void>,
): Promise<{ events: number; ms: number }> {
  const expected = WATCHERS * UPDATES;
  const client = spawn(
    process.execPath,
    [
      '--import',
      'tsx',
      join(BENCH_ROOT, 'support/watch-client.ts'),
      url,
      String(WATCHERS),
      String(expected),
      JSON.stringify(headers),
    ],
    { stdio: ['ignore', 'pipe', 'inherit'] },
  );
  const lines = createInterface({ input: client.stdout })[Symbol.asyncIterator]();
  try {
    if ((await lines.next()).value !== 'ready') throw new Error('the watch client did not get ready');
    const done = lines.next();
    const start = nowMs();
    await produce();
    const { events } = JSON.parse(String((await done).value)) as { events: number };
    return { events, ms: nowMs() - start };
  } finally {
    client.kill();
  }
}

/** A node:https server that keeps every request open as a chunked stream, like a watch. */
async function bareWatchServer(): Promise<{ server: Server; responses: ServerResponse[]; close(): void }> {
  const responses: ServerResponse[] = [];
  const server = createServer({ cert: SERVER_CERTIFICATE, key: SERVER_PRIVATE_KEY }, (req, res) => {
    req.resume();
    res.writeHead(200, { 'Content-Type': 'application/json', 'Transfer-Encoding': 'chunked' });
    res.flushHeaders();
    responses.push(res);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    server,
    responses,
    close: () => {
      for (const response of responses) response.destroy();
      server.close();
    },
  };
}

function nextTurn(): Promise<void> {
  return new Promise((resolve) => setImmediate(resolve));
}
