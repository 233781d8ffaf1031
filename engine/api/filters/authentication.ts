import { ALL_AUTHENTICATED, anonymousUser } from '../../auth/identity.ts';
import { unauthorized } from '../errors.ts';
import type { UserInfo } from '../types.ts';

/** Checks a bearer token that is not in the static table (service account tokens). */
export type TokenValidator = (token: string) => UserInfo | undefined;

/**
 * Bearer-token authentication: a static token table (the engine's admin and fixture users), then
 * the validators of issued tokens (service account tokens from the TokenRequest API). No
 * Authorization header means the anonymous user; an unknown token is a 401.
 */
export class TokenAuthenticator {
  private readonly tokens = new Map<string, UserInfo>();
  private readonly validators: TokenValidator[] = [];

  add(token: string, user: UserInfo): void {
    const groups = user.groups.includes(ALL_AUTHENTICATED)
      ? user.groups
      : [...user.groups, ALL_AUTHENTICATED];
    this.tokens.set(token, { ...user, groups });
  }

  /** Adds a validator consulted, in order, for tokens the static table does not hold. */
  addValidator(validator: TokenValidator): void {
    this.validators.push(validator);
  }

  /** The user a token stands for, if it is known. */
  lookup(token: string): UserInfo | undefined {
    const user = this.tokens.get(token);
    if (user) return user;
    for (const validator of this.validators) {
      const validated = validator(token);
      if (validated) return validated;
    }
    return undefined;
  }

  authenticate(authorization: string | undefined): UserInfo {
    if (!authorization) return anonymousUser();
    const match = /^Bearer\s+(\S+)\s*$/i.exec(authorization);
    const user = match ? this.lookup(match[1]!) : undefined;
    if (!user) throw unauthorized();
    return user;
  }
}
