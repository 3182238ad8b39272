import { spawnSync } from 'node:child_process';
import { mkdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import axe from 'axe-core';
import { chromium, type Browser, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { driveAccepted, recentHistory } from './histories.js';
import { startStack, type Stack } from './stack.js';

const root = join(dirname(fileURLToPath(import.meta.url)), '../..');
const dashboardDir = join(root, 'packages/dashboard');
/** Screenshots are the test's artefacts: the board at desktop and phone width. */
const SHOTS = join(root, '.cache/screenshots');
/** Debian's Chromium; no browser is downloaded. */
const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
/** Cards per page of a column (`BOARD_PAGE` of the dashboard). */
const PAGE = 20;
/** More leads than two pages, all in the first stage: a column with a page 2 and a page 3. */
const QUALIFY_LEADS = 2 * PAGE + 5;

let stack: Stack;
let browser: Browser;

interface LeadPage {
  leads: { leadId: string; name: string | null }[];
  nextCursor: string | null;
  total: { value: number; relation: string };
}
interface LeadDetail {
  leadId: string;
  name: string | null;
  timeline: { stage: string; enteredAt: string; leftAt: string | null }[];
}

beforeAll(async () => {
  const build = spawnSync(
    process.execPath,
    [join(dashboardDir, 'node_modules/vite/bin/vite.js'), 'build', '--logLevel', 'warn'],
    { cwd: dashboardDir, encoding: 'utf8' },
  );
  expect(build.status, build.stderr).toBe(0);
  stack = await startStack({ queryEnv: { DASHBOARD_DIR: join(dashboardDir, 'dist') } });
  await driveAccepted(stack, recentHistory(27, 40));
  for (let i = 0; i < QUALIFY_LEADS; i++) {
    const res = await fetch(`${stack.command.url}/v1/leads`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({
        name: `Board lead ${i}`,
        company: `Board Co ${i % 7}`,
        amount: { value: 10_000 * (i + 1), currency: 'EUR' },
      }),
    });
    expect(res.status).toBe(201);
  }
  await stack.waitForProjection();
  browser = await chromium.launch({
    executablePath: CHROMIUM,
    args: ['--no-sandbox', '--disable-gpu', '--no-first-run', '--disable-background-networking'],
  });
  mkdirSync(SHOTS, { recursive: true });
}, 180_000);

afterAll(async () => {
  await browser?.close();
  await stack?.stop();
});

async function api<T>(path: string): Promise<T> {
  const res = await fetch(`${stack.query.url}${path}`);
  expect(res.status, path).toBe(200);
  return (await res.json()) as T;
}

/** The API's pages of a column, as the board asks for them. */
async function apiPages(stage: string, n: number): Promise<string[][]> {
  const pages: string[][] = [];
  let cursor = '';
  for (let i = 0; i < n; i++) {
    const page = await api<LeadPage>(
      `/v1/leads?pipelineId=default&stage=${stage}&limit=${PAGE}${cursor && `&cursor=${cursor}`}`,
    );
    pages.push(page.leads.map((l) => l.leadId));
    cursor = page.nextCursor ?? '';
  }
  return pages;
}

/** An attribute of every element `selector` matches (read in the page: no DOM types here). */
const attrs = (page: Page, selector: string, name: string) =>
  page.evaluate<string[]>(
    `[...document.querySelectorAll(${JSON.stringify(selector)})].map((n) => n.getAttribute(${JSON.stringify(name)}))`,
  );

const cards = (page: Page, stage: string) =>
  attrs(page, `[data-column=${stage}] .card`, 'data-lead');

/** Opens the dashboard and waits for the board; collects console errors. */
async function openBoard(width: number, height: number, options: { bypassCSP?: boolean } = {}) {
  const page = await browser.newPage({ viewport: { width, height }, ...options });
  const errors: string[] = [];
  page.on('console', (m) => {
    if (m.type() === 'error') errors.push(m.text());
  });
  page.on('pageerror', (e) => errors.push(e.message));
  await page.goto(`${stack.query.url}/dashboard/`);
  await page.waitForSelector('#board[data-loaded]', { timeout: 15_000 });
  return { page, errors };
}

describe('the pipeline board in headless Chromium', () => {
  it('shows one column per stage and pages through a column as the API pages', async () => {
    const { page, errors } = await openBoard(1280, 900);
    const pipelines = await api<{ pipelines: { id: string; stages: { id: string }[] }[] }>(
      '/v1/pipelines',
    );
    const stages = pipelines.pipelines.find((p) => p.id === 'default')?.stages.map((s) => s.id);
    const columns = await attrs(page, '[data-column]', 'data-column');
    expect(columns).toEqual(stages);

    const [first, second, third] = await apiPages('qualify', 3);
    expect(second).toHaveLength(PAGE);
    expect(await cards(page, 'qualify')).toEqual(first);
    await page.getByRole('button', { name: 'More leads in qualify' }).click();
    await page.waitForSelector('[data-column=qualify][data-pages="2"]');
    const shown = await cards(page, 'qualify');
    expect(shown.slice(PAGE)).toEqual(second);
    expect(new Set(shown).size).toBe(2 * PAGE); // page 2 holds other leads than page 1
    await page.getByRole('button', { name: 'More leads in qualify' }).click();
    await page.waitForSelector('[data-column=qualify][data-pages="3"]');
    expect((await cards(page, 'qualify')).slice(2 * PAGE)).toEqual(third);

    const total = await api<LeadPage>('/v1/leads?stage=qualify&limit=1');
    const heading = await page.locator('[data-column=qualify] h3').textContent();
    expect(heading).toBe(`qualify (${total.total.value})`);
    await page.locator('#board-section').screenshot({ path: join(SHOTS, 'board-desktop.png') });
    expect(errors).toEqual([]);
    await page.close();
  });

  it('opens the timeline of a clicked card, equal to GET /v1/leads/{leadId}', async () => {
    const { page, errors } = await openBoard(1280, 900);
    const target = (await apiPages('demo', 1))[0]?.[0];
    if (target === undefined) throw new Error('no lead in demo');
    await page.locator(`[data-lead="${target}"]`).click();
    const dialog = page.getByRole('dialog');
    await dialog.waitFor();
    const lead = await api<LeadDetail>(`/v1/leads/${target}`);
    expect(lead.timeline.length).toBeGreaterThanOrEqual(2);
    expect(await dialog.locator('h2').textContent()).toBe(lead.name);
    const shown = await attrs(page, 'dialog [data-testid=timeline] li', 'data-stage');
    expect(shown).toEqual(lead.timeline.map((t) => t.stage));
    const text = (await dialog.locator('[data-testid=timeline]').textContent()) ?? '';
    for (const visit of lead.timeline) {
      expect(text).toContain(visit.enteredAt.slice(0, 16).replace('T', ' '));
    }
    await page.screenshot({ path: join(SHOTS, 'board-timeline-desktop.png') });
    await dialog.getByRole('button', { name: 'Close' }).click();
    await expect.poll(() => dialog.isVisible()).toBe(false);
    expect(errors).toEqual([]);
    await page.close();
  });

  it('has no serious or critical accessibility violation with the board and the timeline shown', async () => {
    const { page } = await openBoard(1280, 900, { bypassCSP: true });
    await page.addScriptTag({ content: axe.source });
    const run = () =>
      page.evaluate<{ id: string; impact: string; help: string }[]>(
        `axe.run().then((r) => r.violations.map(({ id, impact, help }) => ({ id, impact, help })))`,
      );
    const serious = (v: { impact: string }[]) =>
      v.filter((x) => x.impact === 'serious' || x.impact === 'critical');
    expect(await page.locator('#board .card').count()).toBeGreaterThan(PAGE);
    expect(serious(await run())).toEqual([]);
    await page.locator('#board .card').first().click();
    await page.getByRole('dialog').waitFor();
    expect(serious(await run())).toEqual([]);
    await page.close();
  });

  it('fits a phone: the board scrolls inside itself, the page does not', async () => {
    const { page, errors } = await openBoard(390, 844);
    const overflow = await page.evaluate<number>(
      'document.documentElement.scrollWidth - document.documentElement.clientWidth',
    );
    expect(overflow).toBeLessThanOrEqual(0);
    await page.locator('#board-section').scrollIntoViewIfNeeded();
    await page.locator('#board-section').screenshot({ path: join(SHOTS, 'board-phone.png') });
    expect(errors).toEqual([]);
    await page.close();
  });
});
