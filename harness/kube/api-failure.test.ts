import assert from 'node:assert/strict';
import { test } from 'node:test';
import { ApiFailure, failureFromResponse } from './api-failure.ts';

test('a Status body gives the code, reason and message exactly as the server sent them', () => {
  const status = {
    kind: 'Status',
    apiVersion: 'v1',
    metadata: {},
    status: 'Failure',
    message:
      'pods "web" is forbidden: User "jane" cannot delete resource "pods" in API group "" in the namespace "default"',
    reason: 'Forbidden',
    details: { name: 'web', kind: 'pods' },
    code: 403,
  };
  const failure = failureFromResponse(
    403,
    JSON.stringify(status),
    'DELETE /api/v1/namespaces/default/pods/web',
  );
  assert.ok(failure instanceof ApiFailure);
  assert.equal(failure.code, 403);
  assert.equal(failure.reason, 'Forbidden');
  assert.equal(failure.message, status.message);
  assert.deepEqual(failure.status, status);
  assert.equal(failure.request, 'DELETE /api/v1/namespaces/default/pods/web');
  assert.equal(failure.describe(), `403 Forbidden: ${status.message}`);
});

test('bodies that are not a Status keep the HTTP code and the text', () => {
  const cases: Array<{ code: number; body: string; reason: string; message: string; describe: string }> = [
    {
      code: 404,
      body: '404 page not found\n',
      reason: '',
      message: '404 page not found',
      describe: '404 Error: 404 page not found',
    },
    { code: 503, body: '', reason: '', message: 'HTTP 503', describe: '503 Error: HTTP 503' },
    {
      code: 500,
      body: '{"kind":"Pod"}',
      reason: '',
      message: '{"kind":"Pod"}',
      describe: '500 Error: {"kind":"Pod"}',
    },
    { code: 502, body: 'null', reason: '', message: 'null', describe: '502 Error: null' },
    {
      code: 409,
      body: '{"kind":"Status","reason":"AlreadyExists","message":"pods \\"web\\" already exists"}',
      reason: 'AlreadyExists',
      message: 'pods "web" already exists',
      describe: '409 AlreadyExists: pods "web" already exists',
    },
  ];
  for (const { code, body, reason, message, describe } of cases) {
    const failure = failureFromResponse(code, body, 'GET /x');
    assert.equal(failure.code, code);
    assert.equal(failure.reason, reason, body);
    assert.equal(failure.message, message, body);
    assert.equal(failure.describe(), describe);
    assert.equal(failure.name, 'ApiFailure');
  }
});
