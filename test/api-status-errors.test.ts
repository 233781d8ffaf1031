/**
 * Every kind of API error, provoked over HTTPS against an in-process engine, compared byte for byte
 * with the metav1.Status a v1.32 kube-apiserver sends (reference §1): status code, Content-Type and
 * the whole body, key order and trailing newline included.
 */
import assert from 'node:assert/strict';
import { request } from 'node:https';
import { after, before, describe, it } from 'node:test';
import { parse as parseYaml } from 'yaml';
import { type RunningEngine, startEngine } from '../engine/index.ts';

interface Reply {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  body: string;
}

interface Call {
  method: string;
  path: string;
  headers?: Record<string, string>;
  body?: string | Buffer;
  token?: string;
}

let running: RunningEngine;
let ca: Buffer;
let adminToken: string;

function call({ method, path, headers = {}, body, token = adminToken }: Call): Promise<Reply> {
  return new Promise((resolve, reject) => {
    const req = request(
      `${running.url}${path}`,
      {
        method,
        ca,
        headers: {
          authorization: `Bearer ${token}`,
          ...(body !== undefined ? { 'content-type': 'application/json' } : {}),
          ...headers,
        },
      },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (chunk: Buffer) => chunks.push(chunk));
        res.on('end', () =>
          resolve({
            status: res.statusCode ?? 0,
            headers: res.headers,
            body: Buffer.concat(chunks).toString(),
          }),
        );
      },
    );
    req.on('error', reject);
    req.end(body);
  });
}

/** A Failure Status as kube-apiserver serialises it: Go field order, empty fields left out, newline. */
function status(code: number, reason: string | undefined, message: string, details?: object): string {
  return `${JSON.stringify({
    kind: 'Status',
    apiVersion: 'v1',
    metadata: {},
    status: 'Failure',
    message,
    ...(reason ? { reason } : {}),
    ...(details ? { details } : {}),
    code,
  })}\n`;
}

const configMap = (name: string, extra: object = {}) =>
  JSON.stringify({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name }, data: { a: 'b' }, ...extra });

const pod = (name: string) =>
  JSON.stringify({
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: { name },
    spec: { containers: [{ name: 'main', image: 'busybox' }] },
  });

const DNS_SUBDOMAIN =
  "a lowercase RFC 1123 subdomain must consist of lower case alphanumeric characters, '-' or '.', and must start and end with an alphanumeric character (e.g. 'example.com', regex used for validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*')";

const BROKEN_YAML = 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: x: y\n';

interface Case {
  name: string;
  call: () => Call;
  status: number;
  body: () => string;
  headers?: Record<string, string>;
}

