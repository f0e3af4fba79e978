// Size, a hard check in `npm test` (issue #12): the package is built and packed (scripts/pack.mjs),
// and each public entry is bundled FROM THE UNPACKED TARBALL as a user's app bundles it
// (scripts/consumer-bundle.mjs): production mode, minified, gzip -9, React external, every other
// dependency bundled, with esbuild and with Vite; the larger of the two counts. 1 KB = 1,024 B.
// Every figure is printed on every run, and so is a breakdown of any entry over its budget.
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { BASELINE_APP, BASELINE_WITH_KIT, bundleWithEsbuild, bundleWithVite, ENTRIES, KB } from './consumer-bundle.mjs';
import { packPackage } from './pack.mjs';

const root = resolve(import.meta.dirname, '..');

/**
 * Issue #12's budgets, in KB. Where an entry does not meet its budget yet, `ceiling` holds it at
 * the size it was measured at (rounded up by at most 0.05 KB), so nothing grows while the cuts are
 * decided; the run prints both, and the breakdown. Measured 2026-12-01 from dist/ (larger of
 * esbuild 0.28 and Vite 8): ./callback 0.84, ./core 17.22, headless 22.09, whole + CSS 54.14,
 * marginal 35.28 KB (see the README's "Size"). After issue #11's store and connect view were merged:
 * ./core 17.77, headless 22.41, whole + CSS 54.94, marginal 36.17 KB. SWR replaced by the store's
 * own cache (core/query-cache.ts, 2026-12-02; before → after): ./core 17.79 → 18.91 (the cache is
 * in ./core now), headless 22.40 → 17.43 (within budget), whole + CSS 54.82 → 49.82, marginal
 * 36.01 → 31.19 KB. With the leaner wire schemas and CSS (branch slim): ./core 18.22, headless
 * 16.80, whole + CSS 49.17, marginal 31.09 KB. Without zod (core/validate.ts, 2026-12-02): ./core
 * 13.53, headless 11.97, whole + CSS 44.52, marginal 30.76 KB. With the leaner core and components
 * (branches sz-core, sz-ui): ./core 13.30, headless 11.85, whole + CSS 43.91 (within budget),
 * marginal 30.17 KB. After branch sz-core3 (38 more cuts in ./core): ./core 12.99 (within budget),
 * headless 11.63, whole + CSS 43.59, marginal 29.86 KB.
 */
export const LIMITS = {
  callback: { budget: 1 },
  core: { budget: 13 },
  headless: { budget: 20 },
  whole: { budget: 44 },
  marginal: { budget: 20, ceiling: 29.9 },
};

const PEERS = JSON.parse(readFileSync(resolve(root, 'bench/peers.json'), 'utf8'));

const kb = (bytes) => `${(bytes / KB).toFixed(2)} KB`;

/** `node_modules/zod/v4/core/schemas.js` → `zod`; our `dist/core/http.js` → `core/http.js`. */
function origin(path) {
  const ours = path.match(/@codespar\/connect-react\/dist\/(.+)$/);
  if (ours) return { ours: true, name: ours[1] };
  if (!path.includes('node_modules/') || path.includes('.cache/pack/app/')) return { ours: false, name: 'the app itself' };
  const dep = path
    .split('node_modules/')
    .at(-1)
    .match(/^(@[^/]+\/[^/]+|[^/]+)/)?.[0];
  return { ours: false, name: dep ?? path };
}

/** Our files by layer: core, react, components, components/locales, callback, styles.css. */
function layerOf(name) {
  if (name.startsWith('components/locales/')) return 'components/locales';
  if (name.includes('/')) return name.split('/')[0];
  return { 'index.js': 'root entry', 'core.js': 'core', 'callback.js': 'callback', 'testing.js': 'testing' }[name] ?? name;
}

const RADIX = /^(@radix-ui\/|react-remove-scroll|react-style-singleton|use-sidecar|use-callback-ref|aria-hidden|get-nonce|tslib)/;
const depGroup = (name) => (RADIX.test(name) ? 'Radix Dialog (with its deps)' : name);

/**
 * Where the bytes go: minified bytes per input module (esbuild's metafile), and their share of the
 * gzip figure (an estimate: gzip is not additive, so each module gets the share of its bytes in
 * its output, the JavaScript's or the CSS's).
 */
function breakdown(modules, { jsGzip, cssGzip }) {
  const isCss = (path) => path.endsWith('.css');
  const total = (css) => modules.filter((m) => isCss(m.path) === css).reduce((sum, m) => sum + m.bytes, 0) || 1;
  const totals = { js: total(false), css: total(true) };
  const groups = { packages: new Map(), layers: new Map(), files: new Map() };
  // Each module adds [minified bytes, its estimated gzip bytes].
  for (const { path, bytes } of modules) {
    if (!bytes) continue;
    const o = origin(path);
    const gz = isCss(path) ? (cssGzip * bytes) / totals.css : (jsGzip * bytes) / totals.js;
    const add = (map, key) => {
      const [b, g] = map.get(key) ?? [0, 0];
      map.set(key, [b + bytes, g + gz]);
    };
    if (o.ours) {
      add(groups.packages, 'our code');
      add(groups.layers, layerOf(o.name));
      add(groups.files, o.name);
    } else {
      add(groups.packages, depGroup(o.name));
    }
  }
  const list = (map, top = Infinity) =>
    [...map]
      .filter(([, [, gz]]) => gz >= 0.05 * KB)
      .sort((a, b) => b[1][1] - a[1][1])
      .slice(0, top)
      .map(([name, [bytes, gz]]) => `${name} ≈${kb(gz)} (${(bytes / KB).toFixed(1)} KB min)`)
      .join(', ');
  return [
    `      by package: ${list(groups.packages)}`,
    `      our code by layer: ${list(groups.layers)}`,
    `      our largest files: ${list(groups.files, 8)}`,
  ];
}

