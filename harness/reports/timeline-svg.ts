import { escapeHtml } from './html.ts';
import type { PodSample } from './scenario-record.ts';

const ROW_HEIGHT = 26;
const LABEL_WIDTH = 220;
const CHART_WIDTH = 640;
const AXIS_HEIGHT = 30;

const COLOURS: Array<[RegExp, string]> = [
  [/^Running$/, '#2e7d32'],
  [/^(Completed|Succeeded)$/, '#1565c0'],
  [/^(Pending|ContainerCreating|PodInitializing|Init:)/, '#f9a825'],
  [/^(OOMKilled|Error|Failed|Evicted)/, '#c62828'],
  [/BackOff|ErrImagePull|CreateContainer/, '#ef6c00'],
  [/^Terminating$/, '#6a1b9a'],
];

/** Fill colour of a STATUS value. */
export function statusColour(status: string): string {
  return COLOURS.find(([pattern]) => pattern.test(status))?.[1] ?? '#757575';
}

/**
 * A timeline picture of the scenario: one row per pod, coloured by its `kubectl get pods`
 * STATUS over cluster time, from the samples the scenario took while it waited.
 */
export function renderTimelineSvg(samples: readonly PodSample[], title: string): string {
  const names = [...new Set(samples.flatMap((s) => s.pods.map((p) => p.name)))];
  const start = samples[0]?.at ?? 0;
  const end = Math.max(samples.at(-1)?.at ?? start, start + 1000);
  const span = end - start;
  const x = (at: number) => LABEL_WIDTH + ((at - start) / span) * CHART_WIDTH;
  const height = AXIS_HEIGHT + Math.max(1, names.length) * ROW_HEIGHT + 20;
  const width = LABEL_WIDTH + CHART_WIDTH + 20;
  const parts: string[] = [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}" font-family="sans-serif" font-size="12">`,
    `<title>${escapeHtml(title)}</title>`,
    `<text x="4" y="16" font-weight="bold">${escapeHtml(title)}</text>`,
  ];
  names.forEach((name, row) => {
    const y = AXIS_HEIGHT + row * ROW_HEIGHT;
    parts.push(`<text x="4" y="${y + 17}">${escapeHtml(name)}</text>`);
    const segments = segmentsOf(samples, name, end);
    for (const segment of segments) {
      const left = x(segment.from);
      const w = Math.max(2, x(segment.to) - left);
      parts.push(
        `<rect class="segment" x="${left.toFixed(1)}" y="${y + 4}" width="${w.toFixed(1)}" height="${ROW_HEIGHT - 8}" fill="${statusColour(segment.status)}"><title>${escapeHtml(`${name}: ${segment.status} (restarts ${segment.restarts}) from +${seconds(segment.from - start)} to +${seconds(segment.to - start)}`)}</title></rect>`,
      );
      if (w > 60)
        parts.push(
          `<text x="${(left + 4).toFixed(1)}" y="${y + 17}" fill="#fff">${escapeHtml(segment.status)}</text>`,
        );
    }
  });
  const axisY = AXIS_HEIGHT + Math.max(1, names.length) * ROW_HEIGHT + 14;
  parts.push(`<text x="${LABEL_WIDTH}" y="${axisY}">+0s</text>`);
  parts.push(
    `<text x="${LABEL_WIDTH + CHART_WIDTH}" y="${axisY}" text-anchor="end">+${seconds(span)} (cluster time)</text>`,
  );
  parts.push('</svg>');
  return parts.join('\n');
}

interface Segment {
  status: string;
  restarts: string;
  from: number;
  to: number;
}

function segmentsOf(samples: readonly PodSample[], name: string, end: number): Segment[] {
  const segments: Segment[] = [];
  samples.forEach((sample, index) => {
    const pod = sample.pods.find((p) => p.name === name);
    const next = samples[index + 1]?.at ?? end;
    if (!pod) return;
    const last = segments.at(-1);
    if (last && last.status === pod.status && last.to === sample.at) {
      last.to = next;
      last.restarts = pod.restarts;
    } else {
      segments.push({ status: pod.status, restarts: pod.restarts, from: sample.at, to: next });
    }
  });
  return segments;
}

function seconds(ms: number): string {
  return `${Math.round(ms / 1000)}s`;
}
