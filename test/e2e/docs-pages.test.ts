// The docs pages as a reader gets them: Storybook's dev server (what `npm start` runs) and every
// autodocs page of its index opened in Chromium. Each renders without an error, shows what the
// source's JSDoc says, none of its stories shows a failure, and axe finds no WCAG A/AA violation.
// (The storybook Vitest project runs stories one by one; a docs page renders them all at once.)
import { type ChildProcess, spawn } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { resolve } from 'node:path';
import { type Browser, chromium, type Page } from 'playwright';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { apiDocOf, documentedName } from '../../stories/docs/api-docs.ts';
import { CHROMIUM_ARGS, CHROMIUM_PATH } from '../../vite.config.ts';
import { ROOT } from './harness.ts';

const AXE = readFileSync(resolve(ROOT, 'node_modules/axe-core/axe.min.js'), 'utf8');

async function freePort(): Promise<number> {
  return new Promise((done, fail) => {
    const server = createServer();
    server.once('error', fail);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => done(typeof address === 'object' && address ? address.port : 0));
    });
  });
}

interface DocsEntry {
  id: string;
  title: string;
  type: string;
  tags?: string[];
}

let storybook: ChildProcess | undefined;
let browser: Browser;
let origin = '';
let pages: DocsEntry[] = [];
let output = '';

/** Waits for Storybook's index to answer; fails with what the server printed if it never does. */
async function indexOf(url: string, until: number): Promise<{ entries: Record<string, DocsEntry> }> {
  for (;;) {
    try {
      const response = await fetch(`${url}/index.json`);
      if (response.ok) return (await response.json()) as { entries: Record<string, DocsEntry> };
    } catch {
      // not listening yet
    }
    if (Date.now() > until || storybook?.exitCode != null) throw new Error(`Storybook did not start:\n${output.slice(-2000)}`);
    await new Promise((r) => setTimeout(r, 500));
  }
}

beforeAll(async () => {
  const port = await freePort();
  origin = `http://127.0.0.1:${port}`;
  storybook = spawn(
    resolve(ROOT, 'node_modules/.bin/storybook'),
    ['dev', '-p', String(port), '--host', '127.0.0.1', '--exact-port', '--ci', '--no-open', '--quiet'],
    { cwd: ROOT, detached: true, stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, STORYBOOK_DISABLE_TELEMETRY: '1' } },
  );
  storybook.stdout?.on('data', (chunk) => {
    output += chunk;
  });
  storybook.stderr?.on('data', (chunk) => {
    output += chunk;
  });
  const index = await indexOf(origin, Date.now() + 90_000);
  pages = Object.values(index.entries).filter((e) => e.type === 'docs' && e.tags?.includes('autodocs'));
  browser = await chromium.launch({ ...(existsSync(CHROMIUM_PATH) ? { executablePath: CHROMIUM_PATH } : {}), args: CHROMIUM_ARGS });
}, 120_000);

afterAll(async () => {
  await preview?.close();
  await browser?.close();
  // The server and the processes it started: its own process group.
  if (storybook?.pid) {
    try {
      process.kill(-storybook.pid, 'SIGTERM');
    } catch {
      // already gone
    }
  }
});

/**
 * One preview page for every docs page: the first is loaded, the next ones are switched to as
 * Storybook's manager does (a `setCurrentStory` on the preview's channel), not reloaded, which on
 * a dev server means hundreds of module requests each time.
 */
let preview: Page | undefined;
let problems: string[] = [];

