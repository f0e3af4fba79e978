// The package as a user installs it: `npm run build` (when dist/ is missing or older than its
// inputs), `npm pack`, and the tarball unpacked at node_modules/.cache/pack/node_modules/@codespar/connect-react.
// Size, package lint, the package tests and the Next.js app all read that copy, never dist/ or src/.
// `node scripts/pack.mjs` builds and packs (`--force` rebuilds even when nothing changed).

import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readdirSync, readFileSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';

const root = resolve(import.meta.dirname, '..');
export const PACK_DIR = join(root, 'node_modules/.cache/pack');
const INSTALLED = join(PACK_DIR, 'node_modules/@codespar/connect-react');
const STAMP = join(PACK_DIR, 'stamp.json');
const LOCK = join(PACK_DIR, '.lock');
/** What the build reads: a change to any of these makes the next call build again. */
const INPUTS = [
  'src',
  'package.json',
  'README.md',
  'vite.config.ts',
  'vite.shared.ts',
  'tsconfig.json',
  'tsconfig.build.json',
  'scripts/build-css.mjs',
  'scripts/pack.mjs',
];

function filesUnder(path) {
  if (!statSync(path).isDirectory()) return [path];
  return readdirSync(path, { withFileTypes: true })
    .sort((a, b) => a.name.localeCompare(b.name))
    .flatMap((entry) => filesUnder(join(path, entry.name)));
}

function inputsHash() {
  const hash = createHash('sha256');
  for (const file of INPUTS.flatMap((p) => filesUnder(join(root, p)))) {
    hash.update(relative(root, file));
    hash.update(readFileSync(file));
  }
  return hash.digest('hex');
}

const sleep = (ms) => Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, ms);

/** One builder at a time across processes (Vitest runs test files in parallel workers). */
function withLock(fn) {
  mkdirSync(PACK_DIR, { recursive: true });
  const started = Date.now();
  for (;;) {
    try {
      mkdirSync(LOCK);
      break;
    } catch (error) {
      if (error.code !== 'EEXIST') throw error;
      // A lock older than any build can take was left by a killed process.
      if (Date.now() - statSync(LOCK, { throwIfNoEntry: false })?.mtimeMs > 300_000) rmSync(LOCK, { recursive: true, force: true });
      if (Date.now() - started > 600_000) throw new Error(`pack: ${LOCK} held for 10 minutes`);
      sleep(200);
    }
  }
  try {
    return fn();
  } finally {
    rmSync(LOCK, { recursive: true, force: true });
  }
}

/**
 * @typedef {object} PackedPackage
 * @property {string} tarball absolute path of the `.tgz` that `npm pack` made
 * @property {string} dir the tarball unpacked, at `node_modules/@codespar/connect-react` below {@link PACK_DIR}
 * @property {string} root {@link PACK_DIR}: a file here imports `@codespar/connect-react` as a user does
 */

/**
 * Builds (when needed), packs and unpacks the package; returns where.
 * @param {{ force?: boolean }} [options]
 * @returns {PackedPackage}
 */
export function packPackage(options = {}) {
  return withLock(() => {
    // A package of its own: without it, a bundler looking for the nearest package.json from a
    // file here would find this repository's and resolve '@codespar/connect-react' to ./dist by
    // self-reference, not to the unpacked tarball.
    writeFileSync(join(PACK_DIR, 'package.json'), `${JSON.stringify({ name: 'consumer-app', private: true, type: 'module' }, null, 2)}\n`);
    const hash = inputsHash();
    const stamp = existsSync(STAMP) ? JSON.parse(readFileSync(STAMP, 'utf8')) : undefined;
    if (!options.force && stamp?.hash === hash && existsSync(stamp.tarball) && existsSync(join(INSTALLED, 'package.json'))) {
      return { tarball: stamp.tarball, dir: INSTALLED, root: PACK_DIR };
    }
    // NODE_ENV=production whoever calls: under Vitest (NODE_ENV=test) the React plugin would
    // compile JSX to react/jsx-dev-runtime, whose jsxDEV a production React does not have.
    execFileSync('npm', ['run', 'build', '--silent'], {
      cwd: root,
      stdio: ['ignore', 'pipe', 'inherit'],
      env: { ...process.env, NODE_ENV: 'production' },
    });
    const out = join(PACK_DIR, 'tarball');
    rmSync(out, { recursive: true, force: true });
    mkdirSync(out, { recursive: true });
    const [packed] = JSON.parse(
      execFileSync('npm', ['pack', '--json', '--pack-destination', out], {
        cwd: root,
        encoding: 'utf8',
        stdio: ['ignore', 'pipe', 'pipe'],
      }),
    );
    const tarball = join(out, packed.filename);
    const unpacking = join(PACK_DIR, 'unpacking');
    rmSync(unpacking, { recursive: true, force: true });
    mkdirSync(unpacking, { recursive: true });
    execFileSync('tar', ['-xzf', tarball, '-C', unpacking]);
    rmSync(INSTALLED, { recursive: true, force: true });
    mkdirSync(join(INSTALLED, '..'), { recursive: true });
    renameSync(join(unpacking, 'package'), INSTALLED);
    rmSync(unpacking, { recursive: true, force: true });
    writeFileSync(STAMP, JSON.stringify({ hash, tarball }));
    return { tarball, dir: INSTALLED, root: PACK_DIR };
  });
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const started = Date.now();
  const { tarball, dir } = packPackage({ force: process.argv.includes('--force') });
  const files = filesUnder(dir).length;
  console.log(`packed ${relative(root, tarball)} (${statSync(tarball).size} B, ${files} files) in ${Date.now() - started} ms`);
}
