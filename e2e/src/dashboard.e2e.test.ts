import { spawnSync } from 'node:child_process';
import { mkdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { waitFor } from '@dealflow/testkit';
import axe from 'axe-core';
import { chromium, type Browser, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { driveAccepted, recentHistory } from './histories.js';
import { startStack, type Stack } from './stack.js';

const root = join(dirname(fileURLToPath(import.meta.url)), '../..');
const dashboardDir = join(root, 'packages/dashboard');
/** Screenshots are the test's artefacts: what the page showed, at desktop and phone width. */
const SHOTS = join(root, '.cache/screenshots');
/** Debian's Chromium; no browser is downloaded (`npm test` installs the package if missing). */
const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

let stack: Stack;
let browser: Browser;

interface Funnel {
  totals: { leads: number; won: number };
  winRate: number | null;
  stages: { stage: string; reached: number; current: number; lost: number }[];
}

beforeAll(async () => {
  const build = spawnSync(
    process.execPath,
    [join(dashboardDir, 'node_modules/vite/bin/vite.js'), 'build', '--logLevel', 'warn'],
    { cwd: dashboardDir, encoding: 'utf8' },
  );
  expect(build.status, build.stderr).toBe(0);
  stack = await startStack({ queryEnv: { DASHBOARD_DIR: join(dashboardDir, 'dist') } });
  await driveAccepted(stack, recentHistory(14, 60));
  await stack.waitForProjection();
  browser = await chromium.launch({
    executablePath: CHROMIUM,
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
    ],
  });
  mkdirSync(SHOTS, { recursive: true });
}, 180_000);

afterAll(async () => {
  await browser?.close();
  await stack?.stop();
});

const api = async (path: string): Promise<Funnel> => {
  const res = await fetch(`${stack.query.url}${path}`);
  expect(res.status).toBe(200);
  return (await res.json()) as Funnel;
};

/** The page's funnel table as numbers, stage by stage (read in the page). */
const pageFunnel = (page: Page) =>
  page.evaluate<{ stage: string | null; reached: number }[]>(
    `[...document.querySelectorAll('[data-testid=funnel-table] tbody tr')].map((row) => ({
      stage: row.getAttribute('data-stage'),
      reached: Number(row.querySelector('[data-field=reached]')?.textContent?.replace(/,/g, '')),
    }))`,
  );

const expected = (f: Funnel) => [
  ...f.stages.map((s) => ({ stage: s.stage, reached: s.reached })),
  { stage: 'won', reached: f.totals.won },
];

/** Opens the dashboard and waits until its first numbers are in; collects console errors. */
async function open(width: number, height: number, options: { bypassCSP?: boolean } = {}) {
  const page = await browser.newPage({ viewport: { width, height }, ...options });
  const errors: string[] = [];
  page.on('console', (m) => {
    if (m.type() === 'error') errors.push(m.text());
  });
  page.on('pageerror', (e) => errors.push(e.message));
  await page.goto(`${stack.query.url}/dashboard/`);
  await page.waitForSelector('body[data-loaded]', { timeout: 15_000 });
  await page.waitForSelector('#stream-state[data-state=live]', { timeout: 15_000 });
  return { page, errors };
}

describe('the dashboard in headless Chromium', () => {
  it('loads with no console error and shows the funnel of /v1/funnel', async () => {
    const { page, errors } = await open(1280, 900);
    expect(await pageFunnel(page)).toEqual(expected(await api('/v1/funnel')));
    await page.screenshot({ path: join(SHOTS, 'dashboard-desktop.png'), fullPage: true });
    expect(errors).toEqual([]);
    await page.close();
  });

  it('shows a new command within 2 s, with no reload', async () => {
    const { page, errors } = await open(1280, 900);
    const before = await pageFunnel(page);
    const res = await fetch(`${stack.command.url}/v1/leads`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ name: 'Live Co', amount: { value: 50_000, currency: 'EUR' } }),
    });
    expect(res.status).toBe(201);
    const sent = Date.now();
    await waitFor(
      async () => (await pageFunnel(page))[0]?.reached === (before[0]?.reached ?? 0) + 1,
      { timeoutMs: 2_000, intervalMs: 25, message: 'the new lead on the page' },
    );
    expect(Date.now() - sent).toBeLessThan(2_000);
    expect(await pageFunnel(page)).toEqual(expected(await api('/v1/funnel')));
    expect(errors).toEqual([]);
    await page.close();
  });

  it('asOf shows the funnel as it stood then, as the API answers it', async () => {
    const { page } = await open(1280, 900);
    const asOf = new Date(Date.now() - 12 * 86_400_000);
    const local = asOf.toISOString().slice(0, 16); // the picker's UTC minute
    await page.fill('#asOf', local);
    const then = await api(`/v1/funnel?asOf=${encodeURIComponent(`${local}:00Z`)}`);
    const now = await api('/v1/funnel');
    expect(then.totals.leads).toBeLessThan(now.totals.leads);
    await waitFor(
      async () => JSON.stringify(await pageFunnel(page)) === JSON.stringify(expected(then)),
      { timeoutMs: 10_000, message: `the page to show the funnel as of ${local}` },
    );
    await page.close();
  });

  it('has no serious or critical accessibility violation (axe-core)', async () => {
    const { page } = await open(1280, 900, { bypassCSP: true });
    // Injected as an inline script, which the page's own CSP (rightly) refuses.
    await page.addScriptTag({ content: axe.source });
    // Evaluated in the page (a string: this file is compiled without the DOM's types).
    const violations = await page.evaluate<{ id: string; impact: string; help: string }[]>(
      `axe.run().then((r) => r.violations.map(({ id, impact, help }) => ({ id, impact, help })))`,
    );
    expect(violations.filter((v) => v.impact === 'serious' || v.impact === 'critical')).toEqual([]);
    await page.close();
  });

  it('fits a phone: no horizontal scrolling, every panel shown', async () => {
    const { page, errors } = await open(390, 844);
    const overflow = await page.evaluate<number>(
      'document.documentElement.scrollWidth - document.documentElement.clientWidth',
    );
    expect(overflow).toBeLessThanOrEqual(0);
    // The funnel's table shows all its columns: its scroller has nothing to scroll.
    const hidden = await page.evaluate<number>(
      `(() => { const s = document.querySelector('[aria-label="Funnel table"]'); return s.scrollWidth - s.clientWidth; })()`,
    );
    expect(hidden).toBeLessThanOrEqual(0);
    expect(await page.locator('.panel').count()).toBe(6);
    await page.screenshot({ path: join(SHOTS, 'dashboard-phone.png'), fullPage: true });
    expect(errors).toEqual([]);
    await page.close();
  });
});
