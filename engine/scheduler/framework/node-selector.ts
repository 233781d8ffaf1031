/**
 * Node selector and node affinity matching (k8s.io/component-helpers/scheduling/corev1/nodeaffinity):
 * `spec.nodeSelector` labels must all be equal; required `nodeSelectorTerms` are ORed, the requirements
 * inside one term are ANDed; `matchFields` only knows `metadata.name`. A term with no requirements, or
 * with an invalid one, matches nothing.
 */
import type {
  Node,
  NodeSelectorRequirement,
  NodeSelectorTerm,
  Pod,
  PreferredSchedulingTerm,
} from 'kubernetes-types/core/v1';

export const NODE_NAME_FIELD = 'metadata.name';

type Labels = Readonly<Record<string, string>>;
type Matcher = (labels: Labels, nodeName: string) => boolean;

const INT64 = /^[+-]?\d+$/;
const INT64_MIN = -(1n << 63n);
const INT64_MAX = (1n << 63n) - 1n;

function parseInt64(text: string): bigint | undefined {
  if (!INT64.test(text)) return undefined;
  const value = BigInt(text);
  return value < INT64_MIN || value > INT64_MAX ? undefined : value;
}

const NEVER: Matcher = () => false;

function compileLabelRequirement(requirement: NodeSelectorRequirement): Matcher {
  const { key } = requirement;
  const values = requirement.values ?? [];
  switch (requirement.operator) {
    case 'In':
      if (values.length === 0) return NEVER;
      return (labels) => Object.hasOwn(labels, key) && values.includes(labels[key]!);
    case 'NotIn':
      if (values.length === 0) return NEVER;
      return (labels) => !Object.hasOwn(labels, key) || !values.includes(labels[key]!);
    case 'Exists':
      if (values.length !== 0) return NEVER;
      return (labels) => Object.hasOwn(labels, key);
    case 'DoesNotExist':
      if (values.length !== 0) return NEVER;
      return (labels) => !Object.hasOwn(labels, key);
    case 'Gt':
    case 'Lt': {
      const bound = values.length === 1 ? parseInt64(values[0]!) : undefined;
      if (bound === undefined) return NEVER;
      const greater = requirement.operator === 'Gt';
      return (labels) => {
        if (!Object.hasOwn(labels, key)) return false;
        const value = parseInt64(labels[key]!);
        if (value === undefined) return false;
        return greater ? value > bound : value < bound;
      };
    }
    default:
      return NEVER;
  }
}

function compileFieldRequirement(requirement: NodeSelectorRequirement): Matcher {
  const values = requirement.values ?? [];
  if (requirement.key !== NODE_NAME_FIELD || values.length === 0) return NEVER;
  if (requirement.operator === 'In') return (_labels, nodeName) => values.includes(nodeName);
  if (requirement.operator === 'NotIn') return (_labels, nodeName) => !values.includes(nodeName);
  return NEVER;
}

function compileTerm(term: NodeSelectorTerm): Matcher {
  const expressions = term.matchExpressions ?? [];
  const fields = term.matchFields ?? [];
  if (expressions.length === 0 && fields.length === 0) return NEVER;
  const matchers = [...expressions.map(compileLabelRequirement), ...fields.map(compileFieldRequirement)];
  if (matchers.includes(NEVER)) return NEVER;
  return (labels, nodeName) => {
    for (const matcher of matchers) if (!matcher(labels, nodeName)) return false;
    return true;
  };
}

/** True when the node matches at least one of the ORed terms. */
export function nodeSelectorTermsMatch(terms: readonly NodeSelectorTerm[], node: Node): boolean {
  const labels = node.metadata?.labels ?? {};
  const name = node.metadata?.name ?? '';
  return terms.some((term) => compileTerm(term)(labels, name));
}

/** A pod's hard node constraints: nodeSelector AND required node affinity. */
export interface RequiredNodeAffinity {
  readonly nodeSelector: readonly (readonly [string, string])[];
  /** Undefined when the pod has no required node affinity. */
  readonly terms: readonly Matcher[] | undefined;
}

const requiredMemo = new WeakMap<Pod, RequiredNodeAffinity>();

/** GetRequiredNodeAffinity, compiled once per pod object. */
export function requiredNodeAffinity(pod: Pod): RequiredNodeAffinity {
  let compiled = requiredMemo.get(pod);
  if (compiled === undefined) {
    const required = pod.spec?.affinity?.nodeAffinity?.requiredDuringSchedulingIgnoredDuringExecution;
    compiled = {
      nodeSelector: Object.entries(pod.spec?.nodeSelector ?? {}),
      terms: required ? (required.nodeSelectorTerms ?? []).map(compileTerm) : undefined,
    };
    requiredMemo.set(pod, compiled);
  }
  return compiled;
}

export function hasRequiredNodeAffinity(required: RequiredNodeAffinity): boolean {
  return required.nodeSelector.length > 0 || required.terms !== undefined;
}

export function requiredNodeAffinityMatches(required: RequiredNodeAffinity, node: Node): boolean {
  const labels = node.metadata?.labels ?? {};
  for (const [key, value] of required.nodeSelector) {
    if (!Object.hasOwn(labels, key) || labels[key] !== value) return false;
  }
  if (required.terms === undefined) return true;
  const name = node.metadata?.name ?? '';
  for (const term of required.terms) if (term(labels, name)) return true;
  return false;
}

/** Preferred node affinity terms, compiled; zero-weight terms are dropped. */
export interface PreferredNodeAffinity {
  readonly terms: readonly { readonly weight: number; readonly matches: Matcher }[];
}

export function preferredNodeAffinity(
  terms: readonly PreferredSchedulingTerm[] | undefined,
): PreferredNodeAffinity {
  return {
    terms: (terms ?? [])
      .filter((term) => term.weight !== 0)
      .map((term) => ({ weight: term.weight, matches: compileTerm(term.preference) })),
  };
}

/** The sum of the weights of the preferred terms the node matches. */
export function preferredNodeAffinityScore(preferred: PreferredNodeAffinity, node: Node): number {
  const labels = node.metadata?.labels ?? {};
  const name = node.metadata?.name ?? '';
  let score = 0;
  for (const term of preferred.terms) if (term.matches(labels, name)) score += term.weight;
  return score;
}
