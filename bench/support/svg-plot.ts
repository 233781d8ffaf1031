export interface Bar {
  label: string;
  value: number;
}

export interface ReferenceLine {
  value: number;
  label: string;
}

export interface BarChart {
  title: string;
  /** Axis caption, e.g. `pods placed per second`. */
  unit: string;
  bars: readonly Bar[];
  references?: readonly ReferenceLine[];
}

export interface LineSeries {
  name: string;
  points: ReadonlyArray<readonly [number, number]>;
  /** Drawn dashed: an extrapolation rather than a measurement. */
  dashed?: boolean;
}

export interface LineChart {
  title: string;
  xLabel: string;
  yLabel: string;
  series: readonly LineSeries[];
  references?: readonly ReferenceLine[];
}

const WIDTH = 720;
const HEIGHT = 400;
const MARGIN = { top: 48, right: 24, bottom: 64, left: 80 };
const PALETTE = ['#326ce5', '#e5533d', '#2e9e5b', '#a05ad0', '#c98a00'];

/** A vertical bar chart, one bar per labelled value, with optional dashed reference lines. */
export function barChartSvg(chart: BarChart): string {
  const plotWidth = WIDTH - MARGIN.left - MARGIN.right;
  const plotHeight = HEIGHT - MARGIN.top - MARGIN.bottom;
  const max = niceCeiling(
    Math.max(...chart.bars.map((b) => b.value), ...(chart.references ?? []).map((r) => r.value)),
  );
  const y = (value: number) => MARGIN.top + plotHeight - (value / max) * plotHeight;
  const slot = plotWidth / Math.max(1, chart.bars.length);
  const barWidth = slot * 0.6;
  const parts = [
    ...frame(chart.title),
    ...yAxis(max, y, chart.unit),
    ...chart.bars.flatMap((bar, i) => {
      const x = MARGIN.left + i * slot + (slot - barWidth) / 2;
      const top = y(bar.value);
      return [
        `<rect x="${fixed(x)}" y="${fixed(top)}" width="${fixed(barWidth)}" height="${fixed(MARGIN.top + plotHeight - top)}" fill="${PALETTE[0]}"/>`,
        text(x + barWidth / 2, top - 6, formatTick(bar.value), 'middle', 12),
        text(x + barWidth / 2, MARGIN.top + plotHeight + 18, bar.label, 'middle', 12),
      ];
    }),
    ...references(chart.references ?? [], y),
    '</svg>',
  ];
  return `${parts.join('\n')}\n`;
}

/** Lines through (x, y) points, one per series, both axes starting at zero. */
export function lineChartSvg(chart: LineChart): string {
  const plotWidth = WIDTH - MARGIN.left - MARGIN.right;
  const plotHeight = HEIGHT - MARGIN.top - MARGIN.bottom;
  const points = chart.series.flatMap((s) => s.points);
  const maxX = niceCeiling(Math.max(...points.map((p) => p[0])));
  const maxY = niceCeiling(
    Math.max(...points.map((p) => p[1]), ...(chart.references ?? []).map((r) => r.value)),
  );
  const x = (value: number) => MARGIN.left + (value / maxX) * plotWidth;
  const y = (value: number) => MARGIN.top + plotHeight - (value / maxY) * plotHeight;
  const parts = [
    ...frame(chart.title),
    ...yAxis(maxY, y, chart.yLabel),
    ...[0, 0.25, 0.5, 0.75, 1].map((f) =>
      text(x(maxX * f), MARGIN.top + plotHeight + 18, formatTick(maxX * f), 'middle', 11),
    ),
    text(MARGIN.left + plotWidth / 2, HEIGHT - 16, chart.xLabel, 'middle', 12),
    ...chart.series.flatMap((series, i) => {
      const colour = PALETTE[i % PALETTE.length];
      const path = series.points
        .map(([px, py], j) => `${j === 0 ? 'M' : 'L'}${fixed(x(px))},${fixed(y(py))}`)
        .join(' ');
      return [
        `<path d="${path}" fill="none" stroke="${colour}" stroke-width="2"${series.dashed ? ' stroke-dasharray="8 5"' : ''}/>`,
        `<rect x="${MARGIN.left + 12}" y="${MARGIN.top + 8 + i * 18}" width="12" height="3" fill="${colour}"/>`,
        text(MARGIN.left + 30, MARGIN.top + 13 + i * 18, series.name, 'start', 12),
      ];
    }),
    ...references(chart.references ?? [], y),
    '</svg>',
  ];
  return `${parts.join('\n')}\n`;
}

function frame(title: string): string[] {
  return [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${WIDTH}" height="${HEIGHT}" viewBox="0 0 ${WIDTH} ${HEIGHT}" font-family="sans-serif">`,
    `<rect width="${WIDTH}" height="${HEIGHT}" fill="#fff"/>`,
    text(WIDTH / 2, 26, title, 'middle', 15, 'bold'),
  ];
}

function yAxis(max: number, y: (value: number) => number, caption: string): string[] {
  const plotRight = WIDTH - MARGIN.right;
  return [
    ...[0, 0.25, 0.5, 0.75, 1].flatMap((f) => [
      `<line x1="${MARGIN.left}" x2="${plotRight}" y1="${fixed(y(max * f))}" y2="${fixed(y(max * f))}" stroke="#e4e4e4"/>`,
      text(MARGIN.left - 8, y(max * f) + 4, formatTick(max * f), 'end', 11),
    ]),
    `<text x="18" y="${fixed(MARGIN.top + (HEIGHT - MARGIN.top - MARGIN.bottom) / 2)}" font-size="12" text-anchor="middle" transform="rotate(-90 18 ${fixed(MARGIN.top + (HEIGHT - MARGIN.top - MARGIN.bottom) / 2)})">${escapeXml(caption)}</text>`,
  ];
}

function references(lines: readonly ReferenceLine[], y: (value: number) => number): string[] {
  return lines.flatMap((line) => [
    `<line x1="${MARGIN.left}" x2="${WIDTH - MARGIN.right}" y1="${fixed(y(line.value))}" y2="${fixed(y(line.value))}" stroke="#888" stroke-dasharray="6 4"/>`,
    text(WIDTH - MARGIN.right - 4, y(line.value) - 4, line.label, 'end', 11),
  ]);
}

function text(
  x: number,
  y: number,
  content: string,
  anchor: string,
  size: number,
  weight = 'normal',
): string {
  return `<text x="${fixed(x)}" y="${fixed(y)}" font-size="${size}" font-weight="${weight}" text-anchor="${anchor}">${escapeXml(content)}</text>`;
}

/** The smallest 1, 2 or 5 × 10^n at or above `value`. */
export function niceCeiling(value: number): number {
  if (!(value > 0)) return 1;
  const power = 10 ** Math.floor(Math.log10(value));
  for (const step of [1, 2, 5, 10]) if (step * power >= value) return step * power;
  return 10 * power;
}

function formatTick(value: number): string {
  if (value >= 10_000) return `${Math.round(value / 1000)}k`;
  if (value >= 100 || Number.isInteger(value)) return Math.round(value).toLocaleString('en-US');
  return value.toFixed(1);
}

function fixed(value: number): string {
  return value.toFixed(1);
}

function escapeXml(value: string): string {
  return value.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}
