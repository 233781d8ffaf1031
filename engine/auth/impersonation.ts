import type { StatusBody } from '../api/errors.ts';
import { goQuote } from '../api/selectors/go-quote.ts';
import type { UserInfo } from '../api/types.ts';
import { forbiddenStatus, sanitizeHtml } from './forbidden.ts';
import {
  ALL_AUTHENTICATED,
  ALL_UNAUTHENTICATED,
  ANONYMOUS,
  serviceAccountGroups,
  serviceAccountUsername,
  splitServiceAccountUsername,
} from './identity.ts';
import type { AuthorizationAttributes, AuthorizationDecision } from './rbac.authorizer.ts';

// authentication/v1 header names (lower case, as Node delivers them).
export const IMPERSONATE_USER_HEADER = 'impersonate-user';
export const IMPERSONATE_UID_HEADER = 'impersonate-uid';
export const IMPERSONATE_GROUP_HEADER = 'impersonate-group';
export const IMPERSONATE_USER_EXTRA_HEADER_PREFIX = 'impersonate-extra-';

const AUTHENTICATION_GROUP = 'authentication.k8s.io';
const AUTHENTICATION_VERSION = `${AUTHENTICATION_GROUP}/v1`;

/** Request headers by name; repeated headers as arrays (Node's `req.headersDistinct`). */
export type RequestHeaders = Readonly<Record<string, string | readonly string[] | undefined>>;

export type Authorizer = (attrs: AuthorizationAttributes) => AuthorizationDecision;

export type ImpersonationResult =
  /** No impersonation headers: the request keeps its authenticated user. */
  | { outcome: 'none'; user: UserInfo }
  | { outcome: 'impersonated'; user: UserInfo }
  /** The requester may not impersonate one of the requested identities: send `status` as a 403. */
  | { outcome: 'forbidden'; code: 403; status: StatusBody }
  /** Groups, extras or a UID without a user: upstream answers with a plain-text 500. */
  | { outcome: 'error'; code: 500; contentType: string; body: string };

/** True for the headers the impersonation filter consumes and strips before the request goes further. */
export function isImpersonationHeader(name: string): boolean {
  const lower = name.toLowerCase();
  return (
    lower === IMPERSONATE_USER_HEADER ||
    lower === IMPERSONATE_UID_HEADER ||
    lower === IMPERSONATE_GROUP_HEADER ||
    lower.startsWith(IMPERSONATE_USER_EXTRA_HEADER_PREFIX)
  );
}

/** One identity to switch to (upstream builds these as v1.ObjectReferences). */
interface ImpersonationRequest {
  kind: 'ServiceAccount' | 'User' | 'Group' | 'UserExtra' | 'UID';
  namespace: string;
  name: string;
  apiVersion: string;
  fieldPath: string;
}

function headerValues(headers: RequestHeaders, wanted: string): string[] {
  const values: string[] = [];
  for (const [name, value] of Object.entries(headers)) {
    if (value === undefined || name.toLowerCase() !== wanted) continue;
    if (typeof value === 'string') values.push(value);
    else values.push(...value);
  }
  return values;
}

// url.PathUnescape, keeping the key as sent when it is not valid percent-encoding.
function unescapeExtraKey(encoded: string): string {
  try {
    return decodeURIComponent(encoded);
  } catch {
    return encoded;
  }
}

function request(
  kind: ImpersonationRequest['kind'],
  name: string,
  extra: Partial<ImpersonationRequest> = {},
) {
  return { kind, namespace: '', name, apiVersion: '', fieldPath: '', ...extra };
}

function buildImpersonationRequests(headers: RequestHeaders): {
  requests: ImpersonationRequest[];
  hasUser: boolean;
} {
  const requests: ImpersonationRequest[] = [];
  const requestedUser = headerValues(headers, IMPERSONATE_USER_HEADER)[0] ?? '';
  const hasUser = requestedUser.length > 0;
  if (hasUser) {
    const sa = splitServiceAccountUsername(requestedUser);
    requests.push(
      sa ? request('ServiceAccount', sa.name, { namespace: sa.namespace }) : request('User', requestedUser),
    );
  }
  for (const group of headerValues(headers, IMPERSONATE_GROUP_HEADER)) requests.push(request('Group', group));
  for (const [name, value] of Object.entries(headers)) {
    const lower = name.toLowerCase();
    if (value === undefined || !lower.startsWith(IMPERSONATE_USER_EXTRA_HEADER_PREFIX)) continue;
    const key = unescapeExtraKey(lower.slice(IMPERSONATE_USER_EXTRA_HEADER_PREFIX.length));
    for (const extraValue of typeof value === 'string' ? [value] : value) {
      requests.push(request('UserExtra', extraValue, { apiVersion: AUTHENTICATION_VERSION, fieldPath: key }));
    }
  }
  const uid = headerValues(headers, IMPERSONATE_UID_HEADER)[0] ?? '';
  if (uid.length > 0) requests.push(request('UID', uid, { apiVersion: AUTHENTICATION_VERSION }));
  return { requests, hasUser };
}