const cases: Case[] = [
  {
    name: '400 malformed JSON (truncated)',
    call: () => ({
      method: 'POST',
      path: '/api/v1/namespaces/errors/configmaps',
      body: '{"apiVersion":"v1","kind":"ConfigMap",',
    }),
    status: 400,
    body: () =>
      status(
        400,
        'BadRequest',
        `the object provided is unrecognized (must be of type ConfigMap): couldn't get version/kind; json parse error: unexpected end of JSON input ({"apiVersion":"v1","kind":"Con ...)`,
      ),
  },
  {
    name: '400 malformed JSON (trailing comma)',
    call: () => ({ method: 'POST', path: '/api/v1/namespaces/errors/configmaps', body: '{"data":{},}' }),
    status: 400,
    body: () =>
      status(
        400,
        'BadRequest',
        `the object provided is unrecognized (must be of type ConfigMap): couldn't get version/kind; json parse error: invalid character '}' looking for beginning of object key string ({"data":{},})`,
      ),
  },
  {
    name: '400 malformed YAML',
    call: () => ({
      method: 'POST',
      path: '/api/v1/namespaces/errors/configmaps',
      headers: { 'content-type': 'application/yaml' },
      body: BROKEN_YAML,
    }),
    status: 400,
    body: () =>
      status(
        400,
        'BadRequest',
        `the object provided is unrecognized (must be of type ConfigMap): yaml: line 4: mapping values are not allowed in this context (${Buffer.from(BROKEN_YAML.slice(0, 30)).toString('hex')} ...)`,
      ),
  },
  {
    name: '401 unknown bearer token',
    call: () => ({ method: 'GET', path: '/api/v1/namespaces/errors/pods', token: 'not-a-token' }),
    status: 401,
    body: () => status(401, 'Unauthorized', 'Unauthorized'),
  },
  {
    name: '403 RBAC: list as a user without bindings',
    call: () => ({
      method: 'GET',
      path: '/api/v1/namespaces/errors/pods',
      headers: { 'impersonate-user': 'jane' },
    }),
    status: 403,
    headers: { 'x-content-type-options': 'nosniff' },
    body: () =>
      status(
        403,
        'Forbidden',
        'pods is forbidden: User "jane" cannot list resource "pods" in API group "" in the namespace "errors"',
        { kind: 'pods' },
      ),
  },
  {
    name: '403 RBAC: delete a named deployment',
    call: () => ({
      method: 'DELETE',
      path: '/apis/apps/v1/namespaces/errors/deployments/web',
      headers: { 'impersonate-user': 'jane' },
    }),
    status: 403,
    headers: { 'x-content-type-options': 'nosniff' },
    body: () =>
      status(
        403,
        'Forbidden',
        'deployments.apps "web" is forbidden: User "jane" cannot delete resource "deployments" in API group "apps" in the namespace "errors"',
        { name: 'web', group: 'apps', kind: 'deployments' },
      ),
  },
  {
    name: '403 quota exceeded',
    call: () => ({ method: 'POST', path: '/api/v1/namespaces/quota/pods', body: pod('second') }),
    status: 403,
    body: () =>
      status(
        403,
        'Forbidden',
        'pods "second" is forbidden: exceeded quota: one-pod, requested: pods=1, used: pods=1, limited: pods=1',
        { name: 'second', kind: 'pods' },
      ),
  },
  {
    name: '404 core resource',
    call: () => ({ method: 'GET', path: '/api/v1/namespaces/errors/pods/nope' }),
    status: 404,
    body: () => status(404, 'NotFound', 'pods "nope" not found', { name: 'nope', kind: 'pods' }),
  },
  {
    name: '404 grouped resource',
    call: () => ({ method: 'GET', path: '/apis/apps/v1/namespaces/errors/deployments/nope' }),
    status: 404,
    body: () =>
      status(404, 'NotFound', 'deployments.apps "nope" not found', {
        name: 'nope',
        group: 'apps',
        kind: 'deployments',
      }),
  },
  {
    name: '409 stale resourceVersion',
    call: () => ({
      method: 'PUT',
      path: '/api/v1/namespaces/errors/configmaps/settings',
      body: configMap('settings', { metadata: { name: 'settings', resourceVersion: '1' } }),
    }),
    status: 409,
    body: () =>
      status(
        409,
        'Conflict',
        'Operation cannot be fulfilled on configmaps "settings": the object has been modified; please apply your changes to the latest version and try again',
        { name: 'settings', kind: 'configmaps' },
      ),
  },
  {
    name: '409 already exists',
    call: () => ({
      method: 'POST',
      path: '/api/v1/namespaces/errors/configmaps',
      body: configMap('settings'),
    }),
    status: 409,
    body: () =>
      status(409, 'AlreadyExists', 'configmaps "settings" already exists', {
        name: 'settings',
        kind: 'configmaps',
      }),
  },
  {
    name: '413 body over 3 MiB',
    call: () => ({
      method: 'POST',
      path: '/api/v1/namespaces/errors/configmaps',
      body: configMap('big', { data: { a: 'x'.repeat(3 * 1024 * 1024) } }),
    }),
    status: 413,
    body: () => status(413, 'RequestEntityTooLarge', 'Request entity too large: limit is 3145728'),
  },
  {
    name: '415 unknown content type on create',
    call: () => ({
      method: 'POST',
      path: '/api/v1/namespaces/errors/configmaps',
      headers: { 'content-type': 'text/plain' },
      body: configMap('plain'),
    }),
    status: 415,
    body: () =>
      status(
        415,
        'UnsupportedMediaType',
        'the body of the request was in an unknown format - accepted media types include: application/json, application/yaml, application/vnd.kubernetes.protobuf',
      ),
  },
  {
    name: '415 unknown patch type',
    call: () => ({
      method: 'PATCH',
      path: '/api/v1/namespaces/errors/configmaps/settings',
      body: '{}',
    }),
    status: 415,
    body: () =>
      status(
        415,
        'UnsupportedMediaType',
        'the body of the request was in an unknown format - accepted media types include: application/json-patch+json, application/merge-patch+json, application/strategic-merge-patch+json, application/apply-patch+yaml',
      ),
  },
  {
    name: '422 invalid name',
    call: () => ({
      method: 'POST',
      path: '/api/v1/namespaces/errors/configmaps',
      body: configMap('Bad_Name'),
    }),
    status: 422,
    body: () =>
      status(
        422,
        'Invalid',
        `ConfigMap "Bad_Name" is invalid: metadata.name: Invalid value: "Bad_Name": ${DNS_SUBDOMAIN}`,
        {
          name: 'Bad_Name',
          kind: 'ConfigMap',
          causes: [
            {
              reason: 'FieldValueInvalid',
              message: `Invalid value: "Bad_Name": ${DNS_SUBDOMAIN}`,
              field: 'metadata.name',
            },
          ],
        },
      ),
  },
  {
    name: '422 JSON patch whose test operation fails',
    call: () => ({
      method: 'PATCH',
      path: '/api/v1/namespaces/errors/configmaps/settings',
      headers: { 'content-type': 'application/json-patch+json' },
      body: '[{"op":"test","path":"/data/a","value":"z"}]',
    }),
    status: 422,
    body: () => status(422, 'Invalid', 'the server rejected our request due to an error in our request', {}),
  },
];

