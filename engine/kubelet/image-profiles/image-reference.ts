// Image references as the container runtime reads them (distribution/reference), and the patterns profiles match them with.

export const DEFAULT_DOMAIN = 'docker.io';
const LEGACY_DEFAULT_DOMAIN = 'index.docker.io';
const OFFICIAL_REPO_PREFIX = 'library/';
export const DEFAULT_TAG = 'latest';

/** A parsed, normalised image reference. */
export interface ImageReference {
  /** As written in the pod spec. */
  image: string;
  domain: string;
  /** Repository path inside the domain, with `library/` for official Docker Hub images. */
  path: string;
  tag?: string;
  digest?: string;
  /** `domain/path`. */
  repository: string;
  /** `domain/path:tag` (tag `latest` when neither tag nor digest is given), then `@digest` if any. */
  canonical: string;
}

const PATH_COMPONENT = '[a-z0-9]+(?:(?:[._]|__|-+)[a-z0-9]+)*';
const DOMAIN_COMPONENT = '(?:[a-zA-Z0-9]|[a-zA-Z0-9][a-zA-Z0-9-]*[a-zA-Z0-9])';
const DOMAIN = `${DOMAIN_COMPONENT}(?:\\.${DOMAIN_COMPONENT})*(?::[0-9]+)?`;
const TAG = '[\\w][\\w.-]{0,127}';
const DIGEST = '[A-Za-z][A-Za-z0-9]*(?:[-_+.][A-Za-z][A-Za-z0-9]*)*:[0-9A-Fa-f]{32,}';
const REFERENCE_RE = new RegExp(
  `^(${DOMAIN})/(${PATH_COMPONENT}(?:/${PATH_COMPONENT})*)(?::(${TAG}))?(?:@(${DIGEST}))?$`,
);

/** The runtime's error for a malformed reference. */
export const INVALID_REFERENCE_FORMAT = 'invalid reference format';

/** Kubelet wording of an InvalidImageName waiting message (`pkg/kubelet/images/image_manager.go`, `pkg/util/parsers`). */
export function invalidImageNameMessage(image: string, cause: string): string {
  return `Failed to apply default image tag "${image}": couldn't parse image name "${image}": ${cause}`;
}

/** Splits off the registry domain the way distribution/reference's splitDockerDomain does. */
function splitDomain(name: string): { domain: string; remainder: string } {
  const slash = name.indexOf('/');
  const first = slash === -1 ? '' : name.slice(0, slash);
  let domain: string;
  let remainder: string;
  if (slash === -1 || (!/[.:]/.test(first) && first !== 'localhost' && first.toLowerCase() === first)) {
    domain = DEFAULT_DOMAIN;
    remainder = name;
  } else {
    domain = first;
    remainder = name.slice(slash + 1);
  }
  if (domain === LEGACY_DEFAULT_DOMAIN) domain = DEFAULT_DOMAIN;
  if (domain === DEFAULT_DOMAIN && !remainder.includes('/')) remainder = OFFICIAL_REPO_PREFIX + remainder;
  return { domain, remainder };
}

/** Parses an image reference; on failure returns the runtime's cause text. */
export function parseImageReference(image: string): ImageReference | { error: string } {
  const { domain, remainder } = splitDomain(image);
  const colon = remainder.indexOf(':');
  const at = remainder.indexOf('@');
  const cut = [colon, at].filter((i) => i >= 0);
  const remote = cut.length > 0 ? remainder.slice(0, Math.min(...cut)) : remainder;
  if (remote.toLowerCase() !== remote) {
    return { error: `${INVALID_REFERENCE_FORMAT}: repository name (${remote}) must be lowercase` };
  }
  const m = REFERENCE_RE.exec(`${domain}/${remainder}`);
  if (!m) return { error: INVALID_REFERENCE_FORMAT };
  const path = m[2] ?? '';
  const tag = m[3];
  const digest = m[4];
  const repository = `${domain}/${path}`;
  const shownTag = tag ?? (digest ? undefined : DEFAULT_TAG);
  const canonical = `${repository}${shownTag ? `:${shownTag}` : ''}${digest ? `@${digest}` : ''}`;
  return {
    image,
    domain,
    path,
    repository,
    canonical,
    ...(tag !== undefined ? { tag } : {}),
    ...(digest !== undefined ? { digest } : {}),
  };
}

