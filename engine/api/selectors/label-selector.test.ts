import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { LabelSelector } from 'kubernetes-types/meta/v1';
import {
  labelSelectorAsRequirements,
  labelSelectorMatches,
  labelSelectorString,
  labelSelectorToString,
  parseLabelSelector,
  requirementsMatch,
  requirementsToString,
} from './label-selector.ts';
import { SelectorParseError } from './selector-error.ts';

const LABEL_VALUE_RULE =
  "a valid label must be an empty string or consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character (e.g. 'MyValue',  or 'my_value',  or '12345', regex used for validation is '(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])?')";
const NAME_PART_RULE =
  "name part must consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character (e.g. 'MyName',  or 'my.name',  or '123-abc', regex used for validation is '([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]')";
const OPERATORS = 'in, notin, =, ==, !=, gt, lt';

describe('parseLabelSelector', () => {
  const good: [input: string, canonical: string][] = [
    ['', ''],
    ['a=b', 'a=b'],
    ['a==b', 'a==b'],
    ['a!=b', 'a!=b'],
    ['app', 'app'],
    ['!app', '!app'],
    ['x=,z= ', 'x=,z='],
    ['x in (b,a,a)', 'x in (a,b)'],
    ['x notin (abc,def),bar,z in (),w', 'bar,w,x notin (abc,def),z in ()'],
    ['x in (abc,)', 'x in (,abc)'],
    ['foo  in\t (abc)', 'foo in (abc)'],
    ['x notin\n (abc)', 'x notin (abc)'],
    ['\rx', 'x'],
    ['  tier  =  web  ', 'tier=web'],
    ['this-is-a-dns.domain.com/key-with-dash', 'this-is-a-dns.domain.com/key-with-dash'],
    [
      '0.1.2.domain/99 notin (10.10.100.1, tick.tack.clock)',
      '0.1.2.domain/99 notin (10.10.100.1,tick.tack.clock)',
    ],
    ['notin=in', 'notin=in'],
    ['x in (in)', 'x in (in)'],
    ['x>1,z<5', 'x>1,z<5'],
    ['z=1,a=2', 'a=2,z=1'],
  ];
  for (const [input, canonical] of good) {
    it(`parses ${JSON.stringify(input)}`, () => {
      assert.equal(requirementsToString(parseLabelSelector(input)), canonical);
    });
  }

  it('returns sorted unique values and upstream operator names', () => {
    assert.deepEqual(parseLabelSelector('env in (prod,dev,prod),!canary,tier'), [
      { key: 'canary', operator: '!', values: [] },
      { key: 'env', operator: 'in', values: ['dev', 'prod'] },
      { key: 'tier', operator: 'exists', values: [] },
    ]);
  });

  const bad: [input: string, message: string][] = [
    // Observed from real API servers.
    ['type=app,versionv1.0.1)', `unable to parse requirement: found ')', expected: ${OPERATORS}`],
    ['env IN (a)', `unable to parse requirement: found 'IN', expected: ${OPERATORS}`],
    ['e!!!!!ss', `unable to parse requirement: found '!', expected: ${OPERATORS}`],
    ['x==a==b', "found '==', expected: ',' or 'end of string'"],
    ['!x=a', "found '=', expected: ',' or 'end of string'"],
    ['x=a b', "found 'b', expected: ',' or 'end of string'"],
    ['x,', "found '', expected: identifier after ','"],
    ['a in (b),,', "found ',', expected: identifier after ','"],
    [',x', "found ',', expected: !, identifier, or 'end of string'"],
    ['=x', "found '=', expected: !, identifier, or 'end of string'"],
    ['!', "unable to parse requirement: found '', expected: identifier"],
    ['x in in', "unable to parse requirement: found 'in' expected: '('"],
    ['x in (a', "unable to parse requirement: found '', expected: ',' or ')'"],
    ['x in (a b)', "unable to parse requirement: found 'b', expected: ',' or ')'"],
    ['x in (=)', "unable to parse requirement: found '=', expected: ',', ')' or identifier"],
    ['x in (a,=)', "unable to parse requirement: found '=', expected: ',', or identifier"],
    ['x=(', "unable to parse requirement: found '(', expected: identifier"],
    [
      'x<a',
      "unable to parse requirement: values[0]: Invalid value: \"a\": for 'Gt', 'Lt' operators, the value must be an integer",
    ],
    ['-a=b', `unable to parse requirement: <nil>: Invalid value: "-a": ${NAME_PART_RULE}`],
    ['/a', 'unable to parse requirement: <nil>: Invalid value: "/a": prefix part must be non-empty'],
    ['a=-b', `unable to parse requirement: values[0][a]: Invalid value: "-b": ${LABEL_VALUE_RULE}`],
    ['x=a||y=b', `unable to parse requirement: values[0][x]: Invalid value: "a||y": ${LABEL_VALUE_RULE}`],
    [
      'x in (-a,-b)',
      `unable to parse requirement: [values[0][x]: Invalid value: "-a": ${LABEL_VALUE_RULE}, values[1][x]: Invalid value: "-b": ${LABEL_VALUE_RULE}]`,
    ],
    [
      `k=${'v'.repeat(64)}`,
      `unable to parse requirement: values[0][k]: Invalid value: "${'v'.repeat(64)}": must be no more than 63 characters`,
    ],
  ];
  for (const [input, message] of bad) {
    it(`rejects ${JSON.stringify(input)}`, () => {
      assert.throws(
        () => parseLabelSelector(input),
        (error: unknown) =>
          error instanceof SelectorParseError && error.message === message && error.code === 400,
      );
    });
  }

  it("rejects a key with a quote as upstream's identifier error", () => {
    assert.throws(
      () => parseLabelSelector("don't"),
      new SelectorParseError(`unable to parse requirement: <nil>: Invalid value: "don't": ${NAME_PART_RULE}`),
    );
  });
});

