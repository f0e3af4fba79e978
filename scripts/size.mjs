// Size budgets, a hard check in `npm test`: each entry bundled and minified with react, react-dom
// and react/jsx-runtime external and every other dependency bundled, then gzip -9. 1 KB = 1,024 B.
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { gzipSync } from 'node:zlib';
import { build } from 'vite';
import { buildCss } from './build-css.mjs';

const root = resolve(import.meta.dirname, '..');
const tmp = join(root, 'node_modules/.cache/size');
const KB = 1024;

/**
 * What is measured. `budget` is the target (issue #4). Until an entry meets it, `ceiling` is a hard
 * ratchet at today's size: nothing may grow while the work to reach the budget goes on. An entry
 * with no ceiling is held to its budget. Measured on 2026-11-22: ./core 17.4 KB (zod ~7.5 KB of it),
 * hooks 23.5 KB, whole package 54.1 KB (Radix Dialog 14.7, SWR 4.4, zod ~7.5 of it).
 */
const budgets = [
  { name: './callback', source: "export * from '../../../src/callback/index.ts';", budget: 1 * KB },
  { name: './core', source: "export * from '../../../src/core/index.ts';", budget: 10 * KB, ceiling: 17.5 * KB },
  {
    name: 'provider + hooks + REST client',
    source: "export * from '../../../src/react/index.ts';\nexport { createConnectionsClient } from '../../../src/core/index.ts';",
    budget: 20 * KB,
    ceiling: 23.75 * KB,
  },
  {
    name: 'whole package (.) + styles.css',
    source: "export * from '../../../src/index.ts';",
    budget: 40 * KB,
    ceiling: 54.5 * KB,
    css: true,
  },
];

rmSync(tmp, { recursive: true, force: true });
mkdirSync(tmp, { recursive: true });
const rows = [];
for (const entry of budgets) {
  const file = join(tmp, `${entry.name.replace(/[^a-z]+/gi, '-')}.ts`);
  writeFileSync(file, `${entry.source}\n`);
  const result = await build({
    configFile: false,
    logLevel: 'silent',
    root,
    build: {
      write: false,
      minify: true,
      lib: { entry: file, formats: ['es'], fileName: 'out' },
      rollupOptions: { external: ['react', 'react-dom', 'react/jsx-runtime'] },
    },
  });
  const outputs = (Array.isArray(result) ? result : [result]).flatMap((r) => r.output);
  const code = outputs
    .filter((o) => o.type === 'chunk')
    .map((o) => o.code)
    .join('\n');
  const css = entry.css ? buildCss() : '';
  const gzip = gzipSync(code, { level: 9 }).length + (entry.css ? gzipSync(css, { level: 9 }).length : 0);
  rows.push({ ...entry, min: Buffer.byteLength(code) + Buffer.byteLength(css), gzip });
}

const fmt = (n) => `${(n / KB).toFixed(2)} KB`;
console.log('\nbundle size (minified, gzip -9; react external)');
for (const r of rows) {
  const limit = r.ceiling ?? r.budget;
  const mark = r.gzip <= r.budget ? '✓' : r.gzip <= limit ? '!' : '✗';
  const note = r.ceiling ? `  (over budget; hard ceiling ${fmt(r.ceiling)} until issue #4 lands)` : '';
  console.log(
    `${mark} ${r.name.padEnd(32)} ${fmt(r.gzip).padStart(9)} gzip  ${fmt(r.min).padStart(9)} min   budget ${fmt(r.budget)}${note}`,
  );
}
console.log('for comparison: @pipedream/connect-react 111 KB, @amp-labs/react 132 KB, @apideck/react-vault 188 KB');
const over = rows.filter((r) => r.gzip > (r.ceiling ?? r.budget));
if (over.length) {
  console.error(`\nOver the limit: ${over.map((r) => `${r.name} by ${r.gzip - (r.ceiling ?? r.budget)} B`).join(', ')}`);
  process.exit(1);
}
