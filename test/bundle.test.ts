// What a user's bundler takes from the packed package (scripts/pack.mjs, scripts/consumer-bundle.mjs):
// a headless import pays for no component, locale, Radix or CSS; a ./core import for no React;
// and each built file says 'use client' exactly when it reaches React.
import { cpSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { type Bundle, bundleWithEsbuild, bundleWithVite, ENTRIES } from '../scripts/consumer-bundle.mjs';
import { type PackedPackage, packPackage } from '../scripts/pack.mjs';
import { SPAWN_TIMEOUT_MS } from './spawn-timeout.ts';

/** Strings a user would see, or markers only that code carries (all ASCII: minifiers may escape the rest). */
const LOCALE_STRINGS = ['Loading providers', 'Carregando provedores', 'Cargando proveedores'];
const COMPONENT_MARKERS = ['connection-list-action', 'csp-button', 'connection-required'];
const RADIX_MARKERS = ['data-radix-focus-guard', 'right-scroll-bar-position', 'DialogContent'];
const REACT_IMPORT = /from\s*["']react(-dom)?(\/[^"']*)?["']|require\(["']react/;

let packed: PackedPackage;
const bundles: Record<string, Bundle[]> = {};

/** Our modules (paths inside the unpacked package's dist/) that left bytes in an esbuild bundle. */
const ourModules = (bundle: Bundle) =>
  bundle.modules.filter((m) => m.bytes > 0 && m.path.startsWith(`${packed.dir}/`)).map((m) => relative(join(packed.dir, 'dist'), m.path));
const dependencies = (bundle: Bundle) =>
  bundle.modules.filter((m) => m.bytes > 0 && !m.path.startsWith(`${packed.dir}/`) && m.path.includes('/node_modules/')).map((m) => m.path);

beforeAll(async () => {
  packed = packPackage();
  for (const key of Object.keys(ENTRIES) as (keyof typeof ENTRIES)[]) {
    const { source } = ENTRIES[key];
    bundles[key] = [await bundleWithEsbuild(packed.root, `test-${key}`, source), await bundleWithVite(packed.root, `test-${key}`, source)];
  }
}, SPAWN_TIMEOUT_MS);

describe('given the whole package bundled by an app', () => {
  it('should hold the components, the locales, Radix Dialog and the stylesheet (what the other entries must leave out)', () => {
    for (const bundle of bundles.whole ?? []) {
      for (const marker of [...LOCALE_STRINGS, ...COMPONENT_MARKERS, ...RADIX_MARKERS])
        expect(bundle.js, `${bundle.bundler}: ${marker}`).toContain(marker);
      expect(bundle.css, bundle.bundler).toContain('.csp');
    }
    const [esbuild] = bundles.whole ?? [];
    expect(ourModules(esbuild as Bundle)).toEqual(
      expect.arrayContaining(['components/connection-list/connection-list.js', 'components/locales/pt-BR.js']),
    );
  });

  it('should leave development-only warnings out of a production build (NODE_ENV production)', () => {
    // The controlled/uncontrolled warning (use-controllable-state.ts) is for development; it warns in
    // the react tests, which run with NODE_ENV test.
    for (const bundle of bundles.whole ?? []) expect(bundle.js, bundle.bundler).not.toContain('Decide between a controlled value');
  });

  it('should resolve the package to the unpacked tarball, not to the repository', () => {
    const [esbuild] = bundles.whole ?? [];
    const ours = (esbuild as Bundle).modules.filter((m) => /connect-react\/dist\/|\/src\//.test(m.path));
    expect(ours.length).toBeGreaterThan(20);
    for (const m of ours) expect(m.path.startsWith(`${packed.dir}/`), m.path).toBe(true);
  });
});

describe('given only the provider, the hooks and the REST client bundled by an app', () => {
  it('should hold no component, no locale string, no Radix and no CSS', () => {
    for (const bundle of bundles.headless ?? []) {
      for (const marker of [...LOCALE_STRINGS, ...COMPONENT_MARKERS, ...RADIX_MARKERS])
        expect(bundle.js, `${bundle.bundler}: ${marker}`).not.toContain(marker);
      expect(bundle.css, bundle.bundler).toBe('');
    }
    const [esbuild] = bundles.headless ?? [];
    expect(ourModules(esbuild as Bundle).filter((m) => !/^(core|react)\//.test(m))).toEqual([]);
    expect(dependencies(esbuild as Bundle).filter((p) => /@radix-ui|react-remove-scroll|aria-hidden/.test(p))).toEqual([]);
  });
});

describe('given a bundler that does not read the sideEffects field', () => {
  it('should still leave the components out of a headless bundle: the module-level calls are marked pure', async () => {
    // The same package without `sideEffects`: every module it does not need is then kept unless
    // its top-level code is known to be pure (createContext, memo, new Set… are annotated).
    const root = join(packed.root, 'no-side-effects');
    const copy = join(root, 'node_modules/@codespar/connect-react');
    rmSync(root, { recursive: true, force: true });
    cpSync(packed.dir, copy, { recursive: true });
    const manifest = JSON.parse(readFileSync(join(copy, 'package.json'), 'utf8')) as { sideEffects?: unknown };
    delete manifest.sideEffects;
    writeFileSync(join(copy, 'package.json'), JSON.stringify(manifest));
    const bundle = await bundleWithEsbuild(root, 'headless', ENTRIES.headless.source);
    expect(bundle.modules.some((m) => m.path.startsWith(`${copy}/`))).toBe(true);
    for (const marker of [...LOCALE_STRINGS, ...COMPONENT_MARKERS, ...RADIX_MARKERS]) expect(bundle.js, marker).not.toContain(marker);
  });
});

describe('given only ./core bundled by an app', () => {
  it('should hold no React, Radix or component code', () => {
    for (const bundle of bundles.core ?? []) {
      expect(bundle.js, bundle.bundler).not.toMatch(REACT_IMPORT);
      for (const marker of [...LOCALE_STRINGS, ...COMPONENT_MARKERS, ...RADIX_MARKERS])
        expect(bundle.js, `${bundle.bundler}: ${marker}`).not.toContain(marker);
    }
    const [esbuild] = bundles.core ?? [];
    expect(ourModules(esbuild as Bundle).every((m) => m.startsWith('core/') || m === 'core.js')).toBe(true);
    expect(dependencies(esbuild as Bundle)).toEqual([]);
  });
});

describe('given only ./callback bundled by an app', () => {
  it('should hold no React, no dependency and none of the clients', () => {
    for (const bundle of bundles.callback ?? []) expect(bundle.js, bundle.bundler).not.toMatch(REACT_IMPORT);
    const [esbuild] = bundles.callback ?? [];
    expect(dependencies(esbuild as Bundle)).toEqual([]);
    expect(ourModules(esbuild as Bundle).sort()).toEqual(['callback.js', 'core/errors.js', 'core/protocol.js']);
  });
});

describe('given the built files in the tarball', () => {
  /** Every .js file below dist/, with what it imports (bare names, and relative files resolved). */
  function graph(): Map<string, { directive: boolean; imports: string[] }> {
    const dist = join(packed.dir, 'dist');
    const files = (dir: string): string[] =>
      readdirSync(dir, { withFileTypes: true }).flatMap((e) =>
        e.isDirectory() ? files(join(dir, e.name)) : e.name.endsWith('.js') ? [join(dir, e.name)] : [],
      );
    const nodes = new Map<string, { directive: boolean; imports: string[] }>();
    for (const file of files(dist)) {
      const text = readFileSync(file, 'utf8');
      const imports = [...text.matchAll(/^(?:import|export)\b[^;\n]*?["']([^"']+)["'];?$/gm)].map((m) => {
        const spec = m[1] as string;
        return spec.startsWith('.') ? relative(dist, resolve(dirname(file), spec)) : spec;
      });
      nodes.set(relative(dist, file), { directive: /^["']use client["'];?\s*$/m.test(text.split('\n', 1)[0] ?? ''), imports });
    }
    return nodes;
  }

  it("should start every file that reaches React with 'use client', and no framework-free file", () => {
    const nodes = graph();
    const client = /^(react|react-dom|@radix-ui\/)/;
    const reaches = (file: string, seen = new Set<string>()): boolean => {
      if (seen.has(file)) return false;
      seen.add(file);
      return (nodes.get(file)?.imports ?? []).some((spec) => client.test(spec) || (nodes.has(spec) && reaches(spec, seen)));
    };
    expect(nodes.size).toBeGreaterThan(40);
    const wrong = [...nodes]
      .filter(([file, node]) => node.directive !== reaches(file))
      .map(([file, node]) => `${file}: ${node.directive ? 'marked' : 'unmarked'}`);
    expect(wrong).toEqual([]);
    // The ones a user imports by name, as the exports map gives them.
    expect(nodes.get('index.js')?.directive).toBe(true);
    for (const file of ['core.js', 'callback.js', 'testing.js', 'components/locales/en.js', 'core/connect-flow.js'])
      expect(nodes.get(file)?.directive, file).toBe(false);
    for (const file of ['react/context.js', 'components/connection-list/connection-list.js'])
      expect(nodes.get(file)?.directive, file).toBe(true);
  });
});
