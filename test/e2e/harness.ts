// Starts the harness app in a real Vite dev server with the reference API mounted, and a real
// Chromium with its popup blocker ON. The page is served as http://localhost:PORT and the consent
// page as http://127.0.0.1:PORT: a different origin, as a real provider is.
import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import react from '@vitejs/plugin-react';
import { type Browser, type BrowserContext, chromium, type Page } from 'playwright';
import { afterAll, afterEach, beforeAll } from 'vitest';
import './app/globals.d.ts';
import { build, createServer, type PluginOption, preview, type ViteDevServer } from 'vite';
import type { ReferenceApi } from '../../src/testing/index.ts';
import type { ReferenceApiVitePlugin } from '../../src/testing/vite-plugin.ts';
import { referenceApiPlugin } from '../../src/testing/vite-plugin.ts';
import { CHROMIUM_ARGS, CHROMIUM_PATH } from '../../vite.config.ts';
import { OPTIMIZE_DEPS } from '../../vite.shared.ts';

export const ROOT = resolve(import.meta.dirname, '../..');

export interface Harness {
  /** `http://localhost:PORT`: the app's origin. */
  origin: string;
  /** `http://127.0.0.1:PORT`: the consent page's origin. */
  consentOrigin: string;
  api: ReferenceApi;
  browser: Browser;
  close(): Promise<void>;
}

/** `production`: these pages built for production; `plugins`: added to that build (a bench's instruments). */
export async function startHarness(options: { production?: string[]; plugins?: PluginOption[] } = {}): Promise<Harness> {
  const plugin = referenceApiPlugin({ callbackModule: '/src/callback/index.ts' });
  if (options.production) return startProduction(plugin, options.production, options.plugins ?? []);
  const server: ViteDevServer = await createServer({
    configFile: false,
    root: ROOT,
    logLevel: 'error',
    plugins: [react(), plugin],
    server: { host: '127.0.0.1', port: 0, strictPort: false, hmr: false },
    // Scan only these pages: the consumer apps under test/consumer import the packed package, not src/.
    optimizeDeps: { include: OPTIMIZE_DEPS, entries: ['test/e2e/app/*.html'] },
  });
  await server.listen();
  const address = server.httpServer?.address();
  const port = typeof address === 'object' && address ? address.port : 0;
  const browser = await chromium.launch({
    ...(existsSync(CHROMIUM_PATH) ? { executablePath: CHROMIUM_PATH } : {}),
    args: CHROMIUM_ARGS,
    // Playwright turns the popup blocker off by default; these tests need it on, or no blocker test means anything.
    ignoreDefaultArgs: ['--disable-popup-blocking'],
  });
  return {
    origin: `http://localhost:${port}`,
    consentOrigin: `http://127.0.0.1:${port}`,
    api: plugin.api,
    browser,
    close: async () => {
      await browser.close();
      await server.close();
    },
  };
}

/**
 * The given pages built for production (minified, React's production build) and served by
 * `vite preview`, with the reference API mounted: what a user's browser runs. For benchmarks.
 */
async function startProduction(plugin: ReferenceApiVitePlugin, pages: string[], extra: PluginOption[]): Promise<Harness> {
  const outDir = resolve(ROOT, 'node_modules/.cache/harness-production');
  // Vite reads NODE_ENV from the process, and a dev server started earlier set it to development.
  const previous = process.env.NODE_ENV;
  process.env.NODE_ENV = 'production';
  await build({
    configFile: false,
    root: ROOT,
    logLevel: 'error',
    plugins: [react(), ...extra],
    build: { outDir, emptyOutDir: true, rollupOptions: { input: pages.map((page) => resolve(ROOT, page)) } },
  }).finally(() => {
    process.env.NODE_ENV = previous;
  });
  const server = await preview({
    configFile: false,
    root: ROOT,
    logLevel: 'error',
    plugins: [plugin],
    build: { outDir },
    preview: { host: '127.0.0.1', port: 0 },
  });
  const address = server.httpServer.address();
  const port = typeof address === 'object' && address ? address.port : 0;
  const browser = await chromium.launch({ ...(existsSync(CHROMIUM_PATH) ? { executablePath: CHROMIUM_PATH } : {}), args: CHROMIUM_ARGS });
  return {
    origin: `http://localhost:${port}`,
    consentOrigin: `http://127.0.0.1:${port}`,
    api: plugin.api,
    browser,
    close: async () => {
      await browser.close();
      await server.close();
    },
  };
}

export interface AppPage {
  context: BrowserContext;
  page: Page;
  status(): Promise<string>;
  /** Statuses the wizard went through, in order. */
  statuses(): Promise<string[]>;
  events(name: string): Promise<unknown[]>;
  /** Waits for the wizard to reach `status`. */
  waitForStatus(status: string, timeout?: number): Promise<void>;
}

/** `init` runs in the page before its own scripts (e.g. to set the page's clock). */
export async function openApp(h: Harness, query = '', init?: () => void): Promise<AppPage> {
  const context = await h.browser.newContext();
  if (init) await context.addInitScript(init);
  const page = await context.newPage();
  await page.goto(`${h.origin}/test/e2e/app/index.html${query}`);
  await page.locator('#list-status').filter({ hasText: /\S/ }).waitFor({ timeout: 20_000 });
  const events = (name: string) =>
    page.evaluate((n) => window.__log.filter((e) => e.event === n).map((e) => e.detail), name) as Promise<unknown[]>;
  return {
    context,
    page,
    status: () => page.locator('#status').innerText(),
    statuses: () => events('status') as Promise<string[]>,
    events,
    waitForStatus: (status, timeout = 10_000) =>
      page.waitForFunction((s) => document.querySelector('#status')?.textContent === s, status, { timeout }).then(() => undefined),
  };
}

/**
 * One harness for a test file: started before its tests, closed after; each test's app page is
 * closed and the reference API reset after it.
 */
export function setupHarness(): { readonly h: Harness; open(query?: string, init?: () => void): Promise<AppPage> } {
  const state = {
    h: undefined as unknown as Harness,
    app: undefined as AppPage | undefined,
    async open(query = '', init?: () => void) {
      state.app = await openApp(state.h, query, init);
      return state.app;
    },
  };
  beforeAll(async () => {
    state.h = await startHarness();
  }, 60_000);
  afterAll(async () => {
    await state.h?.close();
  });
  afterEach(async () => {
    await state.app?.context.close();
    state.app = undefined;
    state.h.api.reset();
  });
  return state;
}

/** Clicks Connect (a real click: user activation) and returns the popup it opened. */
export async function clickConnect(app: AppPage): Promise<Page> {
  const [popup] = await Promise.all([app.context.waitForEvent('page', { timeout: 5000 }), app.page.click('#connect')]);
  return popup;
}

/** Waits for the consent page in the popup; returns the flow's state from its URL. */
export async function atConsent(popup: Page): Promise<string> {
  await popup.waitForURL(/\/oauth\/consent/, { timeout: 15_000 });
  return new URL(popup.url()).searchParams.get('state') ?? '';
}

/** The user approves or denies on the consent page. */
export async function decide(popup: Page, decision: 'Approve' | 'Deny'): Promise<void> {
  await atConsent(popup);
  await popup.getByRole('button', { name: decision }).click();
}
