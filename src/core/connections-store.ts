import { type BrowserAdapter, browserAdapter } from './browser.ts';
import {
  type ConnectFlow,
  type ConnectFlowEvents,
  type ConnectFlowTiming,
  type ConnectStartOptions,
  createConnectFlow,
} from './connect-flow.ts';
import { type ConnectFlowSnapshot, initialSnapshot } from './flow-state.ts';
import { CHANGES_CHANNEL, CONNECT_CHANNEL, readCompletionMessage } from './protocol.ts';
import { QueryCache } from './query-cache.ts';
import { withConnectionId } from './schemas.ts';
import type { ConnectionCheck, ConnectionDetail, ConnectionsClient, SessionConnections } from './types.ts';

/*
 * The connections store (TanStack Query's `QueryClient` / `MutationCache` shape): one per
 * `<ConnectionsProvider>`, framework-free. It owns every connect flow of the session — created when a
 * user starts one, never when something merely shows a server —, the confirm step (the one list
 * refresh that is the API's word), the query cache the hooks read (`query-cache.ts`: the list and
 * the details, refreshed on focus and reconnect through the adapter), and the announcements that
 * keep other tabs in step. Hooks only subscribe to it (docs/design.md, "The store").
 */

export interface ConnectionsStoreConfig {
  client: ConnectionsClient;
  /** @defaultValue the real browser */
  adapter?: BrowserAdapter | undefined;
  timing?: ConnectFlowTiming | undefined;
  /** The callback page (`completeConnection()`); a start may bring its own. */
  redirectUrl?: string | undefined;
  /** Revalidate the list and details on screen when the page regains focus (at most every 5 s). @defaultValue true */
  revalidateOnFocus?: boolean | undefined;
  /** Revalidate the list and details on screen when the network comes back. @defaultValue true */
  revalidateOnReconnect?: boolean | undefined;
}

/** A cache key and its request: what `useConnections` and `useConnection` read, and the store refreshes. */
export interface Query<T> {
  readonly key: string;
  readonly fetch: (signal?: AbortSignal) => Promise<T>;
}

/** The session's list: one cache entry per session, whichever component asks. */
export const listQuery = (client: ConnectionsClient): Query<SessionConnections> => ({
  key: client.key,
  fetch: (signal) => client.list(signal ? { signal } : {}),
});

/**
 * One server's detail. Over the meta-tool client, which has no detail call, the status only, with
 * empty `tools` and `capabilities`.
 */
export const detailQuery = (client: ConnectionsClient, serverId: string): Query<ConnectionDetail> => ({
  key: `${client.key}\u0000connection\u0000${serverId}`,
  fetch: async (signal) => {
    const options = signal ? { signal } : {};
    if (client.get) return client.get(serverId, options);
    const check = await client.check(serverId, options);
    return withConnectionId(
      { id: serverId, name: serverId, connected: check.status === 'connected', status: check.status, capabilities: [], tools: [] },
      check.connectionId,
    );
  },
});

const ignore = () => undefined;

/** Tells this tab's announcements from other tabs' (a BroadcastChannel reaches the sender's tab too). */
const TAB_ID = /* @__PURE__ */ Math.random().toString(36).slice(2);

/**
 * Creates the connections store of one session. `<ConnectionsProvider>` makes one and keeps it for its
 * life; use it directly to drive the flows without React.
 *
 * @example
 * ```ts
 * const store = createConnectionsStore({ client, redirectUrl: '/oauth/done.html' });
 * const stop = store.mount(); // listens to other tabs and to callback pages
 * store.subscribe('stripe', () => render(store.getSnapshot('stripe')));
 * button.onclick = () => store.start('stripe'); // from the click: the popup opens before any await
 * ```
 */
export function createConnectionsStore(config: ConnectionsStoreConfig): ConnectionsStore {
  return new ConnectionsStore(config);
}

/**
 * See {@link createConnectionsStore}. Per server: `subscribe` / `getSnapshot` (for
 * `useSyncExternalStore`), the actions (`start`, `openSetup`, `openFallback`, `cancel`, `reset`,
 * `check`) and `on` for events. A server's flow exists from its first start until nothing
 * subscribes to it any more. `cache` holds the session's list and the servers' details.
 *
 * @example
 * ```ts
 * const store = createConnectionsStore({ client });
 * store.on('stripe', { onConnected: () => resume() });
 * ```
 */
