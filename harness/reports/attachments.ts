import type { KukeWorld } from '../../steps/world.ts';
import { redactCommandLine, redactText } from './redact.ts';
import { renderTimelineSvg } from './timeline-svg.ts';

/**
 * Attaches to the scenario's report entry what it applied, the API refusals it met, the events
 * of its objects and a timeline picture; on failure also the evidence a person would look at
 * first (pods and events as kubectl shows them).
 */
export async function attachScenarioReport(world: KukeWorld, failed: boolean): Promise<void> {
  const { record } = world;
  if (record.manifests.length > 0) {
    const text = record.manifests
      .map((m) => `# ${m.source.file}:${m.source.line}\n${redactText(m.text)}`)
      .join('\n---\n');
    world.attach(text, { mediaType: 'text/x.yaml', fileName: 'manifests.yaml' });
  }
  if (record.apiErrors.length > 0) {
    world.attach(JSON.stringify(record.apiErrors, null, 2), {
      mediaType: 'application/json',
      fileName: 'api-errors.json',
    });
  }
  for (const run of record.kubectlRuns) {
    world.attach(
      `$ ${redactCommandLine(run.command)}\n${redactText(run.stdout)}${run.stderr}\n(exit ${run.exitCode})`,
      {
        mediaType: 'text/plain',
        fileName: 'kubectl.txt',
      },
    );
  }
  try {
    await world.samplePods();
    const events = await world.events();
    const lines = events
      .map((e) => ({
        time: String(e.lastTimestamp ?? e.eventTime ?? e.firstTimestamp ?? ''),
        text: `${e.type}\t${e.reason}\t${(e.involvedObject as { kind?: string; name?: string }).kind}/${(e.involvedObject as { name?: string }).name}\t${e.message}`,
      }))
      .sort((a, b) => a.time.localeCompare(b.time));
    world.attach(lines.map((l) => `${l.time}\t${l.text}`).join('\n') || '(no events)', {
      mediaType: 'text/plain',
      fileName: 'events.txt',
    });
    if (record.podSamples.some((sample) => sample.pods.length > 0)) {
      // Cucumber's HTML report shows images only when they are attached as bytes (base64).
      world.attach(
        Buffer.from(renderTimelineSvg(record.podSamples, world.pickleName ?? 'pods over cluster time')),
        {
          mediaType: 'image/svg+xml',
          fileName: 'timeline.svg',
        },
      );
    }
    if (failed) {
      const pods = await world.kubectl('kubectl get pods -o wide').catch(() => undefined);
      if (pods)
        world.attach(pods.stdout || pods.stderr, { mediaType: 'text/plain', fileName: 'evidence-pods.txt' });
    }
  } catch (error) {
    world.attach(`could not collect evidence: ${(error as Error).message}`, { mediaType: 'text/plain' });
  }
  if (world.skipReason)
    world.attach(world.skipReason, { mediaType: 'text/plain', fileName: 'skip-reason.txt' });
}
