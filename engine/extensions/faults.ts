import { statusBody } from '../api/errors.ts';
import type { ExtensionEndpoint } from '../api/handlers/api-handler.ts';
import type { ApiReply, ApiRequest } from '../api/handlers/types.ts';
import type { RequestInfo } from '../api/request-info.ts';

/** Which requests a fault applies to; an absent field matches anything. */
export interface FaultMatch {
  verb?: string;
  resource?: string;
  namespace?: string;
  name?: string;
}

/** A fault: answer matching requests with an error, or answer them late. */
export interface FaultRule {
  match: FaultMatch;
  /** How many matching requests it applies to (default: all, until cleared). */
  times?: number;
  error?: { code: number; message: string };
  latencyMs?: number;
}

const REASONS: Record<number, string> = {
  400: 'BadRequest',
  401: 'Unauthorized',
  403: 'Forbidden',
  404: 'NotFound',
  409: 'Conflict',
  410: 'Gone',
  422: 'Invalid',
  429: 'TooManyRequests',
  500: 'InternalError',
  503: 'ServiceUnavailable',
  504: 'Timeout',
};

/** The Status a real API server would send for such a failure (with its usual message prefix). */
export function faultStatus(code: number, message: string) {
  const reason = REASONS[code] ?? 'InternalError';
  const text =
    code === 500
      ? `Internal error occurred: ${message}`
      : code === 429
        ? `Too many requests: ${message}`
        : code === 504
          ? `Timeout: ${message}`
          : message;
  return statusBody(code, reason, text, code === 500 ? { causes: [{ message }] } : undefined);
}

/**
 * Injected API faults (engine-only): errors and latency for the requests clients make over HTTP.
 * The engine's own controllers are not affected, as a real control plane's are not by a flaky
 * network path between a client and the API server.
 */
export class FaultInjector {
  private rules: Array<FaultRule & { left: number }> = [];

  add(rule: FaultRule): void {
    if (rule.error && !(rule.error.code >= 400 && rule.error.code <= 599)) {
      throw new Error(`fault error code must be 4xx or 5xx, got ${rule.error.code}`);
    }
    if (!rule.error && !(rule.latencyMs && rule.latencyMs > 0))
      throw new Error('a fault needs an error or a latencyMs');
    this.rules.push({ ...rule, left: rule.times ?? Number.POSITIVE_INFINITY });
  }

  clear(): void {
    this.rules = [];
  }

  intercept(_request: ApiRequest, info: RequestInfo): ApiReply | { delayMs: number } | undefined {
    const rule = this.rules.find((r) => r.left > 0 && matches(r.match, info));
    if (!rule) return undefined;
    rule.left--;
    if (rule.error) {
      const reply: ApiReply = {
        kind: 'body',
        status: rule.error.code,
        contentType: 'application/json',
        body: `${JSON.stringify(faultStatus(rule.error.code, rule.error.message))}\n`,
      };
      return rule.latencyMs ? { ...reply, delayMs: rule.latencyMs } : reply;
    }
    return { delayMs: rule.latencyMs ?? 0 };
  }
}

function matches(match: FaultMatch, info: RequestInfo): boolean {
  const resource = info.subresource ? `${info.resource}/${info.subresource}` : info.resource;
  return (
    (match.verb === undefined || match.verb === info.verb) &&
    (match.resource === undefined || match.resource === resource || match.resource === info.resource) &&
    (match.namespace === undefined || match.namespace === info.namespace) &&
    (match.name === undefined || match.name === info.name)
  );
}

export const FAULTS_PATH = '/kuke/v1/faults';

/** `POST /kuke/v1/faults` with a FaultRule (JSON) adds a fault; `DELETE` clears them all. */
export function faultEndpoints(faults: FaultInjector): ExtensionEndpoint {
  return (request) => {
    if (request.path !== FAULTS_PATH) return undefined;
    if (request.method === 'DELETE') {
      faults.clear();
      return json(200, { faults: 0 });
    }
    if (request.method !== 'POST')
      return json(405, { message: `${request.method} is not supported on ${FAULTS_PATH}` });
    try {
      faults.add(JSON.parse(Buffer.from(request.body ?? new Uint8Array()).toString('utf8')) as FaultRule);
      return json(201, {});
    } catch (error) {
      return json(400, { message: (error as Error).message });
    }
  };
}

function json(status: number, body: unknown): ApiReply {
  return { kind: 'body', status, contentType: 'application/json', body: JSON.stringify(body) };
}
