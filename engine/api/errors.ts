/** The metav1.Status body every API error is sent as. */
export interface StatusBody {
  kind: 'Status';
  apiVersion: 'v1';
  metadata: Record<string, never> | { resourceVersion?: string };
  status: 'Failure' | 'Success';
  message?: string;
  reason?: string;
  details?: StatusDetails;
  code: number;
}

export interface StatusDetails {
  name?: string;
  group?: string;
  kind?: string;
  uid?: string;
  causes?: StatusCause[];
  retryAfterSeconds?: number;
}

export interface StatusCause {
  reason?: string;
  message?: string;
  field?: string;
}

/** A group and plural resource, printed as upstream's GroupResource.String(): `pods`, `deployments.apps`. */
export interface GroupResource {
  group: string;
  resource: string;
}

export function groupResourceString(gr: GroupResource): string {
  return gr.group ? `${gr.resource}.${gr.group}` : gr.resource;
}

/** An API failure carrying the exact Status body and HTTP code a real API server sends. */
export class ApiError extends Error {
  readonly headers: Record<string, string>;

  constructor(
    readonly status: StatusBody,
    headers: Record<string, string> = {},
  ) {
    super(status.message ?? status.reason ?? `HTTP ${status.code}`);
    this.headers = headers;
  }

  get code(): number {
    return this.status.code;
  }

  get reason(): string | undefined {
    return this.status.reason;
  }
}

/** Builds a Status body with the fields in upstream's order and empty fields left out. */
export function statusBody(
  code: number,
  reason: string,
  message: string,
  details?: StatusDetails,
): StatusBody {
  const body: StatusBody = {
    kind: 'Status',
    apiVersion: 'v1',
    metadata: {},
    status: 'Failure',
    message,
    reason,
    code,
  };
  if (details) {
    const clean = cleanDetails(details);
    if (Object.keys(clean).length > 0) {
      return {
        kind: 'Status',
        apiVersion: 'v1',
        metadata: {},
        status: 'Failure',
        message,
        reason,
        details: clean,
        code,
      };
    }
  }
  return body;
}

function cleanDetails(details: StatusDetails): StatusDetails {
  const out: StatusDetails = {};
  if (details.name) out.name = details.name;
  if (details.group) out.group = details.group;
  if (details.kind) out.kind = details.kind;
  if (details.uid) out.uid = details.uid;
  if (details.causes && details.causes.length > 0) out.causes = details.causes;
  if (details.retryAfterSeconds) out.retryAfterSeconds = details.retryAfterSeconds;
  return out;
}

function grDetails(gr: GroupResource, name: string): StatusDetails {
  return { name, group: gr.group, kind: gr.resource };
}

export function notFound(gr: GroupResource, name: string): ApiError {
  return new ApiError(
    statusBody(404, 'NotFound', `${groupResourceString(gr)} "${name}" not found`, grDetails(gr, name)),
  );
}

export function alreadyExists(gr: GroupResource, name: string): ApiError {
  return new ApiError(
    statusBody(
      409,
      'AlreadyExists',
      `${groupResourceString(gr)} "${name}" already exists`,
      grDetails(gr, name),
    ),
  );
}

export function generateNameConflict(gr: GroupResource, name: string, retryAfterSeconds: number): ApiError {
  return new ApiError(
    statusBody(
      409,
      'AlreadyExists',
      `${groupResourceString(gr)} "${name}" already exists, the server was not able to generate a unique name for the object`,
      { ...grDetails(gr, name), retryAfterSeconds },
    ),
  );
}

export const OPTIMISTIC_LOCK_ERROR_MSG =
  'the object has been modified; please apply your changes to the latest version and try again';

export function conflict(gr: GroupResource, name: string, message: string): ApiError {
  return new ApiError(
    statusBody(
      409,
      'Conflict',
      `Operation cannot be fulfilled on ${groupResourceString(gr)} "${name}": ${message}`,
      grDetails(gr, name),
    ),
  );
}

/** 403 with upstream's `<gr> "<name>" is forbidden: <err>` wording (admission and authorization). */
export function forbidden(
  gr: GroupResource,
  name: string,
  message: string,
  causes?: StatusCause[],
): ApiError {
  const grText = groupResourceString(gr);
  const prefix = grText
    ? name
      ? `${grText} "${name}" is forbidden`
      : `${grText} is forbidden`
    : 'forbidden';
  return new ApiError(
    statusBody(403, 'Forbidden', `${prefix}: ${message}`, {
      ...grDetails(gr, name),
      ...(causes ? { causes } : {}),
    }),
  );
}

export function badRequest(message: string): ApiError {
  return new ApiError(statusBody(400, 'BadRequest', message));
}

export function unauthorized(): ApiError {
  return new ApiError(statusBody(401, 'Unauthorized', 'Unauthorized'));
}

export function methodNotSupported(gr: GroupResource, action: string): ApiError {
  return new ApiError(
    statusBody(
      405,
      'MethodNotAllowed',
      `${action} is not supported on resources of kind "${groupResourceString(gr)}"`,
      {
        group: gr.group,
        kind: gr.resource,
      },
    ),
  );
}

