import assert from 'node:assert/strict';
import { test } from 'node:test';
import { withSkipReasons } from './junit-skipped.ts';
import type { ScenarioResult } from './results.ts';

function scenario(name: string, status: ScenarioResult['status'], message?: string): ScenarioResult {
  return {
    id: `features/a.feature:${name.length}`,
    feature: 'Nodes & "failures"',
    area: 'a.feature',
    name,
    uri: 'features/a.feature',
    line: name.length,
    tags: [],
    status,
    attempts: 1,
    durationMs: 10,
    ...(message ? { message } : {}),
  };
}

const JUNIT = `<?xml version="1.0"?>
<testsuite name="kuke" tests="3" skipped="2">
  <testcase classname="Nodes &amp; &quot;failures&quot;" name="A &lt;node&gt; fails" time="0.1">
    <skipped/>
    <system-out><![CDATA[When node "worker-1" fails....skipped]]></system-out>
  </testcase>
  <testcase classname="Nodes &amp; &quot;failures&quot;" name="Skipped without a reason" time="0.1">
    <skipped/>
  </testcase>
  <testcase classname="Nodes &amp; &quot;failures&quot;" name="Passes" time="0.1">
    <system-out><![CDATA[passed]]></system-out>
  </testcase>
</testsuite>`;

test('a skipped test case gets the recorded reason as its <skipped message>; others are untouched', () => {
  const xml = withSkipReasons(JUNIT, [
    scenario(
      'A <node> fails',
      'skipped',
      'skipped on kubeconfig: needs the bundled engine to fail node "worker-1"\nmore',
    ),
    scenario('Passes', 'passed'),
  ]);
  assert.equal(
    xml,
    JUNIT.replace(
      '<skipped/>',
      '<skipped message="skipped on kubeconfig: needs the bundled engine to fail node &quot;worker-1&quot;"/>',
    ),
  );
});

test('with no skipped scenarios the XML is unchanged', () => {
  assert.equal(withSkipReasons(JUNIT, []), JUNIT);
});
