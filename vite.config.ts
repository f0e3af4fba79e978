import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import { storybookTest } from '@storybook/addon-vitest/vitest-plugin';
import react from '@vitejs/plugin-react';
import { playwright } from '@vitest/browser-playwright';
import { defineConfig } from 'vitest/config';
import { referenceApiPlugin } from './src/testing/vite-plugin.ts';
import { OPTIMIZE_DEPS } from './vite.shared.ts';

/** The system Chromium (Debian's `chromium`); Playwright cannot download its own browser here. */
export const CHROMIUM_PATH = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
export const CHROMIUM_ARGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
];

/** Real Chromium for browser tests: the system binary when present, with the flags this machine needs. */
const chromium = () =>
  playwright({
    launchOptions: existsSync(CHROMIUM_PATH) ? { executablePath: CHROMIUM_PATH, args: CHROMIUM_ARGS } : { args: CHROMIUM_ARGS },
  });

const entries = {
  index: resolve(import.meta.dirname, 'src/index.ts'),
  core: resolve(import.meta.dirname, 'src/core/index.ts'),
  callback: resolve(import.meta.dirname, 'src/callback/index.ts'),
  testing: resolve(import.meta.dirname, 'src/testing/index.ts'),
};

/** `@codespar/connect-react[/…]` → the sources (most specific first). */
const PACKAGE_ALIASES = [
  { find: /^@codespar\/connect-react\/(core|callback|testing)$/, replacement: resolve(import.meta.dirname, 'src/$1/index.ts') },
  { find: /^@codespar\/connect-react$/, replacement: entries.index },
];

/**
 * React 18.3 for the `react18` project: test/react-18 is a package of its own (a devDependency by
 * `file:`), so react-dom 18 finds react 18 beside it; the repository's React 19 stays the default.
 */
const REACT_18 = resolve(import.meta.dirname, 'test/react-18/node_modules');
const REACT_18_ALIASES = [
  { find: /^react(\/.*)?$/, replacement: `${REACT_18}/react$1` },
  { find: /^react-dom(\/.*)?$/, replacement: `${REACT_18}/react-dom$1` },
  {
    find: /^use-sync-external-store\/shim(\/index\.js)?$/,
    replacement: resolve(import.meta.dirname, 'test/react-18/use-sync-external-store-shim.ts'),
  },
];
/**
 * Dependencies that import React: transformed by Vite so that the aliases above reach their imports
 * too. SWR is the AI SDK's (`@ai-sdk/react` imports it), not ours.
 */
const IMPORTS_REACT = [
  /\/@testing-library\/react\//,
  /\/swr\//,
  /\/@radix-ui\//,
  /\/react-remove-scroll/,
  /\/react-style-singleton\//,
  /\/use-sidecar\//,
  /\/use-callback-ref\//,
  /\/@ai-sdk\/react\//,
];

export default defineConfig({
  plugins: [react()],
  optimizeDeps: { include: OPTIMIZE_DEPS },
  build: {
    lib: { entry: entries, formats: ['es'] },
    sourcemap: true,
    rolldownOptions: {
      external: [/^react($|\/)/, /^react-dom($|\/)/, /^@radix-ui\//, /^node:/],
      // One file per source module (dist/core/index.js, dist/components/locales/en.js, …), so a
      // user's bundler drops what is not imported: shared chunks made a headless import pay for the
      // components and the locales. Each file keeps its own 'use client'.
      output: { preserveModules: true, preserveModulesRoot: resolve(import.meta.dirname, 'src'), entryFileNames: '[name].js' },
    },
  },
  test: {
    projects: [
      {
        extends: true,
        test: {
          name: 'unit',
          include: ['test/**/*.test.{ts,tsx}'],
          exclude: ['test/browser/**', 'test/e2e/**', 'test/react/**', 'test/react-18/**', 'test/consumer/**'],
          environment: 'node',
        },
      },
      {
        // Hook tests: React over jsdom, the reference API in-process, a fake browser for popups.
        extends: true,
        // The package's own names, so an example test reads as a host would write it.
        resolve: { alias: PACKAGE_ALIASES },
        test: {
          name: 'react',
          include: ['test/react/**/*.test.{ts,tsx}'],
          environment: 'jsdom',
          env: { EXPECTED_REACT_MAJOR: '19' },
        },
      },
      {
        // The hook, component and SSR tests again, against React 18.3 (the peer range's other major).
        extends: true,
        // ES builds first (`module`): the CommonJS ones would require('react') from node_modules, React 19.
        resolve: { alias: [...PACKAGE_ALIASES, ...REACT_18_ALIASES], mainFields: ['module', 'main'] },
        test: {
          name: 'react18',
          include: ['test/react/**/*.test.{ts,tsx}', 'test/ssr.test.tsx'],
          environment: 'jsdom',
          env: { EXPECTED_REACT_MAJOR: '18' },
          server: { deps: { inline: IMPORTS_REACT } },
        },
      },
      {
        // A fresh Next.js app with the packed tarball, built and served for production (test/consumer).
        extends: true,
        test: {
          name: 'consumer',
          include: ['test/consumer/**/*.test.ts'],
          environment: 'node',
        },
      },
      {
        // Playwright from Node drives real Chromium: popups, their blocker, COOP, other origins.
        extends: true,
        test: {
          name: 'e2e',
          include: ['test/e2e/**/*.test.ts'],
          environment: 'node',
          testTimeout: 30_000,
          hookTimeout: 60_000,
          fileParallelism: false,
        },
      },
      {
        extends: true,
        plugins: [referenceApiPlugin({ callbackModule: '/src/callback/index.ts' })],
        server: { host: '127.0.0.1' },
        test: {
          name: 'browser',
          include: ['test/browser/**/*.test.{ts,tsx}'],
          browser: {
            enabled: true,
            headless: true,
            screenshotFailures: false,
            provider: chromium(),
            instances: [{ browser: 'chromium' }],
          },
        },
      },
      {
        // Every story is a test: it renders in Chromium and its play function runs (what `npm start` shows).
        extends: true,
        plugins: [
          storybookTest({ configDir: resolve(import.meta.dirname, '.storybook') }),
          referenceApiPlugin({ callbackModule: '/src/callback/index.ts' }),
        ],
        server: { host: '127.0.0.1' },
        test: {
          name: 'storybook',
          browser: {
            enabled: true,
            headless: true,
            screenshotFailures: false,
            provider: chromium(),
            instances: [{ browser: 'chromium' }],
          },
        },
      },
    ],
  },
});