/** A compiled image name pattern from `spec.images`. */
export interface ImagePattern {
  source: string;
  /** The pattern after normalisation, as compared between profiles. */
  normalised: string;
  /** Literal (non-wildcard) characters ×100, minus the number of wildcards: the higher, the more specific. */
  specificity: number;
  matches(ref: ImageReference): boolean;
}

const escapeRegExp = (s: string): string => s.replace(/[.+?^${}()|[\]\\]/g, '\\$&');

function globToRegExp(glob: string, star: string): string {
  return glob.split('*').map(escapeRegExp).join(star);
}

function specificityOf(pattern: string): number {
  const wildcards = pattern.split('*').length - 1;
  return (pattern.length - wildcards) * 100 - wildcards;
}

/** Compiles a `spec.images` pattern, or returns why it is not one. */
export function compileImagePattern(source: string): ImagePattern | { error: string } {
  const trimmed = source.trim();
  if (trimmed === '') return { error: 'empty image pattern' };
  if (/\s/.test(trimmed)) return { error: `image pattern "${source}" contains white space` };
  if (trimmed.startsWith('*')) {
    // Free glob over the canonical reference: "*", "*does-not-exist*".
    const re = new RegExp(`^${globToRegExp(trimmed, '.*')}$`);
    return {
      source,
      normalised: trimmed,
      specificity: specificityOf(trimmed),
      matches: (ref) => re.test(ref.canonical),
    };
  }
  const { domain, remainder } = splitDomain(trimmed);
  const at = remainder.indexOf('@');
  const colon = remainder.indexOf(':');
  let repoPart = remainder;
  let tagPart: string | undefined;
  let digestPart: string | undefined;
  if (at >= 0) {
    repoPart = remainder.slice(0, at);
    digestPart = remainder.slice(at + 1);
  } else if (colon >= 0) {
    repoPart = remainder.slice(0, colon);
    tagPart = remainder.slice(colon + 1);
  }
  const probe = `${domain}/${repoPart.replaceAll('*', 'x')}${tagPart !== undefined ? `:${tagPart.replaceAll('*', 'x')}` : ''}`;
  const checked = parseImageReference(probe);
  if ('error' in checked)
    return { error: `image pattern "${source}" is not an image name: ${checked.error}` };
  const repository = `${domain}/${repoPart}`;
  const repoRe = globToRegExp(repository, '[^:@]*');
  let re: RegExp;
  let normalised: string;
  if (digestPart !== undefined) {
    re = new RegExp(`^${repoRe}(?::[^@]*)?@${globToRegExp(digestPart, '.*')}$`);
    normalised = `${repository}@${digestPart}`;
  } else if (tagPart !== undefined) {
    re = new RegExp(`^${repoRe}:${globToRegExp(tagPart, '[^@]*')}(?:@.*)?$`);
    normalised = `${repository}:${tagPart}`;
  } else {
    re = new RegExp(`^${repoRe}(?::[^@]*)?(?:@.*)?$`);
    normalised = repository;
  }
  return {
    source,
    normalised,
    specificity: specificityOf(normalised),
    matches: (ref) => re.test(ref.canonical),
  };
}

/** Compiles a tag pattern: a glob with `*`, or a regular expression written `/…/`. */
export function compileTagPattern(source: string): RegExp | { error: string } {
  if (source.length > 2 && source.startsWith('/') && source.endsWith('/')) {
    try {
      return new RegExp(source.slice(1, -1));
    } catch (e) {
      return { error: (e as Error).message };
    }
  }
  return new RegExp(`^${globToRegExp(source, '.*')}$`);
}
