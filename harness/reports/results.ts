import type { Envelope, GherkinDocument, Pickle, TestStepResultStatus } from '@cucumber/messages';

export type ScenarioStatus =
  | 'passed'
  | 'failed'
  | 'skipped'
  | 'undefined'
  | 'ambiguous'
  | 'pending'
  | 'flaky';

export interface ScenarioResult {
  /** `features/x.feature:12` (plus `:row` for outline examples): stable across runs and targets. */
  id: string;
  feature: string;
  /** The feature file's folder under features/ (its "area"), or the file name. */
  area: string;
  name: string;
  uri: string;
  line: number;
  tags: string[];
  status: ScenarioStatus;
  attempts: number;
  durationMs: number;
  /** The failing step's message, or why the scenario was skipped. */
  message?: string;
  /** The step that failed or was skipped. */
  step?: string;
  /** For an ambiguous step: every step definition its text matches, with where each is defined. */
  candidates?: StepCandidate[];
  /** For a flaky scenario: why each earlier attempt failed. */
  earlierFailures?: string[];
}

/** A step definition an ambiguous step matches. */
export interface StepCandidate {
  pattern: string;
  /** `file:line` of the definition. */
  location: string;
}

export interface RunResults {
  target: string;
  startedAt: string;
  durationMs: number;
  counts: Record<ScenarioStatus, number> & { total: number };
  scenarios: ScenarioResult[];
}

const SEVERITY: Record<string, number> = {
  FAILED: 6,
  AMBIGUOUS: 5,
  UNDEFINED: 4,
  PENDING: 3,
  SKIPPED: 2,
  PASSED: 1,
  UNKNOWN: 0,
};

