import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { type PackedPackage, packPackage } from '../scripts/pack.mjs';
import { expectSpawnTimeout, SPAWN_TIMEOUT_MS } from './spawn-timeout.ts';

const root = resolve(import.meta.dirname, '..');
const pkg = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as {
  exports: Record<string, string | { types: string; import: string }>;
  sideEffects: string[];
  dependencies: Record<string, string>;
  peerDependencies: Record<string, string>;
};

function filesUnder(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) =>
    entry.isDirectory() ? filesUnder(join(dir, entry.name)) : [join(dir, entry.name)],
  );
}

describe('given the package layout', () => {
  it('should import nothing from React anywhere below src/core', () => {
    for (const file of filesUnder(join(root, 'src/core'))) {
      const text = readFileSync(file, 'utf8');
      expect(text, file).not.toMatch(/from\s+['"](react|react-dom|@radix-ui\/[^'"]+)(\/[^'"]*)?['"]/);
    }
  });

  it('should depend at run time only on Radix Dialog, with React as a peer', () => {
    // No SWR: the store's own cache (src/core/query-cache.ts) does what the hooks need, for ≈4.5 KB less.
    // No zod: src/core/validate.ts reads the wire for ≈4.7 KB less in ./core (and ≈0.3 KB less in a chat app).
    expect(Object.keys(pkg.dependencies).sort()).toEqual(['@radix-ui/react-dialog']);
    // What the tests run against: React 19 (the react project) and 18.3 (react18, from test/react-18).
    expect(pkg.peerDependencies).toEqual({ react: '^18.3.0 || ^19.0.0', 'react-dom': '^18.3.0 || ^19.0.0' });
    const version = (dir: string) => (JSON.parse(readFileSync(join(root, dir, 'package.json'), 'utf8')) as { version: string }).version;
    for (const name of ['react', 'react-dom']) {
      expect(version(`node_modules/${name}`), name).toMatch(/^19\./);
      expect(version(`test/react-18/node_modules/${name}`), name).toMatch(/^18\.3\./);
    }
    expect(pkg.sideEffects).toEqual(['**/*.css']);
  });
});

// What `npm pack` ships, unpacked as a user's install has it (scripts/pack.mjs builds when needed).
describe('given the packed package', () => {
  let packed: PackedPackage;
  beforeAll(() => {
    packed = packPackage();
  }, SPAWN_TIMEOUT_MS);

  it('should have a file for every JavaScript and type entry of the exports map', () => {
    for (const [entry, target] of Object.entries(pkg.exports)) {
      if (typeof target === 'string') {
        expect(existsSync(join(packed.dir, target)), `${entry} → ${target}`).toBe(true);
        continue;
      }
      expect(existsSync(join(packed.dir, target.import)), `${entry} → ${target.import}`).toBe(true);
      expect(existsSync(join(packed.dir, target.types)), `${entry} → ${target.types}`).toBe(true);
    }
  });

  it('should ship dist/ and the README, and no sources, tests or stories', () => {
    const shipped = filesUnder(packed.dir).map((file) => file.slice(packed.dir.length + 1));
    expect(shipped).toContain('README.md');
    expect(shipped.filter((file) => !file.startsWith('dist/') && file !== 'README.md' && file !== 'package.json')).toEqual([]);
  });

  it("should mark the React entry 'use client' and leave the framework-free entries unmarked", () => {
    const first = (file: string) => readFileSync(join(packed.dir, 'dist', file), 'utf8').split('\n', 1)[0];
    expect(first('index.js')).toMatch(/^["']use client["'];?$/);
    for (const file of ['core.js', 'callback.js', 'testing.js']) expect(first(file), file).not.toMatch(/use client/);
  });

  it("should compile JSX for production: no file imports React's development runtime", () => {
    // Built under Vitest (NODE_ENV=test) it once did, and a production Next.js app threw "jsxDEV is not a function".
    const built = filesUnder(join(packed.dir, 'dist')).filter((file) => file.endsWith('.js'));
    expect(built.filter((file) => readFileSync(file, 'utf8').includes('react/jsx-runtime')).length).toBeGreaterThan(5);
    expect(built.filter((file) => /jsx-dev-runtime|jsxDEV/.test(readFileSync(file, 'utf8')))).toEqual([]);
  });

  it('should keep React out of every file ./core loads', async () => {
    const seen = new Set<string>();
    const visit = (file: string) => {
      if (seen.has(file)) return;
      seen.add(file);
      const text = readFileSync(file, 'utf8');
      expect(text, file).not.toMatch(/from\s*["'](react|react-dom|@radix-ui)/);
      for (const m of text.matchAll(/from\s*["'](\.[^"']+)["']/g)) visit(resolve(dirname(file), m[1] as string));
    };
    visit(join(packed.dir, 'dist/core.js'));
    expect(seen.size).toBeGreaterThan(10);
  });

  it('should import every entry in Node with no DOM', async () => {
    expect(typeof (globalThis as { window?: unknown }).window).toBe('undefined');
    for (const [entry, target] of Object.entries(pkg.exports)) {
      if (typeof target === 'string') continue;
      const mod = (await import(join(packed.dir, target.import))) as Record<string, unknown>;
      expect(mod, entry).toBeTypeOf('object');
    }
    const core = (await import(join(packed.dir, 'dist/core.js'))) as typeof import('../src/core/index.ts');
    expect(core.createConnectionsClient).toBeTypeOf('function');
    expect(new core.UnsafeUrlError('x', 'y')).toBeInstanceOf(core.ConnectionsError);
  });

  it(
    'should give a consumer working types under bundler and nodenext resolution',
    (context) => {
      expectSpawnTimeout(context);
      const dir = mkdtempSync(join(tmpdir(), 'consumer-'));
      try {
        mkdirSync(join(dir, 'node_modules/@codespar'), { recursive: true });
        symlinkSync(packed.dir, join(dir, 'node_modules/@codespar/connect-react'));
        writeFileSync(
          join(dir, 'app.ts'),
          [
            "import { createConnectionsClient, type Connection, type ConnectionsClient } from '@codespar/connect-react/core';",
            "import { createReferenceApi } from '@codespar/connect-react/testing';",
            "const client: ConnectionsClient = createConnectionsClient({ sessionId: 's', fetch: createReferenceApi().fetch });",
            "const status: Connection['status'] = 'connected';",
            '// @ts-expect-error not a status',
            "const wrong: Connection['status'] = 'nope';",
            'export { client, status, wrong };',
          ].join('\n'),
        );
        const tsc = join(root, 'node_modules/.bin/tsc');
        for (const resolution of [
          ['--module', 'esnext', '--moduleResolution', 'bundler'],
          ['--module', 'nodenext', '--moduleResolution', 'nodenext'],
        ]) {
          const args = [
            '--noEmit',
            '--strict',
            '--lib',
            'es2022,dom',
            '--types',
            'node',
            '--typeRoots',
            join(root, 'node_modules/@types'),
            ...resolution,
            'app.ts',
          ];
          expect(() => execFileSync(tsc, args, { cwd: dir, stdio: 'pipe' }), resolution.join(' ')).not.toThrow();
        }
      } finally {
        rmSync(dir, { recursive: true, force: true });
      }
    },
    SPAWN_TIMEOUT_MS,
  );

  it.for([
    ['19', join(root, 'node_modules/@types')],
    ['18.3', join(root, 'test/react-18/node_modules/@types')],
  ] as const)(
    'should type-check a React app that uses the components and hooks against React %s types, libraries included',
    { timeout: SPAWN_TIMEOUT_MS },
    ([, types], context) => {
      expectSpawnTimeout(context);
      const dir = mkdtempSync(join(tmpdir(), 'consumer-react-'));
      try {
        mkdirSync(join(dir, 'node_modules/@codespar'), { recursive: true });
        symlinkSync(packed.dir, join(dir, 'node_modules/@codespar/connect-react'));
        writeFileSync(
          join(dir, 'app.tsx'),
          [
            "import { ConnectionList, ConnectionRequired, ConnectionsProvider, ConnectWizardDialog, useConnectionWizard } from '@codespar/connect-react';",
            "import { createConnectionsClient } from '@codespar/connect-react/core';",
            "const client = createConnectionsClient({ sessionId: 'ses_demo', baseUrl: '/api/codespar' });",
            'function Button() {',
            "  const wizard = useConnectionWizard('stripe', { onConnected: ({ connectionId }) => console.log(connectionId) });",
            '  return <button type="button" onClick={wizard.start} disabled={wizard.isPending}>Connect</button>;',
            '}',
            'export function App({ part }: { part: unknown }) {',
            '  return (',
            '    <ConnectionsProvider client={client} redirectUrl="/oauth/done">',
            "      <ConnectionList categories={['payments']} />",
            '      <ConnectionRequired request={part} onConnected={({ serverId }) => console.log(serverId)} />',
            '      <ConnectWizardDialog serverId="stripe" trigger={<button type="button">Connect Stripe</button>} />',
            '      <Button />',
            '      {/* @ts-expect-error not a prop */}',
            '      <ConnectionList nope />',
            '    </ConnectionsProvider>',
            '  );',
            '}',
          ].join('\n'),
        );
        // `paths` reaches every import of 'react', the package's own .d.ts included (skipLibCheck off).
        const react = (name: string) => join(types, name);
        writeFileSync(
          join(dir, 'tsconfig.json'),
          JSON.stringify({
            compilerOptions: {
              strict: true,
              noEmit: true,
              skipLibCheck: false,
              jsx: 'react-jsx',
              module: 'esnext',
              moduleResolution: 'bundler',
              target: 'es2022',
              lib: ['es2023', 'dom', 'dom.iterable'],
              types: [],
              paths: {
                react: [react('react/index.d.ts')],
                'react/*': [react('react/*')],
                'react-dom': [react('react-dom/index.d.ts')],
                'react-dom/*': [react('react-dom/*')],
              },
            },
            files: ['app.tsx'],
          }),
        );
        const run = spawnSync(join(root, 'node_modules/.bin/tsc'), ['-p', 'tsconfig.json', '--listFiles'], { cwd: dir, encoding: 'utf8' });
        const used = run.stdout.split('\n').filter((file) => /@types\/react\/index\.d\.ts$/.test(file));
        expect(used).toEqual([react('react/index.d.ts')]);
        expect(run.stdout.split('\n').filter((line) => /error TS/.test(line))).toEqual([]);
        expect(run.status).toBe(0);
      } finally {
        rmSync(dir, { recursive: true, force: true });
      }
    },
  );

  it(
    'should pass publint --strict on the tarball',
    (context) => {
      expectSpawnTimeout(context);
      const out = execFileSync(join(root, 'node_modules/.bin/publint'), ['run', packed.tarball, '--strict'], {
        cwd: root,
        encoding: 'utf8',
      });
      expect(out).toContain('All good!');
    },
    SPAWN_TIMEOUT_MS,
  );

  it(
    'should resolve every entry to ESM and its types under node16 and bundler resolution (@arethetypeswrong/cli --profile esm-only)',
    (context) => {
      expectSpawnTimeout(context);
      // styles.css has no types by nature; attw would report it as "no resolution".
      const args = [packed.tarball, '--profile', 'esm-only', '--exclude-entrypoints', './styles.css', '--format', 'json'];
      const run = spawnSync(join(root, 'node_modules/.bin/attw'), args, { cwd: root, encoding: 'utf8' });
      const report = JSON.parse(run.stdout) as { analysis: { entrypoints: Record<string, unknown> }; problems?: unknown[] };
      expect(Object.keys(report.analysis.entrypoints).sort()).toEqual(['.', './callback', './core', './package.json', './testing']);
      expect(run.status, run.stdout.slice(0, 2000)).toBe(0);
    },
    SPAWN_TIMEOUT_MS,
  );
});
