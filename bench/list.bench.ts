// `npm run bench` (second part): ConnectionList with 1,000 connections in Chromium. Prints numbers.
import { startHarness } from '../test/e2e/harness.ts';

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

// Development first: `vite build` sets process.env.NODE_ENV for the rest of the process.
await run(false);
await run(true);
