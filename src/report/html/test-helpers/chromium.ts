/**
 * Debian's chromium for the report's browser test, driven headless by puppeteer-core;
 * never a downloaded browser. When it is missing the test fails saying so: it is part
 * of the suite, and CI installs the package.
 */
import { spawnSync } from 'node:child_process';
import puppeteer, { type Browser } from 'puppeteer-core';

export function findChromium(): string {
  for (const name of ['chromium', 'chromium-browser']) {
    const r = spawnSync('which', [name], { encoding: 'utf8' });
    const path = r.status === 0 ? r.stdout.trim() : '';
    if (path) return path;
  }
  throw new Error('chromium is not installed: the report test opens report.html in it headless (Debian: apt-get install chromium; .ci/run installs it)');
}

export async function launchChromium(): Promise<Browser> {
  return puppeteer.launch({ executablePath: findChromium(), headless: true, args: ['--headless=new', '--no-sandbox'] });
}
