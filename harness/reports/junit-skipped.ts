import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import type { ScenarioResult } from './results.ts';
import { escapeXml, unescapeXml } from './xml.ts';

/**
 * Cucumber's JUnit formatter writes a bare `<skipped/>`, so a CI page shows a skipped scenario
 * without saying why. This gives each skipped test case the reason kuke recorded (a @bundled tag
 * on another target, a step the target cannot do, a cluster of another shape) as its message.
 */
export function markSkipReasonsInJunit(junitPath: string, scenarios: readonly ScenarioResult[]): void {
  const skipped = scenarios.filter((s) => s.status === 'skipped' && s.message);
  if (skipped.length === 0 || !existsSync(junitPath)) return;
  writeFileSync(junitPath, withSkipReasons(readFileSync(junitPath, 'utf8'), skipped));
}

export function withSkipReasons(xml: string, skipped: readonly ScenarioResult[]): string {
  const pending = [...skipped];
  return xml.replace(
    /<testcase\b([^>]*?)>([\s\S]*?)<\/testcase>/g,
    (block: string, attributes: string, body: string) => {
      if (!/<skipped\s*\/>/.test(body)) return block;
      const classname = unescapeXml(/\bclassname="([^"]*)"/.exec(attributes)?.[1] ?? '');
      const name = unescapeXml(/\bname="([^"]*)"/.exec(attributes)?.[1] ?? '');
      const index = pending.findIndex((s) => s.feature === classname && name.startsWith(s.name));
      if (index < 0) return block;
      const [scenario] = pending.splice(index, 1);
      const reason = scenario?.message?.split('\n')[0] ?? '';
      return `<testcase${attributes}>${body.replace(/<skipped\s*\/>/, `<skipped message="${escapeXml(reason)}"/>`)}</testcase>`;
    },
  );
}
