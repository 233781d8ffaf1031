/**
 * End to end with the real kubectl: a tiny HTTP server serves minimal discovery (pods only), the
 * /openapi/v3 documents, and just enough of the pods API; everything else is 404.
 */
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { accessSync, constants, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { delimiter, join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { findUnknownFields, strictDecodingErrorMessage } from './field-validation.ts';
import { generatedSchemas, openApiV3Response } from './openapi.ts';

interface Recorded {
  method: string;
  path: string;
  query: URLSearchParams;
  contentType: string;
  body: string;
}

interface KubectlResult {
  code: number;
  stdout: string;
  stderr: string;
}

function findKubectl(): string | undefined {
  for (const dir of (process.env.PATH ?? '').split(delimiter)) {
    const candidate = join(dir, 'kubectl');
    try {
      accessSync(candidate, constants.X_OK);
      return candidate;
    } catch {}
  }
  return undefined;
}

const POD_PATH = '/api/v1/namespaces/default/pods';
const POD_LIST = {
  kind: 'APIResourceList',
  apiVersion: 'v1',
  groupVersion: 'v1',
  resources: [
    {
      name: 'pods',
      singularName: 'pod',
      namespaced: true,
      kind: 'Pod',
      verbs: ['create', 'delete', 'deletecollection', 'get', 'list', 'patch', 'update', 'watch'],
      shortNames: ['po'],
      categories: ['all'],
    },
  ],
};

function sendJson(res: ServerResponse, status: number, body: unknown): void {
  res.writeHead(status, { 'Content-Type': 'application/json' });
  res.end(JSON.stringify(body));
}

function status(code: number, reason: string, message: string): Record<string, unknown> {
  return { kind: 'Status', apiVersion: 'v1', metadata: {}, status: 'Failure', message, reason, code };
}

/** Serves discovery, /openapi/v3 and a one-pod store; records every request. */
function startServer(requests: Recorded[]): Promise<Server> {
  const pods = new Map<string, Record<string, unknown>>();
  const handle = (req: IncomingMessage, res: ServerResponse, body: string): void => {
    const url = new URL(req.url ?? '/', 'http://localhost');
    requests.push({
      method: req.method ?? '',
      path: url.pathname,
      query: url.searchParams,
      contentType: req.headers['content-type'] ?? '',
      body,
    });
    const openapi = openApiV3Response(url.pathname, url.searchParams, {
      accept: req.headers.accept ?? '*/*',
      groupVersions: ['v1'],
    });
    if (openapi) {
      res.writeHead(openapi.status, openapi.headers);
      res.end(openapi.body);
      return;
    }
    if (url.pathname === '/version') {
      sendJson(res, 200, { major: '1', minor: '32', gitVersion: 'v1.32.4', platform: 'linux/amd64' });
    } else if (url.pathname === '/api') {
      sendJson(res, 200, { kind: 'APIVersions', versions: ['v1'] });
    } else if (url.pathname === '/apis') {
      sendJson(res, 200, { kind: 'APIGroupList', apiVersion: 'v1', groups: [] });
    } else if (url.pathname === '/api/v1') {
      sendJson(res, 200, POD_LIST);
    } else if (req.method === 'POST' && url.pathname === POD_PATH) {
      const pod = JSON.parse(body) as { metadata: { name: string } };
      const unknown = findUnknownFields(pod, 'v1', 'Pod') ?? [];
      if (url.searchParams.get('fieldValidation') === 'Strict' && unknown.length > 0) {
        sendJson(res, 400, status(400, 'BadRequest', strictDecodingErrorMessage('v1', 'Pod', unknown)));
        return;
      }
      pods.set(pod.metadata.name, pod);
      sendJson(res, 201, pod);
    } else if (url.pathname.startsWith(`${POD_PATH}/`)) {
      const name = url.pathname.slice(POD_PATH.length + 1);
      const pod = pods.get(name);
      if (req.method === 'PATCH' && req.headers['content-type'] === 'application/apply-patch+yaml') {
        const applied = JSON.parse(body) as Record<string, unknown>;
        pods.set(name, applied);
        sendJson(res, pod ? 200 : 201, applied);
      } else if (pod && (req.method === 'GET' || req.method === 'PATCH')) {
        sendJson(res, 200, pod);
      } else {
        sendJson(res, 404, {
          ...status(404, 'NotFound', `pods "${name}" not found`),
          details: { name, kind: 'pods' },
        });
      }
    } else {
      res.writeHead(404, { 'Content-Type': 'text/plain; charset=utf-8' });
      res.end('404 page not found\n');
    }
  };
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => handle(req, res, Buffer.concat(chunks).toString('utf8')));
  });
  return new Promise((resolve) => server.listen(0, '127.0.0.1', () => resolve(server)));
}

