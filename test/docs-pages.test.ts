// Every component and hook the public entries export has a Storybook docs page (autodocs), in the
// index Storybook itself builds from .storybook/main.ts, as `npm start` shows it.
import { buildIndex } from 'storybook/internal/core-server';
import type { StoryIndex } from 'storybook/internal/types';
import { beforeAll, describe, expect, it } from 'vitest';
import { documentedName, FUNCTION_PAGES, INTERNAL } from '../stories/docs/api-docs.ts';
import { expectSpawnTimeout, SPAWN_TIMEOUT_MS } from './spawn-timeout.ts';

const ENTRIES = ['../src/index.ts', '../src/core/index.ts', '../src/callback/index.ts', '../src/testing/index.ts'];

/** A function component (not a class such as `ConnectionsError`), or what `memo` / `forwardRef` return. */
const isComponent = (name: string, value: unknown) =>
  /^[A-Z][a-z]/.test(name) &&
  ((typeof value === 'function' && !/^class[\s{]/.test(Function.prototype.toString.call(value))) ||
    (typeof value === 'object' && value !== null && '$$typeof' in value));

/** Every source module, to load the one a story's `componentPath` names. */
const SOURCES = import.meta.glob<Record<string, unknown>>('../src/**/*.{ts,tsx}');

/** What the entries export at run time, as a user's import sees them; components and hooks by name. */
const exported = new Map<string, unknown>();
async function publicComponentsAndHooks() {
  const names = new Map<string, 'component' | 'hook'>();
  for (const entry of ENTRIES) {
    for (const [name, value] of Object.entries((await import(entry)) as Record<string, unknown>)) {
      exported.set(name, value);
      if (/^use[A-Z]/.test(name) && typeof value === 'function') names.set(name, 'hook');
      else if (isComponent(name, value)) names.set(name, 'component');
    }
  }
  return names;
}

describe('given the Storybook index and the public entries', () => {
  let index: StoryIndex;
  let api: Map<string, 'component' | 'hook'>;
  beforeAll(async () => {
    [index, api] = await Promise.all([
      buildIndex({ configDir: '.storybook' } as Parameters<typeof buildIndex>[0]),
      publicComponentsAndHooks(),
    ]);
  }, SPAWN_TIMEOUT_MS);

  const entries = () => Object.values(index.entries);
  const docsPageOf = (name: string) =>
    entries().find((e) => e.type === 'docs' && e.tags?.includes('autodocs') && documentedName(e.title) === name);
  const storiesOn = (title: string) => entries().filter((e) => e.type === 'story' && e.title === title && e.tags?.includes('autodocs'));

  it(
    'should find the components and hooks the README documents among the exports',
    (context) => {
      expectSpawnTimeout(context);
      for (const name of [
        'ConnectionList',
        'ConnectWizardDialog',
        'ConnectionRequired',
        'ConnectionStatusBadge',
        'ConnectUIProvider',
        'ConnectionsProvider',
      ]) {
        expect(api.get(name), name).toBe('component');
      }
      for (const name of ['useConnections', 'useConnection', 'useConnectionWizard']) expect(api.get(name), name).toBe('hook');
      expect(api.has('ConnectionsError'), 'a class is not a component').toBe(false);
    },
    SPAWN_TIMEOUT_MS,
  );

  it(
    'should give every exported component and hook, and readConnectionRequest, a docs page with stories on it',
    (context) => {
      expectSpawnTimeout(context);
      const required = [...api.keys(), ...FUNCTION_PAGES].filter((name) => !(name in INTERNAL));
      const missing = required.filter((name) => !docsPageOf(name) || storiesOn(docsPageOf(name)?.title ?? '').length === 0);
      expect(missing, 'exported without a docs page (a stories file titled …/<name>, tagged autodocs, with a story on the page)').toEqual(
        [],
      );
    },
    SPAWN_TIMEOUT_MS,
  );

  it(
    "should document each component on its own page: the stories' component is the one exported",
    async (context) => {
      expectSpawnTimeout(context);
      for (const [name, kind] of api) {
        if (kind !== 'component' || name in INTERNAL) continue;
        const title = docsPageOf(name)?.title ?? '';
        const paths = new Set(storiesOn(title).map((s) => (s.type === 'story' ? s.componentPath : undefined)));
        expect(paths.size, `${title}: one component for its stories`).toBe(1);
        const [path] = [...paths];
        expect(path, `${title}: meta.component is imported from src/`).toMatch(/^\.\/src\//);
        const load = SOURCES[`../${path?.replace(/^\.\//, '')}`];
        expect(load, `${path} is a source module`).toBeDefined();
        expect((await load?.())?.[name], `${path} exports the ${name} the package exports`).toBe(exported.get(name));
      }
    },
    SPAWN_TIMEOUT_MS,
  );

  it(
    'should keep internals off the docs: no page for what issue 11 takes out of the public API',
    (context) => {
      expectSpawnTimeout(context);
      for (const name of Object.keys(INTERNAL)) expect(docsPageOf(name), name).toBeUndefined();
    },
    SPAWN_TIMEOUT_MS,
  );
});
