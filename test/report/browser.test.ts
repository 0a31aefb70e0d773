/**
 * The HTML report in a real browser (issue 7): Debian's Chromium, driven by
 * playwright-core, opens reports written by the built CLI from file:// and
 * checks what only a browser can: no console error (a CSP violation would be
 * one), no request besides the document, one heatmap cell per theme × group,
 * the XSS fixture's payloads shown as text with none of them run, working
 * in-page links, the print style. Screenshots go to test-output/ (gitignored).
 *
 * Without Chromium (or with COCREATE_SKIP_BROWSER=1) the tests skip with one
 * line saying so; under CI=true a missing Chromium fails the run instead
 * (.ci/run installs it): helpers/external.ts.
 */
import { existsSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { chromium, type Browser, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FIXTURES, REPO_ROOT, runCli } from '../helpers/cli.js';
import { requireExternal } from '../helpers/external.js';

const CHROMIUM = process.env.COCREATE_CHROMIUM ?? '/usr/bin/chromium';
const SKIP =
  process.env.COCREATE_SKIP_BROWSER === '1' ||
  !requireExternal('Chromium', existsSync(CHROMIUM), 'the HTML report in a real browser', `no browser at ${CHROMIUM}; apt-get install chromium (.ci/run does) or point COCREATE_CHROMIUM at one`);
const OUTPUT = join(REPO_ROOT, 'test-output', 'report');

interface Visit {
  page: Page;
  errors: string[];
  requests: string[];
}

describe.skipIf(SKIP)('HTML report in Chromium', () => {
  let browser: Browser;

  beforeAll(async () => {
    mkdirSync(OUTPUT, { recursive: true });
    try {
      browser = await chromium.launch({
        executablePath: CHROMIUM,
        args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--no-first-run', '--disable-sync'],
      });
    } catch (error) {
      throw new Error(`Chromium at ${CHROMIUM} could not be launched (set COCREATE_SKIP_BROWSER=1 to skip the browser tests): ${(error as Error).message}`);
    }
  });

  afterAll(async () => {
    await browser?.close();
  });

  /** Writes a report with the built CLI and opens it, recording console errors and requests. */
  async function open(name: string, cliArgs: string[], cwd: string): Promise<Visit> {
    const file = join(OUTPUT, `${name}.html`);
    const result = runCli([...cliArgs, '-o', file], { cwd });
    expect(result.status, result.stderr).toBe(0);
    const page = await browser.newPage({ viewport: { width: 1200, height: 1500 } });
    const errors: string[] = [];
    const requests: string[] = [];
    const url = pathToFileURL(file).href;
    page.on('console', (message) => {
      if (message.type() === 'error' || message.type() === 'warning') errors.push(`${message.type()}: ${message.text()}`);
    });
    page.on('pageerror', (error) => errors.push(`page error: ${error.message}`));
    page.on('request', (request) => {
      if (request.url() !== url) requests.push(request.url());
    });
    await page.goto(url, { waitUntil: 'load' });
    return { page, errors, requests };
  }

  it('the garden fixture: no errors, no requests, a 2 × 2 heatmap, links that land', async () => {
    const { page, errors, requests } = await open('garden', ['report', 'interviews', '--codebook', 'codebooks/garden.yaml'], join(FIXTURES, 'report'));
    expect(errors).toEqual([]);
    expect(requests).toEqual([]);
    // Two themes (plants, tools) × two units (North, South).
    expect(await page.locator('[data-cell="theme-group"]').count()).toBe(4);
    expect(await page.locator('script').count()).toBe(0);
    // A heatmap cell links to the segments behind it.
    await page.locator('[data-cell="theme-group"][data-theme="plants"][data-group="North"]').click();
    expect(await page.evaluate(() => location.hash)).toBe('#idx-plants--g1');
    expect(await page.locator('#idx-plants--g1').innerText()).toContain('a1 1, 2; a2 1');
    // Charts carry an accessible name and description.
    expect(await page.locator('svg[role="img"]').count()).toBeGreaterThanOrEqual(4);
    for (const svg of await page.locator('svg[role="img"]').all()) {
      const ids = ((await svg.getAttribute('aria-labelledby')) ?? '').split(' ');
      expect(ids).toHaveLength(2);
      for (const id of ids) expect(await page.locator(`#${id}`).count()).toBe(1);
    }
    // Print style: no navigation, no collapsed data tables, figures kept.
    await page.emulateMedia({ media: 'print' });
    expect(await page.locator('nav').evaluate((element) => getComputedStyle(element).display)).toBe('none');
    expect(await page.locator('#fig-themes-t').count()).toBe(1);
    await page.emulateMedia({ media: 'screen' });
    await page.screenshot({ path: join(OUTPUT, 'garden.png'), fullPage: true });
    await page.close();
  });

  it('the XSS fixture: every payload is visible text and none of them ran', async () => {
    const { page, errors, requests } = await open('xss', ['report', 'interviews', '--codebook', 'codebooks/xss.yaml'], join(FIXTURES, 'report-xss'));
    expect(errors).toEqual([]);
    expect(requests).toEqual([]);
    expect(await page.evaluate(() => (window as unknown as { __pwned?: unknown }).__pwned)).toBeUndefined();
    expect(await page.locator('script, img, iframe, object, embed').count()).toBe(0);
    expect(await page.locator('svg:not([role="img"])').count()).toBe(0); // the transcript's <svg onload> is text
    const text = await page.locator('body').innerText();
    expect(text).toContain('<script>window.__pwned=1</script>');
    expect(text).toContain('<img src=x onerror="window.__pwned=2">');
    expect(text).toContain('</style>');
    expect(text).toContain('Escaping </title><script>window.__pwned=10</script>');
    expect(await page.title()).toBe('Escaping </title><script>window.__pwned=10</script> — coding report');
    // The theme's </style> did not end the style sheet: the page is still styled.
    expect(await page.locator('body').evaluate((element) => getComputedStyle(element).margin)).toBe('0px');
    // The unit attribute survives as a data attribute value.
    expect(await page.locator('[data-cell="theme-group"]').first().getAttribute('data-group')).toBe('"><img src=x onerror="window.__pwned=3">');
    await page.screenshot({ path: join(OUTPUT, 'xss.png') });
    await page.close();
  });

  it.runIf(existsSync(join(REPO_ROOT, 'codebooks', 'coval.yaml')))('the fourteen interviews: one heatmap cell per theme × unit, no errors, no requests', async () => {
    const { page, errors, requests } = await open('corpus', ['report', 'interviews/'], REPO_ROOT);
    expect(errors).toEqual([]);
    expect(requests).toEqual([]);
    // Themes and units counted independently of the report, from `code --by unit --format json`.
    const json = JSON.parse(runCli(['code', 'interviews/', '--by', 'unit', '--format', 'json']).stdout) as { themes: unknown[]; groups: unknown[] };
    expect(await page.locator('[data-cell="theme-group"]').count()).toBe(json.themes.length * json.groups.length);
    await page.screenshot({ path: join(OUTPUT, 'corpus.png') });
    await page.close();
  });
});
