// The README's "Set up in Vite" (test/consumer/vite): the packed tarball installed into a fresh
// Vite + React app, `vite build` (the callback page as a page of its own), `vite preview` on
// 127.0.0.1 with the config's proxy to the reference API, and a provider connected in Chromium.
// Offline: every package comes from the npm cache that `npm ci` of this repository filled.
import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import type { Browser } from 'playwright';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RunningReferenceApi } from '../../src/testing/index.ts';
import { SPAWN_TIMEOUT_MS } from '../spawn-timeout.ts';
import { type AppServer, build, connectMercadoPago, createApp, launchBrowser, startServer, stopAll } from './app.ts';

const TEMPLATE = resolve(import.meta.dirname, 'vite');
const SESSION = 'ses_demo';
const INSTALL_MS = 300_000;
const BUILD_MS = 300_000;
const START_MS = 60_000;

let dir: string | undefined;
let api: RunningReferenceApi | undefined;
let app: AppServer | undefined;
let browser: Browser | undefined;

beforeAll(
  async () => {
    ({ dir, api } = await createApp(TEMPLATE, {
      name: 'vite-app',
      dependencies: { react: 'node_modules/react', 'react-dom': 'node_modules/react-dom' },
      devDependencies: { vite: 'node_modules/vite', '@vitejs/plugin-react': 'node_modules/@vitejs/plugin-react' },
      timeoutMs: INSTALL_MS,
    }));
    const vite = join(dir, 'node_modules/vite/bin/vite.js');
    const env = {
      ...process.env,
      NODE_ENV: 'production',
      CODESPAR_API_URL: api.url,
      CODESPAR_API_KEY: 'csk_test_demo',
      CODESPAR_SESSION_ID: SESSION,
    };
    await build(vite, ['build'], dir, env, BUILD_MS);
    app = await startServer(dir, (port) => [vite, 'preview', '--host', '127.0.0.1', '--port', String(port), '--strictPort'], env, START_MS);
    browser = await launchBrowser();
  },
  INSTALL_MS + BUILD_MS + START_MS + 60_000,
);

afterAll(() => stopAll({ browser, app, api, dir }), 60_000);

describe('given the tarball installed in a fresh Vite app, built and previewed', () => {
  it(
    'should list the session, connect Mercado Pago through the popup and show it connected, with no error in the page',
    async () => {
      expect(existsSync(join(dir as string, 'dist/oauth/done.html'))).toBe(true);
      const problems = await connectMercadoPago(browser as Browser, `${app?.origin}/`);
      expect(api?.api.getServerState(SESSION, 'mercado-pago')).toBe('connected');
      expect(api?.api.requests.filter((r) => r.route === 'authorize')).toHaveLength(1);
      expect(problems).toEqual([]);
    },
    SPAWN_TIMEOUT_MS,
  );

  it('should not put the secret key in what the browser loads', async () => {
    const html = await (await fetch(`${app?.origin}/`)).text();
    const scripts = [...html.matchAll(/src="([^"]+\.js)"/g)].map((m) => m[1] as string);
    expect(scripts.length).toBeGreaterThan(0);
    for (const src of scripts) expect(await (await fetch(new URL(src, app?.origin))).text()).not.toContain('csk_test_demo');
  });
});
