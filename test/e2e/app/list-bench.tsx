// ConnectionList with many connections, for `npm run bench`. Counts row renders through renderRow
// and React's own render time through a Profiler.
import { Profiler, type ReactNode } from 'react';
import { createRoot } from 'react-dom/client';
import { ConnectionList } from '../../../src/components/index.ts';
import { createConnectionsClient } from '../../../src/core/index.ts';
import type { Connection } from '../../../src/core/types.ts';
import { ConnectionsProvider, useConnections } from '../../../src/react/index.ts';
import '../../../src/styles.css';

const bench = {
  /** Which React build this page runs (the Vite mode). */
  /** 'production' when React's production build runs: it never calls a Profiler's onRender. */
  mode: 'development' as string,
  /** When the expected number of rows was first in the DOM (checked every frame). */
  rowsAt: Number.NaN,
  start: performance.now(),
  renders: new Map<string, number>(),
  commits: [] as { phase: string; actualDuration: number; at: number }[],
  refresh: (() => Promise.resolve()) as () => Promise<unknown>,
};
(window as unknown as { bench: typeof bench }).bench = bench;

const expected = Number(new URLSearchParams(location.search).get('rows') ?? 1000);
const watch = () => {
  if (document.querySelectorAll('[data-slot="connection-list-item"]').length >= expected) {
    bench.rowsAt = performance.now();
    if (bench.commits.length === 0) bench.mode = 'production';
  } else requestAnimationFrame(watch);
};
requestAnimationFrame(watch);

const client = createConnectionsClient({ sessionId: 'ses_bench', baseUrl: location.origin, getToken: () => 'demo_token' });

function renderRow(connection: Connection, parts: { logo: ReactNode; badge: ReactNode; actions: ReactNode }) {
  bench.renders.set(connection.id, (bench.renders.get(connection.id) ?? 0) + 1);
  return (
    <>
      {parts.logo}
      <span>{connection.name}</span>
      {parts.badge}
      {parts.actions}
    </>
  );
}

function Refresher() {
  bench.refresh = useConnections().refresh;
  return null;
}

createRoot(document.getElementById('root') as HTMLElement).render(
  <ConnectionsProvider client={client} revalidateOnFocus={false}>
    <Refresher />
    <Profiler id="list" onRender={(_id, phase, actualDuration) => bench.commits.push({ phase, actualDuration, at: performance.now() })}>
      <ConnectionList renderRow={renderRow} />
    </Profiler>
  </ConnectionsProvider>,
);