export class ConnectionsStore {
  #config: ConnectionsStoreConfig;
  /**
   * What the hooks read: the list (`listQuery`) and the details (`detailQuery`), one request per key
   * however many components show them. The confirm step writes into it.
   */
  readonly cache: QueryCache;
  readonly #flows = new Map<string, ConnectFlow>();
  readonly #watchers = new Map<string, Set<() => void>>();
  readonly #events = new Map<string, Set<ConnectFlowEvents>>();
  /** The idle snapshot of a server without a flow: one object per server, so nothing re-renders. */
  readonly #idle = new Map<string, ConnectFlowSnapshot>();

  constructor(config: ConnectionsStoreConfig) {
    this.#config = config;
    this.cache = new QueryCache({ now: () => this.#adapter.now() });
  }

  /**
   * A new client, adapter, timing or redirect URL: the next flow, and the next start of an existing
   * one, use it. Another session (a client with another `key`) ends the old session's flows.
   */
  configure(config: ConnectionsStoreConfig): void {
    const sessionChanged = config.client.key !== this.#config.client.key;
    this.#config = config;
    if (sessionChanged) {
      for (const [serverId, flow] of this.#flows) {
        this.#flows.delete(serverId);
        flow.dispose();
        this.#notify(serverId);
      }
      return;
    }
    for (const flow of this.#flows.values()) flow.setOptions(this.#flowOptions());
  }

  get client(): ConnectionsClient {
    return this.#config.client;
  }

  /** How many flows exist (nothing is created until a user starts connecting). */
  get flowCount(): number {
    return this.#flows.size;
  }

  subscribe(serverId: string, listener: () => void): () => void {
    return addTo(this.#watchers, serverId, listener, () => {
      // Nothing shows this server any more: its flow goes, with everything it holds (a popup
      // already at the provider stays open for the user). A flow only exists while something
      // shows it, so StrictMode's re-run of a new component's effects never meets one alone.
      this.#flows.get(serverId)?.dispose();
      this.#flows.delete(serverId);
    });
  }

  getSnapshot(serverId: string): ConnectFlowSnapshot {
    const flow = this.#flows.get(serverId);
    if (flow) return flow.getSnapshot();
    let idle = this.#idle.get(serverId);
    if (!idle) {
      idle = initialSnapshot(serverId);
      this.#idle.set(serverId, idle);
    }
    return idle;
  }

  /** Adds event callbacks for one server's flow, now or when it is created; returns their removal. */
  on(serverId: string, events: ConnectFlowEvents): () => void {
    return addTo(this.#events, serverId, events);
  }

  /**
   * Starts connecting `serverId`. Call it straight from a click: the popup opens before any await.
   * Only for a server something subscribes to (what shows it): a start from a component that has
   * unmounted since does nothing, rather than leave a flow nobody watches.
   */
  start(serverId: string, options: ConnectStartOptions = {}): void {
    this.#flow(serverId)?.start(options);
  }

  /** Sends the user to a setup page the host holds (a tool result's `wizard_url`), from a click. */
  openSetup(serverId: string, url: string): void {
    this.#flow(serverId)?.openSetup(url);
  }

  /** Asks the API whether `serverId` is connected already. */
  async check(serverId: string): Promise<void> {
    await this.#flow(serverId)?.check();
  }

  openFallback(serverId: string): void {
    this.#flows.get(serverId)?.openFallback();
  }

  cancel(serverId: string): void {
    this.#flows.get(serverId)?.cancel();
  }

  reset(serverId: string): void {
    this.#flows.get(serverId)?.reset();
  }

  /**
   * Listens to other tabs (a connection changed there) and to callback pages whose completion no
   * live flow owns (its component unmounted mid-flow: a virtualized message list), so what shows
   * the list catches up; and to focus and the network coming back, which revalidate what is shown
   * (unless `revalidateOnFocus` / `revalidateOnReconnect` is false). Returns the cleanup.
   */
  mount(): () => void {
    const adapter = this.#adapter;
    const offs = [
      adapter.onBroadcast(CHANGES_CHANNEL, (data) => {
        const change = data as { key?: unknown; tab?: unknown } | null;
        // This tab's own announcements are skipped: it refreshed its list already.
        if (change?.key === this.client.key && change.tab !== TAB_ID) this.cache.invalidate(listQuery(this.client).key);
      }),
      adapter.onBroadcast(CONNECT_CHANNEL, (data) => {
        const message = readCompletionMessage(data);
        if (message?.status !== 'connected' || [...this.#flows.values()].some((flow) => flow.handles(message.state))) return;
        this.#refreshList().catch(ignore);
      }),
      adapter.onAttention(() => {
        if (this.#config.revalidateOnFocus !== false) this.cache.focus();
      }),
      adapter.onReconnect(() => {
        if (this.#config.revalidateOnReconnect !== false) this.cache.reconnect();
      }),
    ];
    return () => {
      for (const off of offs) off();
    };
  }

  /** Tells the other tabs that this session's connections changed (after a connect or disconnect). */
  announce(): void {
    this.#adapter.postBroadcast(CHANGES_CHANNEL, { type: 'codespar:connections-changed', key: this.client.key, tab: TAB_ID });
  }

  // ── internals ─────────────────────────────────────────────────────────────────────────────────

  get #adapter(): BrowserAdapter {
    return this.#config.adapter ?? browserAdapter;
  }

  #flowOptions() {
    const { client, adapter, timing, redirectUrl } = this.#config;
    return { client, adapter, timing, redirectUrl };
  }

  /** The server's flow, created (with the current configuration) on first use, while something watches it. */
  #flow(serverId: string): ConnectFlow | undefined {
    const existing = this.#flows.get(serverId);
    if (existing) return existing;
    if (!this.#watchers.get(serverId)?.size) return undefined;
    const flow = createConnectFlow({ ...this.#flowOptions(), serverId, confirm: (id, signal) => this.#confirm(id, signal) });
    const listeners = () => [...(this.#events.get(serverId) ?? [])];
    flow.on({
      onConnected: (result) => {
        // What else is cached about the server (its detail) is out of date.
        this.cache.invalidate(detailQuery(this.client, serverId).key);
        this.announce();
        for (const events of listeners()) events.onConnected?.(result);
      },
      onError: (error) => {
        for (const events of listeners()) events.onError?.(error);
      },
      onIgnoredMessage: (reason) => {
        for (const events of listeners()) events.onIgnoredMessage?.(reason);
      },
    });
    flow.subscribe(() => this.#notify(serverId));
    this.#flows.set(serverId, flow);
    return flow;
  }

  /**
   * Confirming *is* the one list refresh: the list is fetched into the cache every component reads
   * (a newer answer than any request before it), and read. Its failure is the flow's to report.
   */
  async #confirm(serverId: string, signal: AbortSignal): Promise<ConnectionCheck> {
    const list = await this.#refreshList(signal);
    const row = list?.connections.find((c) => c.id === serverId);
    return withConnectionId({ serverId, status: row?.status ?? 'not_connected' }, row?.connectionId);
  }

  /** A new list request into the cache every component reads; its failure is the caller's (`silent`). */
  #refreshList(signal?: AbortSignal): Promise<SessionConnections | undefined> {
    const query = listQuery(this.client);
    return this.cache.fetch(query.key, () => query.fetch(signal), { silent: true });
  }

  #notify(serverId: string): void {
    for (const listener of [...(this.#watchers.get(serverId) ?? [])]) listener();
  }
}

/** Adds `value` to `key`'s set in `map` (made on first use); the removal drops an emptied set, then runs `onEmpty`. */
function addTo<T>(map: Map<string, Set<T>>, key: string, value: T, onEmpty?: () => void): () => void {
  let set = map.get(key);
  if (!set) {
    set = new Set();
    map.set(key, set);
  }
  set.add(value);
  return () => {
    set.delete(value);
    if (set.size > 0 || map.get(key) !== set) return;
    map.delete(key);
    onEmpty?.();
  };
}
