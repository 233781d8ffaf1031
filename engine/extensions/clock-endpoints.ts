import type { ExtensionEndpoint } from '../api/handlers/api-handler.ts';
import type { ApiReply } from '../api/handlers/types.ts';
import { toRfc3339Micro } from '../clock/clock.ts';
import { Kubelet } from '../kubelet/kubelet.ts';

/** Resources written by heartbeats; stepping the clock passes over them. */
export const HEARTBEAT_RESOURCES: readonly string[] = Kubelet.HEARTBEAT_RESOURCES;

/** The engine operations clock endpoints need. */
export interface SteppableEngine {
  readonly clock: { mode: 'virtual' | 'real'; now(): number };
  stepUntilChange(
    deadline: number,
    watched?: ReadonlySet<string>,
  ): { changed: boolean; now: number; resources: string[] };
  advanceTo(target: number): void;
  settle(): void;
}

export const CLOCK_PATH = '/kuke/v1/clock';

/**
 * The engine extension of the API that only the bundled target offers: read the cluster clock,
 * step it to the next change, or move it forward. Authorised like any non-resource path.
 */
export function clockEndpoints(engine: SteppableEngine): ExtensionEndpoint {
  return (request) => {
    if (!request.path.startsWith(CLOCK_PATH)) return undefined;
    const action = request.path.slice(CLOCK_PATH.length);
    if (request.method === 'GET' && action === '') return clockState(engine);
    if (request.method !== 'POST')
      return json(405, { message: `${request.method} is not supported on ${request.path}` });
    if (engine.clock.mode !== 'virtual') return json(409, { message: 'the engine runs on the real clock' });
    const number = (name: string) => {
      const value = request.query.get(name);
      return value === null ? undefined : Number(value);
    };
    switch (action) {
      case '/step': {
        const until = number('until');
        if (until === undefined || !Number.isFinite(until))
          return json(400, { message: 'step needs ?until=<ms since epoch>' });
        const watch = request.query.get('watch');
        const watched = watch ? new Set(watch.split(',')) : undefined;
        const result = engine.stepUntilChange(until, watched);
        return json(200, { ...state(engine), changed: result.changed, resources: result.resources });
      }
      case '/advance': {
        const by = number('by');
        const to = number('to');
        const target = to ?? (by !== undefined ? engine.clock.now() + by : undefined);
        if (target === undefined || !Number.isFinite(target))
          return json(400, { message: 'advance needs ?by=<ms> or ?to=<ms>' });
        engine.advanceTo(target);
        return clockState(engine);
      }
      case '/settle':
        engine.settle();
        return clockState(engine);
      default:
        return json(404, { message: `unknown clock action ${action}` });
    }
  };
}

function state(engine: SteppableEngine) {
  const now = engine.clock.now();
  return { mode: engine.clock.mode, nowMs: now, now: toRfc3339Micro(now) };
}

function clockState(engine: SteppableEngine): ApiReply {
  return json(200, state(engine));
}

function json(status: number, body: unknown): ApiReply {
  return { kind: 'body', status, contentType: 'application/json', body: JSON.stringify(body) };
}
