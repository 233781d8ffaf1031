import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type BrowserContext, chromium, type Page } from 'playwright-core';
import type { Dom } from './dom.ts';

/** Debian's Chromium, which .ci/install-system-packages.sh installs. */
export const CHROMIUM = '/usr/bin/chromium';
export const CHROMIUM_MISSING = 'chromium not installed: run .ci/install-system-packages.sh';

const ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

export function chromiumInstalled(): boolean {
  return existsSync(CHROMIUM);
}

export interface HeadlessChromium {
  context: BrowserContext;
  close(): Promise<void>;
}

/** Headless Chromium with a fresh profile (user data dir), removed again on close. */
export async function launchChromium(): Promise<HeadlessChromium> {
  const profile = mkdtempSync(join(tmpdir(), 'kuke-chromium-'));
  const context = await chromium.launchPersistentContext(profile, {
    executablePath: CHROMIUM,
    headless: true,
    args: ARGS,
  });
  return {
    context,
    close: async () => {
      await context.close();
      rmSync(profile, { recursive: true, force: true });
    },
  };
}

/** Collects what a person would see as errors in the developer tools: console errors, uncaught exceptions, failed loads. */
export function collectErrors(page: Page): string[] {
  const errors: string[] = [];
  page.on('console', (message) => {
    if (message.type() === 'error') errors.push(`console: ${message.text()}`);
  });
  page.on('pageerror', (error) => errors.push(`exception: ${error.message}`));
  page.on('requestfailed', (request) =>
    errors.push(`request failed: ${request.url()} ${request.failure()?.errorText ?? ''}`),
  );
  page.on('response', (response) => {
    if (response.status() >= 400) errors.push(`HTTP ${response.status()}: ${response.url()}`);
  });
  return errors;
}

/**
 * Draws an image (a URL the page may load) on a canvas and reads the colour at each point:
 * proof that the picture renders, not only that its markup is there.
 */
export async function pixelColours(
  page: Page,
  imageUrl: string,
  points: Array<{ x: number; y: number }>,
): Promise<string[]> {
  return page.evaluate(
    async ({ imageUrl, points }) => {
      const dom = globalThis as unknown as Dom;
      const image = new dom.Image();
      image.src = imageUrl;
      await image.decode();
      // createElementNS: the page may be an SVG document, where createElement makes SVG elements.
      const canvas = dom.document.createElementNS('http://www.w3.org/1999/xhtml', 'canvas');
      canvas.width = image.naturalWidth;
      canvas.height = image.naturalHeight;
      const context = canvas.getContext('2d');
      if (!context) throw new Error('no 2d canvas');
      context.drawImage(image, 0, 0);
      return points.map(({ x, y }) => {
        const [r, g, b] = context.getImageData(x, y, 1, 1).data;
        return `#${[r, g, b].map((v) => (v ?? 0).toString(16).padStart(2, '0')).join('')}`;
      });
    },
    { imageUrl, points },
  );
}
