// `npm test`: typecheck, lint, every Vitest project (Node and real Chromium), then the checks that
// later stages add. Stops at the first failing step and ends with one "N passed, N failed" line.
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync, rmSync } from 'node:fs';

const chromium = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
if (!existsSync(chromium)) {
  console.error(
    `npm test needs Chromium at ${chromium}: install it with \`sudo apt-get update && sudo apt-get install -y chromium\` (Debian/Ubuntu) or set CHROMIUM_PATH to a Chrome/Chromium binary.`,
  );
  process.exit(1);
}

const results = '.vitest-results.json';
const steps = [
  ['typecheck', 'npx', ['tsc', '-p', 'tsconfig.json', '--noEmit']],
  // Biome runs through npx, pinned: the registry serves only some of its per-platform binaries, so a
  // lockfile holding it cannot be complete and 'npm ci' would refuse it.
  ['lint', 'npx', ['--yes', '@biomejs/biome@2.6.8', 'check', '.']],
  // Build and `npm pack` once; size, the package tests and the Next.js app read the unpacked tarball.
  ['build and pack', 'node', ['scripts/pack.mjs', '--force']],
  ['size', 'node', ['scripts/size.mjs']],
  ['tests', 'npx', ['vitest', 'run', '--reporter=default', '--reporter=json', `--outputFile.json=${results}`]],
];

rmSync(results, { force: true });
let failedStep;
for (const [name, command, args] of steps) {
  console.log(`\n▶ ${name}: ${command} ${args.join(' ')}`);
  const run = spawnSync(command, args, { stdio: 'inherit', env: { ...process.env, VITE_CONFIG_NATIVE_IGNORE_WARNING: 'true' } });
  if (run.status !== 0) {
    failedStep = name;
    break;
  }
}

let passed = 0;
let failed = 0;
if (existsSync(results)) {
  const report = JSON.parse(readFileSync(results, 'utf8'));
  passed = report.numPassedTests;
  failed = report.numFailedTests + (report.numRuntimeErrorTestSuites ?? 0);
}
if (failedStep) {
  console.error(`\n✗ npm test failed at step "${failedStep}"`);
  failed = Math.max(failed, 1);
}
console.log(`\n${passed} passed, ${failed} failed`);
process.exit(failedStep || failed ? 1 : 0);
