// Shared by the harness end-to-end tests: a served engine in its own process, `kuke run` as a
// child process, temporary feature files, and readers for the reports a run writes.
import { type ChildProcess, spawn } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Envelope } from '@cucumber/messages';
import { KubeConfig, Watch } from '@kubernetes/client-node';
import { KubeClient } from '../harness/kube/kube-client.ts';
import type { RunResults } from '../harness/reports/results.ts';

export const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const KUKE = join(ROOT, 'bin/kuke.js');

/** A fresh temporary directory, removed by `cleanup`. */
export function tempDir(prefix: string): { dir: string; cleanup: () => void } {
  const dir = mkdtempSync(join(tmpdir(), `${prefix}-`));
  return { dir, cleanup: () => rmSync(dir, { recursive: true, force: true }) };
}

/** Writes files (relative path → text) under `dir` and returns their absolute paths. */
export function writeFiles(dir: string, files: Record<string, string>): string[] {
  return Object.entries(files).map(([name, text]) => {
    const path = join(dir, name);
    mkdirSync(dirname(path), { recursive: true });
    writeFileSync(path, text);
    return path;
  });
}

export interface ServedEngine {
  kubeconfigPath: string;
  url: string;
  client: KubeClient;
  /** Everything the server printed. */
  output(): string;
  stop(): Promise<void>;
}

export interface ServeOptions {
  /** Cluster time runs this many times faster than the wall clock (1 by default). */
  speed?: number;
  /** A cluster fixture name (the default: minikube). */
  cluster?: string;
  seed?: string;
}