export function notAcceptable(accepted: string[]): ApiError {
  return new ApiError(
    statusBody(406, 'NotAcceptable', `only the following media types are accepted: ${accepted.join(', ')}`),
  );
}

export function unsupportedMediaType(accepted: string[]): ApiError {
  return new ApiError(
    statusBody(
      415,
      'UnsupportedMediaType',
      `the body of the request was in an unknown format - accepted media types include: ${accepted.join(', ')}`,
    ),
  );
}

export const MAX_REQUEST_BODY_BYTES = 3 * 1024 * 1024;

export function requestEntityTooLarge(): ApiError {
  return new ApiError(
    statusBody(413, 'RequestEntityTooLarge', `Request entity too large: limit is ${MAX_REQUEST_BODY_BYTES}`),
  );
}

export function expired(message: string): ApiError {
  return new ApiError(statusBody(410, 'Expired', message));
}

/** The message NewGenericServerResponse gives a 422 (apimachinery pkg/api/errors/errors.go). */
export const GENERIC_INVALID_MESSAGE = 'the server rejected our request due to an error in our request';

/**
 * 422 as upstream's NewGenericServerResponse builds it with no resource and no name: a fixed message
 * and empty (but present) details. kube-apiserver answers a JSON patch whose operations fail to apply
 * (a failing `test`, a missing path) this way (apiserver pkg/endpoints/handlers/patch.go, applyJSPatch).
 */
export function genericUnprocessableEntity(): ApiError {
  return new ApiError({
    kind: 'Status',
    apiVersion: 'v1',
    metadata: {},
    status: 'Failure',
    message: GENERIC_INVALID_MESSAGE,
    reason: 'Invalid',
    details: {},
    code: 422,
  });
}

export function internalError(error: unknown): ApiError {
  const text = error instanceof Error ? error.message : String(error);
  return new ApiError(
    statusBody(500, 'InternalError', `Internal error occurred: ${text}`, { causes: [{ message: text }] }),
  );
}

/** One field error, as apimachinery's field.Error. */
export interface FieldError {
  type:
    | 'FieldValueRequired'
    | 'FieldValueInvalid'
    | 'FieldValueNotSupported'
    | 'FieldValueDuplicate'
    | 'FieldValueForbidden'
    | 'FieldValueTooLong'
    | 'FieldValueTooMany'
    | 'FieldValueNotFound'
    | 'InternalError'
    | 'FieldValueTypeInvalid';
  field: string;
  value?: unknown;
  detail?: string;
}

const FIELD_ERROR_TEXT: Record<FieldError['type'], string> = {
  FieldValueRequired: 'Required value',
  FieldValueInvalid: 'Invalid value',
  FieldValueNotSupported: 'Unsupported value',
  FieldValueDuplicate: 'Duplicate value',
  FieldValueForbidden: 'Forbidden',
  FieldValueTooLong: 'Too long',
  FieldValueTooMany: 'Too many',
  FieldValueNotFound: 'Not found',
  InternalError: 'Internal error',
  FieldValueTypeInvalid: 'Invalid value',
};

const OMIT_VALUE = new Set<FieldError['type']>([
  'FieldValueRequired',
  'FieldValueForbidden',
  'FieldValueTooLong',
  'InternalError',
]);

/** The text after the field path: `Invalid value: "My_Pod": a lowercase RFC 1123 …`. */
export function fieldErrorBody(error: FieldError): string {
  let text = FIELD_ERROR_TEXT[error.type];
  if (!OMIT_VALUE.has(error.type) && error.value !== undefined) text += `: ${formatFieldValue(error.value)}`;
  if (error.detail) text += `: ${error.detail}`;
  return text;
}

/**
 * A bad value already rendered the way Go's `%#v` prints it (`map[string]string{"a":"b"}`,
 * `v1.LabelSelector{…}`), written as is.
 */
export class GoFormattedValue {
  constructor(readonly text: string) {}
}

function formatFieldValue(value: unknown): string {
  if (value instanceof GoFormattedValue) return value.text;
  if (typeof value === 'string') return JSON.stringify(value);
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  if (value === null) return 'null';
  return JSON.stringify(value);
}

/** 422 Invalid: `<Kind>[.<group>] "<name>" is invalid: <errors>`. */
export function invalid(kind: string, group: string, name: string, errors: FieldError[]): ApiError {
  const qualifiedKind = group ? `${kind}.${group}` : kind;
  const rendered = [...new Set(errors.map((e) => `${e.field}: ${fieldErrorBody(e)}`))];
  const aggregate = rendered.length === 1 ? rendered[0]! : `[${rendered.join(', ')}]`;
  return new ApiError(
    statusBody(422, 'Invalid', `${qualifiedKind} "${name}" is invalid: ${aggregate}`, {
      name,
      group,
      kind,
      causes: errors.map((e) => ({ reason: e.type, message: fieldErrorBody(e), field: e.field })),
    }),
  );
}
