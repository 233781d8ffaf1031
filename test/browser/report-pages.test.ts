/**
 * The HTML reports in headless Chromium: conformance.html, compare.html and cucumber.html open
 * without console errors, compare.html shows the matrix with its disagreements highlighted, and
 * the timeline picture renders with coloured segments. The pages come from one real comparison
 * of two bundled clusters (runCompare, as `kuke compare` runs it), served over HTTP from 127.0.0.1.
 */
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it, type TestContext } from 'node:test';
import type { Page } from 'playwright-core';
import { runCompare } from '../../harness/compare/run-compare.ts';
import { readEnvelopes, scenarioAttachments } from '../../harness/compare/scenario-attachments.ts';
import {
  CHROMIUM_MISSING,
  chromiumInstalled,
  collectErrors,
  type HeadlessChromium,
  launchChromium,
  pixelColours,
} from './chromium.ts';
import type { Dom } from './dom.ts';
import { FIT_FEATURE } from './report-fixtures.ts';
import { type StaticServer, serveFolder } from './static-server.ts';

const THREE_NODES = 'compare/bundled-three-nodes';

interface Segment {
  x: number;
  y: number;
  width: number;
  height: number;
  fill: string;
  title: string;
}

let dir = '';
let server: StaticServer | undefined;
let browser: HeadlessChromium | undefined;
let timelineSvg = '';

/** The coloured segments the timeline draws (one rect per pod status period). */
function segmentsOf(svg: string): Segment[] {
  return [
    ...svg.matchAll(
      /<rect class="segment" x="([\d.]+)" y="([\d.]+)" width="([\d.]+)" height="([\d.]+)" fill="(#[0-9a-f]{6})"><title>([^<]*)<\/title>/g,
    ),
  ].map((m) => ({
    x: Number(m[1]),
    y: Number(m[2]),
    width: Number(m[3]),
    height: Number(m[4]),
    fill: m[5]!,
    title: m[6]!,
  }));
}

/** A point inside each segment, clear of its label (drawn from 4px in, on the text baseline). */
function insideSegments(segments: Segment[]): Array<{ x: number; y: number }> {
  return segments.map((s) => ({ x: Math.floor(s.x + s.width / 2), y: Math.floor(s.y + 2) }));
}

before(async () => {
  if (!chromiumInstalled()) return;
  dir = mkdtempSync(join(tmpdir(), 'kuke-browser-'));
  mkdirSync(join(dir, 'features'));
  writeFileSync(join(dir, 'features/fit.feature'), FIT_FEATURE);
  const [, chromium] = await Promise.all([
    runCompare({ targets: ['bundled:minikube', 'bundled:three-nodes'], paths: ['features'], cwd: dir }),
    launchChromium(),
  ]);
  browser = chromium;
  const reports = join(dir, 'reports');
  const attachments = scenarioAttachments(readEnvelopes(join(reports, THREE_NODES, 'cucumber.ndjson')));
  timelineSvg =
    attachments.get('features/fit.feature:3')?.find((a) => a.fileName === 'timeline.svg')?.text ?? '';
  writeFileSync(join(reports, 'timeline.svg'), timelineSvg);
  server = await serveFolder(reports);
});

after(async () => {
  await browser?.close();
  await server?.close();
  if (dir) rmSync(dir, { recursive: true, force: true });
});

/** Opens a report page, or skips the test where Chromium is missing. */
async function open(t: TestContext, path: string): Promise<{ page: Page; errors: string[] } | undefined> {
  if (!browser || !server) {
    t.skip(CHROMIUM_MISSING);
    return undefined;
  }
  const page = await browser.context.newPage();
  const errors = collectErrors(page);
  const response = await page.goto(`${server.url}/${path}`, { waitUntil: 'load' });
  assert.equal(response?.status(), 200, `${path} is served`);
  return { page, errors };
}

const background = (page: Page, selector: string) =>
  page
    .locator(selector)
    .first()
    .evaluate((e) => (globalThis as unknown as Dom).getComputedStyle(e).backgroundColor);