/** `kuke engine serve --port 0` in a child process (real clock, optionally sped up), ready on /readyz. */
export async function serveEngine(dir: string, options: ServeOptions = {}): Promise<ServedEngine> {
  const kubeconfigPath = join(dir, 'served.kubeconfig');
  const child = spawn(
    process.execPath,
    [
      KUKE,
      'engine',
      'serve',
      '--port',
      '0',
      '--kubeconfig',
      kubeconfigPath,
      '--speed',
      String(options.speed ?? 1),
      ...(options.cluster ? ['--cluster', options.cluster] : []),
      ...(options.seed ? ['--seed', options.seed] : []),
    ],
    { cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe'] },
  );
  let output = '';
  child.stdout?.on('data', (chunk: Buffer) => {
    output += chunk.toString();
  });
  child.stderr?.on('data', (chunk: Buffer) => {
    output += chunk.toString();
  });
  const exited = new Promise<void>((done) => child.on('exit', () => done()));
  const stop = async () => {
    if (child.exitCode === null && child.signalCode === null) {
      child.kill('SIGINT');
      const timer = setTimeout(() => child.kill('SIGKILL'), 5_000);
      await exited;
      clearTimeout(timer);
    }
  };
  try {
    await waitFor(
      () => output.includes('Ctrl-C stops it.') || child.exitCode !== null,
      30_000,
      'engine serve',
    );
    if (child.exitCode !== null) throw new Error(`engine serve exited:\n${output}`);
    const client = KubeClient.fromString(readFileSync(kubeconfigPath, 'utf8'));
    const url = /serving (https:\/\/\S+)/.exec(output)?.[1] ?? '';
    await waitFor(async () => (await client.raw('GET', '/readyz')).status === 200, 10_000, '/readyz');
    return {
      kubeconfigPath,
      url,
      client,
      output: () => output,
      stop: async () => {
        client.close();
        await stop();
      },
    };
  } catch (error) {
    await stop();
    throw error;
  }
}

export interface KukeRun {
  code: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
  /** Wall time from start to exit. */
  ms: number;
}

export interface KukeRunOptions {
  env?: NodeJS.ProcessEnv;
  /** Called with the child once it started (to signal it mid-run). */
  onStart?: (child: ChildProcess) => void;
  timeoutMs?: number;
}

/** Runs `node bin/kuke.js ARGS…` from the repository root and collects its output. */
export function runKuke(args: string[], options: KukeRunOptions = {}): Promise<KukeRun> {
  const started = Date.now();
  const child = spawn(process.execPath, [KUKE, ...args], {
    cwd: ROOT,
    env: { ...process.env, FORCE_COLOR: '0', ...options.env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stdout = '';
  let stderr = '';
  child.stdout?.on('data', (chunk: Buffer) => {
    stdout += chunk.toString();
  });
  child.stderr?.on('data', (chunk: Buffer) => {
    stderr += chunk.toString();
  });
  options.onStart?.(child);
  const timer = setTimeout(() => child.kill('SIGKILL'), options.timeoutMs ?? 60_000);
  return new Promise((done) =>
    child.on('close', (code, signal) => {
      clearTimeout(timer);
      done({ code, signal, stdout, stderr, ms: Date.now() - started });
    }),
  );
}

export interface Reports {
  summary: RunResults;
  envelopes: Envelope[];
  junit: string;
}

/** The reports of a finished run; throws if one is missing or not parseable. */
export function readReports(dir: string): Reports {
  const summary = JSON.parse(readFileSync(join(dir, 'summary.json'), 'utf8')) as RunResults;
  const envelopes = readFileSync(join(dir, 'cucumber.ndjson'), 'utf8')
    .split('\n')
    .filter((line) => line.trim() !== '')
    .map((line) => JSON.parse(line) as Envelope);
  const junit = readFileSync(join(dir, 'junit.xml'), 'utf8');
  return { summary, envelopes, junit };
}

export function reportsExist(dir: string): boolean {
  return existsSync(join(dir, 'summary.json'));
}

/**
 * Checks that text is well-formed XML (one root, properly nested and closed elements, quoted
 * attributes, known entities) and returns its elements in document order.
 */
export function parseXmlElements(text: string): Array<{ name: string; attributes: Record<string, string> }> {
  const elements: Array<{ name: string; attributes: Record<string, string> }> = [];
  const open: string[] = [];
  let roots = 0;
  const body = text.replace(/^<\?xml[^?]*\?>/, '');
  const token =
    /<!\[CDATA\[[\s\S]*?\]\]>|<!--[\s\S]*?-->|<(\/?)([A-Za-z_][\w.:-]*)((?:\s+[\w.:-]+\s*=\s*(?:"[^"<]*"|'[^'<]*'))*)\s*(\/?)>|<|&(?!(?:lt|gt|amp|quot|apos|#\d+|#x[0-9a-fA-F]+);)/g;
  for (let match = token.exec(body); match; match = token.exec(body)) {
    const [whole, closing, name, attributeText, selfClosing] = match;
    if (whole.startsWith('<![CDATA[') || whole.startsWith('<!--')) continue;
    if (name === undefined)
      throw new Error(
        `not well-formed XML at offset ${match.index}: ${body.slice(match.index, match.index + 40)}`,
      );
    if (closing) {
      const expected = open.pop();
      if (expected !== name) throw new Error(`not well-formed XML: </${name}> closes <${expected}>`);
      continue;
    }
    if (open.length === 0) roots++;
    const attributes: Record<string, string> = {};
    for (const attribute of (attributeText ?? '').matchAll(/([\w.:-]+)\s*=\s*(?:"([^"]*)"|'([^']*)')/g))
      attributes[attribute[1]!] = unescapeXml(attribute[2] ?? attribute[3] ?? '');
    elements.push({ name, attributes });
    if (!selfClosing) open.push(name);
  }
  if (open.length > 0) throw new Error(`not well-formed XML: <${open.join('>, <')}> not closed`);
  if (roots !== 1) throw new Error(`not well-formed XML: ${roots} root elements`);
  return elements;
}

function unescapeXml(text: string): string {
  return text
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&quot;/g, '"')
    .replace(/&apos;/g, "'")
    .replace(/&#(\d+);/g, (_, code: string) => String.fromCodePoint(Number(code)))
    .replace(/&amp;/g, '&');
}

/** Every namespace event a cluster reports from now until `stop`. */
export async function watchNamespaces(
  kubeconfigPath: string,
): Promise<{ events: Array<{ type: string; name: string }>; stop: () => void }> {
  const config = new KubeConfig();
  config.loadFromFile(kubeconfigPath);
  const events: Array<{ type: string; name: string }> = [];
  const controller = await new Watch(config).watch(
    '/api/v1/namespaces',
    {},
    (type, object: { metadata?: { name?: string } }) =>
      events.push({ type, name: object.metadata?.name ?? '' }),
    () => {},
  );
  return { events, stop: () => controller.abort() };
}

/** The namespaces a kuke run created (and labelled) that still exist. */
export async function leftoverNamespaces(client: KubeClient): Promise<string[]> {
  const namespaces = await client.list('v1', 'Namespace', undefined);
  return namespaces.map((ns) => ns.metadata.name ?? '').filter((name) => name.startsWith('kuke-'));
}

/** Polls until `check` holds, or fails after `timeoutMs` naming what it waited for. */
export async function waitFor(
  check: () => boolean | Promise<boolean>,
  timeoutMs: number,
  what: string,
): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    try {
      if (await check()) return;
    } catch {
      // not yet
    }
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await new Promise((done) => setTimeout(done, 50));
  }
}

/** Scenario ids of a run's summary grouped by status. */
export function byStatus(summary: RunResults): Record<string, string[]> {
  const groups: Record<string, string[]> = {};
  for (const scenario of summary.scenarios) (groups[scenario.status] ??= []).push(scenario.name);
  return groups;
}

/** A scenario that creates a Deployment "web" and a pod "solo" and counts them a minute later. */
export function sameNamesFeature(title: string, given = ''): string {
  return `Feature: ${title}
  Scenario: ${title} creates web and solo
${given ? `    Given ${given}\n` : ''}    When I create the manifest:
      """yaml
      apiVersion: apps/v1
      kind: Deployment
      metadata:
        name: web
      spec:
        replicas: 2
        selector:
          matchLabels:
            app: web
        template:
          metadata:
            labels:
              app: web
          spec:
            containers:
              - name: nginx
                image: nginx:1.27
      ---
      apiVersion: v1
      kind: Pod
      metadata:
        name: solo
        labels:
          app: solo
      spec:
        containers:
          - name: nginx
            image: nginx:1.27
      """
    Then within 2 minutes 2 pods labelled "app=web" are Running
    And within 2 minutes pod "solo" is Running
    When 2 minutes pass
    Then 2 pods labelled "app=web" are Running
    And 1 pod labelled "app=solo" is Running
`;
}

/** For each finished scenario: the worker that ran it and when it started and finished. */
export function schedule(envelopes: Envelope[]): Array<{ workerId: string; start: number; end: number }> {
  const ms = (t: { seconds: number; nanos: number }) => t.seconds * 1000 + t.nanos / 1e6;
  const started = new Map<string, { workerId: string; start: number }>();
  const result: Array<{ workerId: string; start: number; end: number }> = [];
  for (const envelope of envelopes) {
    const s = envelope.testCaseStarted;
    if (s) started.set(s.id, { workerId: s.workerId ?? '', start: ms(s.timestamp) });
    const f = envelope.testCaseFinished;
    const begin = f ? started.get(f.testCaseStartedId) : undefined;
    if (f && begin) result.push({ ...begin, end: ms(f.timestamp) });
  }
  return result;
}

/** A feature of `count` scenarios that each wait `seconds` of cluster time. */
export function slowScenarios(count: number, seconds = 3): string {
  const scenario = (n: number) => `
  Scenario: Slow ${n}
    When I apply the manifest:
      """yaml
      apiVersion: v1
      kind: ConfigMap
      metadata:
        name: slow-${n}
      """
    And ${seconds} seconds pass
    Then configmap "slow-${n}" exists
`;
  return `Feature: Slow scenarios\n${Array.from({ length: count }, (_, i) => scenario(i + 1)).join('')}`;
}
