import { ALL_AUTHENTICATED } from '../../auth/identity.ts';
import type { AuthorizationAttributes } from '../../auth/rbac.authorizer.ts';
import { API_AUDIENCES } from '../../auth/serviceaccount-token.ts';
import { badRequest } from '../errors.ts';
import type { TokenAuthenticator } from '../filters/authentication.ts';
import type { StoreAuthorizer } from '../filters/authorization.ts';
import type { ResourceDefinition } from '../resources/resource.ts';
import type { KubeObject, UserInfo } from '../types.ts';

/** What answering reviews needs from the API server. */
export interface ReviewServices {
  authorizer: Pick<StoreAuthorizer, 'authorize' | 'rulesFor'>;
  authenticator: Pick<TokenAuthenticator, 'lookup'>;
}

interface ResourceAttributes {
  namespace?: string;
  verb?: string;
  group?: string;
  version?: string;
  resource?: string;
  subresource?: string;
  name?: string;
}

interface NonResourceAttributes {
  path?: string;
  verb?: string;
}

interface ReviewSpec {
  resourceAttributes?: ResourceAttributes;
  nonResourceAttributes?: NonResourceAttributes;
  user?: string;
  groups?: string[];
  uid?: string;
  extra?: Record<string, string[]>;
  namespace?: string;
  token?: string;
}

/**
 * Answers the authorization and authentication reviews (`kubectl auth can-i`, `auth whoami`,
 * `can-i --list`), which are created and answered but never stored.
 */
export function handleReview(
  def: ResourceDefinition,
  namespace: string,
  body: KubeObject,
  requester: UserInfo,
  options: ReviewServices,
): KubeObject {
  const spec = (body.spec ?? {}) as ReviewSpec;
  const metadata = { ...(body.metadata ?? {}) };
  delete metadata.resourceVersion;
  const base = {
    kind: def.kind,
    apiVersion: `${def.group}/${def.version}`,
    metadata: { ...metadata, creationTimestamp: null },
  };
  switch (def.resource) {
    case 'selfsubjectaccessreviews':
      return { ...base, spec, status: accessStatus(requester, spec, options) } as unknown as KubeObject;
    case 'localsubjectaccessreviews':
    case 'subjectaccessreviews': {
      if (!spec.user && !(spec.groups ?? []).length) {
        throw badRequest(
          `${def.kind}.authorization.k8s.io "" is invalid: spec.user: Invalid value: "": at least one of user or group must be specified`,
        );
      }
      const subject: UserInfo = {
        username: spec.user ?? '',
        groups: spec.groups ?? [],
        ...(spec.uid ? { uid: spec.uid } : {}),
      };
      if (def.resource === 'localsubjectaccessreviews' && spec.resourceAttributes) {
        spec.resourceAttributes.namespace = namespace;
      }
      return {
        ...base,
        metadata: { ...base.metadata, ...(def.namespaced ? { namespace } : {}) },
        spec,
        status: accessStatus(subject, spec, options),
      } as unknown as KubeObject;
    }
    case 'selfsubjectrulesreviews': {
      const rules = options.authorizer.rulesFor(requester, spec.namespace ?? '');
      return { ...base, spec, status: rules } as unknown as KubeObject;
    }
    case 'selfsubjectreviews':
      return { ...base, status: { userInfo: userInfoView(requester) } } as unknown as KubeObject;
    case 'tokenreviews': {
      const user = spec.token ? options.authenticator.lookup(spec.token) : undefined;
      const status = user
        ? { authenticated: true, user: userInfoView(user), audiences: [...API_AUDIENCES] }
        : { user: {}, error: 'invalid bearer token' };
      return { ...base, spec, status } as unknown as KubeObject;
    }
    default:
      throw badRequest(`${def.kind} is not supported`);
  }
}

function accessStatus(user: UserInfo, spec: ReviewSpec, options: Pick<ReviewServices, 'authorizer'>) {
  const groups =
    user.groups.includes(ALL_AUTHENTICATED) || user.username === 'system:anonymous'
      ? user.groups
      : [...user.groups, ALL_AUTHENTICATED];
  const subject = { ...user, groups };
  let attributes: AuthorizationAttributes;
  if (spec.resourceAttributes) {
    const r = spec.resourceAttributes;
    attributes = {
      user: subject,
      verb: r.verb ?? '',
      namespace: r.namespace ?? '',
      apiGroup: r.group ?? '',
      resource: r.resource ?? '',
      subresource: r.subresource ?? '',
      name: r.name ?? '',
      resourceRequest: true,
      path: '',
    };
  } else {
    const n = spec.nonResourceAttributes ?? {};
    attributes = {
      user: subject,
      verb: n.verb ?? '',
      namespace: '',
      apiGroup: '',
      resource: '',
      subresource: '',
      name: '',
      resourceRequest: false,
      path: n.path ?? '',
    };
  }
  const decision = options.authorizer.authorize(attributes);
  const status: Record<string, unknown> = { allowed: decision.decision === 'allow' };
  if (decision.reason) status.reason = decision.reason;
  return status;
}

function userInfoView(user: UserInfo) {
  return {
    username: user.username,
    ...(user.uid ? { uid: user.uid } : {}),
    groups: user.groups,
    ...(user.extra ? { extra: user.extra } : {}),
  };
}
