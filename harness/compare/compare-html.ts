import { escapeHtml } from '../reports/html.ts';
import type {
  CompareCell,
  CompareReport,
  CompareRow,
  CompareTarget,
  Disagreement,
} from './compare-report.ts';
import type { ObservationDifference } from './observations.ts';

const STYLE = `
body{font-family:system-ui,sans-serif;margin:2em;color:#222}
table{border-collapse:collapse;margin-bottom:1.5em}
td,th{border:1px solid #ccc;padding:.3em .6em;text-align:left;vertical-align:top}
th.target small{font-weight:normal;color:#555}
td.cell{white-space:nowrap}
td.cell .why{white-space:normal;font-size:.85em;color:#444;max-width:32em}
td.passed,td.flaky{background:#e8f5e9;color:#1b5e20}
td.failed,td.undefined,td.ambiguous,td.pending{background:#ffebee;color:#b71c1c}
td.skipped{background:#eeeeee;color:#424242}
td.unavailable,td.missing{background:#fff8e1;color:#6d4c41}
tr.disagreement{outline:3px solid #e65100;outline-offset:-2px}
tr.disagreement td:first-child{background:#fff3e0}
.badge{display:inline-block;margin-left:.5em;padding:0 .4em;border-radius:.3em;background:#e65100;color:#fff;font-size:.8em;text-decoration:none}
#verdict.ok{color:#1b5e20}#verdict.bad{color:#b71c1c}
section.disagreement{border-left:4px solid #e65100;padding:.2em 1em;margin-bottom:1.5em}
table.difference td{font-family:ui-monospace,monospace;white-space:pre-wrap}
table.difference td.none{color:#888;font-style:italic}
`;

