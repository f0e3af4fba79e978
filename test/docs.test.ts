// Every value a public entry exports is documented with JSDoc that carries an @example.
import { readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';

const root = resolve(import.meta.dirname, '..');
const ENTRIES = ['src/index.ts', 'src/core/index.ts', 'src/react/index.ts', 'src/callback/index.ts', 'src/testing/index.ts'];

/** `export { a, b as c } from './x.ts'` → [['a', 'src/…/x.ts'], …], following `export *` too. */
function valueExports(file: string, seen = new Set<string>()): [string, string][] {
  if (seen.has(file)) return [];
  seen.add(file);
  const text = readFileSync(join(root, file), 'utf8');
  const found: [string, string][] = [];
  for (const m of text.matchAll(/^export \{([^}]*)\} from '([^']+)';/gm)) {
    const from = join(dirname(file), m[2] as string);
    for (const name of (m[1] as string)
      .split(',')
      .map((n) => n.trim())
      .filter(Boolean)) {
      found.push([name.split(/\s+as\s+/)[0] as string, from]);
    }
  }
  for (const m of text.matchAll(/^export \* from '([^']+)';/gm)) found.push(...valueExports(join(dirname(file), m[1] as string), seen));
  for (const m of text.matchAll(/^export (?:async )?(?:function|class|const) (\w+)/gm)) found.push([m[1] as string, file]);
  return found;
}

/** The JSDoc block right above `name`'s declaration in `file`. */
function docOf(name: string, file: string): string | undefined {
  const text = readFileSync(join(root, file), 'utf8');
  const decl = new RegExp(`^export (?:async )?(?:function|class|const) ${name}\\b`, 'm').exec(text);
  if (!decl) {
    // Re-exported by name from another file (a folder's index.ts): follow it.
    for (const m of text.matchAll(/^export \{([^}]*)\} from '([^']+)';/gm)) {
      const names = (m[1] as string).split(',').map((n) => n.trim().split(/\s+as\s+/)[0]);
      if (names.includes(name)) return docOf(name, join(dirname(file), m[2] as string));
    }
    return undefined;
  }
  const before = text.slice(0, decl.index).trimEnd();
  if (!before.endsWith('*/')) return '';
  return before.slice(before.lastIndexOf('/**'));
}

describe('given the public entries', () => {
  const exported = [...new Map(ENTRIES.flatMap((entry) => valueExports(entry)).map(([n, f]) => [`${n}@${f}`, [n, f] as const])).values()];

  it('should export at least the documented API', () => {
    const names = exported.map(([name]) => name);
    for (const name of [
      'createConnectionsClient',
      'createMetaToolClient',
      'ConnectionsProvider',
      'useConnections',
      'useConnectionWizard',
      'completeConnection',
      'createReferenceApi',
    ]) {
      expect(names).toContain(name);
    }
  });

  it.each(exported.filter(([name]) => /^[a-z]/.test(name) || /^[A-Z][a-z]/.test(name)))(
    'should document %s with an @example',
    (name, file) => {
      const doc = docOf(name, file);
      expect(doc, `${name} in ${file}`).toMatch(/@example/);
    },
  );
});

describe('given the README\'s "Set up in Next.js / Vite"', () => {
  // test/consumer builds, serves and drives these very files; the README must show them as they are.
  const readme = readFileSync(join(root, 'README.md'), 'utf8');
  it.each([
    'nextjs/app/api/codespar/[...path]/route.ts',
    'nextjs/app/oauth/done/page.tsx',
    'nextjs/app/connections.tsx',
    'nextjs/app/page.tsx',
    'nextjs/app/layout.tsx',
    'vite/vite.config.ts',
    'vite/oauth/done.html',
    'vite/src/main.tsx',
  ])('should show test/consumer/%s verbatim', (file) => {
    const text = readFileSync(join(root, 'test/consumer', file), 'utf8').trimEnd();
    expect(readme).toContain(`\n${text}\n\`\`\``);
  });
});
