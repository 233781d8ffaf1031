import { createHmac, timingSafeEqual } from 'node:crypto';
import type { UserInfo } from '../api/types.ts';
import { serviceAccountUser } from './identity.ts';

/**
 * The API server's audiences (`--api-audiences`, defaulting to `--service-account-issuer`): a
 * TokenRequest without audiences gets these, and a token authenticates against the engine only if
 * one of its audiences is among them. minikube and kind use the cluster-local issuer.
 */
export const API_AUDIENCES: readonly string[] = ['https://kubernetes.default.svc.cluster.local'];

/** The `iss` claim of the tokens the engine issues. */
export const SERVICE_ACCOUNT_ISSUER = 'https://kubernetes.default.svc.cluster.local';

// pkg/serviceaccount/claims.go: the user extras a service account token carries.
export const POD_NAME_EXTRA = 'authentication.kubernetes.io/pod-name';
export const POD_UID_EXTRA = 'authentication.kubernetes.io/pod-uid';
export const NODE_NAME_EXTRA = 'authentication.kubernetes.io/node-name';
export const NODE_UID_EXTRA = 'authentication.kubernetes.io/node-uid';
export const CREDENTIAL_ID_EXTRA = 'authentication.kubernetes.io/credential-id';

/** go-jose's jwt.DefaultLeeway, which the service account validator's claim check applies. */
export const CLAIM_LEEWAY_SECONDS = 60;

interface ObjectRef {
  name: string;
  uid: string;
}

/** The private `kubernetes.io` claim (pkg/serviceaccount/claims.go privateClaims). */
export interface KubernetesClaim {
  namespace: string;
  node?: ObjectRef;
  pod?: ObjectRef;
  secret?: ObjectRef;
  serviceaccount: ObjectRef;
}

/** The claims of a bound service account token, in the order the issuer's JSON writes them. */
export interface ServiceAccountClaims {
  aud: string[];
  exp: number;
  iat: number;
  iss: string;
  jti: string;
  'kubernetes.io': KubernetesClaim;
  nbf: number;
  sub: string;
}

/** What a token is issued for: its service account and the objects it is bound to. */
export interface TokenSubject {
  namespace: string;
  serviceAccount: ObjectRef;
  pod?: ObjectRef;
  node?: ObjectRef;
  secret?: ObjectRef;
}

/** token.Claims: the claims of a token issued at `nowSeconds`, valid for `expirationSeconds`. */
export function serviceAccountClaims(
  subject: TokenSubject,
  nowSeconds: number,
  expirationSeconds: number,
  audiences: string[],
  jti: string,
): ServiceAccountClaims {
  // Keys in the order the issuer's JSON writes them: namespace, node, pod, secret, serviceaccount.
  const kubernetes: KubernetesClaim = {
    namespace: subject.namespace,
    ...(subject.node ? { node: subject.node } : {}),
    ...(subject.pod ? { pod: subject.pod } : {}),
    ...(subject.secret ? { secret: subject.secret } : {}),
    serviceaccount: subject.serviceAccount,
  };
  return {
    aud: audiences,
    exp: nowSeconds + expirationSeconds,
    iat: nowSeconds,
    iss: SERVICE_ACCOUNT_ISSUER,
    jti,
    'kubernetes.io': kubernetes,
    nbf: nowSeconds,
    sub: `system:serviceaccount:${subject.namespace}:${subject.serviceAccount.name}`,
  };
}

/**
 * The user a valid token's claims stand for (serviceaccount.ServiceAccountInfo.UserInfo): the
 * service account's name, uid and groups, and extras naming the bound pod and node and the
 * credential id (`JTI=<jti>`).
 */
export function serviceAccountTokenUser(claims: ServiceAccountClaims): UserInfo {
  const k = claims['kubernetes.io'];
  const user = serviceAccountUser(k.namespace, k.serviceaccount.name, k.serviceaccount.uid);
  const extra: Record<string, string[]> = {};
  if (k.pod) {
    extra[POD_NAME_EXTRA] = [k.pod.name];
    extra[POD_UID_EXTRA] = [k.pod.uid];
  }
  if (k.node) {
    extra[NODE_NAME_EXTRA] = [k.node.name];
    if (k.node.uid) extra[NODE_UID_EXTRA] = [k.node.uid];
  }
  if (claims.jti) extra[CREDENTIAL_ID_EXTRA] = [`JTI=${claims.jti}`];
  return Object.keys(extra).length > 0 ? { ...user, extra } : user;
}

/**
 * Issues and checks JWT-shaped service account tokens. Real API servers sign with the service
 * account key (RS256); the engine signs with an HMAC key of its own (HS256), which no client
 * verifies but which keeps tokens unforgeable and self-describing (`jwt decode` shows the claims).
 */
export class ServiceAccountTokenSigner {
  constructor(private readonly key: Uint8Array) {}

  sign(claims: ServiceAccountClaims): string {
    const header = base64Url(JSON.stringify({ alg: 'HS256', typ: 'JWT' }));
    const payload = base64Url(JSON.stringify(claims));
    return `${header}.${payload}.${this.signature(`${header}.${payload}`)}`;
  }

  /** The claims of a token this signer issued, or undefined for anything else. */
  verify(token: string): ServiceAccountClaims | undefined {
    const parts = token.split('.');
    if (parts.length !== 3) return undefined;
    const [header, payload, signature] = parts as [string, string, string];
    const expected = Buffer.from(this.signature(`${header}.${payload}`));
    const given = Buffer.from(signature);
    if (given.length !== expected.length || !timingSafeEqual(given, expected)) return undefined;
    try {
      return JSON.parse(Buffer.from(payload, 'base64url').toString('utf8')) as ServiceAccountClaims;
    } catch {
      return undefined;
    }
  }

  private signature(input: string): string {
    return createHmac('sha256', this.key).update(input).digest('base64url');
  }
}

/**
 * Why a token's registered claims do not hold at `nowSeconds` (go-jose Claims.Validate with the
 * default leeway, then the audience check of the token authenticator), or undefined when they do.
 */
export function claimsProblem(
  claims: ServiceAccountClaims,
  nowSeconds: number,
  audiences: readonly string[] = API_AUDIENCES,
): string | undefined {
  if (claims.iss !== SERVICE_ACCOUNT_ISSUER) return 'token issuer is not recognized';
  if (nowSeconds + CLAIM_LEEWAY_SECONDS < claims.nbf) return 'token is not valid yet (nbf)';
  if (nowSeconds - CLAIM_LEEWAY_SECONDS >= claims.exp) return 'token is expired (exp)';
  if (!claims.aud.some((a) => audiences.includes(a))) return 'token audiences is invalid';
  return undefined;
}

function base64Url(text: string): string {
  return Buffer.from(text).toString('base64url');
}