describe('API errors as metav1.Status', () => {
  before(async () => {
    running = await startEngine({ seed: 'api-status-errors' });
    const config = parseYaml(running.kubeconfig) as {
      clusters: { cluster: { 'certificate-authority-data': string } }[];
    };
    ca = Buffer.from(config.clusters[0]!.cluster['certificate-authority-data'], 'base64');
    adminToken = running.engine.adminToken;
    const setup: Call[] = [
      { method: 'POST', path: '/api/v1/namespaces', body: '{"metadata":{"name":"errors"}}' },
      { method: 'POST', path: '/api/v1/namespaces', body: '{"metadata":{"name":"quota"}}' },
      { method: 'POST', path: '/api/v1/namespaces/errors/configmaps', body: configMap('settings') },
      { method: 'PUT', path: '/api/v1/namespaces/errors/configmaps/settings', body: configMap('settings') },
      {
        method: 'POST',
        path: '/api/v1/namespaces/quota/resourcequotas',
        body: '{"metadata":{"name":"one-pod"},"spec":{"hard":{"pods":"1"}}}',
      },
      { method: 'POST', path: '/api/v1/namespaces/quota/pods', body: pod('first') },
    ];
    for (const step of setup) {
      const reply = await call(step);
      assert.ok(reply.status < 300, `${step.method} ${step.path}: ${reply.status} ${reply.body}`);
    }
  });
  after(() => running?.stop());

  for (const testCase of cases) {
    it(testCase.name, async () => {
      const reply = await call(testCase.call());
      assert.equal(reply.body, testCase.body());
      assert.equal(reply.status, testCase.status);
      assert.equal(reply.headers['content-type'], 'application/json');
      for (const [name, value] of Object.entries(testCase.headers ?? {})) {
        assert.equal(reply.headers[name], value, name);
      }
    });
  }

  it('410 watch from a compacted resourceVersion: one ERROR event, then the stream ends', async () => {
    const store = running.engine.store;
    const template = store.create('/podtemplates', {
      apiVersion: 'v1',
      kind: 'PodTemplate',
      metadata: { name: 'churn', namespace: 'errors' },
    });
    let latest = template;
    for (let i = 0; i < store.historyCapacity; i++) {
      latest = store.update('/podtemplates', {
        ...latest,
        metadata: { ...latest.metadata, labels: { n: String(i) } },
      });
    }
    const oldestKept = store.resourceVersion - store.historyCapacity;
    const reply = await call({
      method: 'GET',
      path: '/api/v1/namespaces/errors/pods?watch=1&resourceVersion=1',
    });
    assert.equal(reply.status, 200);
    assert.equal(
      reply.body,
      `${JSON.stringify({
        type: 'ERROR',
        object: JSON.parse(status(410, 'Expired', `too old resource version: 1 (${oldestKept})`)),
      })}\n`,
    );
  });
});