const kubectl = findKubectl();

describe('kubectl 1.32 against the OpenAPI v3 documents', {
  skip: kubectl ? false : 'kubectl not found on PATH',
}, () => {
  const requests: Recorded[] = [];
  let server: Server;
  let dir: string;

  const run = (args: string[], env: Record<string, string> = {}): Promise<KubectlResult> =>
    new Promise((resolve) => {
      const options = {
        env: { PATH: process.env.PATH ?? '', HOME: dir, KUBECONFIG: join(dir, 'kubeconfig'), ...env },
        timeout: 60_000,
      };
      execFile(kubectl!, args, options, (error, stdout, stderr) => {
        const code = error ? (typeof error.code === 'number' ? error.code : -1) : 0;
        resolve({ code, stdout: String(stdout), stderr: String(stderr) });
      });
    });
  const since = (start: number): Recorded[] => requests.slice(start);
  const file = (name: string, text: string): string => {
    const path = join(dir, name);
    writeFileSync(path, text);
    return path;
  };

  before(async () => {
    dir = mkdtempSync(join(tmpdir(), 'kuke-openapi-'));
    server = await startServer(requests);
    const { port } = server.address() as AddressInfo;
    file(
      'kubeconfig',
      [
        'apiVersion: v1',
        'kind: Config',
        'clusters:',
        '- name: test',
        `  cluster: { server: "http://127.0.0.1:${port}" }`,
        'users:',
        '- name: tester',
        '  user: { token: test-token }',
        'contexts:',
        '- name: test',
        '  context: { cluster: test, user: tester, namespace: default }',
        'current-context: test',
        '',
      ].join('\n'),
    );
  });

  after(() => {
    server?.close();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  const podYaml = (name: string, containers: string[], extra = ''): string =>
    [
      'apiVersion: v1',
      'kind: Pod',
      `metadata: { name: ${name} }`,
      'spec:',
      extra,
      '  containers:',
      ...containers.map((c) => `  - { name: ${c.split('=')[0]}, image: ${c.split('=')[1]} }`),
      '',
    ]
      .filter((line) => line !== '')
      .join('\n');

  it('explains pods.spec.containers from the served schema', async () => {
    const result = await run(['explain', 'pods.spec.containers']);
    assert.equal(result.code, 0, result.stderr);
    assert.match(result.stdout, /^KIND: {7}Pod\nVERSION: {4}v1\n\nFIELD: containers <\[\]Container>\n/);
    assert.match(result.stdout, /List of containers belonging to the pod\. Containers cannot currently be\n/);
    assert.match(
      result.stdout,
      /\n {2}name\t<string> -required-\n {4}Name of the container specified as a DNS_LABEL\./,
    );
    const container = generatedSchemas()['io.k8s.api.core.v1.Container']!;
    const fields = Object.keys(container.properties as object);
    for (const field of fields) assert.match(result.stdout, new RegExp(`\\n {2}${field}\\t<`), field);
    assert.ok(requests.some((r) => r.path === '/openapi/v3/api/v1' && r.query.has('hash')));
  });

  it('accepts a valid pod with --dry-run=client, validating through the server-side path only', async () => {
    const start = requests.length;
    const pod = file('pod.yaml', podYaml('web', ['app=nginx']));
    const result = await run(['create', '-f', pod, '--dry-run=client', '-o', 'json', '--validate=strict']);
    assert.equal(result.code, 0, result.stderr);
    const printed = JSON.parse(result.stdout) as {
      metadata: { name: string };
      spec: { containers: unknown[] };
    };
    assert.equal(printed.metadata.name, 'web');
    assert.deepEqual(printed.spec.containers, [{ image: 'nginx', name: 'app' }]);
    assert.ok(since(start).some((r) => r.path === '/openapi/v3'));
    assert.ok(!since(start).some((r) => r.method !== 'GET'), 'a client dry run sends nothing');
  });

  it('rejects an unknown field with the server message kubectl prints', async () => {
    const start = requests.length;
    const bad = file('bad.yaml', podYaml('typo', ['app=nginx'], '  foo: bar'));
    const result = await run(['create', '-f', bad]);
    assert.equal(result.code, 1);
    assert.equal(
      result.stderr,
      `Error from server (BadRequest): error when creating "${bad}": Pod in version "v1" cannot be handled as a Pod: strict decoding error: unknown field "spec.foo"\n`,
    );
    const post = since(start).find((r) => r.method === 'POST');
    assert.equal(post?.query.get('fieldValidation'), 'Strict');
    assert.equal(post?.query.get('fieldManager'), 'kubectl-create');
  });

  it('computes the client-side apply patch from the v3 merge keys', async () => {
    const start = requests.length;
    const created = await run(['apply', '-f', file('apply1.yaml', podYaml('applied', ['app=nginx']))]);
    assert.equal(created.code, 0, created.stderr);
    assert.equal(created.stdout, 'pod/applied created\n');
    const updated = await run([
      'apply',
      '-f',
      file('apply2.yaml', podYaml('applied', ['app=nginx:2', 'side=busybox'])),
    ]);
    assert.equal(updated.code, 0, updated.stderr);
    assert.equal(updated.stdout, 'pod/applied configured\n');
    assert.equal(updated.stderr, '');
    const patch = since(start).find((r) => r.method === 'PATCH');
    assert.equal(patch?.contentType, 'application/strategic-merge-patch+json');
    assert.equal(patch?.query.get('fieldManager'), 'kubectl-client-side-apply');
    const body = JSON.parse(patch?.body ?? '{}') as { spec: Record<string, unknown> };
    assert.deepEqual(body.spec, {
      '$setElementOrder/containers': [{ name: 'app' }, { name: 'side' }],
      containers: [
        { image: 'nginx:2', name: 'app' },
        { image: 'busybox', name: 'side' },
      ],
    });
  });

  it('applies server-side with strict field validation', async () => {
    const start = requests.length;
    const result = await run([
      'apply',
      '--server-side',
      '-f',
      file('ssa.yaml', podYaml('ssa', ['app=nginx'])),
    ]);
    assert.equal(result.code, 0, result.stderr);
    assert.equal(result.stdout, 'pod/ssa serverside-applied\n');
    const patch = since(start).find((r) => r.method === 'PATCH');
    assert.equal(patch?.contentType, 'application/apply-patch+yaml');
    assert.equal(patch?.query.get('fieldManager'), 'kubectl');
    assert.equal(patch?.query.get('fieldValidation'), 'Strict');
  });

  it('edits a pod with a strategic merge patch', async () => {
    const start = requests.length;
    const editor = file('editor.sh', '#!/bin/sh\nsed -i "s/image: nginx$/image: nginx:3/" "$1"\n');
    const result = await run(['edit', 'pod', 'ssa'], { KUBE_EDITOR: `sh ${editor}` });
    assert.equal(result.code, 0, result.stderr);
    assert.equal(result.stdout, 'pod/ssa edited\n');
    const patch = since(start).find((r) => r.method === 'PATCH');
    assert.equal(patch?.contentType, 'application/strategic-merge-patch+json');
    assert.equal(patch?.query.get('fieldManager'), 'kubectl-edit');
    assert.deepEqual(JSON.parse(patch?.body ?? '{}'), {
      spec: {
        '$setElementOrder/containers': [{ name: 'app' }],
        containers: [{ image: 'nginx:3', name: 'app' }],
      },
    });
  });

  it('never asks for /openapi/v2', () => {
    assert.ok(requests.length > 0);
    assert.deepEqual(
      requests.filter((r) => r.path.startsWith('/openapi/v2')),
      [],
    );
  });
});