/** The side-by-side page: the scenario × target matrix, then each disagreement with its first difference. */
export function compareHtml(report: CompareReport): string {
  const specs = report.targets.map((target) => target.spec);
  const title = specs.join(' vs ');
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>kuke compare: ${escapeHtml(title)}</title>
<style>${STYLE}</style></head><body>
<h1>Side by side: ${specs.map((spec) => `<code>${escapeHtml(spec)}</code>`).join(' vs ')}</h1>
<p id="verdict" class="${report.success ? 'ok' : 'bad'}">${escapeHtml(verdict(report))}</p>
<p>Features: ${report.paths.map((p) => `<code>${escapeHtml(p)}</code>`).join(', ') || '<code>features/</code>'}${report.tags ? `; tags <code>${escapeHtml(report.tags)}</code>` : ''}; started ${escapeHtml(report.startedAt)}, took ${seconds(report.durationMs)}.</p>
<table id="matrix"><thead><tr><th>scenario</th><th>location</th>${report.targets.map(targetHeader).join('')}</tr></thead>
<tbody>
${report.rows.map((row) => matrixRow(row, report)).join('\n')}
</tbody></table>
<h2>Disagreements</h2>
${
  report.disagreements.length === 0
    ? '<p id="no-disagreements">Every target that ran a scenario gave it the same status.</p>'
    : report.disagreements.map((d, i) => disagreementSection(d, i, specs)).join('\n')
}
</body></html>
`;
}

function verdict(report: CompareReport): string {
  const unavailable = report.targets.filter((t) => !t.ran).length;
  const parts = [
    `${report.rows.length} scenario${report.rows.length === 1 ? '' : 's'} on ${report.targets.length} targets`,
    `${report.disagreements.length} disagreement${report.disagreements.length === 1 ? '' : 's'}`,
  ];
  if (unavailable) parts.push(`${unavailable} target${unavailable === 1 ? '' : 's'} could not run`);
  return `${parts.join(', ')}. ${report.success ? 'Every target passed every scenario it ran.' : 'Not every target passed every scenario it ran.'}`;
}

function targetHeader(target: CompareTarget): string {
  const link = `<a href="${escapeHtml(`${target.reportsDir}/cucumber.html`)}">report</a>`;
  let detail: string;
  if (!target.ran) detail = `could not run: ${escapeHtml(target.error ?? 'unknown reason')}`;
  else {
    const c = target.counts!;
    const parts = [`${c.passed} passed`];
    if (c.flaky) parts.push(`${c.flaky} flaky`);
    if (c.failed) parts.push(`${c.failed} failed`);
    if (c.skipped) parts.push(`${c.skipped} skipped`);
    const other = c.undefined + c.ambiguous + c.pending;
    if (other) parts.push(`${other} undefined/ambiguous/pending`);
    detail = `${parts.join(', ')}${target.interrupted ? ' (interrupted)' : ''} · ${link}`;
  }
  return `<th class="target" scope="col" data-target="${escapeHtml(target.spec)}"><code>${escapeHtml(target.spec)}</code><br><small>${detail}</small></th>`;
}

function matrixRow(row: CompareRow, report: CompareReport): string {
  const index = report.disagreements.findIndex((d) => d.id === row.id);
  const badge = index < 0 ? '' : `<a class="badge" href="#disagreement-${index + 1}">differs</a>`;
  const cells = report.targets.map((target) => cell(target.spec, row.cells[target.spec])).join('');
  return `<tr class="${row.agree ? 'agreement' : 'disagreement'}" data-id="${escapeHtml(row.id)}"><td>${escapeHtml(row.name)}${badge}</td><td><code>${escapeHtml(row.id)}</code></td>${cells}</tr>`;
}

function cell(spec: string, value: CompareCell | undefined): string {
  const status = value?.status ?? 'missing';
  const why = value?.message ? `<div class="why">${escapeHtml(value.message)}</div>` : '';
  return `<td class="cell ${status}" data-target="${escapeHtml(spec)}" data-status="${status}">${status}${why}</td>`;
}

function disagreementSection(disagreement: Disagreement, index: number, specs: string[]): string {
  const statuses = specs
    .map((spec) => `<code>${escapeHtml(spec)}</code> ${escapeHtml(disagreement.statuses[spec] ?? 'missing')}`)
    .join(', ');
  const first = disagreement.firstDifference;
  const rest = disagreement.differences.slice(1);
  return `<section class="disagreement" id="disagreement-${index + 1}" data-id="${escapeHtml(disagreement.id)}">
<h3>${escapeHtml(disagreement.name)} <code>${escapeHtml(disagreement.id)}</code></h3>
<p>Statuses: ${statuses}.</p>
${
  first
    ? `<p class="first-difference">First observation that differs: ${sourceLabel(first)}</p>
${differenceTable(first, specs, 'first')}`
    : '<p>No recorded observation differs beyond the status.</p>'
}
${
  rest.length
    ? `<details><summary>Other observations that differ (${rest.length})</summary>
${rest.map((d) => `<p>${sourceLabel(d)}</p>${differenceTable(d, specs, 'other')}`).join('\n')}
</details>`
    : ''
}
</section>`;
}

function differenceTable(difference: ObservationDifference, specs: string[], kind: string): string {
  const rows = specs
    .filter((spec) => spec in difference.values)
    .map((spec) => {
      const value = difference.values[spec];
      return `<tr><th scope="row"><code>${escapeHtml(spec)}</code></th>${
        value === null || value === undefined
          ? '<td class="none">(not recorded)</td>'
          : `<td>${escapeHtml(value)}</td>`
      }</tr>`;
    })
    .join('');
  return `<table class="difference ${kind}" data-source="${escapeHtml(difference.source)}">${rows}</table>`;
}

const SOURCE_LABELS: Record<string, string> = {
  message: 'the failure or skip message',
  'events.txt': 'the events (events.txt)',
  'timeline.svg': 'the pod statuses over time (timeline.svg)',
  'api-errors.json': 'the API errors met (api-errors.json)',
  'kubectl.txt': 'the kubectl runs (kubectl.txt)',
  'evidence-pods.txt': 'the pods at the end (evidence-pods.txt)',
  'manifests.yaml': 'the manifests applied (manifests.yaml)',
};

function sourceLabel(difference: ObservationDifference): string {
  const label = `<strong>${escapeHtml(SOURCE_LABELS[difference.source] ?? difference.source)}</strong>`;
  return difference.source === 'message' ? label : `${label}, line ${difference.line}`;
}

function seconds(ms: number): string {
  return `${(ms / 1000).toFixed(1)}s`;
}
