import type { ExtensionEndpoint } from '../api/handlers/api-handler.ts';
import type { ApiReply } from '../api/handlers/types.ts';

/** The engine operations node endpoints need. */
export interface NodeControl {
  addNodes(yaml: string, source: string, firstLine: number): string[];
  failNode(name: string): void;
  recoverNode(name: string): void;
  isNodeFailed(name: string): boolean;
}

export const NODES_PATH = '/kuke/v1/nodes/';

/**
 * Engine-only node operations (the bundled target alone offers them): add nodes
 * (`POST /kuke/v1/nodes?source=FILE&line=N` with YAML in the cluster fixture's node format), stop a
 * node's kubelet from heartbeating (`POST /kuke/v1/nodes/NAME/fail`), bring it back (`…/recover`),
 * read its state (`GET /kuke/v1/nodes/NAME`).
 */
export function nodeEndpoints(nodes: NodeControl): ExtensionEndpoint {
  return (request) => {
    if (request.path === NODES_PATH.slice(0, -1) && request.method === 'POST') {
      try {
        const yaml = Buffer.from(request.body ?? new Uint8Array()).toString('utf8');
        const line = Number(request.query.get('line') ?? '1') || 1;
        return json(201, { added: nodes.addNodes(yaml, request.query.get('source') ?? 'node', line) });
      } catch (error) {
        return json(400, { message: (error as Error).message });
      }
    }
    if (!request.path.startsWith(NODES_PATH)) return undefined;
    const [name, action, ...rest] = request.path.slice(NODES_PATH.length).split('/').map(decodeURIComponent);
    if (!name || rest.length > 0) return json(404, { message: `unknown node action ${request.path}` });
    try {
      if (request.method === 'GET' && action === undefined)
        return json(200, { name, failed: nodes.isNodeFailed(name) });
      if (request.method !== 'POST')
        return json(405, { message: `${request.method} is not supported on ${request.path}` });
      if (action === 'fail') nodes.failNode(name);
      else if (action === 'recover') nodes.recoverNode(name);
      else return json(404, { message: `unknown node action "${action}": use fail or recover` });
      return json(200, { name, failed: nodes.isNodeFailed(name) });
    } catch (error) {
      return json(404, { message: (error as Error).message });
    }
  };
}

function json(status: number, body: unknown): ApiReply {
  return { kind: 'body', status, contentType: 'application/json', body: JSON.stringify(body) };
}
