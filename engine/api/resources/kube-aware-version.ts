// apimachinery pkg/version CompareKubeAwareVersionStrings: how API versions of a group are ordered.

const KUBE_VERSION = /^v(\d+)(?:(alpha|beta)(\d+))?$/;
const TYPE_RANK = { alpha: 0, beta: 1, ga: 2 } as const;

function parse(version: string): { major: number; rank: number; minor: number } | undefined {
  const match = KUBE_VERSION.exec(version);
  if (!match) return undefined;
  const type = (match[2] ?? 'ga') as keyof typeof TYPE_RANK;
  return { major: Number(match[1]), rank: TYPE_RANK[type], minor: Number(match[3] ?? 0) };
}

/**
 * Sort comparator putting the preferred version first: GA before beta before alpha, higher numbers
 * first within each, then versions that are not Kubernetes-like in lexical order.
 */
export function compareKubeAwareVersions(a: string, b: string): number {
  if (a === b) return 0;
  const va = parse(a);
  const vb = parse(b);
  if (!va && !vb) return a < b ? -1 : 1;
  if (!va) return 1;
  if (!vb) return -1;
  if (va.rank !== vb.rank) return vb.rank - va.rank;
  if (va.major !== vb.major) return vb.major - va.major;
  return vb.minor - va.minor;
}