/** Shows a docs page and waits until its stories have rendered. */
async function showDocs(id: string, name: string): Promise<Page> {
  if (!preview) {
    preview = await browser.newPage({ viewport: { width: 1200, height: 900 } });
    preview.on('pageerror', (error) => problems.push(`uncaught: ${error.message}`));
    preview.on('console', (message) => {
      // iframe.html opened alone asks for a favicon that only Storybook's manager page serves.
      if (message.type() === 'error' && !/favicon/.test(message.location().url)) problems.push(`console.error: ${message.text()}`);
    });
    await preview.goto(`${origin}/iframe.html?id=${id}&viewMode=docs`);
  } else {
    await preview.evaluate((storyId) => {
      const channel = (window as unknown as { __STORYBOOK_ADDONS_CHANNEL__: { emit(event: string, data: unknown): void } })
        .__STORYBOOK_ADDONS_CHANNEL__;
      channel.emit('setCurrentStory', { storyId, viewMode: 'docs' });
    }, id);
  }
  const page = preview;
  await page.locator('#storybook-docs h1', { hasText: name }).first().waitFor({ timeout: 60_000 });
  // Every story on the page has rendered: inline into its `…-inner` element, or into its own frame
  // (frames load lazily: each is scrolled into view, as a reader scrolling down would).
  for (const storyId of await page.locator('.docs-story .sb-story[id^="story--"]').evaluateAll((all) => all.map((s) => s.id))) {
    await page.locator(`[id="${storyId}"]`).scrollIntoViewIfNeeded();
    await page
      .waitForFunction(
        (sid) => {
          const story = document.getElementById(sid);
          const frame = story?.querySelector('iframe');
          const root = frame ? frame.contentDocument?.querySelector('#storybook-root') : story?.querySelector('[id$="-inner"]');
          return (root?.childElementCount ?? 0) > 0;
        },
        storyId,
        { timeout: 30_000 },
      )
      .catch(() => problems.push(`${storyId} did not render in 30 s`));
  }
  // What a story shows once its first requests are answered (a wizard keeps polling: no network idle).
  await page.waitForTimeout(1500);
  return page;
}

describe('given the docs pages of `npm start`', () => {
  it('should list a docs page for each component and hook the stories document', () => {
    const titles = pages.map((p) => p.title);
    for (const title of [
      'Components/ConnectionList',
      'Components/ConnectWizardDialog',
      'Hooks/useConnectionWizard',
      'Core/readConnectionRequest',
    ]) {
      expect(titles).toContain(title);
    }
  });

  it('should render each page without an error, with its JSDoc, no failing story, and no axe violation', async () => {
    expect(pages.length).toBeGreaterThanOrEqual(11);
    const failures: string[] = [];
    for (const entry of pages) {
      const name = documentedName(entry.title);
      problems = [];
      const page = await showDocs(entry.id, name);
      {
        if (await page.locator('.sb-errordisplay').isVisible())
          problems.push(`error display: ${await page.locator('.sb-errordisplay').innerText()}`);
        const doc = apiDocOf(name);
        const reference = page.locator(`[data-api="${name}"]`);
        const shown = (await reference.count()) ? await reference.innerText() : '';
        const firstWords = (doc?.doc.description ?? '(no JSDoc found)').split(/\s+/).slice(0, 6).join(' ').replace(/`/g, '');
        if (!shown.replace(/\s+/g, ' ').includes(firstWords))
          problems.push(`the JSDoc's description is not on the page ("${firstWords}…")`);
        const example = doc?.doc.examples[0]?.split('\n')[1]?.trim() ?? '(no @example)';
        if (!shown.includes(example)) problems.push(`the @example is not on the page ("${example}")`);
        // A story that shows an error on its docs page (the reference API shared by stories rendered at once).
        for (const frame of page.frames()) {
          const alerts = await frame.locator('[role="alert"]').allInnerTexts();
          for (const alert of alerts) if (alert.trim()) problems.push(`a story shows an alert: ${alert.trim()}`);
        }
        if (!(await page.evaluate(() => 'axe' in window))) await page.addScriptTag({ content: AXE });
        const violations = await page.evaluate(async () => {
          const axe = (
            window as unknown as {
              axe: { run: (context: string, options: object) => Promise<{ violations: { id: string; nodes: { target: string[] }[] }[] }> };
            }
          ).axe;
          const result = await axe.run('#storybook-docs', { runOnly: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'] });
          return result.violations.map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`);
        });
        problems.push(...violations.map((v) => `axe ${v}`));
      }
      failures.push(...problems.map((p) => `${entry.title}: ${p}`));
    }
    expect(failures).toEqual([]);
  }, 600_000);
});
