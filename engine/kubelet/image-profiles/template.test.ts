import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { renderTemplate, type TemplateValues, unknownPlaceholders } from './template.ts';

const values: TemplateValues = {
  hostname: 'web-0',
  image: 'nginx:1.25',
  env: { DB: 'mongo', EMPTY: '' },
  argv: ['stress', '--vm', '2', '--cpu=3'],
  request: { path: '/demo/hello', port: 8080 },
};

describe('renderTemplate', () => {
  const cases: Array<[string, string]> = [
    ["You've hit {{hostname}}", "You've hit web-0"],
    ['{{ image }}', 'nginx:1.25'],
    ['db={{env.DB}} missing=[{{env.NOPE}}] empty={{env.EMPTY|none}}', 'db=mongo missing=[] empty=none'],
    ['{{arg.--vm,-m|0}} vm, {{arg.--cpu,-c|0}} cpu, {{arg.--io|0}} io', '2 vm, 3 cpu, 0 io'],
    ['GET :{{request.port}}{{request.path}}', 'GET :8080/demo/hello'],
    ['no placeholders', 'no placeholders'],
  ];
  for (const [text, expected] of cases) it(text, () => assert.equal(renderTemplate(text, values), expected));
});

describe('unknownPlaceholders', () => {
  it('accepts the documented names and reports others', () => {
    assert.deepEqual(unknownPlaceholders('{{hostname}} {{env.A_1}} {{arg.--x|1}} {{request.path}}'), []);
    assert.deepEqual(unknownPlaceholders('{{podName}} {{env.}} {{arg.x}}'), ['podName', 'env.', 'arg.x']);
  });
});
