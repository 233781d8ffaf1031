import {
  API_AUDIENCES,
  claimsProblem,
  type ServiceAccountTokenSigner,
  serviceAccountClaims,
  serviceAccountTokenUser,
  type TokenSubject,
} from '../../auth/serviceaccount-token.ts';
import type { Clock } from '../../clock/clock.ts';
import { toRfc3339 } from '../../clock/clock.ts';
import type { Random } from '../../util/random.ts';
import { badRequest, conflict, type FieldError, invalid } from '../errors.ts';
import { nodesResource } from '../resources/core/nodes.ts';
import { podsResource } from '../resources/core/pods.ts';
import { secretsResource, serviceAccountsResource } from '../resources/core/simple.ts';
import type { KubeObject, UserInfo } from '../types.ts';
import type { GenericRegistry } from './generic-registry.ts';

const TOKEN_REQUEST_KIND = 'TokenRequest';
const AUTHENTICATION_GROUP = 'authentication.k8s.io';

/** authentication/v1 SetDefaults_TokenRequestSpec: one hour. */
export const DEFAULT_EXPIRATION_SECONDS = 60 * 60;
/** pkg/apis/authentication/validation MinTokenAgeSec: ten minutes. */
export const MIN_EXPIRATION_SECONDS = 10 * 60;
const MAX_EXPIRATION_SECONDS = 2 ** 32;

interface BoundObjectReference {
  kind?: string;
  apiVersion?: string;
  name?: string;
  uid?: string;
}

interface TokenRequestBody {
  metadata?: Record<string, unknown>;
  spec?: {
    audiences?: string[] | null;
    expirationSeconds?: number | null;
    boundObjectRef?: BoundObjectReference | null;
  };
}

/** ObjectMeta's fields in the order Go writes them. */
const OBJECT_META_ORDER = [
  'name',
  'generateName',
  'namespace',
  'selfLink',
  'uid',
  'resourceVersion',
  'generation',
  'creationTimestamp',
  'deletionTimestamp',
  'deletionGracePeriodSeconds',
  'labels',
  'annotations',
  'ownerReferences',
  'finalizers',
  'managedFields',
];

/**
 * The TokenRequest API (`POST …/serviceaccounts/<name>/token`, pkg/registry/core/serviceaccount/
 * storage/token.go): issues bound service account tokens, and authenticates them afterwards
 * against the objects they are bound to and the engine's clock.
 */
export class ServiceAccountTokens {
  constructor(
    private readonly registry: GenericRegistry,
    private readonly clock: Clock,
    private readonly signer: ServiceAccountTokenSigner,
    private readonly random: Random,
  ) {}

  /** TokenREST.Create: the answered TokenRequest, with `status.token` and `status.expirationTimestamp`. */
  create(namespace: string, name: string, body: KubeObject): KubeObject {
    const request = body as unknown as TokenRequestBody;
    const metadata = { ...(request.metadata ?? {}) };
    const spec = request.spec ?? {};
    // Decoding defaults expirationSeconds (SetDefaults_TokenRequestSpec).
    const expirationSeconds = spec.expirationSeconds ?? DEFAULT_EXPIRATION_SECONDS;
    const requestedName = typeof metadata.name === 'string' ? metadata.name : '';
    const requestedNamespace = typeof metadata.namespace === 'string' ? metadata.namespace : '';
    if (requestedName && requestedName !== name) {
      throw invalid(TOKEN_REQUEST_KIND, AUTHENTICATION_GROUP, name, [
        {
          type: 'FieldValueInvalid',
          field: 'metadata.name',
          value: requestedName,
          detail: 'must match the service account name if specified',
        },
      ]);
    }
    if (requestedNamespace && requestedNamespace !== namespace) {
      throw invalid(TOKEN_REQUEST_KIND, AUTHENTICATION_GROUP, name, [
        {
          type: 'FieldValueInvalid',
          field: 'metadata.namespace',
          value: requestedNamespace,
          detail: 'must match the service account namespace if specified',
        },
      ]);
    }
    const serviceAccount = this.registry.get(serviceAccountsResource, namespace, name);
    const audiences = spec.audiences && spec.audiences.length > 0 ? spec.audiences : [...API_AUDIENCES];
    const now = this.clock.now();
    const errors = validateExpiration(expirationSeconds);
    if (errors.length > 0) throw invalid(TOKEN_REQUEST_KIND, AUTHENTICATION_GROUP, '', errors);

    const subject: TokenSubject = {
      namespace,
      serviceAccount: { name, uid: serviceAccount.metadata.uid ?? '' },
    };
    const ref = spec.boundObjectRef ?? undefined;
    if (ref) this.bind(subject, ref, namespace, name);

    const nowSeconds = Math.floor(now / 1000);
    const claims = serviceAccountClaims(
      subject,
      nowSeconds,
      expirationSeconds,
      audiences,
      this.random.uuid(),
    );
    const outMetadata: Record<string, unknown> = {
      ...metadata,
      name: requestedName || name,
      namespace: requestedNamespace || namespace,
      creationTimestamp: toRfc3339(now),
    };
    return {
      kind: TOKEN_REQUEST_KIND,
      apiVersion: `${AUTHENTICATION_GROUP}/v1`,
      metadata: goOrderedMeta(outMetadata),
      spec: { audiences, expirationSeconds, boundObjectRef: ref ? boundObjectRef(ref) : null },
      status: {
        token: this.signer.sign(claims),
        expirationTimestamp: toRfc3339(now + expirationSeconds * 1000),
      },
    } as unknown as KubeObject;
  }

