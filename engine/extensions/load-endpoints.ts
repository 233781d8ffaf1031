import type { ExtensionEndpoint } from '../api/handlers/api-handler.ts';
import type { ApiReply } from '../api/handlers/types.ts';
import { milliValue } from '../api/quantity.ts';
import type { CpuLoads } from '../kubelet/cpu-load.ts';

export const LOAD_PATH = '/kuke/v1/load';

/**
 * `POST /kuke/v1/load` with `{ namespace, selector, cpu }` puts a CPU load (a quantity, `900m`) on
 * the pods the label selector picks, shared by those that are Ready; `cpu: "0"` takes it off.
 */
export function loadEndpoints(loads: CpuLoads): ExtensionEndpoint {
  return (request) => {
    if (request.path !== LOAD_PATH) return undefined;
    if (request.method !== 'POST')
      return json(405, { message: `${request.method} is not supported on ${LOAD_PATH}` });
    try {
      const body = JSON.parse(Buffer.from(request.body ?? new Uint8Array()).toString('utf8')) as {
        namespace?: string;
        selector?: string;
        cpu?: string;
      };
      if (!body.selector) return json(400, { message: 'a load needs a label selector' });
      loads.set(body.namespace ?? 'default', body.selector, milliValue(body.cpu ?? '0'));
      return json(200, { loads: loads.size });
    } catch (error) {
      return json(400, { message: (error as Error).message });
    }
  };
}

function json(status: number, body: unknown): ApiReply {
  return { kind: 'body', status, contentType: 'application/json', body: JSON.stringify(body) };
}
