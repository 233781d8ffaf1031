import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import type { ScenarioResult } from './results.ts';
import { escapeXml, unescapeXml } from './xml.ts';

/**
 * Cucumber's JUnit formatter reports only the final attempt, so a scenario that passed after a
 * retry looks like a plain pass. This adds a `<flakyFailure>` per failed earlier attempt to its
 * test case, as Maven Surefire does for reruns (read by Jenkins, GitLab and most JUnit viewers).
 */
export function markFlakyInJunit(junitPath: string, scenarios: readonly ScenarioResult[]): void {
  const flaky = scenarios.filter((s) => s.status === 'flaky');
  if (flaky.length === 0 || !existsSync(junitPath)) return;
  writeFileSync(junitPath, withFlakyFailures(readFileSync(junitPath, 'utf8'), flaky));
}

export function withFlakyFailures(xml: string, flaky: readonly ScenarioResult[]): string {
  const pending = [...flaky];
  return xml.replace(/<testcase\b([^>]*?)(\/?)>/g, (tag: string, attributes: string, selfClosing: string) => {
    const classname = unescapeXml(/\bclassname="([^"]*)"/.exec(attributes)?.[1] ?? '');
    const name = unescapeXml(/\bname="([^"]*)"/.exec(attributes)?.[1] ?? '');
    const index = pending.findIndex((s) => s.feature === classname && name.startsWith(s.name));
    if (index < 0) return tag;
    const [scenario] = pending.splice(index, 1);
    const failures = (scenario?.earlierFailures ?? []).map((message) => {
      const firstLine = message.split('\n')[0] ?? '';
      return `\n    <flakyFailure message="${escapeXml(firstLine)}" type="Error"><![CDATA[${message.replaceAll(']]>', ']]]]><![CDATA[>')}]]></flakyFailure>`;
    });
    const opening = `<testcase${attributes}>${failures.join('')}`;
    return selfClosing ? `${opening}\n  </testcase>` : opening;
  });
}