/** Per-module bytes of `withKit` minus those of `baseline`: what the kit added. */
function added(baseline, withKit) {
  const before = new Map(baseline.modules.map((m) => [m.path, m.bytes]));
  return withKit.modules.map((m) => ({ path: m.path, bytes: Math.max(0, m.bytes - (before.get(m.path) ?? 0)) }));
}

/** What an entry's bundle holds: our layers, the dependencies, and whether React or CSS is in it. */
function contents(bundle) {
  const ours = new Map();
  const deps = new Set();
  for (const { path, bytes } of bundle.modules) {
    if (!bytes) continue;
    const o = origin(path);
    if (o.ours) ours.set(layerOf(o.name), (ours.get(layerOf(o.name)) ?? 0) + 1);
    else if (path.includes('node_modules/')) deps.add(depGroup(o.name));
  }
  const react = /from\s*"react(-dom)?(\/[^"]*)?"|require\("react/.test(bundle.js);
  return [
    `ours: ${[...ours].map(([layer, n]) => `${layer} (${n})`).join(', ') || 'none'}`,
    `deps: ${[...deps].join(', ') || 'none'}`,
    react ? 'imports React' : 'no React',
    bundle.css ? `CSS ${kb(bundle.css.length)} min` : 'no CSS',
  ].join('; ');
}

export async function measure() {
  const { root: packRoot } = packPackage();
  const rows = [];
  for (const [key, entry] of Object.entries(ENTRIES)) {
    const esbuild = await bundleWithEsbuild(packRoot, key, entry.source);
    const vite = await bundleWithVite(packRoot, key, entry.source);
    rows.push({ key, label: entry.label, esbuild, vite, counted: Math.max(esbuild.gzip, vite.gzip) });
  }
  const base = {
    esbuild: await bundleWithEsbuild(packRoot, 'baseline', BASELINE_APP),
    vite: await bundleWithVite(packRoot, 'baseline', BASELINE_APP),
  };
  const kit = {
    esbuild: await bundleWithEsbuild(packRoot, 'baseline-with-kit', BASELINE_WITH_KIT),
    vite: await bundleWithVite(packRoot, 'baseline-with-kit', BASELINE_WITH_KIT),
  };
  const marginal = {
    key: 'marginal',
    label: 'marginal: whole kit + CSS on a chat app',
    esbuild: {
      gzip: kit.esbuild.gzip - base.esbuild.gzip,
      jsGzip: kit.esbuild.jsGzip - base.esbuild.jsGzip,
      cssGzip: kit.esbuild.cssGzip - base.esbuild.cssGzip,
      modules: added(base.esbuild, kit.esbuild),
    },
    vite: { gzip: kit.vite.gzip - base.vite.gzip },
    base,
    kit,
  };
  marginal.counted = Math.max(marginal.esbuild.gzip, marginal.vite.gzip);
  rows.push(marginal);
  return rows;
}

function report(rows) {
  const lines = [
    '',
    'bundle size from the packed tarball: production, minified, gzip -9, React external, every other dependency bundled (1 KB = 1,024 B)',
    `  ${'entry'.padEnd(44)} ${'esbuild'.padStart(9)} ${'vite'.padStart(9)} ${'counted'.padStart(9)} ${'budget'.padStart(9)}`,
  ];
  const over = [];
  for (const r of rows) {
    const { budget, ceiling } = LIMITS[r.key];
    const limit = (ceiling ?? budget) * KB;
    const mark = r.counted <= budget * KB ? '✓' : r.counted <= limit ? '!' : '✗';
    const note =
      r.counted > budget * KB
        ? `  over budget by ${kb(r.counted - budget * KB)}${ceiling ? `; held at a hard ceiling of ${ceiling.toFixed(2)} KB` : ''}`
        : '';
    lines.push(
      `${mark} ${r.label.padEnd(44)} ${kb(r.esbuild.gzip).padStart(9)} ${kb(r.vite.gzip).padStart(9)} ${kb(r.counted).padStart(9)} ${`${budget.toFixed(2)} KB`.padStart(9)}${note}`,
    );
    if (r.key === 'marginal') {
      lines.push(
        `      baseline app (@ai-sdk/react useChat, zod, @radix-ui/react-dialog): esbuild ${kb(r.base.esbuild.gzip)}, vite ${kb(r.base.vite.gzip)}; with the kit + CSS: esbuild ${kb(r.kit.esbuild.gzip)}, vite ${kb(r.kit.vite.gzip)}`,
      );
      lines.push(
        `      peers, whole package (${PEERS.method}): ${PEERS.peers.map((p) => `${p.name} ${p.gzipKB.toFixed(1)} KB`).join(', ')}`,
      );
    } else {
      lines.push(`      contains: ${contents(r.esbuild)}`);
    }
    if (r.counted > budget * KB)
      lines.push(...breakdown(r.esbuild.modules, r.esbuild).map((l) => l.replace('by package', 'over budget; by package')));
    if (r.counted > limit) over.push(`${r.label} by ${r.counted - limit} B`);
  }
  return { lines, over };
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const started = Date.now();
  const { lines, over } = report(await measure());
  console.log(lines.join('\n'));
  console.log(`(${Date.now() - started} ms)`);
  if (over.length) {
    console.error(`\nOver the limit: ${over.join(', ')}`);
    process.exit(1);
  }
}
