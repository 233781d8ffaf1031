import type { Identity } from '../harness/kube/kube-client.ts';
import { defineStep } from './support/step-registry.ts';
import type { KukeWorld } from './world.ts';

const domain = 'Identity';

/** `user "jane"`, `group "devs"` or `service account "ns/sa"` as an impersonated identity. */
export function parseIdentity(text: string): Identity {
  const match = /^(user|group|service account) "([^"]+)"$/.exec(text);
  if (!match) throw new Error(`not an identity: ${text}`);
  const [, kind, value] = match as unknown as [string, string, string];
  if (kind === 'user') return { user: value };
  if (kind === 'group') return { user: 'kuke-group-member', groups: [value] };
  const [namespace, name] = value.includes('/') ? value.split('/') : ['default', value];
  return { user: `system:serviceaccount:${namespace}:${name}` };
}

defineStep(
  {
    domain,
    keyword: 'Given',
    pattern: 'I act as {identity}',
    example: 'Given I act as user "jane"',
    description: 'Later requests impersonate the identity (user, group, or service account "ns/name").',
  },
  function (this: KukeWorld, identity: string) {
    this.identity = parseIdentity(this.fill(identity));
  },
);

defineStep(
  {
    domain,
    keyword: 'Given',
    pattern: 'I act as the cluster admin',
    example: 'Given I act as the cluster admin',
    description: "Later requests use the target's own credentials again.",
  },
  function (this: KukeWorld) {
    this.identity = {};
  },
);

defineStep(
  {
    domain,
    keyword: 'Then',
    pattern: '{identity} can {word} {word}',
    example: 'Then user "jane" can list pods',
    description:
      'Asks the API server (SelfSubjectAccessReview while impersonating) whether the verb on the resource is allowed.',
  },
  async function (this: KukeWorld, identity: string, verb: string, resource: string) {
    const allowed = await canI(this, parseIdentity(this.fill(identity)), verb, resource);
    if (!allowed) throw new Error(`${identity} cannot ${verb} ${resource} in namespace ${this.namespace}`);
  },
);

defineStep(
  {
    domain,
    keyword: 'Then',
    pattern: '{identity} cannot {word} {word}',
    example: 'Then user "jane" cannot delete pods',
    description: 'The same question, expecting "no".',
  },
  async function (this: KukeWorld, identity: string, verb: string, resource: string) {
    const allowed = await canI(this, parseIdentity(this.fill(identity)), verb, resource);
    if (allowed) throw new Error(`${identity} can ${verb} ${resource} in namespace ${this.namespace}`);
  },
);

async function canI(
  world: KukeWorld,
  identity: Identity,
  verb: string,
  resourceName: string,
): Promise<boolean> {
  const info = await world.target.client.discovery.resourceByName(resourceName);
  const review = await world.target.client
    .as(identity)
    .json<{ status?: { allowed?: boolean } }>(
      'POST',
      '/apis/authorization.k8s.io/v1/selfsubjectaccessreviews',
      {
        apiVersion: 'authorization.k8s.io/v1',
        kind: 'SelfSubjectAccessReview',
        spec: {
          resourceAttributes: {
            namespace: info.namespaced ? world.namespace : '',
            verb,
            group: info.group,
            resource: info.resource,
          },
        },
      },
    );
  return review.status?.allowed === true;
}

defineStep(
  {
    domain,
    keyword: 'When',
    pattern: '{identity} tries to delete {word} {string}',
    example: 'When user "jane" tries to delete pod "web"',
    description:
      'Deletes the object as the identity, expecting a possible refusal (check it with "the request is refused with …").',
  },
  async function (this: KukeWorld, identity: string, kind: string, name: string) {
    const previous = this.identity;
    this.identity = parseIdentity(this.fill(identity));
    try {
      await this.attempt(() => this.delete(kind, name));
    } finally {
      this.identity = previous;
    }
  },
);

defineStep(
  {
    domain,
    keyword: 'Then',
    pattern: 'the request is refused with {int} {word} and message:',
    example:
      'Then the request is refused with 403 Forbidden and message:\n  """\n  pods "web" is forbidden: …\n  """',
    description:
      'The last attempted request failed with that HTTP code, Status reason and exact message (`${namespace}` allowed).',
  },
  function (this: KukeWorld, code: number, reason: string, message: string) {
    this.expectRefusal(code, reason, this.fill(message.trim()));
  },
);

defineStep(
  {
    domain,
    keyword: 'Then',
    pattern: 'the request succeeded',
    example: 'Then the request succeeded',
    description: 'The last attempted request was not refused.',
  },
  function (this: KukeWorld) {
    if (this.lastFailure) throw new Error(`the request was refused: ${this.lastFailure.describe()}`);
  },
);
