// Each scenario's report carries the API refusals it met as api-errors.json (request, status code,
// reason, message as the API server worded them), whether the scenario expected them or failed on
// one; a scenario that met none has no such attachment.
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { after, test } from 'node:test';
import type { Envelope } from '@cucumber/messages';
import { readReports, runKuke, tempDir, writeFiles } from './harness-support.ts';

const tmp = tempDir('kuke-api-errors');
after(() => tmp.cleanup());

const FEATURE = `Feature: API errors in the report
  Scenario: Refusals the scenario expects
    When I try to delete pod "nothing-here"
    Then the request is refused with 404 NotFound and message:
      """
      pods "nothing-here" not found
      """
    Given I create the manifest:
      """yaml
      apiVersion: v1
      kind: ConfigMap
      metadata:
        name: twice
      """
    When I try to create the manifest:
      """yaml
      apiVersion: v1
      kind: ConfigMap
      metadata:
        name: twice
      """
    Then the request is refused with 409 AlreadyExists and message:
      """
      configmaps "twice" already exists
      """

  Scenario: A refusal that fails the scenario
    When I delete configmap "ghost"

  Scenario: No refusals
    When I create the manifest:
      """yaml
      apiVersion: v1
      kind: ConfigMap
      metadata:
        name: fine
      """
`;

interface ApiError {
  request: string;
  code: number;
  reason: string;
  message: string;
}

/** Each scenario's api-errors.json attachments, parsed, by scenario name. */
function apiErrorAttachments(envelopes: readonly Envelope[]): Map<string, ApiError[][]> {
  const pickleNames = new Map<string, string>();
  const testCasePickles = new Map<string, string>();
  const startedCases = new Map<string, string>();
  const out = new Map<string, ApiError[][]>();
  for (const envelope of envelopes) {
    if (envelope.pickle) pickleNames.set(envelope.pickle.id, envelope.pickle.name);
    if (envelope.testCase) testCasePickles.set(envelope.testCase.id, envelope.testCase.pickleId);
    if (envelope.testCaseStarted)
      startedCases.set(envelope.testCaseStarted.id, envelope.testCaseStarted.testCaseId);
    const attachment = envelope.attachment;
    if (attachment?.fileName !== 'api-errors.json' || !attachment.testCaseStartedId) continue;
    assert.equal(attachment.mediaType, 'application/json');
    const testCase = startedCases.get(attachment.testCaseStartedId) ?? '';
    const name = pickleNames.get(testCasePickles.get(testCase) ?? '') ?? '?';
    const body =
      attachment.contentEncoding === 'BASE64'
        ? Buffer.from(attachment.body, 'base64').toString('utf8')
        : attachment.body;
    out.set(name, [...(out.get(name) ?? []), JSON.parse(body) as ApiError[]]);
  }
  return out;
}

test('api-errors.json lists the API refusals each scenario met, with code, reason and message', async () => {
  const [feature] = writeFiles(tmp.dir, { 'errors/api-errors.feature': FEATURE });
  const reportsDir = join(tmp.dir, 'reports');
  const run = await runKuke(['run', feature!, '--reports', reportsDir]);
  assert.equal(run.code, 1, `${run.stdout}\n${run.stderr}`);
  const { summary, envelopes } = readReports(reportsDir);
  assert.deepEqual(
    summary.scenarios.map((s) => [s.name, s.status]),
    [
      ['Refusals the scenario expects', 'passed'],
      ['A refusal that fails the scenario', 'failed'],
      ['No refusals', 'passed'],
    ],
  );
  const attachments = apiErrorAttachments(envelopes);
  assert.deepEqual(attachments.get('Refusals the scenario expects'), [
    [
      {
        request: 'DELETE /api/v1/namespaces/default/pods/nothing-here',
        code: 404,
        reason: 'NotFound',
        message: 'pods "nothing-here" not found',
      },
      {
        request: 'POST /api/v1/namespaces/default/configmaps',
        code: 409,
        reason: 'AlreadyExists',
        message: 'configmaps "twice" already exists',
      },
    ],
  ]);
  assert.deepEqual(attachments.get('A refusal that fails the scenario'), [
    [
      {
        request: 'DELETE /api/v1/namespaces/default/configmaps/ghost',
        code: 404,
        reason: 'NotFound',
        message: 'configmaps "ghost" not found',
      },
    ],
  ]);
  assert.equal(attachments.has('No refusals'), false, 'a scenario without refusals has no api-errors.json');
});
