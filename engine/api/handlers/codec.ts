import { parseAllDocuments } from 'yaml';
import { ApiError, badRequest, statusBody, unsupportedMediaType } from '../errors.ts';
import { decodeProtobufObject, PROTOBUF_MEDIA_TYPE } from '../protobuf/index.ts';
import {
  findKindTypeError,
  goJsonSyntaxError,
  goYamlError,
  summarizeBody,
  UNEXPECTED_END_OF_JSON,
} from './go-decode-errors.ts';

export const JSON_MEDIA_TYPE = 'application/json';
export const YAML_MEDIA_TYPE = 'application/yaml';

/** Media types the engine decodes request bodies from, in upstream's order for error messages. */
export const ACCEPTED_BODY_TYPES = [JSON_MEDIA_TYPE, YAML_MEDIA_TYPE, PROTOBUF_MEDIA_TYPE];

/** The bare media type of a Content-Type or Accept entry, lower-cased, parameters dropped. */
export function mediaType(header: string | undefined): string {
  return (header ?? '').split(';')[0]!.trim().toLowerCase();
}

/** Decodes a create/update body (JSON, YAML or Kubernetes protobuf) into a plain object. */
export function decodeBody(body: Uint8Array, contentType: string | undefined, expectedKind: string): unknown {
  const type = mediaType(contentType) || JSON_MEDIA_TYPE;
  switch (type) {
    case JSON_MEDIA_TYPE:
    case '*/*':
      return decodeJson(body, expectedKind);
    case YAML_MEDIA_TYPE:
    case 'application/apply-patch+yaml':
      return decodeYaml(body, expectedKind);
    case PROTOBUF_MEDIA_TYPE:
      try {
        return decodeProtobufObject(body);
      } catch (error) {
        throw badRequest(
          `the object provided is unrecognized (must be of type ${expectedKind}): ${(error as Error).message}`,
        );
      }
    default:
      throw unsupportedMediaType(ACCEPTED_BODY_TYPES);
  }
}

/** A 400 for a body apiserver could not decode (handlers/rest.go transformDecodeError, no kind known). */
function unrecognized(expectedKind: string, error: string, body: Uint8Array): ApiError {
  return badRequest(
    `the object provided is unrecognized (must be of type ${expectedKind}): ${error} (${summarizeBody(body)})`,
  );
}

export function decodeJson(body: Uint8Array, expectedKind: string): unknown {
  const text = Buffer.from(body).toString('utf8');
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    const syntax = goJsonSyntaxError(body) ?? UNEXPECTED_END_OF_JSON;
    throw unrecognized(expectedKind, `couldn't get version/kind; json parse error: ${syntax}`, body);
  }
  const typeError = findKindTypeError(value);
  if (typeError)
    throw unrecognized(expectedKind, `couldn't get version/kind; json parse error: ${typeError}`, body);
  return value;
}

function decodeYaml(body: Uint8Array, expectedKind: string): unknown {
  const text = Buffer.from(body).toString('utf8');
  const documents = parseAllDocuments(text);
  const docs = Array.isArray(documents) ? documents : [documents];
  const first = docs[0];
  if (!first) return {};
  for (const problem of first.errors) {
    const message = goYamlError(text, {
      code: problem.code,
      message: problem.message,
      line: problem.linePos?.[0]?.line ?? 1,
      offset: problem.pos[0],
    });
    if (message) throw unrecognized(expectedKind, message, body);
  }
  const value = first.toJSON() as unknown;
  const typeError = findKindTypeError(value);
  if (typeError)
    throw unrecognized(expectedKind, `couldn't get version/kind; json parse error: ${typeError}`, body);
  return value;
}

/** What a client asked to receive, from its Accept header. */
export interface Negotiated {
  table: boolean;
  tableVersion: 'v1' | 'v1beta1';
  partialMetadata: boolean;
  protobufOnly: boolean;
}

/**
 * Chooses the response form: a meta.k8s.io Table when the client lists `as=Table` (kubectl get),
 * protobuf only when the client accepts nothing else, JSON otherwise.
 */
export function negotiate(accept: string | undefined): Negotiated {
  const result: Negotiated = {
    table: false,
    tableVersion: 'v1',
    partialMetadata: false,
    protobufOnly: false,
  };
  if (!accept) return result;
  const entries = accept.split(',').map((entry) => entry.trim());
  for (const entry of entries) {
    const params = new Map(
      entry
        .split(';')
        .slice(1)
        .map((p) => p.trim().split('=') as [string, string]),
    );
    const as = params.get('as');
    if (as === 'Table' && params.get('g') === 'meta.k8s.io') {
      result.table = true;
      result.tableVersion = params.get('v') === 'v1beta1' ? 'v1beta1' : 'v1';
      return result;
    }
    if (
      (as === 'PartialObjectMetadata' || as === 'PartialObjectMetadataList') &&
      params.get('g') === 'meta.k8s.io'
    ) {
      result.partialMetadata = true;
      return result;
    }
  }
  result.protobufOnly = entries.every((entry) => mediaType(entry) === PROTOBUF_MEDIA_TYPE);
  return result;
}

export function isApiError(error: unknown): error is ApiError {
  return error instanceof ApiError;
}

export { statusBody };
