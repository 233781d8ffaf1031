import type { RunResults, ScenarioStatus } from '../reports/results.ts';
import {
  firstMessageLine,
  type ObservationDifference,
  observationDifferences,
  type ScenarioObservations,
} from './observations.ts';
import type { ScenarioAttachment } from './scenario-attachments.ts';

/** A cell's status: the scenario's own, or why the target has none for it. */
export type CellStatus = ScenarioStatus | 'unavailable' | 'missing';

/** What one target's run produced, as the comparison needs it. */
export interface TargetOutcome {
  /** The `--target` spec as given. */
  spec: string;
  /** Folder under the reports directory with this target's own reports (`compare/<slug>`). */
  reportsDir: string;
  /** Present when the target ran. */
  results?: RunResults;
  attachments?: ReadonlyMap<string, ScenarioAttachment[]>;
  interrupted?: boolean;
  /** Why the target could not run at all (unreachable cluster, no Docker for k3s, …). */
  error?: string;
  /** The scenarios the run would have had, for targets that could not run. */
  planned?: PlannedScenario[];
}

export interface PlannedScenario {
  id: string;
  feature: string;
  name: string;
}

export interface CompareTarget {
  spec: string;
  reportsDir: string;
  ran: boolean;
  interrupted: boolean;
  error?: string;
  durationMs: number;
  counts?: RunResults['counts'];
}

export interface CompareCell {
  status: CellStatus;
  /** First line of the failure or skip message, or why the target did not run the scenario. */
  message?: string;
  durationMs?: number;
}

export interface CompareRow {
  id: string;
  feature: string;
  name: string;
  /** True when every target that ran the scenario gave it the same status. */
  agree: boolean;
  cells: Record<string, CompareCell>;
}

export interface Disagreement {
  id: string;
  name: string;
  statuses: Record<string, CellStatus>;
  /** The first observation that differs (the message, then events, timeline, …). */
  firstDifference?: ObservationDifference;
  /** The first differing line of every kind of observation that differs. */
  differences: ObservationDifference[];
}

export interface CompareReport {
  startedAt: string;
  durationMs: number;
  paths: string[];
  tags?: string;
  /** Every target ran and passed every scenario it ran (skips are not failures). */
  success: boolean;
  targets: CompareTarget[];
  rows: CompareRow[];
  disagreements: Disagreement[];
}

export interface CompareInputs {
  startedAt: string;
  durationMs: number;
  paths: string[];
  tags?: string;
  outcomes: readonly TargetOutcome[];
}

const FAILING: ReadonlySet<CellStatus> = new Set(['failed', 'undefined', 'ambiguous', 'pending', 'missing']);

/** The scenario × target matrix, its disagreements and the first observation behind each. */
export function buildCompareReport(inputs: CompareInputs): CompareReport {
  const rows = matrixRows(inputs.outcomes);
  const disagreements = rows.filter((row) => !row.agree).map((row) => disagreementOf(row, inputs.outcomes));
  const success = inputs.outcomes.every(
    (outcome) =>
      outcome.results !== undefined &&
      !outcome.interrupted &&
      rows.every((row) => !FAILING.has(row.cells[outcome.spec]?.status ?? 'missing')),
  );
  return {
    startedAt: inputs.startedAt,
    durationMs: inputs.durationMs,
    paths: inputs.paths,
    ...(inputs.tags ? { tags: inputs.tags } : {}),
    success,
    targets: inputs.outcomes.map(targetOf),
    rows,
    disagreements,
  };
}

function targetOf(outcome: TargetOutcome): CompareTarget {
  return {
    spec: outcome.spec,
    reportsDir: outcome.reportsDir,
    ran: outcome.results !== undefined,
    interrupted: outcome.interrupted ?? false,
    ...(outcome.error ? { error: outcome.error } : {}),
    durationMs: outcome.results?.durationMs ?? 0,
    ...(outcome.results ? { counts: outcome.results.counts } : {}),
  };
}

function matrixRows(outcomes: readonly TargetOutcome[]): CompareRow[] {
  const scenarios = new Map<string, PlannedScenario & Location>();
  for (const outcome of outcomes)
    for (const s of outcome.results?.scenarios ?? [])
      if (!scenarios.has(s.id))
        scenarios.set(s.id, { id: s.id, feature: s.feature, name: s.name, ...where(s.id) });
  if (scenarios.size === 0)
    for (const outcome of outcomes)
      for (const s of outcome.planned ?? [])
        if (!scenarios.has(s.id)) scenarios.set(s.id, { ...s, ...where(s.id) });
  const ordered = [...scenarios.values()].sort(
    (a, b) => a.uri.localeCompare(b.uri) || a.line - b.line || a.exampleLine - b.exampleLine,
  );
  return ordered.map((scenario) => {
    const cells: Record<string, CompareCell> = {};
    for (const outcome of outcomes) cells[outcome.spec] = cellOf(outcome, scenario.id);
    const statuses = new Set(
      Object.values(cells)
        .map((cell) => cell.status)
        .filter((status) => status !== 'unavailable' && status !== 'missing'),
    );
    return {
      id: scenario.id,
      feature: scenario.feature,
      name: scenario.name,
      agree: statuses.size <= 1,
      cells,
    };
  });
}

function cellOf(outcome: TargetOutcome, id: string): CompareCell {
  if (!outcome.results)
    return { status: 'unavailable', message: `not run: ${outcome.error ?? 'the target could not run'}` };
  const scenario = outcome.results.scenarios.find((s) => s.id === id);
  if (!scenario)
    return {
      status: 'missing',
      message: outcome.interrupted ? 'not run: the run was interrupted' : 'not in the results of this target',
    };
  const line = firstMessageLine(scenario.message);
  return {
    status: scenario.status,
    ...(line ? { message: line } : {}),
    durationMs: scenario.durationMs,
  };
}

function disagreementOf(row: CompareRow, outcomes: readonly TargetOutcome[]): Disagreement {
  const observed = new Map<string, ScenarioObservations>();
  for (const outcome of outcomes) {
    const scenario = outcome.results?.scenarios.find((s) => s.id === row.id);
    if (!scenario) continue;
    observed.set(outcome.spec, {
      status: scenario.status,
      ...(scenario.message ? { message: scenario.message } : {}),
      attachments: outcome.attachments?.get(row.id) ?? [],
    });
  }
  const differences = observationDifferences(observed);
  return {
    id: row.id,
    name: row.name,
    statuses: Object.fromEntries(Object.entries(row.cells).map(([spec, cell]) => [spec, cell.status])),
    ...(differences[0] ? { firstDifference: differences[0] } : {}),
    differences,
  };
}

interface Location {
  uri: string;
  line: number;
  exampleLine: number;
}

/** `features/x.feature:12:30` → uri, scenario line and example row line, for ordering rows. */
function where(id: string): Location {
  const match = /^(.*?):(\d+)(?::(\d+))?$/.exec(id);
  return match
    ? { uri: match[1]!, line: Number(match[2]), exampleLine: Number(match[3] ?? 0) }
    : { uri: id, line: 0, exampleLine: 0 };
}
