import { Given, Then, When } from '@cucumber/cucumber';
import { KubectlMissing } from '../../harness/kubectl.ts';
import { NotOnThisTarget } from '../../harness/targets/target.ts';
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
}

// biome-ignore lint/suspicious/noExplicitAny: step arguments are typed by cucumber's parameter types
type StepBody = (this: KukeWorld, ...args: any[]) => unknown;

const catalogue: StepEntry[] = [];
let cataloguing = false;

/**
 * Makes step files only describe themselves (for `kuke steps` and docs/steps.md) instead of
 * registering with cucumber, which refuses registrations outside a run.
 */
export function catalogueOnly(): void {
  cataloguing = true;
}

/** Every registered step, in registration order (the source of `kuke steps` and docs/steps.md). */
export function stepCatalogue(): readonly StepEntry[] {
  return catalogue;
}

/**
 * Registers a step with cucumber and in the catalogue. A step that needs what the target cannot
 * do (NotOnThisTarget) is skipped, and the reason is written to the report.
 */
export function defineStep(entry: StepEntry, body: StepBody): void {
  if (!entry.pattern.trim()) throw new Error('step registry: empty pattern');
  if (catalogue.some((e) => e.pattern === entry.pattern))
    throw new Error(`step registry: duplicate step "${entry.pattern}"`);
  catalogue.push(entry);
  if (cataloguing) return;
  const run = async function (this: KukeWorld, ...args: unknown[]) {
    try {
      return await body.apply(this, args);
    } catch (error) {
      if (error instanceof NotOnThisTarget || error instanceof KubectlMissing) {
        this.skipReason = error.message;
        this.log(`SKIPPED: ${error.message}`);
        return 'skipped';
      }
      throw error;
    }
  };
  Object.defineProperty(run, 'length', { value: body.length });
  const register = entry.keyword === 'Given' ? Given : entry.keyword === 'When' ? When : Then;
  register(entry.pattern, run);
}