describe('requirementsMatch', () => {
  const labels = { app: 'web', tier: 'frontend', replicas: '3' };
  const cases: [selector: string, labels: Record<string, string> | undefined, matches: boolean][] = [
    ['', labels, true],
    ['', undefined, true],
    ['app=web', labels, true],
    ['app==web,tier=frontend', labels, true],
    ['app=db', labels, false],
    ['app!=db', labels, true],
    ['missing!=x', labels, true],
    ['app in (web,db)', labels, true],
    ['app in (db)', labels, false],
    ['missing in (x)', labels, false],
    ['app notin (db)', labels, true],
    ['missing notin (db)', labels, true],
    ['app notin (web)', labels, false],
    ['app', labels, true],
    ['missing', labels, false],
    ['!missing', labels, true],
    ['!app', labels, false],
    ['replicas>2', labels, true],
    ['replicas<3', labels, false],
    ['app>1', labels, false],
    ['x in ()', { x: '' }, true],
    ['x=', {}, false],
  ];
  for (const [selector, set, matches] of cases) {
    it(`${JSON.stringify(selector)} ${matches ? 'matches' : 'does not match'} ${JSON.stringify(set)}`, () => {
      assert.equal(requirementsMatch(parseLabelSelector(selector), set), matches);
    });
  }
});

