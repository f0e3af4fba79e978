// What the consumer app tests share: a server process on loopback that the test stops, Chromium
// with its popup blocker on, and the user's whole path: open the page, see the list, connect
// Mercado Pago through the popup, approve on the consent page, see it connected.
import { type ChildProcess, execFile, spawn } from 'node:child_process';
import { cpSync, mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import { promisify } from 'node:util';
import { type Browser, chromium } from 'playwright';
import { expect } from 'vitest';
import { packPackage } from '../../scripts/pack.mjs';
import type { RunningReferenceApi } from '../../src/testing/index.ts';
import { CHROMIUM_ARGS, CHROMIUM_PATH } from '../../vite.config.ts';
import { decide } from '../e2e/harness.ts';
import { installOffline, type OfflineApp } from './offline-install.ts';

/**
 * The packed tarball installed offline into a fresh copy of `template` in a temporary folder, and
 * the reference API of the tarball's own `/testing`, on loopback.
 */
export async function createApp(
  template: string,
  app: Omit<OfflineApp, 'dir' | 'tarball'>,
): Promise<{ dir: string; api: RunningReferenceApi }> {
  const packed = packPackage();
  const dir = mkdtempSync(join(tmpdir(), `${app.name}-`));
  cpSync(template, dir, { recursive: true });
  installOffline({ ...app, dir, tarball: packed.tarball });
  const testing = (await import(join(packed.dir, 'dist/testing.js'))) as typeof import('../../src/testing/index.ts');
  return { dir, api: await testing.serveReferenceApi({ port: 0 }) };
}

/** Runs `node script ...args` in `cwd` (a production build); its output is in the error when it fails. */
export async function build(script: string, args: string[], cwd: string, env: NodeJS.ProcessEnv, timeoutMs: number): Promise<void> {
  await promisify(execFile)(process.execPath, [script, ...args], { cwd, env, timeout: timeoutMs, maxBuffer: 64 * 1024 * 1024 }).catch(
    (error) => {
      throw new Error(`${basename(script)} ${args.join(' ')} failed:\n${error.stdout}\n${error.stderr}`);
    },
  );
}

/** Stops what a consumer test started, and removes its app folder. */
export async function stopAll(started: { browser?: Browser; app?: AppServer; api?: RunningReferenceApi; dir?: string }): Promise<void> {
  await started.browser?.close();
  await started.app?.close();
  await started.api?.close();
  if (started.dir) rmSync(started.dir, { recursive: true, force: true });
}

export function freePort(): Promise<number> {
  return new Promise((done, fail) => {
    const probe = createServer();
    probe.once('error', fail);
    probe.listen(0, '127.0.0.1', () => {
      const address = probe.address();
      probe.close(() => done(typeof address === 'object' && address ? address.port : 0));
    });
  });
}

export interface AppServer {
  origin: string;
  close(): Promise<void>;
}

/** Starts `node script ...args` in `cwd` on a free loopback port, waits until `/` answers 200. */
export async function startServer(
  cwd: string,
  args: (port: number) => string[],
  env: NodeJS.ProcessEnv,
  timeoutMs: number,
): Promise<AppServer> {
  const port = await freePort();
  const origin = `http://127.0.0.1:${port}`;
  let log = '';
  const child: ChildProcess = spawn(process.execPath, args(port), { cwd, env, stdio: ['ignore', 'pipe', 'pipe'] });
  child.stdout?.on('data', (chunk) => {
    log += chunk;
  });
  child.stderr?.on('data', (chunk) => {
    log += chunk;
  });
  const close = async () => {
    if (child.exitCode !== null || child.signalCode !== null) return;
    const exited = new Promise((r) => child.once('exit', r));
    child.kill('SIGTERM');
    await Promise.race([exited, new Promise((r) => setTimeout(r, 10_000))]);
    if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
  };
  const until = Date.now() + timeoutMs;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`${args(port).join(' ')} exited (${child.exitCode}):\n${log}`);
    try {
      if ((await fetch(`${origin}/`)).ok) return { origin, close };
    } catch {
      // not listening yet
    }
    if (Date.now() > until) {
      await close();
      throw new Error(`${args(port).join(' ')} did not answer ${origin}/ in ${timeoutMs} ms:\n${log}`);
    }
    await new Promise((r) => setTimeout(r, 250));
  }
}

/** The system Chromium, the popup blocker on as in a user's browser (the popup must open in the click). */
export function launchBrowser(): Promise<Browser> {
  return chromium.launch({ executablePath: CHROMIUM_PATH, args: CHROMIUM_ARGS, ignoreDefaultArgs: ['--disable-popup-blocking'] });
}

/**
 * A user at `url` connects Mercado Pago from the list: Connect, Approve in the popup, which closes
 * by itself, and the row turns Connected. Returns what the page reported as errors.
 */
export async function connectMercadoPago(browser: Browser, url: string): Promise<string[]> {
  const context = await browser.newContext();
  try {
    const page = await context.newPage();
    const problems: string[] = [];
    page.on('pageerror', (error) => problems.push(`pageerror: ${error.message}`));
    page.on('console', (message) => {
      // A browser asks every site for /favicon.ico; the apps here have none, which is not ours to report.
      if (message.type() === 'error' && !message.location().url.endsWith('/favicon.ico')) {
        problems.push(`console: ${message.text()} (${message.location().url})`);
      }
    });
    await page.goto(url);
    const row = page.locator('[data-slot="connection-list-item"]', { hasText: 'Mercado Pago' });
    await expect.poll(() => row.getAttribute('data-status'), { timeout: 30_000 }).toBe('not_connected');
    // The stylesheet arrived: its custom properties are set on the component root.
    const radius = await page
      .locator('.csp')
      .first()
      .evaluate((el) => getComputedStyle(el).getPropertyValue('--csp-radius'));
    expect(radius.trim()).not.toBe('');

    const [popup] = await Promise.all([
      context.waitForEvent('page', { timeout: 15_000 }),
      row.getByRole('button', { name: 'Connect' }).click(),
    ]);
    // The callback page tells the opener and closes the popup itself. Listened for before the click:
    // a popup that closes before the listener is added would leave it waiting out its time-out.
    const closed = popup.waitForEvent('close', { timeout: 30_000 });
    await decide(popup, 'Approve');
    await closed;
    await expect.poll(() => row.getAttribute('data-status'), { timeout: 30_000 }).toBe('connected');
    await expect.poll(() => row.innerText()).toContain('Connected');
    return problems;
  } finally {
    await context.close();
  }
}
