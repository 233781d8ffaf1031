import assert from 'node:assert/strict';
import { test } from 'node:test';
import { closestSteps } from './closest-steps.ts';
import { loadStepCatalogue } from './step-catalogue.ts';

const cases: Array<[string, string]> = [
  [
    'within 30 seconds there are 3 running pods labelled "app=web"',
    '{int} pod(s) labelled {string} is/are {phase}',
  ],
  ['I applied the manifest:', 'I apply the manifest:'],
  ['user "jane" may list pods', '{identity} can {word} {word}'],
  [
    'the pod "big" has a Warning event FailedScheduling',
    '{word} {string} has a {word} event {string} with a message containing {string}',
  ],
];

for (const [text, expected] of cases) {
  test(`"${text}" suggests "${expected}"`, async () => {
    const suggestions = closestSteps(text, await loadStepCatalogue()).map((e) => e.pattern);
    assert.ok(suggestions.includes(expected), `suggestions were: ${suggestions.join(' | ')}`);
  });
}
