// For `npm run bench`: the same rows, fetched once, rendered by ConnectionList and by a hand-written
// <ul> in this one page, each timed from render() to its rows committed and laid out. The list
// mounts below a provider that has loaded the rows already, so neither time includes a request. `?first=plain` or
// `?first=library` says which renders first (the bench alternates). The flow census
// (flow-census.ts) counts the connect-flow objects the list's first render left alive.
import { useState } from 'react';
import { flushSync } from 'react-dom';
import { createRoot, type Root } from 'react-dom/client';
import { ConnectionList } from '../../../src/components/index.ts';
import { createConnectionsClient } from '../../../src/core/index.ts';
import type { Connection, SessionConnections } from '../../../src/core/types.ts';
import { ConnectionsProvider, useConnections } from '../../../src/react/index.ts';
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
function timeRender(render: (root: Root) => void, rowSelector: string, root?: Root, host?: HTMLElement): { ms: number; rows: number } {
  const element = host ?? document.createElement('div');
  if (!host) document.getElementById('root')?.append(element);
  const target = root ?? createRoot(element);
  const started = performance.now();
  flushSync(() => render(target));
  void element.getBoundingClientRect().height; // style and layout of what was committed
  const ms = performance.now() - started;
  return { ms, rows: element.querySelectorAll(rowSelector).length };
}

/** Below the provider: nothing until `show()`, the list after; its hook loads the rows meanwhile. */
const stage = { show: () => {}, loaded: () => {} };
function Stage() {
  const [shown, setShown] = useState(false);
  stage.show = () => setShown(true);
  const { isLoading, connections } = useConnections();
  if (!isLoading && connections.length) queueMicrotask(stage.loaded);
  return shown ? <ConnectionList /> : null;
}

async function main() {
  const client = createConnectionsClient({ sessionId: 'ses_bench', baseUrl: location.origin, getToken: () => 'demo_token' });
  const list: SessionConnections = await client.list();
  compare.rows = list.connections.length;
  const plain = () => {
    compare.plain = timeRender((root) => root.render(<PlainList connections={list.connections} />), 'li');
  };
  // The provider, its list loaded (the one request), before the clock starts.
  const host = document.createElement('div');
  document.getElementById('root')?.append(host);
  const root = createRoot(host);
  const loaded = new Promise<void>((resolve) => {
    stage.loaded = resolve;
  });
  root.render(
    <ConnectionsProvider client={client} revalidateOnFocus={false} revalidateOnReconnect={false}>
      <Stage />
    </ConnectionsProvider>,
  );
  await loaded;
  const library = () => {
    compare.library = timeRender(() => stage.show(), '[data-slot="connection-list-item"]', root, host);
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
