import { readFileSync } from 'node:fs';
import type { Envelope, GherkinDocument, Pickle } from '@cucumber/messages';

export interface ScenarioAttachment {
  fileName: string;
  mediaType: string;
  text: string;
}

/** Reads a cucumber message stream (NDJSON) written by the `message` formatter. */
export function readEnvelopes(ndjsonPath: string): Envelope[] {
  return readFileSync(ndjsonPath, 'utf8')
    .split('\n')
    .filter((line) => line.trim().length > 0)
    .map((line) => JSON.parse(line) as Envelope);
}

/**
 * The named attachments of each scenario's final attempt, keyed by the scenario id that
 * harness/reports/results.ts gives it (`features/x.feature:LINE[:EXAMPLE_LINE]`).
 */
export function scenarioAttachments(envelopes: readonly Envelope[]): Map<string, ScenarioAttachment[]> {
  const documents = new Map<string, GherkinDocument>();
  const pickles = new Map<string, Pickle>();
  const pickleOfTestCase = new Map<string, string>();
  const testCaseOfStarted = new Map<string, string>();
  const lastStartedOfTestCase = new Map<string, string>();
  const attachmentsOfStarted = new Map<string, ScenarioAttachment[]>();
  for (const envelope of envelopes) {
    if (envelope.gherkinDocument?.uri) documents.set(envelope.gherkinDocument.uri, envelope.gherkinDocument);
    if (envelope.pickle) pickles.set(envelope.pickle.id, envelope.pickle);
    if (envelope.testCase) pickleOfTestCase.set(envelope.testCase.id, envelope.testCase.pickleId);
    if (envelope.testCaseStarted) {
      testCaseOfStarted.set(envelope.testCaseStarted.id, envelope.testCaseStarted.testCaseId);
      lastStartedOfTestCase.set(envelope.testCaseStarted.testCaseId, envelope.testCaseStarted.id);
    }
    const attachment = envelope.attachment;
    if (attachment?.testCaseStartedId && attachment.fileName) {
      const list = attachmentsOfStarted.get(attachment.testCaseStartedId) ?? [];
      list.push({
        fileName: attachment.fileName,
        mediaType: attachment.mediaType,
        text:
          attachment.contentEncoding === 'BASE64'
            ? Buffer.from(attachment.body, 'base64').toString('utf8')
            : attachment.body,
      });
      attachmentsOfStarted.set(attachment.testCaseStartedId, list);
    }
  }
  const byScenario = new Map<string, ScenarioAttachment[]>();
  for (const [testCaseId, startedId] of lastStartedOfTestCase) {
    const pickle = pickles.get(pickleOfTestCase.get(testCaseId) ?? '');
    if (!pickle || !testCaseOfStarted.has(startedId)) continue;
    byScenario.set(
      scenarioIdOf(pickle, documents.get(pickle.uri)),
      attachmentsOfStarted.get(startedId) ?? [],
    );
  }
  return byScenario;
}

/** `uri:scenarioLine[:exampleRowLine]`, as harness/reports/results.ts names scenarios. */
export function scenarioIdOf(pickle: Pickle, document: GherkinDocument | undefined): string {
  const [scenarioAst, rowAst] = pickle.astNodeIds;
  const scenario = (document?.feature?.children ?? [])
    .flatMap((child) => [child.scenario, ...(child.rule?.children ?? []).map((c) => c.scenario)])
    .find((s) => s?.id === scenarioAst);
  const row = scenario?.examples.flatMap((e) => e.tableBody).find((r) => r.id === rowAst);
  return [pickle.uri, scenario?.location.line ?? 0, ...(row ? [row.location.line] : [])].join(':');
}
