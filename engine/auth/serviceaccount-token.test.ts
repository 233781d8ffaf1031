import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import {
  API_AUDIENCES,
  claimsProblem,
  SERVICE_ACCOUNT_ISSUER,
  ServiceAccountTokenSigner,
  serviceAccountClaims,
  serviceAccountTokenUser,
} from './serviceaccount-token.ts';

const SUBJECT = { namespace: 'team', serviceAccount: { name: 'robot', uid: 'sa-uid' } };
const NOW = 1_750_000_000;

describe('service account token claims', () => {
  test('the claims of a token bound to a pod, in the issuer order', () => {
    const claims = serviceAccountClaims(
      { ...SUBJECT, pod: { name: 'web', uid: 'pod-uid' }, node: { name: 'n1', uid: 'node-uid' } },
      NOW,
      3600,
      [...API_AUDIENCES],
      'jti-1',
    );
    assert.equal(
      JSON.stringify(claims),
      JSON.stringify({
        aud: ['https://kubernetes.default.svc.cluster.local'],
        exp: NOW + 3600,
        iat: NOW,
        iss: SERVICE_ACCOUNT_ISSUER,
        jti: 'jti-1',
        'kubernetes.io': {
          namespace: 'team',
          node: { name: 'n1', uid: 'node-uid' },
          pod: { name: 'web', uid: 'pod-uid' },
          serviceaccount: { name: 'robot', uid: 'sa-uid' },
        },
        nbf: NOW,
        sub: 'system:serviceaccount:team:robot',
      }),
    );
    assert.deepEqual(serviceAccountTokenUser(claims), {
      username: 'system:serviceaccount:team:robot',
      uid: 'sa-uid',
      groups: ['system:serviceaccounts', 'system:serviceaccounts:team', 'system:authenticated'],
      extra: {
        'authentication.kubernetes.io/pod-name': ['web'],
        'authentication.kubernetes.io/pod-uid': ['pod-uid'],
        'authentication.kubernetes.io/node-name': ['n1'],
        'authentication.kubernetes.io/node-uid': ['node-uid'],
        'authentication.kubernetes.io/credential-id': ['JTI=jti-1'],
      },
    });
  });

  const cases: Array<{ name: string; now: number; audiences?: string[]; problem: string | undefined }> = [
    { name: 'just issued', now: NOW, problem: undefined },
    { name: 'before nbf, within the leeway', now: NOW - 60, problem: undefined },
    { name: 'before nbf, past the leeway', now: NOW - 61, problem: 'token is not valid yet (nbf)' },
    { name: 'after exp, within the leeway', now: NOW + 600 + 59, problem: undefined },
    { name: 'after exp, past the leeway', now: NOW + 600 + 60, problem: 'token is expired (exp)' },
    { name: 'for another audience', now: NOW, audiences: ['vault'], problem: 'token audiences is invalid' },
  ];
  for (const c of cases) {
    test(`claims check: ${c.name}`, () => {
      const claims = serviceAccountClaims(SUBJECT, NOW, 600, c.audiences ?? [...API_AUDIENCES], 'j');
      assert.equal(claimsProblem(claims, c.now), c.problem);
    });
  }
});

describe('ServiceAccountTokenSigner', () => {
  const signer = new ServiceAccountTokenSigner(Buffer.from('engine key'));
  const claims = serviceAccountClaims(SUBJECT, NOW, 600, [...API_AUDIENCES], 'j');
  const token = signer.sign(claims);

  test('a token it signed verifies to its claims and is a three-part JWT', () => {
    assert.equal(token.split('.').length, 3);
    assert.deepEqual(JSON.parse(Buffer.from(token.split('.')[0]!, 'base64url').toString()), {
      alg: 'HS256',
      typ: 'JWT',
    });
    assert.deepEqual(signer.verify(token), claims);
  });

  const forged: Array<[string, string]> = [
    ['another key', new ServiceAccountTokenSigner(Buffer.from('other key')).sign(claims)],
    [
      'a changed payload',
      token.replace(/\.[^.]+\./, `.${Buffer.from('{"sub":"x"}').toString('base64url')}.`),
    ],
    ['two parts', token.split('.').slice(0, 2).join('.')],
    ['a static token', 'kuke-admin-0123'],
  ];
  for (const [name, candidate] of forged) {
    test(`refuses ${name}`, () => assert.equal(signer.verify(candidate), undefined));
  }
});
