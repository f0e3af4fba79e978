// For `npm run bench`: the same rows, fetched once, rendered by ConnectionList and by a hand-written
// <ul> in this one page, each timed from render() to its rows committed and laid out. The list's
// SWR cache starts with the rows, so neither time includes a request. `?first=plain` or
// `?first=library` says which renders first (the bench alternates). The flow census
// (flow-census.ts) counts the connect-flow objects the list's first render left alive.
import { flushSync } from 'react-dom';
import { createRoot, type Root } from 'react-dom/client';
import { ConnectionList } from '../../../src/components/index.ts';
import { createConnectionsClient } from '../../../src/core/index.ts';
import type { Connection, SessionConnections } from '../../../src/core/types.ts';
import { ConnectionsProvider } from '../../../src/react/index.ts';
import '../../../src/styles.css';

const census = { created: 0, refs: [] as WeakRef<object>[] };
(globalThis as unknown as { __flowCensus: (flow: object) => undefined }).__flowCensus = (flow) => {
  census.created++;
  census.refs.push(new WeakRef(flow));
  return undefined;
};

/** What the bench reads. */
const compare = {
  rows: 0,
  plain: { ms: Number.NaN, rows: 0 },
  library: { ms: Number.NaN, rows: 0 },
  /** Flows created by the list's first render, and (after the bench forced a GC) still reachable. */
  flows: () => ({ created: census.created, alive: census.refs.filter((ref) => ref.deref() !== undefined).length }),
  done: false,
  error: '',
};
(window as unknown as { compare: typeof compare }).compare = compare;

/** The hand-written list: the fields a ConnectionList row shows, as text, no library. */
function PlainList({ connections }: { connections: Connection[] }) {
  return (
    <ul>
      {connections.map((c) => (
        <li key={c.id}>
          <span>{c.name}</span> <span>{c.status}</span> <span>{c.category}</span> <span>{c.country}</span> <span>{c.toolsCount} tools</span>{' '}
          <button type="button">{c.connected ? 'Disconnect' : 'Connect'}</button>
        </li>
      ))}
    </ul>
  );
}

/** Renders into a fresh element, synchronously; the time includes commit and a forced layout. */
function timeRender(render: (root: Root) => void, rowSelector: string): { ms: number; rows: number } {
  const host = document.createElement('div');
  document.getElementById('root')?.append(host);
  const root = createRoot(host);
  const started = performance.now();
  flushSync(() => render(root));
  void host.getBoundingClientRect().height; // style and layout of what was committed
  const ms = performance.now() - started;
  return { ms, rows: host.querySelectorAll(rowSelector).length };
}

async function main() {
  const client = createConnectionsClient({ sessionId: 'ses_bench', baseUrl: location.origin, getToken: () => 'demo_token' });
  const list: SessionConnections = await client.list();
  compare.rows = list.connections.length;
  const plain = () => {
    compare.plain = timeRender((root) => root.render(<PlainList connections={list.connections} />), 'li');
  };
  const library = () => {
    const cache = new Map([[client.key, { data: list }]]);
    compare.library = timeRender(
      (root) =>
        root.render(
          <ConnectionsProvider
            client={client}
            swr={{ provider: () => cache, revalidateOnMount: false, revalidateOnFocus: false, revalidateOnReconnect: false }}
          >
            <ConnectionList />
          </ConnectionsProvider>,
        ),
      '[data-slot="connection-list-item"]',
    );
  };
  if (new URLSearchParams(location.search).get('first') === 'library') {
    library();
    plain();
  } else {
    plain();
    library();
  }
  compare.done = true;
}

main().catch((error: unknown) => {
  compare.error = String(error);
  compare.done = true;
});
