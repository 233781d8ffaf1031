import type {
  DocString,
  Envelope,
  GherkinDocument,
  Group,
  Pickle,
  Scenario,
  Source,
  Step,
  TableCell,
  TestCase,
} from '@cucumber/messages';
import { REDACTED, redactCommandLine, redactText } from './redact.ts';

/** `I patch secret "x" with:` (steps/manifests.steps.ts): its doc string is part of a Secret. */
const SECRET_PATCH = /^I patch secrets?\s+"/i;

/**
 * A step's doc string with Secret values hidden (see redactText). The step's text tells when a
 * doc string without a `kind` belongs to a Secret (a patch of one).
 */
export function redactDocString(content: string, stepText: string): string {
  return redactText(content, SECRET_PATCH.test(stepText) ? { kind: 'Secret' } : {});
}

/** The document with its doc strings redacted; the same object when none shows a Secret value. */
export function redactGherkinDocument(document: GherkinDocument): GherkinDocument {
  const hides = (step: Step) =>
    (step.docString && redactedDocString(step) !== undefined) || redactCommandLine(step.text) !== step.text;
  if (!stepsOf(document).some(hides) && secretCells(document).length === 0) return document;
  const copy = structuredClone(document);
  for (const cell of secretCells(copy)) cell.value = REDACTED;
  for (const step of stepsOf(copy)) {
    const redacted = redactedDocString(step);
    if (step.docString && redacted !== undefined) step.docString.content = redacted;
    step.text = redactCommandLine(step.text);
  }
  return copy;
}

/** The pickle with its steps' doc strings redacted; the same object when nothing changes. */
export function redactPickle(pickle: Pickle): Pickle {
  const redacted = pickle.steps.map((step) => {
    const docString = step.argument?.docString;
    if (!docString) return undefined;
    const content = redactDocString(docString.content, step.text);
    return content === docString.content ? undefined : content;
  });
  const texts = pickle.steps.map((step) => redactCommandLine(step.text));
  const textChanged = texts.some((text, index) => text !== pickle.steps[index]?.text);
  if (!textChanged && redacted.every((content) => content === undefined)) return pickle;
  const copy = structuredClone(pickle);
  copy.steps.forEach((step, index) => {
    const content = redacted[index];
    if (content !== undefined && step.argument?.docString) step.argument.docString.content = content;
    step.text = texts[index] ?? step.text;
  });
  return copy;
}

/**
 * The feature file's text with each doc string's content lines replaced by their redacted
 * form, line for line, so every other line (and every line number) stays as it was. `document`
 * is the file's parsed (unredacted) Gherkin, which says where each doc string is.
 */
export function redactSource(source: Source, document: GherkinDocument): Source {
  const lines = source.data.split('\n');
  let changed = false;
  // Right to left, so the columns of the cells still to replace on a line stay where they are.
  const cells = secretCells(document).sort(
    (a, b) => a.location.line - b.location.line || (b.location.column ?? 0) - (a.location.column ?? 0),
  );
  for (const cell of cells) {
    const index = cell.location.line - 1;
    const line = lines[index];
    const at = (cell.location.column ?? 1) - 1;
    if (line === undefined || line.slice(at, at + cell.value.length) !== cell.value) continue;
    lines[index] = line.slice(0, at) + REDACTED + line.slice(at + cell.value.length);
    changed = true;
  }
  for (const step of stepsOf(document)) {
    const stepLine = lines[step.location.line - 1];
    if (stepLine !== undefined && redactCommandLine(stepLine) !== stepLine) {
      lines[step.location.line - 1] = redactCommandLine(stepLine);
      changed = true;
    }
    const docString = step.docString;
    const redacted = docString ? redactedDocString(step) : undefined;
    if (!docString || redacted === undefined) continue;
    const before = docString.content.split('\n');
    const after = redacted.split('\n');
    // Gherkin removes the opening delimiter's indentation from each content line.
    const indent = docString.location.column ? docString.location.column - 1 : 0;
    before.forEach((original, index) => {
      const lineIndex = docString.location.line + index; // the delimiter's line is 1-based
      const line = lines[lineIndex];
      const replacement = after.length === before.length ? after[index] : REDACTED;
      if (line === undefined || replacement === undefined || replacement === original) return;
      const carriageReturn = line.endsWith('\r') ? '\r' : '';
      const removed = Math.min(indent, /^\s*/.exec(line)?.[0].length ?? 0);
      const text = replacement === '' ? '' : line.slice(0, removed) + escapeDelimiter(replacement, docString);
      lines[lineIndex] = text + carriageReturn;
      changed = true;
    });
  }
  return changed ? { ...source, data: lines.join('\n') } : source;
}

/**
 * Redacts cucumber's message stream on its way to the reports: the feature source, the parsed
 * documents and the pickles (the three places a doc string or a step's text is written). A source is held back
 * until its parsed document follows (cucumber emits them one after the other), since the
 * document says where the doc strings are.
 */
export class EnvelopeRedactor {
  private pendingSource: Source | undefined;

