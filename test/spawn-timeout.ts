// Tests that spawn a compiler, a build or a TypeScript runner take seconds, more on a loaded
// machine: "consumer types under bundler and nodenext" ran 6.4 s against Vitest's 5 s default and
// failed CI once. Each such test declares this time-out, and checks that it did.
import { expect, type TestContext } from 'vitest';

export const SPAWN_TIMEOUT_MS = 120_000;

/** Fails the test unless it was given a time-out of at least {@link SPAWN_TIMEOUT_MS}: call it before spawning. */
export function expectSpawnTimeout({ task }: TestContext): void {
  expect(
    task.timeout,
    `"${task.name}" spawns a compiler or build: give it a time-out of ${SPAWN_TIMEOUT_MS} ms or more`,
  ).toBeGreaterThanOrEqual(SPAWN_TIMEOUT_MS);
}
