import { ALL_AUTHENTICATED, anonymousUser } from '../../auth/identity.ts';
import { unauthorized } from '../errors.ts';
import type { UserInfo } from '../types.ts';

/**
 * Bearer-token authentication: a static token table (the engine's admin, fixture users and
 * issued service-account tokens). No Authorization header means the anonymous user; an
 * unknown token is a 401.
 */
export class TokenAuthenticator {
  private readonly tokens = new Map<string, UserInfo>();

  add(token: string, user: UserInfo): void {
    const groups = user.groups.includes(ALL_AUTHENTICATED)
      ? user.groups
      : [...user.groups, ALL_AUTHENTICATED];
    this.tokens.set(token, { ...user, groups });
  }

  /** The user a token stands for, if it is known. */
  lookup(token: string): UserInfo | undefined {
    return this.tokens.get(token);
  }

  authenticate(authorization: string | undefined): UserInfo {
    if (!authorization) return anonymousUser();
    const match = /^Bearer\s+(\S+)\s*$/i.exec(authorization);
    const user = match ? this.tokens.get(match[1]!) : undefined;
    if (!user) throw unauthorized();
    return user;
  }
}
