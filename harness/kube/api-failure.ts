/** A refused API request, as a client sees it: the HTTP code and the Status body's fields. */
export class ApiFailure extends Error {
  constructor(
    readonly code: number,
    readonly reason: string,
    message: string,
    readonly status: Record<string, unknown> | undefined,
    readonly request: string,
  ) {
    super(message);
    this.name = 'ApiFailure';
  }

  /** `403 Forbidden: pods "x" is forbidden: …`, for reports. */
  describe(): string {
    return `${this.code} ${this.reason || 'Error'}: ${this.message}`;
  }
}

/** The Status body's fields, or a plain-text body's text. */
export function failureFromResponse(code: number, body: string, request: string): ApiFailure {
  try {
    const status = JSON.parse(body) as Record<string, unknown>;
    if (status && typeof status === 'object' && status.kind === 'Status') {
      return new ApiFailure(code, String(status.reason ?? ''), String(status.message ?? ''), status, request);
    }
  } catch {
    // not JSON: fall through to the plain-text form
  }
  return new ApiFailure(code, '', body.trim() || `HTTP ${code}`, undefined, request);
}
