export { decodeProtobufObject } from './decode.ts';
export { encodeProtobufObject } from './encode.ts';
export {
  APISERVER_SCHEME_NAME,
  BAD_PREFIX_MESSAGE,
  EMPTY_BODY_MESSAGE,
  EMPTY_DATA_MESSAGE,
  INVALID_BODY_PREFIX,
  missingTypeMessage,
  notRegisteredMessage,
  PROTOBUF_PREFIX,
  ProtobufDecodeError,
  type ProtobufDecodeReason,
  ProtobufEncodeError,
} from './errors.ts';
export { kindMessage } from './schema.ts';

/** The Content-Type of Kubernetes protobuf bodies. */
export const PROTOBUF_MEDIA_TYPE = 'application/vnd.kubernetes.protobuf';