  /** The envelopes to pass on now, in order (none while a source waits for its document). */
  push(envelope: Envelope): Envelope[] {
    if (envelope.source) {
      const out = this.flush();
      this.pendingSource = envelope.source;
      return out;
    }
    if (envelope.gherkinDocument) {
      const document = envelope.gherkinDocument;
      const pending = this.pendingSource;
      this.pendingSource = undefined;
      const out: Envelope[] = [];
      if (pending)
        out.push({ source: pending.uri === document.uri ? redactSource(pending, document) : pending });
      out.push({ ...envelope, gherkinDocument: redactGherkinDocument(document) });
      return out;
    }
    const out = this.flush();
    if (envelope.pickle) out.push({ ...envelope, pickle: redactPickle(envelope.pickle) });
    else if (envelope.testCase) out.push({ ...envelope, testCase: redactTestCase(envelope.testCase) });
    else out.push(envelope);
    return out;
  }

  /**
   * A source still held back (its file did not parse, so there is no document to locate doc
   * strings with; kuke refuses such files before a run starts).
   */
  flush(): Envelope[] {
    const pending = this.pendingSource;
    this.pendingSource = undefined;
    return pending ? [{ source: pending }] : [];
  }
}

/**
 * The test case with the step arguments cucumber matched in each step's text redacted (a
 * `kubectl create secret … --from-literal=k=v` inside a step's string); the same object when none
 * shows a value.
 */
export function redactTestCase(testCase: TestCase): TestCase {
  const groups = testCase.testSteps.flatMap((step) =>
    (step.stepMatchArgumentsLists ?? []).flatMap((list) => list.stepMatchArguments.map((a) => a.group)),
  );
  if (!groups.some(groupShowsSecret)) return testCase;
  const copy = structuredClone(testCase);
  for (const step of copy.testSteps)
    for (const list of step.stepMatchArgumentsLists ?? [])
      for (const argument of list.stepMatchArguments) redactGroup(argument.group);
  return copy;
}

function groupShowsSecret(group: Group): boolean {
  return (
    (group.value !== undefined && redactCommandLine(group.value) !== group.value) ||
    (group.children ?? []).some(groupShowsSecret)
  );
}

function redactGroup(group: Group): void {
  if (group.value !== undefined) group.value = redactCommandLine(group.value);
  for (const child of group.children ?? []) redactGroup(child);
}

/** The redacted content of a step's doc string, or undefined when it shows no Secret value. */
function redactedDocString(step: Step): string | undefined {
  if (!step.docString) return undefined;
  const redacted = redactDocString(step.docString.content, step.text);
  return redacted === step.docString.content ? undefined : redacted;
}

/**
 * The Examples cells of Scenario Outlines whose values become Secret values: cells of a column
 * whose placeholder stands where a Secret's value is in a step's doc string, or where a value for
 * `kubectl create secret` is in a step's text.
 */
function secretCells(document: GherkinDocument): TableCell[] {
  return scenariosOf(document).flatMap((scenario) => {
    const columns = new Set<string>();
    for (const step of scenario.steps) {
      if (step.docString) {
        for (const name of hiddenPlaceholders(
          step.docString.content,
          redactDocString(step.docString.content, step.text),
        ))
          columns.add(name);
      }
      for (const name of hiddenPlaceholders(step.text, redactCommandLine(step.text))) columns.add(name);
    }
    if (columns.size === 0) return [];
    return scenario.examples.flatMap((examples) => {
      const header = examples.tableHeader?.cells.map((cell) => cell.value) ?? [];
      return examples.tableBody.flatMap((row) =>
        row.cells.filter((cell, index) => columns.has(header[index] ?? '') && cell.value !== ''),
      );
    });
  });
}

/** The `<name>` placeholders of a template that its redacted form no longer shows as often. */
function hiddenPlaceholders(template: string, redacted: string): string[] {
  if (template === redacted) return [];
  const count = (text: string) => {
    const counts = new Map<string, number>();
    for (const match of text.matchAll(/<([^<>\s]+)>/g))
      counts.set(match[1]!, (counts.get(match[1]!) ?? 0) + 1);
    return counts;
  };
  const after = count(redacted);
  return [...count(template)].filter(([name, n]) => (after.get(name) ?? 0) < n).map(([name]) => name);
}

function scenariosOf(document: GherkinDocument): Scenario[] {
  return (document.feature?.children ?? []).flatMap((child) => [
    ...(child.scenario ? [child.scenario] : []),
    ...(child.rule?.children ?? []).flatMap((ruleChild) => (ruleChild.scenario ? [ruleChild.scenario] : [])),
  ]);
}

/** Every step of the document: backgrounds, scenarios (and outlines), inside rules too. */
function stepsOf(document: GherkinDocument): Step[] {
  return (document.feature?.children ?? []).flatMap((child) => [
    ...(child.background?.steps ?? []),
    ...(child.scenario?.steps ?? []),
    ...(child.rule?.children ?? []).flatMap((ruleChild) => [
      ...(ruleChild.background?.steps ?? []),
      ...(ruleChild.scenario?.steps ?? []),
    ]),
  ]);
}

/** As written in the file: Gherkin un-escapes the delimiter inside a doc string. */
function escapeDelimiter(text: string, docString: DocString): string {
  return docString.delimiter === '```'
    ? text.replaceAll('```', '\\`\\`\\`')
    : text.replaceAll('"""', '\\"\\"\\"');
}