describe('labelSelectorMatches (object selectors)', () => {
  const labels = { app: 'web', tier: 'frontend' };
  const cases: [name: string, selector: LabelSelector | null | undefined, matches: boolean][] = [
    ['a missing selector matches nothing', undefined, false],
    ['a null selector matches nothing', null, false],
    ['an empty selector matches everything', {}, true],
    ['empty lists match everything', { matchLabels: {}, matchExpressions: [] }, true],
    ['matchLabels', { matchLabels: { app: 'web' } }, true],
    ['matchLabels mismatch', { matchLabels: { app: 'web', tier: 'backend' } }, false],
    ['In', { matchExpressions: [{ key: 'tier', operator: 'In', values: ['frontend', 'backend'] }] }, true],
    ['In on a missing key', { matchExpressions: [{ key: 'zone', operator: 'In', values: ['a'] }] }, false],
    [
      'NotIn on a missing key',
      { matchExpressions: [{ key: 'zone', operator: 'NotIn', values: ['a'] }] },
      true,
    ],
    ['NotIn', { matchExpressions: [{ key: 'app', operator: 'NotIn', values: ['web'] }] }, false],
    ['Exists', { matchExpressions: [{ key: 'app', operator: 'Exists' }] }, true],
    ['DoesNotExist', { matchExpressions: [{ key: 'app', operator: 'DoesNotExist' }] }, false],
    [
      'In without values cannot be converted',
      { matchExpressions: [{ key: 'app', operator: 'In', values: [] }] },
      false,
    ],
    [
      'Exists with values cannot be converted',
      { matchExpressions: [{ key: 'app', operator: 'Exists', values: ['x'] }] },
      false,
    ],
    [
      'an unknown operator cannot be converted',
      { matchExpressions: [{ key: 'app', operator: 'Gt', values: ['1'] }] },
      false,
    ],
  ];
  for (const [name, selector, matches] of cases) {
    it(name, () => {
      assert.equal(labelSelectorMatches(selector, labels), matches);
    });
  }

  it('matches objects without labels only with an empty selector', () => {
    assert.equal(labelSelectorMatches({}, undefined), true);
    assert.equal(labelSelectorMatches({ matchLabels: { app: 'web' } }, undefined), false);
    assert.equal(
      labelSelectorMatches({ matchExpressions: [{ key: 'app', operator: 'DoesNotExist' }] }, null),
      true,
    );
  });
});

describe('labelSelectorToString (FormatLabelSelector)', () => {
  const cases: [selector: LabelSelector | null | undefined, text: string][] = [
    [undefined, '<none>'],
    [{}, '<none>'],
    [{ matchLabels: { app: 'web' } }, 'app=web'],
    [{ matchLabels: { tier: 'frontend', app: 'web' } }, 'app=web,tier=frontend'],
    [
      {
        matchLabels: { app: 'web' },
        matchExpressions: [
          { key: 'env', operator: 'NotIn', values: ['prod', 'dev'] },
          { key: 'app', operator: 'Exists' },
          { key: 'canary', operator: 'DoesNotExist' },
          { key: 'zone', operator: 'In', values: ['b', 'a'] },
        ],
      },
      'app=web,app,!canary,env notin (dev,prod),zone in (a,b)',
    ],
    [{ matchExpressions: [{ key: 'app', operator: 'Bogus' }] }, '<error>'],
  ];
  for (const [selector, text] of cases) {
    it(`formats ${JSON.stringify(selector)}`, () => {
      assert.equal(labelSelectorToString(selector), text);
    });
  }

  it('gives the bare selector string for scale status.selector', () => {
    assert.equal(labelSelectorString({}), '');
    assert.equal(
      labelSelectorString({ matchLabels: { app: 'web', 'pod-template-hash': 'abc' } }),
      'app=web,pod-template-hash=abc',
    );
  });

  it("reports upstream's conversion errors", () => {
    assert.throws(
      () => labelSelectorAsRequirements({ matchExpressions: [{ key: 'app', operator: 'Bogus' }] }),
      new Error('"Bogus" is not a valid label selector operator'),
    );
    assert.throws(
      () => labelSelectorAsRequirements({ matchExpressions: [{ key: 'app', operator: 'In' }] }),
      new Error(
        "values: Invalid value: []string(nil): for 'in', 'notin' operators, values set can't be empty",
      ),
    );
    assert.throws(
      () =>
        labelSelectorAsRequirements({
          matchExpressions: [{ key: 'app', operator: 'Exists', values: ['a'] }],
        }),
      new Error(
        'values: Invalid value: []string{"a"}: values set must be empty for exists and does not exist',
      ),
    );
    assert.throws(
      () => labelSelectorAsRequirements({ matchLabels: { 'a/b/c': 'x' } }),
      new Error(
        "key: Invalid value: \"a/b/c\": a qualified name must consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character (e.g. 'MyName',  or 'my.name',  or '123-abc', regex used for validation is '([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]') with an optional DNS subdomain prefix and '/' (e.g. 'example.com/MyName')",
      ),
    );
    assert.equal(labelSelectorAsRequirements(null), null);
    assert.deepEqual(labelSelectorAsRequirements({}), []);
  });
});
