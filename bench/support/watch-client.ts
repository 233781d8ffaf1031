// Opens many HTTPS watches from its own process and counts the events they deliver:
// `watch-client.ts <url> <watchers> <expected events> [headers json]`. Prints `ready` once every
// watch is open, then `{"events":N}` once N ≥ expected events have arrived across all watches.
import { Agent, request } from 'node:https';
import { CLUSTER_CA_CERTIFICATE } from '../../engine/api/tls/certificates.ts';

const [url, watchersArg, expectedArg, headersArg] = process.argv.slice(2);
if (!url) throw new Error('usage: watch-client.ts <url> <watchers> <expected events> [headers]');
const watchers = Number(watchersArg ?? 200);
const expected = Number(expectedArg ?? 0);
const headers = headersArg ? (JSON.parse(headersArg) as Record<string, string>) : {};
const agent = new Agent({ keepAlive: true, maxSockets: watchers, ca: CLUSTER_CA_CERTIFICATE });
const NEWLINE = 0x0a;

let events = 0;
let reported = false;
function counted(chunk: Buffer): void {
  // One watch event per line; counting newlines keeps the client cheap next to the server.
  for (let i = chunk.indexOf(NEWLINE); i !== -1; i = chunk.indexOf(NEWLINE, i + 1)) events++;
  if (!reported && events >= expected) {
    reported = true;
    process.stdout.write(`${JSON.stringify({ events })}\n`);
    setImmediate(() => process.exit(0));
  }
}

const opened = Array.from(
  { length: watchers },
  () =>
    new Promise<void>((resolve, reject) => {
      const req = request(url, { agent, headers }, (res) => {
        if (res.statusCode !== 200) reject(new Error(`watch answered ${res.statusCode}`));
        res.on('data', counted);
        resolve();
      });
      req.on('error', reject);
      req.end();
    }),
);
await Promise.all(opened);
process.stdout.write('ready\n');
