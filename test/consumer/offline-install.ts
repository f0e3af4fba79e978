// Installs an app's dependencies from the npm cache alone, at the versions this repository's
// lockfile pins: `npm ci` of the repository put each of them in the cache, so the app's own
// package-lock.json is cut out of ours (every entry the app's dependencies reach, at the same
// place in node_modules) and `npm ci --offline` installs it. No registry is asked, and the app
// gets exactly what the repository tested.
import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { copyFileSync, readFileSync, writeFileSync } from 'node:fs';
import { basename, join, resolve } from 'node:path';

const ROOT = resolve(import.meta.dirname, '../..');
const REGISTRY = 'https://registry.npmjs.org';

interface LockEntry {
  version?: string;
  name?: string;
  integrity?: string;
  resolved?: string;
  link?: boolean;
  dependencies?: Record<string, string>;
  optionalDependencies?: Record<string, string>;
  peerDependencies?: Record<string, string>;
  peerDependenciesMeta?: Record<string, { optional?: boolean }>;
  dev?: boolean;
  optional?: boolean;
  devOptional?: boolean;
  peer?: boolean;
  [field: string]: unknown;
}

export interface OfflineApp {
  dir: string;
  name: string;
  /** App dependency name → where the repository's lockfile has it (`node_modules/next`, `test/consumer/node_modules/typescript`). */
  dependencies: Record<string, string>;
  devDependencies?: Record<string, string>;
  /** The packed library: installed from this tarball by `file:`. */
  tarball: string;
  /** Milliseconds for npm ci. */
  timeoutMs: number;
}

/** Where `dep` resolves from the lockfile entry at `from`, as Node looks up node_modules. */
function resolveFrom(packages: Record<string, LockEntry>, from: string, dep: string): string | undefined {
  let base = from;
  for (;;) {
    const candidate = base ? `${base}/node_modules/${dep}` : `node_modules/${dep}`;
    if (packages[candidate]) return candidate;
    if (!base) return undefined;
    const up = base.lastIndexOf('/node_modules/');
    base = up === -1 ? '' : base.slice(0, up);
  }
}

/** Writes the app's package.json and package-lock.json, copies the tarball in, and runs `npm ci --offline`. */
export function installOffline(app: OfflineApp): void {
  const lock = JSON.parse(readFileSync(join(ROOT, 'package-lock.json'), 'utf8')) as { packages: Record<string, LockEntry> };
  const tarballName = basename(app.tarball);
  copyFileSync(app.tarball, join(app.dir, tarballName));
  const library = JSON.parse(execFileSync('tar', ['-xzOf', app.tarball, 'package/package.json'], { encoding: 'utf8' })) as LockEntry & {
    name: string;
  };

  const out: Record<string, LockEntry> = {};
  /** Repository lockfile path → the app's path (a top-level dependency may come from a nested folder). */
  const moved = new Map<string, string>();
  const place = (from: string): string => {
    for (const [prefix, to] of moved) if (from === prefix || from.startsWith(`${prefix}/`)) return to + from.slice(prefix.length);
    return from;
  };
  const queue: [string, boolean][] = [];
  const top = { ...app.dependencies, ...app.devDependencies };
  for (const [name, from] of Object.entries(top)) {
    if (!lock.packages[from]) throw new Error(`offline install: ${name} is not in package-lock.json at ${from}`);
    moved.set(from, `node_modules/${name}`);
    queue.push([from, false]);
  }
  for (const dep of Object.keys(library.dependencies ?? {})) {
    const from = resolveFrom(lock.packages, '', dep);
    if (!from) throw new Error(`offline install: ${library.name}'s dependency ${dep} is not in package-lock.json`);
    queue.push([from, false]);
  }
  const seen = new Set<string>();
  while (queue.length) {
    const [from, optional] = queue.shift() as [string, boolean];
    const to = place(from);
    if (seen.has(from)) {
      if (!optional && out[to]) delete out[to].optional;
      continue;
    }
    seen.add(from);
    // The repository's flags say how the repository reaches it; the app's are worked out here.
    const {
      dev: _dev,
      devOptional: _devOptional,
      peer: _peer,
      optional: _optional,
      name: alias,
      ...entry
    } = lock.packages[from] as LockEntry;
    if (out[to]) throw new Error(`offline install: two packages at ${to}`);
    // The tarball's address (this repository's lockfile omits it): with it and the integrity, npm
    // takes the tarball from the cache by its hash and asks for no package document.
    const name = alias ?? (from.split('node_modules/').at(-1) as string);
    entry.resolved ??= `${REGISTRY}/${name}/-/${name.split('/').at(-1)}-${entry.version}.tgz`;
    out[to] = optional ? { ...entry, optional: true } : entry;
    const required = { ...entry.dependencies };
    for (const [peerName, range] of Object.entries(entry.peerDependencies ?? {})) {
      if (!entry.peerDependenciesMeta?.[peerName]?.optional) required[peerName] = range;
    }
    for (const dep of Object.keys(required)) {
      const found = resolveFrom(lock.packages, from, dep);
      if (!found) throw new Error(`offline install: ${from} needs ${dep}, which is not in package-lock.json`);
      queue.push([found, optional]);
    }
    // Optional ones (other platforms' binaries) are listed so the lockfile is complete; npm skips those that do not fit.
    for (const dep of Object.keys(entry.optionalDependencies ?? {})) {
      const found = resolveFrom(lock.packages, from, dep);
      if (found) queue.push([found, true]);
    }
  }

  const integrity = `sha512-${createHash('sha512').update(readFileSync(app.tarball)).digest('base64')}`;
  out[`node_modules/${library.name}`] = {
    version: library.version,
    resolved: `file:${tarballName}`,
    integrity,
    license: library.license,
    dependencies: library.dependencies,
    peerDependencies: library.peerDependencies,
    engines: library.engines,
  };
  const versionOf = (from: string) => lock.packages[from]?.version as string;
  const manifest = {
    name: app.name,
    version: '0.0.0',
    dependencies: {
      [library.name]: `file:${tarballName}`,
      ...Object.fromEntries(Object.entries(app.dependencies).map(([name, from]) => [name, versionOf(from)])),
    },
    devDependencies: Object.fromEntries(Object.entries(app.devDependencies ?? {}).map(([name, from]) => [name, versionOf(from)])),
  };
  writeFileSync(join(app.dir, 'package.json'), `${JSON.stringify({ ...manifest, private: true }, null, 2)}\n`);
  writeFileSync(
    join(app.dir, 'package-lock.json'),
    `${JSON.stringify({ name: app.name, version: '0.0.0', lockfileVersion: 3, requires: true, packages: { '': manifest, ...out } }, null, 2)}\n`,
  );
  execFileSync('npm', ['ci', '--offline', '--ignore-scripts', '--no-audit', '--no-fund', '--loglevel=error'], {
    cwd: app.dir,
    stdio: 'pipe',
    timeout: app.timeoutMs,
  });
}
