import type { Service } from 'kubernetes-types/core/v1';
import type { ObjectStore } from '../../store/store.ts';
import type { Random } from '../../util/random.ts';

const SERVICE_CIDR_BASE = (10 << 24) | (96 << 16); // 10.96.0.0/12
const SERVICE_CIDR_SIZE = 1 << 20;
const NODE_PORT_MIN = 30000;
const NODE_PORT_MAX = 32767;

/** Allocates Service cluster IPs from 10.96.0.0/12 and node ports from 30000-32767. */
export class ServiceIpam {
  constructor(
    private readonly store: ObjectStore,
    private readonly random: Random,
  ) {}

  allocateClusterIP(): string {
    const used = new Set(
      this.services().flatMap((s) => s.spec?.clusterIPs ?? (s.spec?.clusterIP ? [s.spec.clusterIP] : [])),
    );
    for (let attempt = 0; attempt < 10_000; attempt++) {
      // .0 is the network, .1 belongs to the `kubernetes` Service.
      const offset = 2 + this.random.int(SERVICE_CIDR_SIZE - 3);
      const ip = toIPv4(SERVICE_CIDR_BASE + offset);
      if (!used.has(ip)) return ip;
    }
    throw new Error('range is full: no free cluster IP in 10.96.0.0/12');
  }

  /**
   * Why a new Service cannot have the cluster IP it asks for, in the words of upstream's
   * ipallocator (`provided IP is already allocated`), or undefined when it can.
   */
  clusterIPRefusal(ip: string): string | undefined {
    const n = fromIPv4(ip);
    if (n !== undefined && (n - SERVICE_CIDR_BASE < 0 || n - SERVICE_CIDR_BASE >= SERVICE_CIDR_SIZE)) {
      return `the provided IP (${ip}) is not in the valid range. The range of valid IPs is 10.96.0.0/12`;
    }
    const taken = this.services().some((s) => (s.spec?.clusterIPs ?? [s.spec?.clusterIP]).includes(ip));
    return taken ? 'provided IP is already allocated' : undefined;
  }

  /** Why a new Service cannot have the node port it asks for (upstream portallocator), or undefined. */
  nodePortRefusal(port: number): string | undefined {
    if (port < NODE_PORT_MIN || port > NODE_PORT_MAX) {
      return `provided port is not in the valid range. The range of valid ports is ${NODE_PORT_MIN}-${NODE_PORT_MAX}`;
    }
    const taken = this.services().some((s) => (s.spec?.ports ?? []).some((p) => p.nodePort === port));
    return taken ? 'provided port is already allocated' : undefined;
  }

  allocateNodePort(): number {
    const used = new Set(
      this.services().flatMap((s) => (s.spec?.ports ?? []).map((p) => p.nodePort).filter(Boolean)),
    );
    for (let attempt = 0; attempt < 10_000; attempt++) {
      const port = NODE_PORT_MIN + this.random.int(NODE_PORT_MAX - NODE_PORT_MIN + 1);
      if (!used.has(port)) return port;
    }
    throw new Error('range is full: no free node port in 30000-32767');
  }

  private services(): Service[] {
    return this.store.list('/services') as unknown as Service[];
  }
}

function fromIPv4(ip: string): number | undefined {
  const parts = ip.split('.').map(Number);
  if (parts.length !== 4 || parts.some((p) => !Number.isInteger(p) || p < 0 || p > 255)) return undefined;
  return parts.reduce((n, p) => n * 256 + p, 0);
}

export function toIPv4(n: number): string {
  return [(n >>> 24) & 255, (n >>> 16) & 255, (n >>> 8) & 255, n & 255].join('.');
}
