// A keep-alive HTTPS load generator, run as its own process so the server under test keeps a
// core to itself: `load-client.ts <url> <connections> <warm-up ms> <measure ms> [headers json]`.
// Prints `{"requests":N,"ms":T,"errors":E}` on stdout.
import { Agent, request } from 'node:https';
import { CLUSTER_CA_CERTIFICATE } from '../../engine/api/tls/certificates.ts';

const [url, connectionsArg, warmUpArg, measureArg, headersArg] = process.argv.slice(2);
if (!url) throw new Error('usage: load-client.ts <url> <connections> <warm-up ms> <measure ms> [headers]');
const connections = Number(connectionsArg ?? 8);
const warmUpMs = Number(warmUpArg ?? 500);
const measureMs = Number(measureArg ?? 2_000);
const headers = headersArg ? (JSON.parse(headersArg) as Record<string, string>) : {};
const agent = new Agent({ keepAlive: true, maxSockets: connections, ca: CLUSTER_CA_CERTIFICATE });

function get(): Promise<number> {
  return new Promise((resolve) => {
    const req = request(url!, { agent, headers }, (res) => {
      res.resume();
      res.on('end', () => resolve(res.statusCode ?? 0));
    });
    req.on('error', () => resolve(0));
    req.end();
  });
}

let phase: 'warm-up' | 'measure' | 'done' = 'warm-up';
let requests = 0;
let errors = 0;
async function connection(): Promise<void> {
  while (phase !== 'done') {
    const status = await get();
    if (phase !== 'measure') continue;
    if (status === 200) requests++;
    else errors++;
  }
}

const loops = Array.from({ length: connections }, () => connection());
await new Promise((resolve) => setTimeout(resolve, warmUpMs));
phase = 'measure';
const start = performance.now();
await new Promise((resolve) => setTimeout(resolve, measureMs));
const ms = performance.now() - start;
const counted = requests;
phase = 'done';
await Promise.all(loops);
process.stdout.write(`${JSON.stringify({ requests: counted, ms, errors })}\n`);
agent.destroy();
