import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { TestEngine, type TestReply } from '../../cluster/testing.ts';

const NS = 'tokens';
const TOKEN_PATH = (name: string, namespace = NS) =>
  `/api/v1/namespaces/${namespace}/serviceaccounts/${name}/token`;
const REVIEW = {
  apiVersion: 'authentication.k8s.io/v1',
  kind: 'SelfSubjectReview',
};

describe('serviceaccounts/token (TokenRequest)', () => {
  let t: TestEngine;
  before(async () => {
    t = await TestEngine.start();
    t.create({ apiVersion: 'v1', kind: 'Namespace', metadata: { name: NS } });
    t.create({ apiVersion: 'v1', kind: 'ServiceAccount', metadata: { name: 'robot', namespace: NS } });
    t.create({ apiVersion: 'v1', kind: 'Secret', metadata: { name: 'held', namespace: NS } });
  });
  after(() => t.stop());

  /** A request with another bearer token than the admin's. */
  function withToken(token: string, method: string, path: string, body?: unknown): TestReply {
    const reply = t.engine.handler.handle({
      method,
      path,
      query: new URLSearchParams(),
      headers: {
        authorization: `Bearer ${token}`,
        accept: 'application/json',
        ...(body !== undefined ? { 'content-type': 'application/json' } : {}),
      },
      ...(body !== undefined ? { body: new TextEncoder().encode(JSON.stringify(body)) } : {}),
    });
    if (reply.kind !== 'body') throw new Error('unexpected reply');
    const text = typeof reply.body === 'string' ? reply.body : new TextDecoder().decode(reply.body);
    return { status: reply.status, body: JSON.parse(text), text };
  }

  function issue(name: string, spec: Record<string, unknown> = {}): string {
    const reply = t.request('POST', TOKEN_PATH(name), { apiVersion: 'authentication.k8s.io/v1', spec });
    assert.equal(reply.status, 201, reply.text);
    return (reply.body as { status: { token: string } }).status.token;
  }

  const whoami = (token: string) =>
    withToken(token, 'POST', '/apis/authentication.k8s.io/v1/selfsubjectreviews', REVIEW);

  test('a request without expiration or audiences gets one hour and the API server audience', () => {
    const reply = t.request('POST', TOKEN_PATH('robot'), {
      kind: 'TokenRequest',
      apiVersion: 'authentication.k8s.io/v1',
    });
    assert.equal(reply.status, 201);
    const body = reply.body as { status: { token: string } };
    const now = t.now();
    assert.match(body.status.token, /^[\w-]+\.[\w-]+\.[\w-]+$/);
    assert.equal(
      reply.text,
      `${JSON.stringify({
        kind: 'TokenRequest',
        apiVersion: 'authentication.k8s.io/v1',
        metadata: { name: 'robot', namespace: NS, creationTimestamp: rfc3339(now) },
        spec: {
          audiences: ['https://kubernetes.default.svc.cluster.local'],
          expirationSeconds: 3600,
          boundObjectRef: null,
        },
        status: { token: body.status.token, expirationTimestamp: rfc3339(now + 3_600_000) },
      })}\n`,
    );
  });

  const refusals: Array<{ name: string; path?: string; body: Record<string, unknown>; status: unknown }> = [
    {
      name: 'too short an expiration',
      body: { spec: { expirationSeconds: 599 } },
      status: invalidStatus(
        '',
        'spec.expirationSeconds',
        'Invalid value: 599: may not specify a duration less than 10 minutes',
      ),
    },
    {
      name: 'too long an expiration',
      body: { spec: { expirationSeconds: 2 ** 32 + 1 } },
      status: invalidStatus(
        '',
        'spec.expirationSeconds',
        'Invalid value: 4294967297: may not specify a duration larger than 2^32 seconds',
      ),
    },
    {
      name: 'another name in the body',
      body: { metadata: { name: 'other' } },
      status: invalidStatus(
        'robot',
        'metadata.name',
        'Invalid value: "other": must match the service account name if specified',
      ),
    },
    {
      name: 'another namespace in the body',
      body: { metadata: { namespace: 'default' } },
      status: invalidStatus(
        'robot',
        'metadata.namespace',
        'Invalid value: "default": must match the service account namespace if specified',
      ),
    },
    {
      name: 'a missing service account',
      path: TOKEN_PATH('ghost'),
      body: {},
      status: {
        kind: 'Status',
        apiVersion: 'v1',
        metadata: {},
        status: 'Failure',
        message: 'serviceaccounts "ghost" not found',
        reason: 'NotFound',
        details: { name: 'ghost', kind: 'serviceaccounts' },
        code: 404,
      },
    },
    {
      name: 'a bound object of an unsupported kind',
      body: { spec: { boundObjectRef: { kind: 'Deployment', apiVersion: 'apps/v1', name: 'web' } } },
      status: badRequestStatus('cannot bind token to object of type apps/v1, Kind=Deployment'),
    },
    {
      name: 'a bound secret that does not exist',
      body: { spec: { boundObjectRef: { kind: 'Secret', apiVersion: 'v1', name: 'nope' } } },
      status: {
        kind: 'Status',
        apiVersion: 'v1',
        metadata: {},
        status: 'Failure',
        message: 'secrets "nope" not found',
        reason: 'NotFound',
        details: { name: 'nope', kind: 'secrets' },
        code: 404,
      },
    },
    {
      name: 'a bound secret whose uid changed',
      body: { spec: { boundObjectRef: { kind: 'Secret', apiVersion: 'v1', name: 'held', uid: 'old-uid' } } },
      status: {
        kind: 'Status',
        apiVersion: 'v1',
        metadata: {},
        status: 'Failure',
        message:
          'Operation cannot be fulfilled on Secret "held": the UID in the bound object reference (old-uid) does not match the UID in record. The object might have been deleted and then recreated',
        reason: 'Conflict',
        details: { name: 'held', kind: 'Secret' },
        code: 409,
      },
    },
  ];
  for (const c of refusals) {
    test(`refused: ${c.name}`, () => {
      const reply = t.request('POST', c.path ?? TOKEN_PATH('robot'), {
        apiVersion: 'authentication.k8s.io/v1',
        kind: 'TokenRequest',
        ...c.body,
      });
      assert.deepEqual(reply.body, c.status);
    });
  }

  test('a token authenticates as its service account, with the credential id as an extra', () => {
    const token = issue('robot');
    const claims = JSON.parse(Buffer.from(token.split('.')[1]!, 'base64url').toString()) as { jti: string };
    const sa = t.get<{ metadata: { uid: string } }>('v1', 'ServiceAccount', NS, 'robot')!;
    const reply = whoami(token);
    assert.equal(reply.status, 201);
    assert.deepEqual((reply.body as { status: unknown }).status, {
      userInfo: {
        username: 'system:serviceaccount:tokens:robot',
        uid: sa.metadata.uid,
        groups: ['system:serviceaccounts', 'system:serviceaccounts:tokens', 'system:authenticated'],
        extra: { 'authentication.kubernetes.io/credential-id': [`JTI=${claims.jti}`] },
      },
    });
  });

  test('RBAC applies to the service account: no role, no pods; a RoleBinding grants them', () => {
    const token = issue('robot');
    const denied = withToken(token, 'GET', `/api/v1/namespaces/${NS}/pods`);
    assert.equal(denied.status, 403);
    assert.equal(
      (denied.body as { message: string }).message,
      'pods is forbidden: User "system:serviceaccount:tokens:robot" cannot list resource "pods" in API group "" in the namespace "tokens"',
    );
    t.create({
      apiVersion: 'rbac.authorization.k8s.io/v1',
      kind: 'RoleBinding',
      metadata: { name: 'robot-view', namespace: NS },
      roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'ClusterRole', name: 'view' },
      subjects: [{ kind: 'ServiceAccount', name: 'robot', namespace: NS }],
    });
    assert.equal(withToken(token, 'GET', `/api/v1/namespaces/${NS}/pods`).status, 200);
  });

  test('creating a token needs create on serviceaccounts/token', () => {
    const token = issue('robot');
    const reply = withToken(token, 'POST', TOKEN_PATH('robot'), { apiVersion: 'authentication.k8s.io/v1' });
    assert.equal(reply.status, 403);
    assert.equal(
      (reply.body as { message: string }).message,
      'serviceaccounts "robot" is forbidden: User "system:serviceaccount:tokens:robot" cannot create resource "serviceaccounts/token" in API group "" in the namespace "tokens"',
    );
  });

  const unauthorized = {
    kind: 'Status',
    apiVersion: 'v1',
    metadata: {},
    status: 'Failure',
    message: 'Unauthorized',
    reason: 'Unauthorized',
    code: 401,
  };

  test('a token for another audience does not authenticate', () => {
    const token = issue('robot', { audiences: ['vault'] });
    assert.deepEqual(whoami(token).body, unauthorized);
  });

  test('a token stops authenticating a minute after it expires (the claims leeway)', () => {
    const token = issue('robot', { expirationSeconds: 600 });
    t.advance(600_000 + 59_000);
    assert.equal(whoami(token).status, 201);
    t.advance(1_000);
    assert.deepEqual(whoami(token).body, unauthorized);
  });

  test('a token stops authenticating when its service account or bound object is deleted', () => {
    t.create({ apiVersion: 'v1', kind: 'ServiceAccount', metadata: { name: 'brief', namespace: NS } });
    t.create({ apiVersion: 'v1', kind: 'Secret', metadata: { name: 'anchor', namespace: NS } });
    const saToken = issue('brief');
    const bound = issue('robot', { boundObjectRef: { kind: 'Secret', apiVersion: 'v1', name: 'anchor' } });
    assert.equal(whoami(bound).status, 201);
    assert.equal(t.delete('v1', 'Secret', NS, 'anchor').status, 200);
    assert.deepEqual(whoami(bound).body, unauthorized);
    assert.equal(whoami(saToken).status, 201);
    assert.equal(t.delete('v1', 'ServiceAccount', NS, 'brief').status, 200);
    assert.deepEqual(whoami(saToken).body, unauthorized);
  });

  test('a token bound to a pod names the pod and its node; the pod must run as the account', () => {
    t.create({
      apiVersion: 'v1',
      kind: 'Pod',
      metadata: { name: 'worker', namespace: NS },
      spec: {
        serviceAccountName: 'robot',
        containers: [{ name: 'main', image: 'busybox:1.36', command: ['sleep', '3600'] }],
      },
    });
    t.until(() => Boolean(t.pod('worker', NS).spec?.nodeName), 10_000, 'worker scheduled');
    const pod = t.pod('worker', NS);
    const ref = { kind: 'Pod', apiVersion: 'v1', name: 'worker' };
    const token = issue('robot', { boundObjectRef: ref });
    const extra = (whoami(token).body as { status: { userInfo: { extra: Record<string, string[]> } } }).status
      .userInfo.extra;
    assert.deepEqual(extra['authentication.kubernetes.io/pod-name'], ['worker']);
    assert.deepEqual(extra['authentication.kubernetes.io/pod-uid'], [pod.metadata?.uid]);
    assert.deepEqual(extra['authentication.kubernetes.io/node-name'], [pod.spec?.nodeName]);
    const other = t.request('POST', TOKEN_PATH('default'), { spec: { boundObjectRef: ref } });
    assert.deepEqual(
      other.body,
      badRequestStatus(
        'cannot bind token for serviceaccount "default" to pod running with different serviceaccount name.',
      ),
    );
  });
});

function rfc3339(ms: number): string {
  return `${new Date(Math.floor(ms / 1000) * 1000).toISOString().slice(0, 19)}Z`;
}

function invalidStatus(name: string, field: string, text: string) {
  return {
    kind: 'Status',
    apiVersion: 'v1',
    metadata: {},
    status: 'Failure',
    message: `TokenRequest.authentication.k8s.io "${name}" is invalid: ${field}: ${text}`,
    reason: 'Invalid',
    details: {
      ...(name ? { name } : {}),
      group: 'authentication.k8s.io',
      kind: 'TokenRequest',
      causes: [{ reason: 'FieldValueInvalid', message: text, field }],
    },
    code: 422,
  };
}

function badRequestStatus(message: string) {
  return {
    kind: 'Status',
    apiVersion: 'v1',
    metadata: {},
    status: 'Failure',
    message,
    reason: 'BadRequest',
    code: 400,
  };
}
