// `npm run bench` (second part): ConnectionList with 1,000 connections in Chromium. Prints numbers.
import { flowCensus } from '../test/e2e/app/flow-census.ts';
import { type Harness, startHarness } from '../test/e2e/harness.ts';

const ROWS = Number(process.env.BENCH_ROWS ?? 1000);

async function run(production: boolean) {
  const h = await startHarness(production ? { production: ['test/e2e/app/list-bench.html'] } : {});
  try {
    const servers = Object.fromEntries(
      Array.from({ length: ROWS }, (_, i) => [`provider-${String(i).padStart(4, '0')}`, i % 3 ? 'not_connected' : 'connected']),
    );
    await fetch(`${h.origin}/__reference/sessions`, { method: 'POST', body: JSON.stringify({ sessionId: 'ses_bench', servers }) });
    const page = await (await h.browser.newContext()).newPage();
    const runs: { first: number; react: number; rerendered: number; update: number; wall: number }[] = [];
    let mode = '';
    for (let run = 0; run < 3; run++) {
      h.api.setServerState('ses_bench', 'provider-0500', 'not_connected');
      await page.goto(`${h.origin}/test/e2e/app/list-bench.html?rows=${ROWS}`);
      await page.waitForFunction((n) => document.querySelectorAll('[data-slot="connection-list-item"]').length === n, ROWS, {
        timeout: 60_000,
      });
      await page.waitForFunction(() => !Number.isNaN((window as unknown as { bench: { rowsAt: number } }).bench.rowsAt));
      mode = await page.evaluate(() => (window as unknown as { bench: { mode: string } }).bench.mode);
      const first = await page.evaluate(() => {
        const b = (window as unknown as { bench: { start: number; rowsAt: number; commits: { actualDuration: number }[] } }).bench;
        return { first: b.rowsAt - b.start, react: b.commits.reduce((sum, c) => sum + c.actualDuration, 0) };
      });
      h.api.setServerState('ses_bench', 'provider-0500', 'connected');
      const update = await page.evaluate(async () => {
        const b = (
          window as unknown as {
            bench: { renders: Map<string, number>; commits: { actualDuration: number }[]; refresh: () => Promise<unknown> };
          }
        ).bench;
        const before = new Map(b.renders);
        const commits = b.commits.length;
        const started = performance.now();
        await b.refresh();
        // No named function in here: tsx would wrap it in a helper the page does not have.
        while (document.querySelectorAll('[data-slot="connection-list-item"]')[500]?.getAttribute('data-status') !== 'connected') {
          await new Promise((resolve) => requestAnimationFrame(resolve));
        }
        const wall = performance.now() - started;
        const changed = [...b.renders].filter(([id, count]) => count !== before.get(id)).map(([id]) => id);
        return { changed, wall, update: b.commits.slice(commits).reduce((sum, c) => sum + c.actualDuration, 0) };
      });
      runs.push({ first: first.first, react: first.react, rerendered: update.changed.length, update: update.update, wall: update.wall });
    }
    const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)] ?? Number.NaN;
    console.log(`
ConnectionList benchmark (Chromium, ${ROWS} connections, median of ${runs.length}; React ${mode} build)
`);
    console.log(`first render, page start -> ${ROWS} rows committed   ${median(runs.map((r) => r.first)).toFixed(0)} ms`);
    if (mode === 'development')
      console.log(`  of which React render time (Profiler)           ${median(runs.map((r) => r.react)).toFixed(0)} ms`);
    console.log(`rows re-rendered when one connection changes       ${median(runs.map((r) => r.rerendered))}   (goal: 1)`);
    console.log(`  refresh -> row updated, wall-clock (incl. request) ${median(runs.map((r) => r.wall)).toFixed(1)} ms`);
    if (mode === 'development')
      console.log(`  React render time of that update                 ${median(runs.map((r) => r.update)).toFixed(1)} ms`);
  } finally {
    await h.close();
  }
}

/** The bench session: ROWS servers, every third connected. */
async function seed(h: Harness) {
  const servers = Object.fromEntries(
    Array.from({ length: ROWS }, (_, i) => [`provider-${String(i).padStart(4, '0')}`, i % 3 ? 'not_connected' : 'connected']),
  );
  await fetch(`${h.origin}/__reference/sessions`, { method: 'POST', body: JSON.stringify({ sessionId: 'ses_bench', servers }) });
}

/**
 * ConnectionList beside a hand-written <ul> of the same rows in the same page (list-compare.tsx),
 * React's production build, each render timed from render() to rows committed and laid out, no
 * request in either; which one renders first alternates run by run. Then the connect-flow objects
 * the list's first render left alive (flow-census.ts), after a forced garbage collection.
 */
async function compare() {
  const RUNS = 6;
  const h = await startHarness({ production: ['test/e2e/app/list-compare.html'], plugins: [flowCensus()] });
  try {
    await seed(h);
    const page = await (await h.browser.newContext()).newPage();
    const cdp = await page.context().newCDPSession(page);
    const runs: { library: number; plain: number; alive: number; created: number }[] = [];
    for (let run = 0; run < RUNS; run++) {
      await page.goto(`${h.origin}/test/e2e/app/list-compare.html?first=${run % 2 ? 'library' : 'plain'}`);
      await page.waitForFunction(() => (window as unknown as { compare: { done: boolean } }).compare.done, undefined, { timeout: 60_000 });
      const result = await page.evaluate(() => {
        const c = (
          window as unknown as {
            compare: { error: string; rows: number; plain: { ms: number; rows: number }; library: { ms: number; rows: number } };
          }
        ).compare;
        return { error: c.error, rows: c.rows, plain: c.plain, library: c.library };
      });
      if (result.error) throw new Error(`list-compare.html: ${result.error}`);
      // Both lists must have committed every row in the render that was timed, or the times mean nothing.
      if (result.rows !== ROWS || result.plain.rows !== ROWS || result.library.rows !== ROWS) {
        throw new Error(
          `expected ${ROWS} rows from each render, got plain ${result.plain.rows}, ConnectionList ${result.library.rows} (of ${result.rows})`,
        );
      }
      await cdp.send('HeapProfiler.collectGarbage');
      const flows = await page.evaluate(async () => {
        // WeakRef targets stay reachable until the task that made them ends: one more task, one more GC pass.
        await new Promise((resolve) => setTimeout(resolve, 0));
        return (window as unknown as { compare: { flows: () => { created: number; alive: number } } }).compare.flows();
      });
      runs.push({ library: result.library.ms, plain: result.plain.ms, alive: flows.alive, created: flows.created });
    }
    const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)] ?? Number.NaN;
    const library = median(runs.map((r) => r.library));
    const plain = median(runs.map((r) => r.plain));
    console.log(`
ConnectionList beside a plain <ul> of the same ${ROWS} rows, in one page (Chromium, React production build,
median of ${RUNS}, which renders first alternated; render() -> rows committed and laid out, no request)
`);
    console.log(
      `first render   ConnectionList ${library.toFixed(1)} ms   plain list ${plain.toFixed(1)} ms   ratio ${(library / plain).toFixed(1)}x`,
    );
    console.log(
      `flow objects alive after the first render   ${median(runs.map((r) => r.alive))}   (goal: 0; created by it: ${median(runs.map((r) => r.created))})`,
    );
  } finally {
    await h.close();
  }
}

// Development first: `vite build` sets process.env.NODE_ENV for the rest of the process.
await run(false);
await run(true);
await compare();
