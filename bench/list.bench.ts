// `npm run bench` (second part): ConnectionList with 1,000 connections in Chromium. Prints numbers.
import { startHarness } from '../test/e2e/harness.ts';

const ROWS = Number(process.env.BENCH_ROWS ?? 1000);

async function main() {
  const h = await startHarness();
  try {
    const servers = Object.fromEntries(
      Array.from({ length: ROWS }, (_, i) => [`provider-${String(i).padStart(4, '0')}`, i % 3 ? 'not_connected' : 'connected']),
    );
    await fetch(`${h.origin}/__reference/sessions`, { method: 'POST', body: JSON.stringify({ sessionId: 'ses_bench', servers }) });
    const page = await (await h.browser.newContext()).newPage();
    const runs: { first: number; react: number; rerendered: number; update: number }[] = [];
    for (let run = 0; run < 3; run++) {
      h.api.setServerState('ses_bench', 'provider-0500', 'not_connected');
      await page.goto(`${h.origin}/test/e2e/app/list-bench.html`);
      await page.waitForFunction((n) => document.querySelectorAll('[data-slot="connection-list-item"]').length === n, ROWS, {
        timeout: 60_000,
      });
      const first = await page.evaluate(() => {
        const b = (window as unknown as { bench: { start: number; commits: { actualDuration: number; at: number }[] } }).bench;
        const last = b.commits.at(-1);
        return { first: (last?.at ?? Number.NaN) - b.start, react: b.commits.reduce((sum, c) => sum + c.actualDuration, 0) };
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
        await b.refresh();
        await new Promise((resolve) => requestAnimationFrame(() => setTimeout(resolve, 0)));
        const changed = [...b.renders].filter(([id, count]) => count !== before.get(id)).map(([id]) => id);
        return { changed, update: b.commits.slice(commits).reduce((sum, c) => sum + c.actualDuration, 0) };
      });
      runs.push({ first: first.first, react: first.react, rerendered: update.changed.length, update: update.update });
    }
    const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)] ?? Number.NaN;
    console.log(
      `\nConnectionList benchmark (Chromium, ${ROWS} connections, median of ${runs.length}; React development build via Vite dev server)\n`,
    );
    console.log(`first render, page start -> ${ROWS} rows committed   ${median(runs.map((r) => r.first)).toFixed(0)} ms`);
    console.log(`  of which React render time (Profiler)           ${median(runs.map((r) => r.react)).toFixed(0)} ms`);
    console.log(`rows re-rendered when one connection changes       ${median(runs.map((r) => r.rerendered))}   (goal: 1)`);
    console.log(`  React render time of that update                 ${median(runs.map((r) => r.update)).toFixed(1)} ms`);
  } finally {
    await h.close();
  }
}

await main();
