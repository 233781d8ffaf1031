import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { CucumberExpression, ParameterType, ParameterTypeRegistry } from '@cucumber/cucumber-expressions';
import { STEP_PARAMETER_TYPES } from '../../steps/support/parameter-type-definitions.ts';
import { KUKE_ROOT } from '../run/run-features.ts';
import { displayPattern, loadStepCatalogue, registeredPatterns } from './step-catalogue.ts';

const STEP_LINE = /^\s*(Given|When|Then|And|But)\s+(.*?)\s*$/;

function featureSteps(): string[] {
  const dir = join(KUKE_ROOT, 'features');
  const files = readdirSync(dir, { recursive: true, encoding: 'utf8' }).filter((f) => f.endsWith('.feature'));
  const steps: string[] = [];
  for (const file of files) {
    let inDocString = false;
    for (const line of readFileSync(join(dir, file), 'utf8').split('\n')) {
      if (line.trim().startsWith('"""')) inDocString = !inDocString;
      if (inDocString) continue;
      const match = STEP_LINE.exec(line);
      if (match) steps.push(match[2]!);
    }
  }
  return steps;
}

test("every step in the vocabulary is used by at least one of kuke's own scenarios", async () => {
  const registry = new ParameterTypeRegistry();
  for (const type of STEP_PARAMETER_TYPES) {
    registry.defineParameterType(new ParameterType<unknown>(type.name, type.regexp, null, type.transformer));
  }
  const used = featureSteps();
  const unused = (await loadStepCatalogue()).filter((entry) => {
    const expressions = registeredPatterns(entry).map((p) => new CucumberExpression(p, registry));
    return !used.some((text) => expressions.some((e) => e.match(text)));
  });
  assert.deepEqual(
    unused.map((e) => `${e.keyword} ${displayPattern(e)}`),
    [],
    'write a scenario in features/ that uses these steps',
  );
});
