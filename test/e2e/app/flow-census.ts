// A test-only instrument for `npm run bench`: counts the connect-flow objects a page creates, without
// touching src/. A Vite plugin adds one class field to `class ConnectFlow` (wherever src/core keeps
// it) that hands each new instance to `globalThis.__flowCensus`; the page keeps a WeakRef to each, so
// what is still reachable after a forced garbage collection is what is alive. The build fails when
// there is no such class any more: the bench must not print 0 because it counted nothing.
import type { Plugin } from 'vite';

/** `class ConnectFlow {` or `class ConnectFlow extends X {`: the opening of its body. */
const CLASS_OPENING = /\bclass ConnectFlow\b[^{]*\{/;

export function flowCensus(): Plugin {
  let instrumented = 0;
  return {
    name: 'codespar-flow-census',
    transform(code, id) {
      if (!/\/src\/core\//.test(id) || !CLASS_OPENING.test(code)) return undefined;
      instrumented++;
      return { code: code.replace(CLASS_OPENING, (opening) => `${opening}\n__census = globalThis.__flowCensus?.(this);`), map: null };
    },
    buildEnd(error) {
      if (!error && instrumented !== 1) {
        this.error(
          `flow-census: expected one \`class ConnectFlow\` under src/core, instrumented ${instrumented}: update test/e2e/app/flow-census.ts`,
        );
      }
    },
  };
}
