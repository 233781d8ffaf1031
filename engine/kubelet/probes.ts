import type { Container, Probe } from 'kubernetes-types/core/v1';
import type { ContainerBehaviour } from './image-profiles/index.ts';

export interface ProbeResult {
  success: boolean;
  /** Why it failed, as the kubelet writes it after `Liveness probe failed: `. */
  output: string;
}

/** Runs one probe against a container's behaviour at `msSinceStart` (pkg/kubelet/prober). */
export function runProbe(
  probe: Probe,
  container: Container,
  behaviour: ContainerBehaviour,
  podIP: string,
  msSinceStart: number,
): ProbeResult {
  if (probe.httpGet) {
    const port = resolvePort(probe.httpGet.port, container);
    const path = probe.httpGet.path ?? '/';
    const host = probe.httpGet.host || podIP;
    const scheme = (probe.httpGet.scheme ?? 'HTTP').toLowerCase();
    const answer = behaviour.httpGet(port, path, msSinceStart);
    if (!answer) {
      return {
        success: false,
        output: `Get "${scheme}://${host}:${port}${path}": dial tcp ${host}:${port}: connect: connection refused`,
      };
    }
    if (answer.error) return { success: false, output: answer.error };
    if (answer.status >= 200 && answer.status < 400) return { success: true, output: '' };
    return { success: false, output: `HTTP probe failed with statuscode: ${answer.status}` };
  }
  if (probe.tcpSocket) {
    const port = resolvePort(probe.tcpSocket.port, container);
    const host = probe.tcpSocket.host || podIP;
    if (behaviour.listensOn(port, msSinceStart)) return { success: true, output: '' };
    return { success: false, output: `dial tcp ${host}:${port}: connect: connection refused` };
  }
  if (probe.exec) {
    const timeoutMs = (probe.timeoutSeconds ?? 1) * 1000;
    const answer = behaviour.exec(probe.exec.command ?? [], msSinceStart);
    if (answer.durationMs > timeoutMs) {
      return {
        success: false,
        output: `command ${JSON.stringify((probe.exec.command ?? []).join(' '))} timed out`,
      };
    }
    return { success: answer.exitCode === 0, output: `${answer.stdout}${answer.stderr}` };
  }
  if (probe.grpc) {
    const port = probe.grpc.port;
    if (behaviour.listensOn(port, msSinceStart)) return { success: true, output: '' };
    return {
      success: false,
      output: `timeout: failed to connect service "${podIP}:${port}" within ${probe.timeoutSeconds ?? 1}s: context deadline exceeded`,
    };
  }
  return { success: true, output: '' };
}

/** A probe's port may name a container port. */
export function resolvePort(port: number | string, container: Container): number {
  if (typeof port === 'number') return port;
  const named = container.ports?.find((p) => p.name === port);
  return named?.containerPort ?? (Number.parseInt(port, 10) || 0);
}

/**
 * When a probe first runs for a container: the prober worker ticks every `periodMs` from when
 * the kubelet took the pod on (`workerStart`) and skips ticks before `notBefore` (start plus
 * initialDelaySeconds), so the first probe is the first tick at or after `notBefore`.
 */
export function firstProbeTick(workerStart: number, periodMs: number, notBefore: number): number {
  if (periodMs <= 0 || notBefore <= workerStart) return Math.max(workerStart, notBefore);
  return workerStart + Math.ceil((notBefore - workerStart) / periodMs) * periodMs;
}
