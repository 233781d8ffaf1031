import assert from 'node:assert/strict';
import { test } from 'node:test';
import { withFlakyFailures } from './junit-flaky.ts';
import type { ScenarioResult } from './results.ts';

const flaky: ScenarioResult = {
  id: 'features/a.feature:3',
  feature: 'Quotas & "limits"',
  area: 'a.feature',
  name: 'The <third> pod',
  uri: 'features/a.feature',
  line: 3,
  tags: [],
  status: 'flaky',
  attempts: 2,
  durationMs: 10,
  earlierFailures: ['expected 2 pods\nbut saw 1 ]]> here'],
};

const JUNIT = `<?xml version="1.0"?>
<testsuite name="kuke" tests="2">
  <testcase classname="Quotas &amp; &quot;limits&quot;" name="The &lt;third&gt; pod" time="0.1">
    <system-out><![CDATA[passed]]></system-out>
  </testcase>
  <testcase classname="Quotas &amp; &quot;limits&quot;" name="Another" time="0.1"/>
</testsuite>`;

test('a flaky scenario gets a <flakyFailure> per failed earlier attempt; others are untouched', () => {
  const xml = withFlakyFailures(JUNIT, [flaky]);
  assert.equal(
    xml,
    JUNIT.replace(
      'time="0.1">\n    <system-out>',
      'time="0.1">\n    <flakyFailure message="expected 2 pods" type="Error"><![CDATA[expected 2 pods\nbut saw 1 ]]]]><![CDATA[> here]]></flakyFailure>\n    <system-out>',
    ),
  );
});

test('with no flaky scenarios the XML is unchanged', () => {
  assert.equal(withFlakyFailures(JUNIT, []), JUNIT);
});
