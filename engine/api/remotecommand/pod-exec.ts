// pods/exec as the API server serves it: PodExecOptions from the query, the pod's container and
// node (registry/core/pod streamLocation), then the upgrade to a WebSocket channel protocol and
// the kubelet's answer. Errors before the upgrade are HTTP replies, as on a real cluster.
import type { Pod } from 'kubernetes-types/core/v1';
import { badRequest } from '../errors.ts';
import { queryBool } from '../handlers/pod-log-options.ts';
import { type ApiReply, type ApiRequest, header } from '../handlers/types.ts';
import { negotiateChannelProtocol, offeredProtocols } from './channel-protocol.ts';
import { serveExecSession } from './exec-session.ts';
import type { PodExecProvider } from './exec-target.ts';

/** PodExecOptions as the parameter codec reads the query. */
export interface PodExecOptions {
  container?: string;
  command: string[];
  stdin: boolean;
  stdout: boolean;
  stderr: boolean;
  tty: boolean;
}

export const UPGRADE_REQUIRED = 'Upgrade request required';
export const NO_STREAMS = 'you must specify at least 1 of stdin, stdout, stderr';
/** The engine serves exec over WebSocket only; kubectl 1.32 uses SPDY only when that fails. */
export const SPDY_UNSUPPORTED =
  'the bundled engine serves exec over WebSocket (v5.channel.k8s.io, v4.channel.k8s.io), not SPDY';
/** Commands run to completion without a terminal. */
export const TTY_UNSUPPORTED =
  'the bundled engine runs exec commands without a terminal: use kubectl exec -i without -t';

/** Reads PodExecOptions from the query of pods/<name>/exec. */
export function podExecOptions(query: URLSearchParams): PodExecOptions {
  const options: PodExecOptions = {
    command: query.getAll('command'),
    stdin: queryBool(query, 'stdin'),
    stdout: queryBool(query, 'stdout'),
    stderr: queryBool(query, 'stderr'),
    tty: queryBool(query, 'tty'),
  };
  const container = query.get('container');
  if (container) options.container = container;
  return options;
}

/**
 * The container a stream is for (streamLocation): the only one when none is named, else one the
 * pod has (init and ephemeral containers included); and the pod must be on a node.
 */
export function streamContainer(pod: Pod, requested: string | undefined): string {
  const name = pod.metadata?.name ?? '';
  const containers = (pod.spec?.containers ?? []).map((c) => c.name);
  const inits = (pod.spec?.initContainers ?? []).map((c) => c.name);
  const ephemeral = (pod.spec?.ephemeralContainers ?? []).map((c) => c.name);
  let container: string;
  if (!requested) {
    if (containers.length === 0) throw badRequest(`a container name must be specified for pod ${name}`);
    if (containers.length > 1) {
      let message = `a container name must be specified for pod ${name}, choose one of: [${containers.join(' ')}]`;
      if (inits.length > 0) message += ` or one of the init containers: [${inits.join(' ')}]`;
      throw badRequest(message);
    }
    container = containers[0]!;
  } else {
    if (![...containers, ...inits, ...ephemeral].includes(requested)) {
      throw badRequest(`container ${requested} is not valid for pod ${name}`);
    }
    container = requested;
  }
  if (!pod.spec?.nodeName) throw badRequest(`pod ${name} does not have a host assigned`);
  return container;
}

/** `Connection: upgrade` and `Upgrade: websocket` (wsstream.IsWebSocketRequest). */
export function isWebSocketRequest(request: ApiRequest): boolean {
  return (
    (header(request, 'upgrade') ?? '').toLowerCase() === 'websocket' &&
    /(^|,)\s*upgrade\s*($|,)/.test((header(request, 'connection') ?? '').toLowerCase())
  );
}

function isUpgradeRequest(request: ApiRequest): boolean {
  return /(^|,)\s*upgrade\s*($|,)/.test((header(request, 'connection') ?? '').toLowerCase());
}

function text(status: number, body: string): ApiReply {
  return { kind: 'body', status, contentType: 'text/plain; charset=utf-8', body };
}

/** Serves pods/exec for `pod` (already read, so a missing pod was a 404). */
export function connectPodExec(
  request: ApiRequest,
  pod: Pod,
  options: PodExecOptions,
  provider: PodExecProvider,
): ApiReply {
  const container = streamContainer(pod, options.container);
  if (!isUpgradeRequest(request)) throw badRequest(UPGRADE_REQUIRED);
  if (!isWebSocketRequest(request)) throw badRequest(SPDY_UNSUPPORTED);
  if (options.tty) throw badRequest(TTY_UNSUPPORTED);
  const protocol = negotiateChannelProtocol(offeredProtocols(request.headers['sec-websocket-protocol']));
  // The kubelet's WebSocket handshake refuses unknown subprotocols with a bare 403.
  if (!protocol) return text(403, '');
  const streams = { stdin: options.stdin, stdout: options.stdout, stderr: options.stderr };
  const target =
    !streams.stdin && !streams.stdout && !streams.stderr
      ? { error: NO_STREAMS }
      : provider(pod, { container, command: options.command });
  if ('error' in target && protocol.dialect !== 'translator') {
    // The kubelet answers before upgrading: 400 for bad options, 500 when there is no container.
    return text(target.error === NO_STREAMS ? 400 : 500, target.error);
  }
  return {
    kind: 'websocket',
    status: 101,
    protocol: protocol.name,
    open: (connection) => serveExecSession(connection, protocol, streams, options.command, target),
  };
}
