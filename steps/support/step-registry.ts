import { relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Given, supportCodeLibraryBuilder, Then, When } from '@cucumber/cucumber';
import { KubectlMissing } from '../../harness/kubectl.ts';
import { NotOnThisTarget } from '../../harness/targets/target.ts';
import { RunInterrupted } from '../../harness/waiting/target-clock.ts';
import type { KukeWorld } from '../world.ts';

export type StepKeyword = 'Given' | 'When' | 'Then';

/** One entry of the step vocabulary: what it says, an example, and what it does. */
export interface StepEntry {
  domain: string;
  keyword: StepKeyword;
  pattern: string;
  example: string;
  description: string;
  /** The step needs the bundled engine; other targets skip the scenario. */
  bundledOnly?: boolean;
  /**
   * A waiting check: it also exists with a `within {duration} ` prefix, and with an `eventually `
   * prefix that says outright it waits the default deadline (DEFAULT_WAIT_MS, as without a prefix).
   */
  waits?: boolean;
}

// biome-ignore lint/suspicious/noExplicitAny: step arguments are typed by cucumber's parameter types
type StepBody = (this: KukeWorld, ...args: any[]) => unknown;

/** How long a waiting check looks without "within …", or with "eventually" (cluster time). */
export const DEFAULT_WAIT_MS = 30_000;

const catalogue: StepEntry[] = [];
let cataloguing = false;

/** Every registered step, in registration order (the source of `kuke steps` and docs/steps.md). */
export function stepCatalogue(): readonly StepEntry[] {
  return catalogue;
}

/**
 * Makes step files only describe themselves (for `kuke steps` and docs/steps.md) instead of
 * registering with cucumber, which refuses registrations outside a run.
 */
export function catalogueOnly(): void {
  cataloguing = true;
}

/**
 * Registers a step with cucumber and in the catalogue. A step that needs what the target cannot
 * do (NotOnThisTarget) is skipped, and the reason is written to the report.
 */
export function defineStep(entry: StepEntry, body: StepBody): void {
  addToCatalogue(entry);
  registerWithCucumber(entry.keyword, entry.pattern, body, body.length);
}

/**
 * Registers a waiting check in three forms: `pattern` and `eventually pattern` look for the default
 * 30 seconds of cluster time, `within {duration} pattern` as long as it says. All three run the same
 * body, which receives the timeout first.
 */
export function defineWaitStep(entry: Omit<StepEntry, 'waits'>, body: StepBody): void {
  addToCatalogue({ ...entry, waits: true });
  const withDefault = function (this: KukeWorld, ...args: unknown[]) {
    return body.call(this, DEFAULT_WAIT_MS, ...args);
  };
  registerWithCucumber(entry.keyword, entry.pattern, withDefault, body.length - 1);
  registerWithCucumber(entry.keyword, `eventually ${entry.pattern}`, withDefault, body.length - 1);
  registerWithCucumber(entry.keyword, `within {duration} ${entry.pattern}`, body, body.length);
}

function addToCatalogue(entry: StepEntry): void {
  if (!entry.pattern.trim()) throw new Error('step registry: empty pattern');
  if (catalogue.some((e) => e.pattern === entry.pattern)) {
    throw new Error(`step registry: duplicate step "${entry.pattern}"`);
  }
  catalogue.push(entry);
}

function registerWithCucumber(keyword: StepKeyword, pattern: string, body: StepBody, arity: number): void {
  if (cataloguing) return;
  const location = callerLocation();
  const run = async function (this: KukeWorld, ...args: unknown[]) {
    try {
      return await body.apply(this, args);
    } catch (error) {
      if (
        error instanceof NotOnThisTarget ||
        error instanceof KubectlMissing ||
        error instanceof RunInterrupted
      ) {
        this.skipReason = error.message;
        this.log(`SKIPPED: ${error.message}`);
        return 'skipped';
      }
      throw error;
    }
  };
  // cucumber checks a step function's arity against the pattern (plus a doc string or table).
  Object.defineProperty(run, 'length', { value: arity });
  const register = keyword === 'Given' ? Given : keyword === 'When' ? When : Then;
  register(pattern, run);
  if (location) attributeLastDefinition(location);
}

interface Location {
  uri: string;
  line: number;
}

/** The step file that called defineStep (the first stack frame outside this file). */
function callerLocation(): Location | undefined {
  const here = fileURLToPath(import.meta.url);
  for (const frame of (new Error().stack ?? '').split('\n').slice(1)) {
    const match = /\(?((?:file:\/\/)?\/[^()]+?):(\d+):\d+\)?$/.exec(frame.trim());
    if (!match) continue;
    const file = match[1]!.startsWith('file://') ? fileURLToPath(match[1]!) : match[1]!;
    if (file === here) continue;
    return { uri: file, line: Number(match[2]) };
  }
  return undefined;
}

/**
 * cucumber records where a step is defined from the stack at registration, which would name this
 * registry for every step; reports should point at the step file instead.
 */
function attributeLastDefinition(location: Location): void {
  const builder = supportCodeLibraryBuilder as unknown as {
    cwd?: string;
    stepDefinitionConfigs?: Array<{ uri: string; line: number }>;
  };
  const last = builder.stepDefinitionConfigs?.at(-1);
  if (!last) return;
  last.uri = relative(builder.cwd ?? process.cwd(), location.uri);
  last.line = location.line;
}
