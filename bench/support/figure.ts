import { roundSignificant } from './measure.ts';

/** A target a figure must stay under (`<`) or reach (`>=`). */
export interface Goal {
  op: '<' | '>=';
  value: number;
}

/** One measured figure, as the bench prints and records it. */
export interface Figure {
  /** kebab-case, stable across runs: the key in reports/bench/latest.json. */
  name: string;
  value: number;
  unit: string;
  /** Absent for figures shown for context only. */
  goal?: Goal;
  /** A side-by-side comparison measured in the same run, e.g. `0.62× bare node:https`. */
  compare?: string;
  /** How it was measured or what it covers, when the name does not say. */
  note?: string;
}

/** A figure as reports/bench/latest.json records it. */
export interface FigureRecord {
  name: string;
  value: number;
  unit: string;
  goal: string | null;
  met: boolean | null;
}

export const below = (value: number): Goal => ({ op: '<', value });
export const atLeast = (value: number): Goal => ({ op: '>=', value });

/** Whether the figure meets its goal; undefined when it has none. */
export function isMet(figure: Figure): boolean | undefined {
  if (!figure.goal) return undefined;
  if (!Number.isFinite(figure.value)) return false;
  return figure.goal.op === '<' ? figure.value < figure.goal.value : figure.value >= figure.goal.value;
}

/** `< 30` or `≥ 5,000`. */
export function formatGoal(goal: Goal | undefined): string {
  if (!goal) return '—';
  return `${goal.op === '<' ? '<' : '≥'} ${formatNumber(goal.value)}`;
}

/** Three significant digits with thousands separators: `12,345`, `1.23`, `0.0456`. */
export function formatNumber(value: number): string {
  if (Number.isNaN(value)) return 'n/a';
  if (!Number.isFinite(value)) return value > 0 ? '∞' : '-∞';
  const rounded = roundSignificant(value, 3);
  return rounded.toLocaleString('en-US', { maximumFractionDigits: 6 });
}

export function toRecord(figure: Figure): FigureRecord {
  const met = isMet(figure);
  return {
    name: figure.name,
    value: Number.isFinite(figure.value) ? roundSignificant(figure.value, 4) : figure.value,
    unit: figure.unit,
    goal: figure.goal ? `${figure.goal.op} ${figure.goal.value}` : null,
    met: met ?? null,
  };
}

/** A figure that could not be measured (the module failed or ran out of time): never met. */
export function missingFigure(name: string, unit: string, goal: Goal | undefined, why: string): Figure {
  return { name, value: Number.NaN, unit, ...(goal ? { goal } : {}), note: why };
}
