// Chooses the profile and rule for a container and resolves them into a ContainerBehaviour.
import { buildContainerBehaviour, type ContainerBehaviour, type PullOutcome } from './container-behaviour.ts';
import {
  DEFAULT_TAG,
  type ImageReference,
  invalidImageNameMessage,
  parseImageReference,
} from './image-reference.ts';
import type { ImageProfileSet, LoadedImageProfile } from './loader.ts';
import type { Behaviour, Userland } from './profile.schema.ts';
import { repositoryNotFoundMessage, tagNotFoundMessage } from './pull-messages.ts';
import { SHELL_PROGRAMS } from './shell/shell-interpreter.ts';
import { parseDuration, parseQuantity } from './units.ts';
import { userlandHasProgram } from './userland-programs.ts';

/** The parts of a pod's container that decide what it does. */
export interface ContainerSpec {
  image: string;
  command?: string[];
  args?: string[];
  env?: Record<string, string>;
  /** `stdin: true` keeps standard input open, so a bare shell waits instead of exiting. */
  stdin?: boolean;
}

/** What the kubelet knows about the container's surroundings. */
export interface ResolveContext {
  hostname: string;
  /** Contents of a file mounted into the container (ConfigMap, Secret, downward API volumes). */
  readFile?: (path: string) => string | undefined;
  /** Names in a mounted directory, for `ls`. */
  listDir?: (path: string) => string[] | undefined;
  /** Wall-clock time (ms since the epoch) the process starts, for `date`. */
  startTimeMs?: number;
}

export const DEFAULT_PULL_DURATION = '1s';
export const DEFAULT_IMAGE_SIZE = '10Mi';
/** Profile name reported when no profile matches at all (no `*` profile is loaded). */
export const NO_PROFILE = 'builtin-default';
/** Rule name reported when a command the shell interpreter knows replaces an image's own program. */
export const SHELL_FALLBACK_RULE = 'shell-command';

const basename = (path: string) => path.slice(path.lastIndexOf('/') + 1);

/**
 * The profile for an image: the most specific matching pattern wins; on a tie the later directory, then the
 * earlier profile. Profiles that declare `pull.missing` are consulted before all others.
 */
export function findImageProfile(set: ImageProfileSet, ref: ImageReference): LoadedImageProfile | undefined {
  let best: { profile: LoadedImageProfile; rank: number[] } | undefined;
  for (const profile of set.profiles) {
    const unavailable = profile.profile.spec.pull?.missing === undefined ? 0 : 1;
    for (const pattern of profile.patterns) {
      if (!pattern.matches(ref)) continue;
      const rank = [unavailable, pattern.specificity, profile.directoryIndex, -profile.order];
      if (!best || compareRanks(rank, best.rank) > 0) best = { profile, rank };
    }
  }
  return best?.profile;
}

function compareRanks(a: number[], b: number[]): number {
  for (let i = 0; i < a.length; i++) {
    const d = (a[i] ?? 0) - (b[i] ?? 0);
    if (d !== 0) return d;
  }
  return 0;
}

function pullOutcome(profile: LoadedImageProfile | undefined, ref: ImageReference): PullOutcome {
  const pull = profile?.profile.spec.pull;
  if (pull?.missing === 'repository') {
    return {
      ok: false,
      reason: 'ErrImagePull',
      message: repositoryNotFoundMessage(ref.canonical, ref.domain),
    };
  }
  if (pull?.missing === 'tag')
    return { ok: false, reason: 'ErrImagePull', message: tagNotFoundMessage(ref.canonical) };
  const tag = ref.tag ?? (ref.digest ? undefined : DEFAULT_TAG);
  if (profile && tag !== undefined) {
    const missing =
      profile.tagsMissing.some((re) => re.test(tag)) ||
      (profile.tagsExist !== undefined && !profile.tagsExist.some((re) => re.test(tag)));
    if (missing) return { ok: false, reason: 'ErrImagePull', message: tagNotFoundMessage(ref.canonical) };
  }
  return {
    ok: true,
    durationMs: parseDuration(pull?.duration ?? DEFAULT_PULL_DURATION) ?? 0,
    imageSizeBytes: Math.round(parseQuantity(pull?.size ?? DEFAULT_IMAGE_SIZE) ?? 0),
  };
}

/** The command line a container runs, following Kubernetes' command/args rules over the image's ENTRYPOINT/CMD. */
export function effectiveArgv(profile: LoadedImageProfile | undefined, container: ContainerSpec): string[] {
  const image = profile?.profile.spec.image;
  if (container.command && container.command.length > 0)
    return [...container.command, ...(container.args ?? [])];
  const args = container.args && container.args.length > 0 ? container.args : (image?.cmd ?? []);
  return [...(image?.entrypoint ?? []), ...args];
}