// Go's %v of a []v1.ObjectReference: each struct's fields separated by single spaces.
function describeRequests(requests: readonly ImpersonationRequest[]): string {
  const fields = (r: ImpersonationRequest) =>
    [r.kind, r.namespace, r.name, '', r.apiVersion, '', r.fieldPath].join(' ');
  return `[${requests.map((r) => `{${fields(r)}}`).join(' ')}]`;
}

function actingAs(requester: UserInfo, r: ImpersonationRequest): AuthorizationAttributes {
  const base = {
    user: requester,
    verb: 'impersonate',
    name: r.name,
    resourceRequest: true,
    path: '',
    subresource: '',
  };
  switch (r.kind) {
    case 'ServiceAccount':
      return { ...base, namespace: r.namespace, apiGroup: '', resource: 'serviceaccounts' };
    case 'User':
      return { ...base, namespace: '', apiGroup: '', resource: 'users' };
    case 'Group':
      return { ...base, namespace: '', apiGroup: '', resource: 'groups' };
    case 'UserExtra':
      return {
        ...base,
        namespace: '',
        apiGroup: AUTHENTICATION_GROUP,
        resource: 'userextras',
        subresource: r.fieldPath,
      };
    case 'UID':
      return { ...base, namespace: '', apiGroup: AUTHENTICATION_GROUP, resource: 'uids' };
  }
}

/**
 * The impersonation filter (`kubectl --as/--as-group/--as-uid`): checks that `requester` may `impersonate` every
 * requested user, service account, group, extra and UID, and returns the user the request then acts as.
 * `authorize` is the server's full authorizer; `requestURI` only appears in the 500 body.
 */
export function impersonate(
  requester: UserInfo,
  headers: RequestHeaders,
  authorize: Authorizer,
  requestURI = '',
): ImpersonationResult {
  const { requests, hasUser } = buildImpersonationRequests(headers);
  if (requests.length === 0) return { outcome: 'none', user: requester };
  if (!hasUser) {
    const error = `requested ${describeRequests(requests)} without impersonating a user`;
    return {
      outcome: 'error',
      code: 500,
      contentType: 'text/plain; charset=utf-8',
      body: `${sanitizeHtml(`Internal Server Error: ${goQuote(requestURI)}: ${error}`)}\n`,
    };
  }

  const groupsSpecified = headerValues(headers, IMPERSONATE_GROUP_HEADER).length > 0;
  let username = '';
  let groups: string[] = [];
  let uid = '';
  const extra: Record<string, string[]> = {};
  for (const r of requests) {
    switch (r.kind) {
      case 'ServiceAccount':
        username = serviceAccountUsername(r.namespace, r.name);
        if (!groupsSpecified) groups = serviceAccountGroups(r.namespace);
        break;
      case 'User':
        username = r.name;
        break;
      case 'Group':
        groups.push(r.name);
        break;
      case 'UserExtra':
        extra[r.fieldPath] = [...(extra[r.fieldPath] ?? []), r.name];
        break;
      case 'UID':
        uid = r.name;
        break;
    }
    const attrs = actingAs(requester, r);
    const decision = authorize(attrs);
    if (decision.decision !== 'allow') {
      return { outcome: 'forbidden', code: 403, status: forbiddenStatus(attrs, decision.reason) };
    }
  }

  if (username !== ANONYMOUS) {
    if (!groups.includes(ALL_AUTHENTICATED) && !groups.includes(ALL_UNAUTHENTICATED))
      groups.push(ALL_AUTHENTICATED);
  } else if (!groups.includes(ALL_UNAUTHENTICATED)) {
    groups.push(ALL_UNAUTHENTICATED);
  }

  const user: UserInfo = { username, groups };
  if (uid) user.uid = uid;
  if (Object.keys(extra).length > 0) user.extra = extra;
  return { outcome: 'impersonated', user };
}
