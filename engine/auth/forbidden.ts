import type { StatusBody } from '../api/errors.ts';
import { goQuote } from '../api/selectors/go-quote.ts';
import type { AuthorizationAttributes } from './rbac.authorizer.ts';

/** responsewriters' sanitizer: "Avoid emitting errors that look like valid HTML. Quotes are okay." */
export function sanitizeHtml(text: string): string {
  return text.replace(/[&<>]/g, (c) => (c === '&' ? '&amp;' : c === '<' ? '&lt;' : '&gt;'));
}

/** responsewriters.forbiddenMessage: `User "jane" cannot delete resource "pods" in API group "" in the namespace "default"`. */
export function authorizationDeniedText(attrs: AuthorizationAttributes): string {
  const user = goQuote(attrs.user.username);
  if (!attrs.resourceRequest) return `User ${user} cannot ${attrs.verb} path ${goQuote(attrs.path)}`;
  const resource = attrs.subresource ? `${attrs.resource}/${attrs.subresource}` : attrs.resource;
  const scope = attrs.namespace ? `in the namespace ${goQuote(attrs.namespace)}` : 'at the cluster scope';
  return `User ${user} cannot ${attrs.verb} resource ${goQuote(resource)} in API group ${goQuote(attrs.apiGroup)} ${scope}`;
}

/**
 * The message of the 403 the API server sends when authorization does not allow a request (NewForbidden over the
 * request's group and resource): `pods "x" is forbidden: User "jane" cannot …`, `pods is forbidden: …` without a
 * name, `forbidden: …` for a non-resource path. A non-empty authorizer reason is appended as `: <reason>`.
 */
export function forbiddenMessage(attrs: AuthorizationAttributes, reason = ''): string {
  let err = sanitizeHtml(authorizationDeniedText(attrs));
  if (reason) err += `: ${reason}`;
  const qualified = attrs.apiGroup ? `${attrs.resource}.${attrs.apiGroup}` : attrs.resource;
  if (!attrs.apiGroup && !attrs.resource) return `forbidden: ${err}`;
  if (!attrs.name) return `${qualified} is forbidden: ${err}`;
  return `${qualified} ${goQuote(attrs.name)} is forbidden: ${err}`;
}

/** The whole 403 Status body, keys in upstream order; `details` is `{}` for a non-resource path. */
export function forbiddenStatus(attrs: AuthorizationAttributes, reason = ''): StatusBody {
  const details: NonNullable<StatusBody['details']> = {};
  if (attrs.name) details.name = attrs.name;
  if (attrs.apiGroup) details.group = attrs.apiGroup;
  if (attrs.resource) details.kind = attrs.resource;
  return {
    kind: 'Status',
    apiVersion: 'v1',
    metadata: {},
    status: 'Failure',
    message: forbiddenMessage(attrs, reason),
    reason: 'Forbidden',
    details,
    code: 403,
  };
}

/** Headers the API server sends with an authorization 403. */
export const FORBIDDEN_HEADERS: Readonly<Record<string, string>> = { 'X-Content-Type-Options': 'nosniff' };
