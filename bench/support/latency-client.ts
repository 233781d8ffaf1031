// Sequential HTTPS requests on one keep-alive connection, from their own process (as kubectl
// would send them): `latency-client.ts <url> <warm-up> <runs> [headers json]`. Prints
// `{"latencies":[ms…],"bytes":N}`: request sent to last byte received, body discarded.
import { Agent, request } from 'node:https';
import { CLUSTER_CA_CERTIFICATE } from '../../engine/api/tls/certificates.ts';

const [url, warmUpArg, runsArg, headersArg] = process.argv.slice(2);
if (!url) throw new Error('usage: latency-client.ts <url> <warm-up> <runs> [headers]');
const warmUp = Number(warmUpArg ?? 3);
const runs = Number(runsArg ?? 30);
const headers = headersArg ? (JSON.parse(headersArg) as Record<string, string>) : {};
const agent = new Agent({ keepAlive: true, maxSockets: 1, ca: CLUSTER_CA_CERTIFICATE });

function once(): Promise<{ ms: number; bytes: number }> {
  const start = performance.now();
  return new Promise((resolve, reject) => {
    const req = request(url!, { agent, headers }, (res) => {
      let bytes = 0;
      res.on('data', (chunk: Buffer) => {
        bytes += chunk.length;
      });
      res.on('end', () => {
        if (res.statusCode !== 200) reject(new Error(`${url} answered ${res.statusCode}`));
        else resolve({ ms: performance.now() - start, bytes });
      });
    });
    req.on('error', reject);
    req.end();
  });
}

let bytes = 0;
for (let i = 0; i < warmUp; i++) await once();
const latencies: number[] = [];
for (let i = 0; i < runs; i++) {
  const result = await once();
  latencies.push(result.ms);
  bytes = result.bytes;
}
process.stdout.write(`${JSON.stringify({ latencies, bytes })}\n`);
agent.destroy();
