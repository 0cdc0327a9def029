/**
 * The report as a reader sees it: report.html of a real Open Connect run (and of a
 * sweep) opened from disk in headless Chromium. Nothing may fail or load from
 * elsewhere, every chart must have drawn marks with real size on the page, and the
 * text must carry the run's key numbers. A screenshot is kept in test-artifacts/.
 */
import { mkdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { Browser, Page } from 'puppeteer-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { repoRoot, tempDir } from '../../test-helpers/cli.js';
import { formatBytes, formatPercent, formatSeconds } from './format.js';
import { writeReport } from './index.js';
import type { JsonObject } from './read.js';
import { launchChromium } from './test-helpers/chromium.js';
import { siteFailureRun, siteFailureSweep } from './test-helpers/fixtures.js';

interface Opened {
  page: Page;
  problems: string[];
}

/** Opens a file, collecting console errors, page errors and any request for another resource. */
async function open(browser: Browser, file: string): Promise<Opened> {
  const page = await browser.newPage();
  const problems: string[] = [];
  const url = pathToFileURL(file).href;
  page.on('console', (m) => {
    if (m.type() === 'error' || m.type() === 'warn') problems.push(`console ${m.type()}: ${m.text()}`);
  });
  page.on('pageerror', (e) => problems.push(`page error: ${(e as Error).message}`));
  page.on('requestfailed', (r) => problems.push(`request failed: ${r.url()}`));
  page.on('request', (r) => {
    if (r.url() !== url) problems.push(`loads another resource: ${r.url()}`);
  });
  await page.setViewport({ width: 960, height: 1200 });
  const response = await page.goto(url, { waitUntil: 'load' });
  expect(response?.ok() ?? true).toBe(true);
  return { page, problems };
}

interface ChartMarks {
  id: string;
  width: number;
  height: number;
  title: string;
  paths: number;
  rects: number;
  circles: number;
  ticks: number;
}

/** What the page's code below uses of an SVG element (the project compiles without the DOM library). */
interface Graphic {
  tagName: string;
  getAttribute(name: string): string | null;
  getBBox(): { width: number; height: number };
}

/** The page's text as a reader sees it. */
function pageText(page: Page): Promise<string> {
  return page.evaluate(() => (globalThis as unknown as { document: { body: { innerText: string } } }).document.body.innerText);
}

/** Per chart on the page: its drawn size, and its data marks that have a shape on screen. */
function countMarks(page: Page): Promise<ChartMarks[]> {
  return page.$$eval('svg.chart', (svgs) =>
    svgs.map((svg) => {
      const box = svg.getBoundingClientRect();
      const marks = Array.from(svg.querySelectorAll('.mark')) as unknown as Graphic[];
      const sized = (e: Graphic) => {
        const b = e.getBBox();
        return b.width > 0 || b.height > 0;
      };
      return {
        id: svg.id,
        width: box.width,
        height: box.height,
        title: svg.querySelector('title')?.textContent ?? '',
        paths: marks.filter((e) => e.tagName === 'path' && (e.getAttribute('d') ?? '').trim().length > 1 && sized(e)).length,
        rects: marks.filter((e) => e.tagName === 'rect' && Number(e.getAttribute('width')) > 0 && Number(e.getAttribute('height')) > 0 && sized(e)).length,
        circles: marks.filter((e) => e.tagName === 'circle' && Number(e.getAttribute('r')) > 0).length,
        ticks: svg.querySelectorAll('.axis text').length,
      };
    }),
  );
}

describe('report.html in headless Chromium', () => {
  const root = tempDir('cdnsim-browser-');
  const runDir = join(root, 'site-failure');
  const sweepDir = join(root, 'sweep');
  let browser: Browser;

  beforeAll(async () => {
    // Fails here, saying what to install, when chromium is missing.
    browser = await launchChromium();
    await siteFailureRun(runDir);
    await siteFailureSweep(sweepDir, { replications: 2 });
  }, 60_000);

  afterAll(async () => {
    await browser?.close();
  });

  it('an Open Connect run: every chart drawn, no error, the key numbers on the page', async () => {
    const { html, charts } = writeReport(runDir);
    const { page, problems } = await open(browser, html);
    expect(await page.$$eval('script, link, iframe, img, object, embed', (xs) => xs.length)).toBe(0);

    const drawn = await countMarks(page);
    expect(drawn.map((c) => c.id)).toEqual(charts.map((f) => `chart-${f.split('/').pop()!.replace(/\.svg$/, '')}`));
    for (const c of drawn) {
      expect(c.width, c.id).toBeGreaterThan(300);
      expect(c.height, c.id).toBeGreaterThan(150);
      expect(c.title, c.id).not.toBe('');
      expect(c.paths + c.rects + c.circles, `${c.id} has drawn marks`).toBeGreaterThan(0);
      expect(c.ticks, `${c.id} has axis ticks`).toBeGreaterThan(3);
    }
    const byId = new Map(drawn.map((c) => [c.id, c]));
    expect(byId.get('chart-traffic-by-rank')!.paths).toBe(5);
    expect(byId.get('chart-link-utilisation')!.rects).toBeGreaterThan(13);
    expect(byId.get('chart-startup-delay-cdf')!.circles).toBeGreaterThan(10);

    const s = JSON.parse(readFileSync(join(runDir, 'summary.json'), 'utf8')) as JsonObject;
    const text = await pageText(page);
    for (const n of [
      formatPercent(s.offload as number),
      formatPercent(s.hitRatio as number),
      formatBytes(s.bytesServed as number),
      formatBytes(s.transitBytes as number),
      formatSeconds(s.startupDelayP50 as number, 3),
      formatSeconds(s.startupDelayP95 as number, 3),
      formatPercent(s.rebufferRatio as number, 3),
    ]) {
      expect(text).toContain(n);
    }
    expect(text).toContain('site-down');

    const artifacts = join(repoRoot, 'test-artifacts');
    mkdirSync(artifacts, { recursive: true });
    await page.screenshot({ path: join(artifacts, 'report.png') as `${string}.png`, fullPage: true });
    expect(problems).toEqual([]);
    await page.close();
  });

  it('a sweep: the comparison charts are drawn with intervals', async () => {
    const { html } = writeReport(sweepDir);
    const { page, problems } = await open(browser, html);
    const drawn = await countMarks(page);
    expect(drawn.length).toBeGreaterThanOrEqual(7);
    for (const c of drawn) expect(c.paths + c.rects + c.circles, `${c.id} has drawn marks`).toBeGreaterThan(0);
    // Two combinations x (two replication dots + a mean dot), and an interval bar each.
    const offload = drawn.find((c) => c.id === 'chart-compare-offload')!;
    expect(offload.circles).toBe(6);
    expect(offload.paths).toBe(2);
    expect(await pageText(page)).toContain('placement.policy=hybrid');
    expect(problems).toEqual([]);
    await page.close();
  });
});
