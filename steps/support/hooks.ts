import {
  After,
  AfterAll,
  Before,
  BeforeAll,
  BeforeStep,
  type ITestCaseHookParameter,
  Status,
  setDefaultTimeout,
  setWorldConstructor,
} from '@cucumber/cucumber';
import type { GherkinDocument, Pickle } from '@cucumber/messages';
import { attachScenarioReport } from '../../harness/reports/attachments.ts';
import {
  interruptRequested,
  listenForInterrupt,
  targetFromEnvironment,
} from '../../harness/run/run-settings.ts';
import type { Target } from '../../harness/targets/target.ts';
import { KukeWorld } from '../world.ts';

setWorldConstructor(KukeWorld);
// Waits on real clusters are wall-clock; on the bundled engine they are virtual and fast.
setDefaultTimeout(10 * 60_000);

let target: Target | undefined;
// Ctrl-C (or SIGTERM) lets the scenario under way finish and clean up; the rest are skipped.
listenForInterrupt();

BeforeAll(async () => {
  target = targetFromEnvironment();
  await target.prepare();
  await target.warmUp?.();
});

AfterAll(async () => {
  await target?.dispose();
});

Before(async function (this: KukeWorld, { pickle, gherkinDocument }: ITestCaseHookParameter) {
  this.pickleName = pickle.name;
  if (interruptRequested()) {
    this.skipReason = 'the run was interrupted';
    this.attach(this.skipReason, { mediaType: 'text/plain', fileName: 'skip-reason.txt' });
    return 'skipped';
  }
  if (!target) throw new Error('no target: BeforeAll did not run');
  const tags = pickle.tags.map((t) => t.name);
  if (tags.includes('@bundled') && target.kind !== 'bundled') {
    this.skipReason = `skipped on ${target.name}: the scenario is tagged @bundled (it needs the bundled engine)`;
    this.log(`SKIPPED: ${this.skipReason}`);
    this.attach(this.skipReason, { mediaType: 'text/plain', fileName: 'skip-reason.txt' });
    return 'skipped';
  }
  const clusterTag = tags.find((t) => t.startsWith('@cluster:'));
  const id = scenarioId(pickle, gherkinDocument);
  const chosen = target;
  this.cluster = clusterTag?.slice('@cluster:'.length);
  this.session = await chosen.openSession({
    scenarioId: id,
    ...(this.cluster ? { cluster: this.cluster } : {}),
  });
  // "Given a cluster like …" replaces the session with one on the named cluster fixture.
  this.openSessionOn = (cluster) => chosen.openSession({ scenarioId: id, cluster });
  return undefined;
});

BeforeStep(function (this: KukeWorld, { pickle, pickleStep, gherkinDocument }) {
  const astId = pickleStep.astNodeIds[0];
  const steps = [
    ...(gherkinDocument.feature?.children ?? []).flatMap((child) => [
      ...(child.background?.steps ?? []),
      ...(child.scenario?.steps ?? []),
      ...(child.rule?.children ?? []).flatMap((c) => [
        ...(c.background?.steps ?? []),
        ...(c.scenario?.steps ?? []),
      ]),
    ]),
  ];
  const step = steps.find((s) => s.id === astId);
  this.step = {
    uri: pickle.uri,
    line: step?.location.line ?? 0,
    ...(step?.docString ? { docStringLine: step.docString.location.line + 1 } : {}),
  };
});

After(async function (this: KukeWorld, { result }: ITestCaseHookParameter) {
  if (!this.session) return;
  try {
    await attachScenarioReport(this, result?.status === Status.FAILED);
  } finally {
    await this.session.close();
    this.session = undefined;
  }
});

/** `file:line[:exampleLine]`: stable across runs (cucumber's own ids are random), so seeds are too. */
function scenarioId(pickle: Pickle, document: GherkinDocument): string {
  const [scenarioAst, exampleAst] = pickle.astNodeIds;
  const scenario = (document.feature?.children ?? [])
    .flatMap((child) => [child.scenario, ...(child.rule?.children ?? []).map((c) => c.scenario)])
    .find((s) => s?.id === scenarioAst);
  const exampleRow = scenario?.examples.flatMap((e) => e.tableBody).find((row) => row.id === exampleAst);
  return [pickle.uri, scenario?.location.line ?? 0, ...(exampleRow ? [exampleRow.location.line] : [])].join(
    ':',
  );
}