/** The program an entrypoint wrapper (docker-entrypoint.sh) ends up running. */
export function programArgv(profile: LoadedImageProfile | undefined, argv: string[]): string[] {
  const image = profile?.profile.spec.image;
  const wrappers = image?.wrappers ?? [];
  const first = argv[0];
  if (first === undefined || !(wrappers.includes(first) || wrappers.includes(basename(first)))) return argv;
  const rest = argv.slice(1);
  const defaultProgram = image?.cmd?.[0];
  if (rest.length === 0) return [...(image?.cmd ?? [])];
  if (rest[0]?.startsWith('-') && defaultProgram !== undefined) return [defaultProgram, ...rest];
  return rest;
}

function ruleMatches(
  rule: LoadedImageProfile['rules'][number],
  program: string[],
  env: Record<string, string>,
): boolean {
  const { match } = rule.rule;
  const name = program[0] ?? '';
  if (match.program && !match.program.includes(name) && !match.program.includes(basename(name))) return false;
  if (rule.args && !rule.args.test(program.slice(1).join(' '))) return false;
  for (const [variable, re] of rule.env) {
    const value = env[variable];
    if (value === undefined || value === '' || !re.test(value)) return false;
  }
  return (match.envUnset ?? []).every((variable) => (env[variable] ?? '') === '');
}

interface Selection {
  rule?: string;
  behaviour: Behaviour;
}

function selectBehaviour(
  profile: LoadedImageProfile,
  program: string[],
  env: Record<string, string>,
  warnings: string[],
): Selection {
  const defaults = profile.profile.spec.defaults ?? {};
  const matched = profile.rules.find((rule) => ruleMatches(rule, program, env));
  if (matched) return { rule: matched.rule.name, behaviour: { ...defaults, ...matched.rule.behaviour } };
  const name = basename(program[0] ?? '');
  const defaultProgram = basename(programArgv(profile, effectiveArgv(profile, { image: '' }))[0] ?? '');
  if (name === '' || name === defaultProgram) return { behaviour: defaults };
  if (profile.userland !== 'none' && SHELL_PROGRAMS.has(name)) {
    return { rule: SHELL_FALLBACK_RULE, behaviour: { shell: true } };
  }
  if (defaultProgram !== '') {
    warnings.push(
      `program "${program[0]}" is not described by image profile "${profile.name}"; its defaults apply`,
    );
  }
  return { behaviour: defaults };
}

/** The programs an image has besides its userland: its entrypoint, CMD, wrappers and `image.programs`. */
function imagePrograms(profile: LoadedImageProfile): Set<string> {
  const image = profile.profile.spec.image;
  const own = [
    image?.entrypoint?.[0],
    image?.cmd?.[0],
    ...(image?.wrappers ?? []),
    ...(image?.programs ?? []),
  ];
  return new Set(own.filter((p): p is string => p !== undefined).map(basename));
}

/** Resolves what a container does, as a plain timeline. */
export function resolveContainerBehaviour(
  set: ImageProfileSet,
  container: ContainerSpec,
  context: ResolveContext,
): ContainerBehaviour {
  const env = container.env ?? {};
  const warnings: string[] = [];
  const common = {
    image: container.image,
    env,
    hostname: context.hostname,
    stdinOpen: container.stdin === true,
    warnings,
    ...(context.readFile ? { readFile: context.readFile } : {}),
    ...(context.listDir ? { listDir: context.listDir } : {}),
    ...(context.startTimeMs !== undefined ? { startTimeMs: context.startTimeMs } : {}),
  };
  const ref = parseImageReference(container.image);
  if ('error' in ref) {
    const argv = effectiveArgv(undefined, container);
    return buildContainerBehaviour({
      ...common,
      profile: NO_PROFILE,
      behaviour: {},
      pull: {
        ok: false,
        reason: 'InvalidImageName',
        message: invalidImageNameMessage(container.image, ref.error),
      },
      userland: 'gnu',
      argv,
      program: argv,
    });
  }
  const profile = findImageProfile(set, ref);
  const argv = effectiveArgv(profile, container);
  const program = programArgv(profile, argv);
  const pull = pullOutcome(profile, ref);
  if (!profile) {
    return buildContainerBehaviour({
      ...common,
      profile: NO_PROFILE,
      behaviour: {},
      pull,
      userland: 'gnu',
      argv,
      program,
    });
  }
  const selection = selectBehaviour(profile, program, env, warnings);
  const userland: Userland = profile.userland;
  const extras = imagePrograms(profile);
  return buildContainerBehaviour({
    ...common,
    hasProgram: (name) => userlandHasProgram(userland, extras, name),
    profile: profile.name,
    ...(selection.rule !== undefined ? { rule: selection.rule } : {}),
    behaviour: selection.behaviour,
    pull,
    userland,
    argv,
    program,
  });
}
