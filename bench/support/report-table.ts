import { type Figure, formatGoal, formatNumber, isMet } from './figure.ts';

const HEADINGS = ['figure', 'value', 'unit', 'goal', 'met', 'compared / notes'] as const;

/** The figures as an aligned plain-text table, one row per figure. */
export function renderTable(figures: readonly Figure[]): string {
  const rows = figures.map((figure) => {
    const met = isMet(figure);
    return [
      figure.name,
      formatNumber(figure.value),
      figure.unit,
      formatGoal(figure.goal),
      met === undefined ? '' : met ? '✓' : '✗',
      [figure.compare, figure.note].filter(Boolean).join('; '),
    ];
  });
  const widths = HEADINGS.map((heading, column) =>
    Math.max(heading.length, ...rows.map((row) => row[column]!.length)),
  );
  const line = (cells: readonly string[]) =>
    cells
      .map((cell, column) => (column === 1 ? cell.padStart(widths[column]!) : cell.padEnd(widths[column]!)))
      .join('  ')
      .trimEnd();
  return [line(HEADINGS), line(widths.map((w) => '-'.repeat(w))), ...rows.map(line)].join('\n');
}