  /**
   * The user a bearer token stands for, if it is a token this engine issued that is still valid:
   * within its lifetime, for the API server's audience, and with its service account (and bound
   * pod, secret or node) still there under the same uid.
   */
  authenticate(token: string): UserInfo | undefined {
    const claims = this.signer.verify(token);
    if (!claims) return undefined;
    if (claimsProblem(claims, Math.floor(this.clock.now() / 1000))) return undefined;
    const k = claims['kubernetes.io'];
    if (!this.exists(serviceAccountsResource, k.namespace, k.serviceaccount.name, k.serviceaccount.uid)) {
      return undefined;
    }
    if (k.pod && !this.exists(podsResource, k.namespace, k.pod.name, k.pod.uid)) return undefined;
    if (k.secret && !this.exists(secretsResource, k.namespace, k.secret.name, k.secret.uid)) return undefined;
    // A token bound to a pod names the pod's node only as information; a node-bound one needs it.
    if (k.node && !k.pod && !this.exists(nodesResource, '', k.node.name, k.node.uid)) return undefined;
    return serviceAccountTokenUser(claims);
  }

  private bind(subject: TokenSubject, ref: BoundObjectReference, namespace: string, name: string): void {
    const { group, version } = splitApiVersion(ref.apiVersion ?? '');
    const refName = ref.name ?? '';
    let uid: string;
    if (group === '' && ref.kind === 'Pod') {
      const pod = this.registry.get(podsResource, namespace, refName);
      const spec = (pod.spec ?? {}) as { serviceAccountName?: string; nodeName?: string };
      if (name !== (spec.serviceAccountName ?? '')) {
        throw badRequest(
          `cannot bind token for serviceaccount "${name}" to pod running with different serviceaccount name.`,
        );
      }
      uid = pod.metadata.uid ?? '';
      subject.pod = { name: refName, uid };
      // ServiceAccountTokenPodNodeInfo: the pod's node, by name alone when it is gone.
      if (spec.nodeName) {
        subject.node = { name: spec.nodeName, uid: this.uidOf(nodesResource, '', spec.nodeName) ?? '' };
      }
    } else if (group === '' && ref.kind === 'Node') {
      const node = this.registry.get(nodesResource, '', refName);
      uid = node.metadata.uid ?? '';
      subject.node = { name: refName, uid };
    } else if (group === '' && ref.kind === 'Secret') {
      const secret = this.registry.get(secretsResource, namespace, refName);
      uid = secret.metadata.uid ?? '';
      subject.secret = { name: refName, uid };
    } else {
      throw badRequest(`cannot bind token to object of type ${group}/${version}, Kind=${ref.kind ?? ''}`);
    }
    if (ref.uid && ref.uid !== uid) {
      throw conflict(
        { group, resource: ref.kind ?? '' },
        refName,
        `the UID in the bound object reference (${ref.uid}) does not match the UID in record. The object might have been deleted and then recreated`,
      );
    }
  }

  private uidOf(def: typeof podsResource, namespace: string, name: string): string | undefined {
    try {
      return this.registry.get(def, namespace, name).metadata.uid;
    } catch {
      return undefined;
    }
  }

  private exists(def: typeof podsResource, namespace: string, name: string, uid: string): boolean {
    const found = this.uidOf(def, namespace, name);
    return found !== undefined && found === uid;
  }
}

/** ValidateTokenRequest (pkg/apis/authentication/validation). */
export function validateExpiration(expirationSeconds: number): FieldError[] {
  const errors: FieldError[] = [];
  if (expirationSeconds < MIN_EXPIRATION_SECONDS) {
    errors.push({
      type: 'FieldValueInvalid',
      field: 'spec.expirationSeconds',
      value: expirationSeconds,
      detail: 'may not specify a duration less than 10 minutes',
    });
  }
  if (expirationSeconds > MAX_EXPIRATION_SECONDS) {
    errors.push({
      type: 'FieldValueInvalid',
      field: 'spec.expirationSeconds',
      value: expirationSeconds,
      detail: 'may not specify a duration larger than 2^32 seconds',
    });
  }
  return errors;
}

/** A BoundObjectReference as Go writes it: fields in order, empty ones left out. */
function boundObjectRef(ref: BoundObjectReference): BoundObjectReference {
  const out: BoundObjectReference = {};
  if (ref.kind) out.kind = ref.kind;
  if (ref.apiVersion) out.apiVersion = ref.apiVersion;
  if (ref.name) out.name = ref.name;
  if (ref.uid) out.uid = ref.uid;
  return out;
}

/** schema.ParseGroupVersion as FromAPIVersionAndKind uses it: `v1` is the core group. */
function splitApiVersion(apiVersion: string): { group: string; version: string } {
  const slash = apiVersion.indexOf('/');
  if (slash < 0) return { group: '', version: apiVersion };
  return { group: apiVersion.slice(0, slash), version: apiVersion.slice(slash + 1) };
}

function goOrderedMeta(metadata: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const key of OBJECT_META_ORDER) if (metadata[key] !== undefined) out[key] = metadata[key];
  for (const [key, value] of Object.entries(metadata)) if (!(key in out)) out[key] = value;
  return out;
}
