// A consumer's production bundle of the packed package (scripts/pack.mjs), with esbuild and with
// Vite (Rolldown and Oxc's minifier): the entry file is written beside the unpacked tarball and
// imports `@codespar/connect-react…` by name, so resolution goes through the exports map and
// `sideEffects` as in a user's app. React is external; every other dependency is bundled;
// minified; production mode; gzip -9. Used by scripts/size.mjs and test/bundle.test.ts.
import { mkdirSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { gzipSync } from 'node:zlib';
import { build as esbuild } from 'esbuild';
import { build as vite } from 'vite';

export const KB = 1024;
const REACT = ['react', 'react-dom', 'react/*', 'react-dom/*'];
const DEFINE = { 'process.env.NODE_ENV': '"production"' };

/** What is measured: a name, and the app module that imports it. */
export const ENTRIES = {
  callback: { label: './callback', source: "export * from '@codespar/connect-react/callback';" },
  core: { label: './core', source: "export * from '@codespar/connect-react/core';" },
  headless: {
    label: 'headless: provider + hooks + REST client',
    source: [
      "export { ConnectionsProvider, useConnection, useConnections, useConnectionWizard } from '@codespar/connect-react';",
      "export { createConnectionsClient } from '@codespar/connect-react/core';",
    ].join('\n'),
  },
  whole: {
    label: 'whole package + styles.css',
    source: "import '@codespar/connect-react/styles.css';\nexport * from '@codespar/connect-react';",
  },
};

/**
 * A chat app before the kit: the AI SDK's chat hook (whose package imports SWR, for hooks other
 * than useChat: tree-shaken away), zod for a tool's schema
 * (`ai` brings it), and shadcn/ui's dialog (every part of Radix Dialog). The marginal figure is
 * what the kit and its CSS add to this.
 */
export const BASELINE_APP = `import { useChat } from '@ai-sdk/react';
import * as Dialog from '@radix-ui/react-dialog';
import { z } from 'zod';

export const weatherInput = z.object({ city: z.string().min(1), unit: z.enum(['c', 'f']).optional() });
export { Dialog, useChat };
`;

export const BASELINE_WITH_KIT = `${BASELINE_APP}import '@codespar/connect-react/styles.css';
export * from '@codespar/connect-react';
`;

const gzip = (text) => (text ? gzipSync(text, { level: 9 }).length : 0);

/**
 * @typedef {object} Bundle
 * @property {'esbuild' | 'vite'} bundler
 * @property {string} js all JavaScript output, minified
 * @property {string} css all CSS output, minified ('' when the app imports none)
 * @property {number} jsGzip gzip -9 of the JavaScript, in bytes
 * @property {number} cssGzip gzip -9 of the CSS, in bytes
 * @property {number} gzip the two added: what is counted
 * @property {number} min minified bytes, JavaScript plus CSS
 * @property {{ path: string, bytes: number }[]} modules esbuild only: minified bytes each input module (absolute path) left in the output
 */

function write(root, name, source) {
  const dir = join(root, 'app');
  mkdirSync(dir, { recursive: true });
  const file = join(dir, `${name}.js`);
  writeFileSync(file, source);
  return file;
}

function result(bundler, js, css, modules = []) {
  const jsGzip = gzip(js);
  const cssGzip = gzip(css);
  return { bundler, js, css, jsGzip, cssGzip, gzip: jsGzip + cssGzip, min: Buffer.byteLength(js) + Buffer.byteLength(css), modules };
}

/**
 * esbuild, as an esbuild-based app bundles it (`minify`, `define` NODE_ENV production).
 * @param {string} root the packed package's root (scripts/pack.mjs)
 * @param {string} name a file name for the entry
 * @param {string} source the entry module
 * @param {{ minify?: boolean }} [options] `minify: false` for reading which module left what
 * @returns {Promise<Bundle>}
 */
export async function bundleWithEsbuild(root, name, source, options = {}) {
  const file = write(root, name, source);
  const outdir = join(root, 'app/out-esbuild');
  const out = await esbuild({
    absWorkingDir: root,
    entryPoints: [file],
    outdir,
    bundle: true,
    write: false,
    metafile: true,
    minify: options.minify ?? true,
    format: 'esm',
    platform: 'browser',
    external: REACT,
    define: DEFINE,
    logLevel: 'silent',
  });
  const text = (ext) =>
    out.outputFiles
      .filter((f) => f.path.endsWith(ext))
      .map((f) => f.text)
      .join('\n');
  const modules = Object.values(out.metafile.outputs).flatMap((o) =>
    Object.entries(o.inputs).map(([path, { bytesInOutput }]) => ({ path: resolve(root, path), bytes: bytesInOutput })),
  );
  return result('esbuild', text('.js'), text('.css'), modules);
}

/**
 * Vite's production app build (Rolldown, Oxc's minifier, Lightning CSS), the entry's exports kept.
 * @param {string} root the packed package's root (scripts/pack.mjs)
 * @param {string} name a file name for the entry
 * @param {string} source the entry module
 * @returns {Promise<Bundle>}
 */
export async function bundleWithVite(root, name, source) {
  const file = write(root, name, source);
  const built = await vite({
    configFile: false,
    root: join(root, 'app'),
    mode: 'production',
    logLevel: 'silent',
    publicDir: false,
    define: DEFINE,
    build: {
      write: false,
      minify: true,
      modulePreload: false,
      reportCompressedSize: false,
      rolldownOptions: {
        input: file,
        preserveEntrySignatures: 'strict',
        external: [/^react($|\/)/, /^react-dom($|\/)/],
      },
    },
  });
  const outputs = (Array.isArray(built) ? built : [built]).flatMap((b) => b.output);
  const js = outputs
    .filter((o) => o.type === 'chunk')
    .map((o) => o.code)
    .join('\n');
  const css = outputs
    .filter((o) => o.type === 'asset' && o.fileName.endsWith('.css'))
    .map((o) => (typeof o.source === 'string' ? o.source : new TextDecoder().decode(o.source)))
    .join('\n');
  return result('vite', js, css);
}
