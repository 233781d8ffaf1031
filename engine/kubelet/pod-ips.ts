import { toIPv4 } from '../api/registry/service-ipam.ts';

/** Hands out pod IPs from a node's podCIDR (/24 style), lowest free address first, reusing freed ones. */
export class PodIpAllocator {
  private readonly base: number;
  private readonly size: number;
  private readonly used = new Set<number>();

  constructor(cidr: string) {
    const [address = '10.244.0.0', bits = '24'] = cidr.split('/');
    const parts = address.split('.').map(Number);
    this.base =
      (((parts[0] ?? 0) << 24) | ((parts[1] ?? 0) << 16) | ((parts[2] ?? 0) << 8) | (parts[3] ?? 0)) >>> 0;
    this.size = 2 ** (32 - Number(bits));
  }

  allocate(): string {
    // .0 is the network and .1 the node's bridge, as with the usual CNI plugins.
    for (let offset = 2; offset < this.size - 1; offset++) {
      if (!this.used.has(offset)) {
        this.used.add(offset);
        return toIPv4(this.base + offset);
      }
    }
    throw new Error('no free pod IP on this node');
  }

  release(ip: string | undefined): void {
    if (!ip) return;
    const n = ip.split('.').reduce((acc, part) => ((acc << 8) | Number(part)) >>> 0, 0);
    this.used.delete(n - this.base);
  }
}
