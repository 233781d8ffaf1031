/** The magic that starts every Kubernetes protobuf body: "k8s\0" (apimachinery protobuf.go protoEncodingPrefix). */
export const PROTOBUF_PREFIX: readonly number[] = [0x6b, 0x38, 0x73, 0x00];

/** Upstream protobuf Serializer.Decode wording (apimachinery pkg/runtime/serializer/protobuf/protobuf.go). */
export const EMPTY_DATA_MESSAGE = 'empty data';
export const EMPTY_BODY_MESSAGE = 'empty body';
export const BAD_PREFIX_MESSAGE = `provided data does not appear to be a protobuf message, expected prefix [${PROTOBUF_PREFIX.join(' ')}]`;

/** The scheme name kube-apiserver's legacyscheme.Scheme reports (runtime.NewScheme names it after its call site). */
export const APISERVER_SCHEME_NAME = 'k8s.io/kubernetes/pkg/api/legacyscheme/scheme.go:30';

/** Prefix of every malformed-wire message. */
export const INVALID_BODY_PREFIX = 'invalid protobuf body: ';

/** runtime.NewNotRegisteredErrForKind's message for a kind the scheme does not know. */
export function notRegisteredMessage(kind: string, apiVersion: string): string {
  return `no kind ${JSON.stringify(kind)} is registered for version ${JSON.stringify(apiVersion)} in scheme ${JSON.stringify(APISERVER_SCHEME_NAME)}`;
}

/** runtime.NewMissingKindErr / NewMissingVersionErr for an envelope without kind or apiVersion. */
export function missingTypeMessage(field: 'Kind' | 'apiVersion', apiVersion: string, kind: string): string {
  const typeMeta = `runtime.TypeMeta{APIVersion:${JSON.stringify(apiVersion)}, Kind:${JSON.stringify(kind)}}`;
  return `Object '${field}' is missing in '${typeMeta}'`;
}

export type ProtobufDecodeReason = 'prefix' | 'malformed' | 'missing-type' | 'not-registered';

/** A protobuf request body that cannot be turned into a Kubernetes object. */
export class ProtobufDecodeError extends Error {
  override readonly name = 'ProtobufDecodeError';

  constructor(
    message: string,
    readonly reason: ProtobufDecodeReason,
    readonly path?: string,
  ) {
    super(message);
  }
}

/** A Kubernetes object that cannot be written as protobuf (unknown kind or a value of the wrong type). */
export class ProtobufEncodeError extends Error {
  override readonly name = 'ProtobufEncodeError';

  constructor(
    message: string,
    readonly path?: string,
  ) {
    super(message);
  }
}

/** A wire fault found below the message level; the decoder adds the field path. */
export class WireFault extends Error {
  constructor(
    readonly detail: string,
    readonly path?: string,
  ) {
    super(detail);
  }
}
