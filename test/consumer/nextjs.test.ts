// The consumer's first ten minutes (issue 12): the packed tarball installed into a fresh Next.js
// App Router app made here from test/consumer/nextjs (the README's "Set up in Next.js": the proxy
// route, the callback page, the provider), built for production, served on 127.0.0.1 against the
// reference API of the tarball's /testing, and a provider connected through the popup in Chromium.
// Offline: every package comes from the npm cache that `npm ci` of this repository filled.
import { join, resolve } from 'node:path';
import type { Browser } from 'playwright';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RunningReferenceApi } from '../../src/testing/index.ts';
import { SPAWN_TIMEOUT_MS } from '../spawn-timeout.ts';
import { type AppServer, build, connectMercadoPago, createApp, launchBrowser, startServer, stopAll } from './app.ts';

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
    ({ dir, api } = await createApp(TEMPLATE, {
      name: 'next-app',
      dependencies: { next: 'node_modules/next', react: 'node_modules/react', 'react-dom': 'node_modules/react-dom' },
      devDependencies: {
        typescript: 'test/consumer/node_modules/typescript',
        '@types/node': 'node_modules/@types/node',
        '@types/react': 'node_modules/@types/react',
        '@types/react-dom': 'node_modules/@types/react-dom',
      },
      timeoutMs: INSTALL_MS,
    }));
    const env = { ...process.env, NEXT_TELEMETRY_DISABLED: '1', NODE_ENV: 'production' };
    const next = join(dir, 'node_modules/next/dist/bin/next');
    await build(next, ['build'], dir, env, BUILD_MS);
    // The app's proxy route adds the server key on the way to the reference API.
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

afterAll(() => stopAll({ browser, app, api, dir }), 60_000);

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
