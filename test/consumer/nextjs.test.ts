// The consumer's first ten minutes (issue 12): the packed tarball installed into a fresh Next.js
// App Router app made here from test/consumer/nextjs (the README's "Set up in Next.js": the proxy
// route, the callback page, the provider), built for production, served on 127.0.0.1 against the
// reference API of the tarball's /testing, and a provider connected through the popup in Chromium.
// Offline: every package comes from the npm cache that `npm ci` of this repository filled.
import { execFile } from 'node:child_process';
import { cpSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { promisify } from 'node:util';
import type { Browser } from 'playwright';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { packPackage } from '../../scripts/pack.mjs';
import type { RunningReferenceApi } from '../../src/testing/index.ts';
import { SPAWN_TIMEOUT_MS } from '../spawn-timeout.ts';
import { type AppServer, connectMercadoPago, launchBrowser, startServer } from './app.ts';
import { installOffline } from './offline-install.ts';

const TEMPLATE = resolve(import.meta.dirname, 'nextjs');
const SESSION = 'ses_demo';
/** Generous: on CI's two shared cores a cold `next build` takes minutes. */
const INSTALL_MS = 300_000;
const BUILD_MS = 600_000;
const START_MS = 120_000;

let dir: string | undefined;
let api: RunningReferenceApi | undefined;
let app: AppServer | undefined;
let browser: Browser | undefined;

beforeAll(
  async () => {
    const packed = packPackage();
    dir = mkdtempSync(join(tmpdir(), 'next-app-'));
    cpSync(TEMPLATE, dir, { recursive: true });
    installOffline({
      dir,
      name: 'next-app',
      tarball: packed.tarball,
      dependencies: { next: 'node_modules/next', react: 'node_modules/react', 'react-dom': 'node_modules/react-dom' },
      devDependencies: {
        typescript: 'test/consumer/node_modules/typescript',
        '@types/node': 'node_modules/@types/node',
        '@types/react': 'node_modules/@types/react',
        '@types/react-dom': 'node_modules/@types/react-dom',
      },
      timeoutMs: INSTALL_MS,
    });
    const env = { ...process.env, NEXT_TELEMETRY_DISABLED: '1', NODE_ENV: 'production' };
    const next = join(dir, 'node_modules/next/dist/bin/next');
    await promisify(execFile)(process.execPath, [next, 'build'], { cwd: dir, env, timeout: BUILD_MS, maxBuffer: 64 * 1024 * 1024 }).catch(
      (error) => {
        throw new Error(`next build failed:\n${error.stdout}\n${error.stderr}`);
      },
    );
    // The reference API as the package ships it, on loopback; the app's route adds the server key.
    const testing = (await import(join(packed.dir, 'dist/testing.js'))) as typeof import('../../src/testing/index.ts');
    api = await testing.serveReferenceApi({ port: 0 });
    app = await startServer(
      dir,
      (port) => [next, 'start', '--hostname', '127.0.0.1', '--port', String(port)],
      { ...env, CODESPAR_API_URL: api.url, CODESPAR_API_KEY: 'csk_test_demo', CODESPAR_SESSION_ID: SESSION },
      START_MS,
    );
    browser = await launchBrowser();
  },
  INSTALL_MS + BUILD_MS + START_MS + 60_000,
);

afterAll(async () => {
  await browser?.close();
  await app?.close();
  await api?.close();
  if (dir) rmSync(dir, { recursive: true, force: true });
}, 60_000);

describe('given the tarball installed in a fresh Next.js App Router app, built and served for production', () => {
  it(
    'should list the session, connect Mercado Pago through the popup and show it connected, with no error in the page',
    async () => {
      const problems = await connectMercadoPago(browser as Browser, `${app?.origin}/`);
      // Through the app's proxy route, with the server key it added: the API saw the sign-in.
      expect(api?.api.getServerState(SESSION, 'mercado-pago')).toBe('connected');
      expect(api?.api.requests.filter((r) => r.route === 'authorize')).toHaveLength(1);
      expect(problems).toEqual([]);
    },
    SPAWN_TIMEOUT_MS,
  );

  it('should refuse, in the proxy route, a path outside the session', async () => {
    expect((await fetch(`${app?.origin}/api/codespar/v1/sessions/ses_empty/connections`)).status).toBe(404);
    expect((await fetch(`${app?.origin}/api/codespar/v1/sessions/${SESSION}/%2e%2e/%2e%2e/sessions/ses_empty/connections`)).status).toBe(
      404,
    );
    expect(api?.api.requests.filter((r) => r.path.includes('ses_empty'))).toEqual([]);
  });
});
