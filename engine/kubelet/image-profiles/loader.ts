// Loads image profiles from directories of YAML files, validating each against the schema and reporting errors
// with file, line and field path.
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { Value } from '@sinclair/typebox/value';
import { LineCounter, parseAllDocuments } from 'yaml';
import {
  describeSchemaError,
  type FieldPath,
  formatFieldPath,
  lineOf,
  pointerToPath,
} from '../../util/yaml-schema.ts';
import { compileImagePattern, compileTagPattern, type ImagePattern } from './image-reference.ts';
import {
  type Behaviour,
  type ImageProfile,
  ImageProfileSchema,
  type ProfileRule,
  type Userland,
} from './profile.schema.ts';
import { unknownPlaceholders } from './template.ts';
import { parseBinarySize, parseQuantity } from './units.ts';

/** A profile file that cannot be used; the message reads `file:line: field.path: problem`. */
export class ProfileError extends Error {
  override name = 'ProfileError';
  constructor(
    readonly file: string,
    readonly line: number | undefined,
    readonly fieldPath: string,
    readonly problem: string,
  ) {
    super(`${file}${line === undefined ? '' : `:${line}`}: ${fieldPath ? `${fieldPath}: ` : ''}${problem}`);
  }
}

/** A rule with its regular expressions compiled. */
export interface CompiledRule {
  rule: ProfileRule;
  args: RegExp | undefined;
  env: Array<[string, RegExp]>;
}

/** A validated profile and where it came from. */
export interface LoadedImageProfile {
  name: string;
  profile: ImageProfile;
  file: string;
  /** Index of its directory in the list given to loadImageProfiles: later directories win ties. */
  directoryIndex: number;
  /** Position among the profiles of its directory (files by name, then documents in order). */
  order: number;
  patterns: ImagePattern[];
  rules: CompiledRule[];
  userland: Userland;
  tagsExist: RegExp[] | undefined;
  tagsMissing: RegExp[];
}

/** Every profile in force, after later directories have replaced earlier profiles of the same name. */
export interface ImageProfileSet {
  directories: readonly string[];
  profiles: readonly LoadedImageProfile[];
}

interface Problem {
  path: FieldPath;
  message: string;
}

function exactlyOne(value: object, keys: string[], path: FieldPath, problems: Problem[]): void {
  const set = keys.filter((k) => (value as Record<string, unknown>)[k] !== undefined);
  if (set.length !== 1) problems.push({ path, message: `exactly one of ${keys.join(', ')} must be set` });
}

function checkRegExp(source: string, path: FieldPath, problems: Problem[]): void {
  try {
    new RegExp(source);
  } catch (e) {
    problems.push({ path, message: `invalid regular expression: ${(e as Error).message}` });
  }
}

function checkText(text: string | undefined, path: FieldPath, problems: Problem[]): void {
  if (text === undefined) return;
  for (const name of unknownPlaceholders(text))
    problems.push({ path, message: `unknown placeholder {{${name}}}` });
}

function checkBehaviour(b: Behaviour, at: FieldPath, problems: Problem[]): void {
  if (b.memory) {
    exactlyOne(b.memory, ['bytes', 'growth', 'fromArgs'], [...at, 'memory'], problems);
    const fromArgs = b.memory.fromArgs;
    if (fromArgs?.default !== undefined) {
      const parse = fromArgs.units === 'binary' ? parseBinarySize : parseQuantity;
      if (parse(fromArgs.default) === undefined) {
        problems.push({
          path: [...at, 'memory', 'fromArgs', 'default'],
          message: `not a ${fromArgs.units} size`,
        });
      }
    }
  }
  if (b.cpu) exactlyOne(b.cpu, ['millicores', 'fromArgs'], [...at, 'cpu'], problems);
  b.listen?.forEach((l, i) => {
    exactlyOne(l, ['port', 'fromArgs'], [...at, 'listen', i], problems);
  });
  if (b.exit) exactlyOne(b.exit, ['after', 'afterFromArgs'], [...at, 'exit'], problems);
  b.http?.forEach((h, i) => {
    if (h.path !== '*' && !h.path.startsWith('/')) {
      problems.push({ path: [...at, 'http', i, 'path'], message: 'must start with / or be *' });
    }
    checkText(h.body, [...at, 'http', i, 'body'], problems);
  });
  checkText(b.httpDefault?.body, [...at, 'httpDefault', 'body'], problems);
  b.exec?.forEach((e, i) => {
    checkRegExp(e.command, [...at, 'exec', i, 'command'], problems);
    checkText(e.stdout, [...at, 'exec', i, 'stdout'], problems);
    checkText(e.stderr, [...at, 'exec', i, 'stderr'], problems);
  });
  b.logs?.forEach((l, i) => {
    checkText(l.line, [...at, 'logs', i, 'line'], problems);
  });
}

/** Semantic checks the schema cannot express. */
function checkProfile(profile: ImageProfile): Problem[] {
  const problems: Problem[] = [];
  const { spec } = profile;
  spec.images.forEach((pattern, i) => {
    const compiled = compileImagePattern(pattern);
    if ('error' in compiled) problems.push({ path: ['spec', 'images', i], message: compiled.error });
  });
  for (const key of ['exists', 'missing'] as const) {
    spec.pull?.tags?.[key]?.forEach((tag, i) => {
      const compiled = compileTagPattern(tag);
      if ('error' in compiled) {
        problems.push({
          path: ['spec', 'pull', 'tags', key, i],
          message: `invalid tag pattern: ${compiled.error}`,
        });
      }
    });
  }
  if (spec.defaults) checkBehaviour(spec.defaults, ['spec', 'defaults'], problems);
  const names = new Set<string>();
  spec.rules?.forEach((rule, i) => {
    if (names.has(rule.name))
      problems.push({ path: ['spec', 'rules', i, 'name'], message: `duplicate rule name "${rule.name}"` });
    names.add(rule.name);
    if (rule.match.args !== undefined)
      checkRegExp(rule.match.args, ['spec', 'rules', i, 'match', 'args'], problems);
    for (const [name, re] of Object.entries(rule.match.env ?? {})) {
      checkRegExp(re, ['spec', 'rules', i, 'match', 'env', name], problems);
    }
    checkBehaviour(rule.behaviour, ['spec', 'rules', i, 'behaviour'], problems);
  });
  return problems;
}