describe('report pages in headless Chromium', () => {
  it('conformance.html: totals, tallies and coloured scenario rows, no console errors', async (t) => {
    const opened = await open(t, `${THREE_NODES}/conformance.html`);
    if (!opened) return;
    const { page, errors } = opened;
    assert.equal(await page.title(), 'kuke conformance: bundled:three-nodes');
    assert.match(
      (await page.locator('#totals').textContent()) ?? '',
      /^1 passed, 0 flaky, 1 failed, 1 skipped of 3 scenarios \(run started \d{4}-\d\d-\d\dT[\d:.]+Z\)\.$/,
    );
    assert.deepEqual(await page.locator('h2').allInnerTexts(), ['By feature area', 'By tag', 'Scenarios']);
    assert.deepEqual(
      await page
        .locator('#scenarios tbody tr')
        .evaluateAll((rows) =>
          rows.map((row) => [row.className, row.querySelector('td:nth-child(3)')?.textContent]),
        ),
      [
        ['passed', 'A small pod runs on any cluster'],
        ['failed', 'A 5Gi pod fits no node'],
        ['skipped', 'Only on one 2 CPU / 2Gi node'],
      ],
    );
    assert.equal(await background(page, '#scenarios tr.failed td'), 'rgb(255, 235, 238)');
    assert.equal(await background(page, '#scenarios tr.passed td'), 'rgb(232, 245, 233)');
    assert.deepEqual(errors, []);
    await page.close();
  });

  it('compare.html: the matrix with both disagreements highlighted and their first difference', async (t) => {
    const opened = await open(t, 'compare.html');
    if (!opened) return;
    const { page, errors } = opened;
    assert.equal(await page.title(), 'kuke compare: bundled:minikube vs bundled:three-nodes');
    assert.deepEqual(await page.locator('#matrix thead th.target code').allInnerTexts(), [
      'bundled:minikube',
      'bundled:three-nodes',
    ]);
    const rows = await page.locator('#matrix tbody tr').evaluateAll((trs) =>
      trs.map((tr) => ({
        id: tr.getAttribute('data-id'),
        highlighted: (globalThis as unknown as Dom).getComputedStyle(tr).outlineStyle === 'solid',
        outline: (globalThis as unknown as Dom).getComputedStyle(tr).outlineColor,
        cells: [...tr.querySelectorAll('td.cell')].map((td) => td.getAttribute('data-status')),
      })),
    );
    assert.deepEqual(rows, [
      {
        id: 'features/fit.feature:3',
        highlighted: false,
        outline: rows[0]?.outline,
        cells: ['passed', 'passed'],
      },
      {
        id: 'features/fit.feature:20',
        highlighted: true,
        outline: 'rgb(230, 81, 0)',
        cells: ['passed', 'failed'],
      },
      {
        id: 'features/fit.feature:42',
        highlighted: true,
        outline: 'rgb(230, 81, 0)',
        cells: ['passed', 'skipped'],
      },
    ]);
    assert.equal(await background(page, 'td.cell.failed'), 'rgb(255, 235, 238)');
    assert.equal(await background(page, 'td.cell.passed'), 'rgb(232, 245, 233)');
    assert.equal(await background(page, 'td.cell.skipped'), 'rgb(238, 238, 238)');
    assert.equal(
      await page
        .locator('#verdict')
        .evaluate((e) => (globalThis as unknown as Dom).getComputedStyle(e).color),
      'rgb(183, 28, 28)',
    );

    // The badge in the row leads to the disagreement, which shows the first differing observation.
    await page.locator('tr[data-id="features/fit.feature:20"] a.badge').click();
    assert.equal(new URL(page.url()).hash, '#disagreement-1');
    const section = page.locator('#disagreement-1');
    assert.ok(await section.isVisible());
    assert.equal(
      await section.locator('p.first-difference').textContent(),
      'First observation that differs: the failure or skip message',
    );
    assert.deepEqual(
      await section
        .locator('table.difference.first tr')
        .evaluateAll((trs) =>
          trs.map((tr) => [tr.querySelector('th')?.textContent, tr.querySelector('td')?.textContent]),
        ),
      [
        ['bundled:minikube', '(passed, no message)'],
        [
          'bundled:three-nodes',
          'Warning event FailedScheduling from default-scheduler on pod "big": not seen within 30s of cluster time (2 observations).',
        ],
      ],
    );
    // The other observations (the events) open on demand.
    const events = section.locator('table.difference.other[data-source="events.txt"]');
    assert.equal(await events.isVisible(), false);
    await section.locator('details > summary').click();
    assert.ok(await events.isVisible());
    assert.match(
      (await events.textContent()) ?? '',
      /0\/3 nodes are available: 1 node\(s\) had untolerated taint/,
    );
    assert.deepEqual(errors, []);
    await page.close();
  });

  it('cucumber.html: the official report renders the run and its attachments, no console errors', async (t) => {
    const opened = await open(t, `${THREE_NODES}/cucumber.html`);
    if (!opened) return;
    const { page, errors } = opened;
    await page.getByText('Scenario: A small pod runs on any cluster').waitFor();
    // biome-ignore lint/performance/useDomNodeTextContent: the text a reader sees, not the page's scripts
    const text = await page.locator('body').innerText();
    assert.match(text, /33\.3% \(1 \/ 3\) passed/);
    for (const name of ['A 5Gi pod fits no node', 'Only on one 2 CPU / 2Gi node'])
      assert.ok(text.includes(name));
    assert.match(text, /Error: Warning event FailedScheduling from default-scheduler on pod "big"/);

    // Expand the first scenario's hooks: the After hook carries the scenario's attachments.
    await page.getByText('2 hooks').first().click();
    const attachments = page.locator('details > summary');
    await attachments.first().waitFor();
    assert.deepEqual((await attachments.allInnerTexts()).slice(0, 2), ['manifests.yaml', 'events.txt']);
    const notShown = page.getByText("Couldn't display image/svg+xml image because it wasn't base64 encoded");
    if ((await notShown.count()) > 0) {
      assert.deepEqual(errors, []);
      t.todo(
        'cucumber.html cannot show the timeline: harness/reports/attachments.ts attaches the SVG as text; cucumber-js shows images only when attached as a Buffer (base64)',
      );
      await page.close();
      return;
    }
    await page.locator('details > summary', { hasText: 'timeline.svg' }).first().click();
    const image = page.locator('details[open] img').first();
    await image.waitFor();
    const src = (await image.getAttribute('src')) ?? '';
    assert.match(src, /^data:image\/svg\+xml;base64,/);
    assert.equal(
      await image.evaluate((img) => (img as unknown as { naturalWidth: number }).naturalWidth),
      880,
    );
    const segments = segmentsOf(timelineSvg);
    assert.deepEqual(
      await pixelColours(page, src, insideSegments(segments)),
      segments.map((s) => s.fill),
    );
    assert.deepEqual(errors, []);
    await page.close();
  });

  it('timeline.svg: the picture renders with a coloured segment per pod status', async (t) => {
    const opened = await open(t, 'timeline.svg');
    if (!opened) return;
    const { page, errors } = opened;
    const drawn = await page.locator('rect.segment').evaluateAll((rects) =>
      rects.map((rect) => {
        const box = (rect as unknown as { getBBox(): { width: number } }).getBBox();
        return {
          fill: (globalThis as unknown as Dom).getComputedStyle(rect).fill,
          width: box.width,
          title: rect.querySelector('title')?.textContent?.replace(/ from .*/, ''),
        };
      }),
    );
    assert.deepEqual(
      drawn.map(({ fill, title }) => [fill, title]),
      [
        ['rgb(249, 168, 37)', 'small: ContainerCreating (restarts 0)'],
        ['rgb(46, 125, 50)', 'small: Running (restarts 0)'],
      ],
    );
    for (const segment of drawn) assert.ok(segment.width >= 2, `segment drawn ${segment.width}px wide`);
    const segments = segmentsOf(timelineSvg);
    assert.deepEqual(await pixelColours(page, page.url(), insideSegments(segments)), ['#f9a825', '#2e7d32']);
    assert.deepEqual(errors, []);
    await page.close();
  });
});
