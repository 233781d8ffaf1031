import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { escapeHtml } from './html.ts';
import type { RunResults, ScenarioResult, ScenarioStatus } from './results.ts';

export interface Tally {
  passed: number;
  /** Passed only after a retry: counted apart, never as passed. */
  flaky: number;
  failed: number;
  skipped: number;
  other: number;
  total: number;
}

export interface ConformanceSummary {
  target: string;
  startedAt: string;
  totals: Tally;
  byArea: Record<string, Tally>;
  byTag: Record<string, Tally>;
}

/** Passed/failed/skipped per feature area and per tag, for one target. */
export function conformanceSummary(results: RunResults): ConformanceSummary {
  const byArea: Record<string, Tally> = {};
  const byTag: Record<string, Tally> = {};
  const totals = emptyTally();
  for (const scenario of results.scenarios) {
    count(totals, scenario.status);
    count((byArea[scenario.area] ??= emptyTally()), scenario.status);
    for (const tag of scenario.tags) count((byTag[tag] ??= emptyTally()), scenario.status);
  }
  return {
    target: results.target,
    startedAt: results.startedAt,
    totals,
    byArea: sortKeys(byArea),
    byTag: sortKeys(byTag),
  };
}

/** Writes reports/conformance.json and the one-page reports/conformance.html. */
export function writeConformanceSummary(results: RunResults, reportsDir: string): ConformanceSummary {
  const summary = conformanceSummary(results);
  writeFileSync(join(reportsDir, 'conformance.json'), `${JSON.stringify(summary, null, 2)}\n`);
  writeFileSync(join(reportsDir, 'conformance.html'), conformanceHtml(summary, results.scenarios));
  return summary;
}

function emptyTally(): Tally {
  return { passed: 0, flaky: 0, failed: 0, skipped: 0, other: 0, total: 0 };
}

function count(tally: Tally, status: ScenarioStatus): void {
  tally.total++;
  if (status === 'passed') tally.passed++;
  else if (status === 'flaky') tally.flaky++;
  else if (status === 'failed') tally.failed++;
  else if (status === 'skipped') tally.skipped++;
  else tally.other++;
}

function sortKeys<T>(record: Record<string, T>): Record<string, T> {
  return Object.fromEntries(Object.entries(record).sort(([a], [b]) => a.localeCompare(b)));
}

function tallyRows(title: string, record: Record<string, Tally>): string {
  const rows = Object.entries(record)
    .map(
      ([key, t]) =>
        `<tr><th scope="row">${escapeHtml(key)}</th><td class="passed">${t.passed}</td><td class="flaky">${t.flaky}</td><td class="failed">${t.failed}</td><td class="skipped">${t.skipped}</td><td>${t.other}</td><td>${t.total}</td></tr>`,
    )
    .join('\n');
  return `<h2>${escapeHtml(title)}</h2><table><thead><tr><th></th><th>passed</th><th>flaky</th><th>failed</th><th>skipped</th><th>other</th><th>total</th></tr></thead><tbody>${rows}</tbody></table>`;
}

function conformanceHtml(summary: ConformanceSummary, scenarios: ScenarioResult[]): string {
  const list = scenarios
    .map(
      (s) =>
        `<tr class="${s.status}"><td>${escapeHtml(s.status)}</td><td>${escapeHtml(s.feature)}</td><td>${escapeHtml(s.name)}</td><td><code>${escapeHtml(s.id)}</code></td><td>${s.message ? escapeHtml(s.message.split('\n')[0] ?? '') : ''}</td></tr>`,
    )
    .join('\n');
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>kuke conformance: ${escapeHtml(summary.target)}</title>
<style>
body{font-family:system-ui,sans-serif;margin:2em;color:#222}table{border-collapse:collapse;margin-bottom:1.5em}
td,th{border:1px solid #ccc;padding:.3em .6em;text-align:left}td.passed{color:#2e7d32}td.flaky{color:#ef6c00}td.failed{color:#c62828}td.skipped{color:#757575}
tr.failed td:first-child{background:#ffebee}tr.passed td:first-child{background:#e8f5e9}tr.flaky td:first-child{background:#fff3e0}tr.skipped td:first-child{background:#eeeeee}
</style></head><body>
<h1>Conformance on <code>${escapeHtml(summary.target)}</code></h1>
<p id="totals">${summary.totals.passed} passed, ${summary.totals.flaky} flaky, ${summary.totals.failed} failed, ${summary.totals.skipped} skipped of ${summary.totals.total} scenarios (run started ${escapeHtml(summary.startedAt)}).</p>
${tallyRows('By feature area', summary.byArea)}
${tallyRows('By tag', summary.byTag)}
<h2>Scenarios</h2><table id="scenarios"><thead><tr><th>status</th><th>feature</th><th>scenario</th><th>location</th><th>message</th></tr></thead><tbody>${list}</tbody></table>
</body></html>
`;
}