/** Turns cucumber's message stream into one result per scenario (final attempt; retried passes are flaky). */
export function collectResults(envelopes: readonly Envelope[], target: string): RunResults {
  const documents = new Map<string, GherkinDocument>();
  const pickles = new Map<string, Pickle>();
  const testCases = new Map<
    string,
    { pickleId: string; steps: Map<string, string>; definitions: Map<string, readonly string[]> }
  >();
  const stepDefinitions = new Map<string, StepCandidate>();
  const started = new Map<string, { testCaseId: string; attempt: number; at: number }>();
  const stepStatus = new Map<
    string,
    Array<{ status: TestStepResultStatus; message?: string; stepId: string }>
  >();
  const skipReasons = new Map<string, string>();
  const finalAttempt = new Map<
    string,
    { startedId: string; attempts: number; durationMs: number; willBeRetried: boolean }
  >();
  const earlierFailures = new Map<string, string[]>();
  let runStart = 0;
  let runEnd = 0;
  for (const envelope of envelopes) {
    if (envelope.gherkinDocument?.uri) documents.set(envelope.gherkinDocument.uri, envelope.gherkinDocument);
    if (envelope.pickle) pickles.set(envelope.pickle.id, envelope.pickle);
    if (envelope.testRunStarted) runStart = toMs(envelope.testRunStarted.timestamp);
    if (envelope.testRunFinished) runEnd = toMs(envelope.testRunFinished.timestamp);
    if (envelope.stepDefinition) {
      const { id, pattern, sourceReference } = envelope.stepDefinition;
      const line = sourceReference.location?.line;
      stepDefinitions.set(id, {
        pattern: pattern.source,
        location: `${sourceReference.uri ?? '?'}${line === undefined ? '' : `:${line}`}`,
      });
    }
    if (envelope.testCase) {
      const steps = new Map<string, string>();
      const definitions = new Map<string, readonly string[]>();
      for (const step of envelope.testCase.testSteps) {
        if (step.pickleStepId) steps.set(step.id, step.pickleStepId);
        if (step.stepDefinitionIds) definitions.set(step.id, step.stepDefinitionIds);
      }
      testCases.set(envelope.testCase.id, { pickleId: envelope.testCase.pickleId, steps, definitions });
    }
    if (envelope.testCaseStarted) {
      const s = envelope.testCaseStarted;
      started.set(s.id, { testCaseId: s.testCaseId, attempt: s.attempt, at: toMs(s.timestamp) });
    }
    if (envelope.testStepFinished) {
      const f = envelope.testStepFinished;
      const list = stepStatus.get(f.testCaseStartedId) ?? [];
      list.push({
        status: f.testStepResult.status,
        stepId: f.testStepId,
        ...(f.testStepResult.message ? { message: f.testStepResult.message } : {}),
      });
      stepStatus.set(f.testCaseStartedId, list);
    }
    if (envelope.attachment?.testCaseStartedId && envelope.attachment.fileName === 'skip-reason.txt') {
      skipReasons.set(envelope.attachment.testCaseStartedId, envelope.attachment.body);
    }
    if (envelope.testCaseFinished) {
      const f = envelope.testCaseFinished;
      const start = started.get(f.testCaseStartedId);
      if (!start) continue;
      if (f.willBeRetried) {
        const failed = (stepStatus.get(f.testCaseStartedId) ?? []).find((step) => step.status !== 'PASSED');
        const failures = earlierFailures.get(start.testCaseId) ?? [];
        failures.push(failed?.message ?? `attempt ${start.attempt + 1} ${failed?.status ?? 'failed'}`);
        earlierFailures.set(start.testCaseId, failures);
      }
      const previous = finalAttempt.get(start.testCaseId);
      finalAttempt.set(start.testCaseId, {
        startedId: f.testCaseStartedId,
        attempts: (previous?.attempts ?? 0) + 1,
        durationMs: toMs(f.timestamp) - start.at,
        willBeRetried: f.willBeRetried,
      });
    }
  }
  const scenarios: ScenarioResult[] = [];
  for (const [testCaseId, attempt] of finalAttempt) {
    const testCase = testCases.get(testCaseId);
    const pickle = testCase ? pickles.get(testCase.pickleId) : undefined;
    if (!testCase || !pickle) continue;
    const steps = stepStatus.get(attempt.startedId) ?? [];
    const worst = steps.reduce<(typeof steps)[number] | undefined>(
      (acc, step) => (!acc || (SEVERITY[step.status] ?? 0) > (SEVERITY[acc.status] ?? 0) ? step : acc),
      undefined,
    );
    let status = (worst?.status ?? 'PASSED').toLowerCase() as ScenarioStatus;
    if (status === 'passed' && attempt.attempts > 1) status = 'flaky';
    const document = documents.get(pickle.uri);
    const { line, exampleLine } = locate(document, pickle);
    const failedPickleStep =
      worst && worst.status !== 'PASSED' ? testCase.steps.get(worst.stepId) : undefined;
    const stepText = failedPickleStep ? pickle.steps.find((s) => s.id === failedPickleStep)?.text : undefined;
    const message =
      skipReasons.get(attempt.startedId) ?? (worst?.status !== 'PASSED' ? worst?.message : undefined);
    const candidates =
      worst?.status === 'AMBIGUOUS'
        ? (testCase.definitions.get(worst.stepId) ?? []).flatMap((id) => stepDefinitions.get(id) ?? [])
        : [];
    scenarios.push({
      id: `${pickle.uri}:${line}${exampleLine ? `:${exampleLine}` : ''}`,
      feature: document?.feature?.name ?? pickle.uri,
      area: areaOf(pickle.uri),
      name: pickle.name,
      uri: pickle.uri,
      line,
      tags: pickle.tags.map((t) => t.name),
      status,
      attempts: attempt.attempts,
      durationMs: attempt.durationMs,
      ...(message ? { message } : {}),
      ...(stepText ? { step: stepText } : {}),
      ...(candidates.length > 0 ? { candidates } : {}),
      ...(status === 'flaky' ? { earlierFailures: earlierFailures.get(testCaseId) ?? [] } : {}),
    });
  }
  scenarios.sort((a, b) => a.uri.localeCompare(b.uri) || a.line - b.line);
  const counts = {
    total: scenarios.length,
    passed: 0,
    failed: 0,
    skipped: 0,
    undefined: 0,
    ambiguous: 0,
    pending: 0,
    flaky: 0,
  };
  for (const scenario of scenarios) counts[scenario.status]++;
  return {
    target,
    startedAt: new Date(runStart || Date.now()).toISOString(),
    durationMs: Math.max(0, runEnd - runStart),
    counts,
    scenarios,
  };
}

function toMs(timestamp: { seconds: number; nanos: number }): number {
  return timestamp.seconds * 1000 + Math.floor(timestamp.nanos / 1e6);
}

function locate(
  document: GherkinDocument | undefined,
  pickle: Pickle,
): { line: number; exampleLine?: number } {
  const [scenarioId, rowId] = pickle.astNodeIds;
  const scenario = (document?.feature?.children ?? [])
    .flatMap((child) => [child.scenario, ...(child.rule?.children ?? []).map((c) => c.scenario)])
    .find((s) => s?.id === scenarioId);
  const row = scenario?.examples.flatMap((e) => e.tableBody).find((r) => r.id === rowId);
  return { line: scenario?.location.line ?? 0, ...(row ? { exampleLine: row.location.line } : {}) };
}

/** `features/workloads/deployments.feature` → `workloads`; top-level files are their own area. */
export function areaOf(uri: string): string {
  const parts = uri.replace(/\\/g, '/').split('/');
  const index = parts.lastIndexOf('features');
  const rest = index >= 0 ? parts.slice(index + 1) : parts;
  return rest.length > 1 ? rest[0]! : rest[0]!.replace(/\.feature$/, '');
}