/** A validated profile with the line of each of its fields, as read from one YAML document. */
export interface ParsedProfileDocument {
  profile: ImageProfile;
  lineOf(path: FieldPath): number | undefined;
}

/** Parses and validates every document of one YAML file. */
export function parseImageProfileDocuments(text: string, file: string): ParsedProfileDocument[] {
  const lines = new LineCounter();
  const docs = parseAllDocuments(text, { lineCounter: lines, prettyErrors: false });
  if (!Array.isArray(docs)) return [];
  const parsed: ParsedProfileDocument[] = [];
  for (const doc of docs) {
    const yamlError = doc.errors[0];
    if (yamlError) {
      throw new ProfileError(
        file,
        lines.linePos(yamlError.pos[0]).line,
        '',
        yamlError.message.split('\n')[0] ?? '',
      );
    }
    if (doc.contents === null) continue;
    const value: unknown = doc.toJS();
    const at = (path: FieldPath) => lineOf(doc, lines, path);
    const schemaError = Value.Errors(ImageProfileSchema, value).First();
    if (schemaError) {
      const path = pointerToPath(schemaError.path);
      throw new ProfileError(file, at(path), formatFieldPath(path), describeSchemaError(schemaError));
    }
    const profile = value as ImageProfile;
    const problem = checkProfile(profile)[0];
    if (problem)
      throw new ProfileError(file, at(problem.path), formatFieldPath(problem.path), problem.message);
    parsed.push({ profile, lineOf: at });
  }
  return parsed;
}

function compile(
  profile: ImageProfile,
  file: string,
  directoryIndex: number,
  order: number,
): LoadedImageProfile {
  const patterns = profile.spec.images.map((p) => compileImagePattern(p) as ImagePattern);
  const tags = profile.spec.pull?.tags;
  return {
    name: profile.metadata.name,
    profile,
    file,
    directoryIndex,
    order,
    patterns,
    userland: profile.spec.image?.userland ?? 'gnu',
    rules: (profile.spec.rules ?? []).map((rule) => ({
      rule,
      args: rule.match.args === undefined ? undefined : new RegExp(rule.match.args),
      env: Object.entries(rule.match.env ?? {}).map(([name, re]) => [name, new RegExp(re)]),
    })),
    tagsExist: tags?.exists?.map((t) => compileTagPattern(t) as RegExp),
    tagsMissing: (tags?.missing ?? []).map((t) => compileTagPattern(t) as RegExp),
  };
}

function yamlFiles(dir: string): string[] {
  let names: string[];
  try {
    if (!statSync(dir).isDirectory()) throw new Error('not a directory');
    names = readdirSync(dir);
  } catch {
    throw new ProfileError(dir, undefined, '', 'not a readable directory of image profiles');
  }
  return names.filter((n) => n.endsWith('.yaml') || n.endsWith('.yml')).sort();
}

/** Loads one directory, rejecting duplicate names and duplicate image patterns inside it. */
function loadDirectory(dir: string, directoryIndex: number): LoadedImageProfile[] {
  const loaded: LoadedImageProfile[] = [];
  const names = new Map<string, string>();
  const patterns = new Map<string, string>();
  for (const name of yamlFiles(dir)) {
    const file = join(dir, name);
    for (const doc of parseImageProfileDocuments(readFileSync(file, 'utf8'), file)) {
      const profileName = doc.profile.metadata.name;
      const seen = names.get(profileName);
      if (seen !== undefined) {
        throw new ProfileError(
          file,
          doc.lineOf(['metadata', 'name']),
          'metadata.name',
          `duplicate profile name "${profileName}" (also in ${seen})`,
        );
      }
      names.set(profileName, file);
      const profile = compile(doc.profile, file, directoryIndex, loaded.length);
      profile.patterns.forEach((pattern, i) => {
        const owner = patterns.get(pattern.normalised);
        if (owner !== undefined && owner !== profileName) {
          throw new ProfileError(
            file,
            doc.lineOf(['spec', 'images', i]),
            `spec.images[${i}]`,
            `image pattern "${pattern.source}" conflicts with profile "${owner}"`,
          );
        }
        patterns.set(pattern.normalised, profileName);
      });
      loaded.push(profile);
    }
  }
  return loaded;
}

/**
 * Loads image profiles from one directory or several. A profile in a later directory replaces an earlier profile
 * of the same name; otherwise all profiles stay, and resolution prefers the most specific pattern, then the later
 * directory.
 */
export function loadImageProfiles(dirs: string | readonly string[]): ImageProfileSet {
  const directories = typeof dirs === 'string' ? [dirs] : [...dirs];
  const byName = new Map<string, LoadedImageProfile>();
  directories.forEach((dir, index) => {
    for (const profile of loadDirectory(dir, index)) {
      byName.delete(profile.name);
      byName.set(profile.name, profile);
    }
  });
  return { directories, profiles: [...byName.values()] };
}
