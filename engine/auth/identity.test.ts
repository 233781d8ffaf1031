import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import {
  anonymousUser,
  nodeUsername,
  serviceAccountGroups,
  serviceAccountUser,
  serviceAccountUsername,
  splitServiceAccountUsername,
} from './identity.ts';

describe('service account identities', () => {
  it('builds the username and groups a token authenticates with', () => {
    assert.equal(serviceAccountUsername('default', 'builder'), 'system:serviceaccount:default:builder');
    assert.deepEqual(serviceAccountGroups('ci'), ['system:serviceaccounts', 'system:serviceaccounts:ci']);
    assert.deepEqual(serviceAccountUser('ci', 'builder', 'u-1'), {
      username: 'system:serviceaccount:ci:builder',
      groups: ['system:serviceaccounts', 'system:serviceaccounts:ci', 'system:authenticated'],
      uid: 'u-1',
    });
  });

  const splits: [username: string, expected: { namespace: string; name: string } | undefined][] = [
    ['system:serviceaccount:default:builder', { namespace: 'default', name: 'builder' }],
    ['system:serviceaccount:kube-system:kube-dns', { namespace: 'kube-system', name: 'kube-dns' }],
    ['system:serviceaccount:default:my.sa', { namespace: 'default', name: 'my.sa' }],
    ['system:serviceaccount:default', undefined],
    ['system:serviceaccount:a:b:c', undefined],
    ['system:serviceaccount:Default:builder', undefined],
    ['system:serviceaccount:my.ns:builder', undefined],
    ['system:serviceaccount:default:Builder', undefined],
    ['jane', undefined],
  ];
  for (const [username, expected] of splits) {
    it(`splits ${username}`, () => {
      assert.deepEqual(splitServiceAccountUsername(username), expected);
    });
  }
});

describe('other identities', () => {
  it('names nodes and the anonymous user', () => {
    assert.equal(nodeUsername('node-1'), 'system:node:node-1');
    assert.deepEqual(anonymousUser(), { username: 'system:anonymous', groups: ['system:unauthenticated'] });
  });
});
