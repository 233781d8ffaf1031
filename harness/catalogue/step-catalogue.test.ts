import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { CucumberExpression, ParameterType, ParameterTypeRegistry } from '@cucumber/cucumber-expressions';
import { STEP_PARAMETER_TYPES } from '../../steps/support/parameter-type-definitions.ts';
import { KUKE_ROOT } from '../run/run-features.ts';
import { loadStepCatalogue, registeredPatterns, stepsMarkdown } from './step-catalogue.ts';

test('docs/steps.md is generated from the step files and up to date', async () => {
  const entries = await loadStepCatalogue();
  const committed = readFileSync(join(KUKE_ROOT, 'docs/steps.md'), 'utf8');
  assert.equal(
    committed,
    stepsMarkdown(entries),
    'docs/steps.md is stale: run `npx kuke steps --markdown > docs/steps.md`',
  );
});

test('every step example is matched by its own step pattern', async () => {
  const registry = new ParameterTypeRegistry();
  for (const type of STEP_PARAMETER_TYPES) {
    registry.defineParameterType(new ParameterType<unknown>(type.name, type.regexp, null, type.transformer));
  }
  const entries = await loadStepCatalogue();
  assert.ok(entries.length >= 20, `expected a real vocabulary, found ${entries.length} steps`);
  for (const entry of entries) {
    const firstLine = entry.example.split('\n')[0]!;
    assert.ok(
      firstLine.startsWith(`${entry.keyword} `),
      `example of "${entry.pattern}" starts with ${entry.keyword}`,
    );
    const text = firstLine.slice(entry.keyword.length + 1);
    const expressions = registeredPatterns(entry).map((p) => new CucumberExpression(p, registry));
    assert.ok(
      expressions.some((e) => e.match(text)),
      `"${text}" does not match "${entry.pattern}"`,
    );
  }
});

test('patterns are unique', async () => {
  const entries = await loadStepCatalogue();
  const patterns = entries.map((e) => e.pattern);
  assert.equal(new Set(patterns).size, patterns.length);
});
