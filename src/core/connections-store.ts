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
import type { ConnectionCheck, ConnectionsClient, SessionConnections } from './types.ts';

/*
 * The connections store (TanStack Query's `QueryClient` / `MutationCache` shape): one per
 * `<ConnectionsProvider>`, framework-free. It owns every connect flow of the session — created when a
 * user starts one, never when something merely shows a server —, the confirm step (the one list
 * refresh that is the API's word), and the announcements that keep other tabs in step. Hooks only
 * subscribe to it (docs/design.md, "The store").
 */

export interface ConnectionsStoreConfig {
  client: ConnectionsClient;
  /** @defaultValue the real browser */
  adapter?: BrowserAdapter | undefined;
  timing?: ConnectFlowTiming | undefined;
  /** The callback page (`completeConnection()`); a start may bring its own. */
  redirectUrl?: string | undefined;
}

/** How the store reaches the host's list cache (SWR, in the React layer). */
export interface ConnectionsCache {
  /**
   * Fetches the list into the cache and answers it: the one list refresh that confirms a flow, so
   * every component showing the list sees the same answer. @defaultValue `client.list()`
   */
  refreshList(client: ConnectionsClient, signal: AbortSignal | undefined): Promise<SessionConnections | undefined>;
  /** Another tab changed the session's connections: revalidate what is shown. */
  revalidateList?(client: ConnectionsClient): void;
  /** A flow connected this server: refresh what else is cached about it (its detail). */
  onConnected?(client: ConnectionsClient, serverId: string): void;
}

const DIRECT: ConnectionsCache = { refreshList: (client, signal) => client.list(signal ? { signal } : {}) };

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
export function createConnectionsStore(config: ConnectionsStoreConfig, cache: ConnectionsCache = DIRECT): ConnectionsStore {
  return new ConnectionsStore(config, cache);
}

/**
 * See {@link createConnectionsStore}. Per server: `subscribe` / `getSnapshot` (for
 * `useSyncExternalStore`), the actions (`start`, `openSetup`, `openFallback`, `cancel`, `reset`,
 * `check`) and `on` for events. A server's flow exists from its first start until nothing
 * subscribes to it any more.
 *
 * @example
 * ```ts
 * const store = createConnectionsStore({ client });
 * store.on('stripe', { onConnected: () => resume() });
 * ```
 */
export class ConnectionsStore {
  #config: ConnectionsStoreConfig;
  #cache: ConnectionsCache;
  readonly #flows = new Map<string, ConnectFlow>();
  readonly #watchers = new Map<string, Set<() => void>>();
  readonly #events = new Map<string, Set<ConnectFlowEvents>>();
  /** The idle snapshot of a server without a flow: one object per server, so nothing re-renders. */
  readonly #idle = new Map<string, ConnectFlowSnapshot>();

  constructor(config: ConnectionsStoreConfig, cache: ConnectionsCache = DIRECT) {
    this.#config = config;
    this.#cache = cache;
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

  /** The cache binding (the React layer's SWR); the store works without one. */
  bind(cache: ConnectionsCache): void {
    this.#cache = cache;
  }

  get client(): ConnectionsClient {
    return this.#config.client;
  }

  /** How many flows exist (nothing is created until a user starts connecting). */
  get flowCount(): number {
    return this.#flows.size;
  }

  subscribe(serverId: string, listener: () => void): () => void {
    let watchers = this.#watchers.get(serverId);
    if (!watchers) {
      watchers = new Set();
      this.#watchers.set(serverId, watchers);
    }
    watchers.add(listener);
    return () => {
      watchers.delete(listener);
      if (watchers.size > 0) return;
      // Nothing shows this server any more: its flow goes, with everything it holds (a popup
      // already at the provider stays open for the user). A flow only exists while something
      // shows it, so StrictMode's re-run of a new component's effects never meets one alone.
      this.#watchers.delete(serverId);
      const flow = this.#flows.get(serverId);
      if (!flow) return;
      this.#flows.delete(serverId);
      flow.dispose();
    };
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
    let set = this.#events.get(serverId);
    if (!set) {
      set = new Set();
      this.#events.set(serverId, set);
    }
    set.add(events);
    return () => {
      set.delete(events);
      if (set.size === 0) this.#events.delete(serverId);
    };
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
   * the list catches up. Returns the cleanup.
   */
  mount(): () => void {
    const adapter = this.#adapter;
    const offChanges = adapter.onBroadcast(CHANGES_CHANNEL, (data) => {
      const change = data as { key?: unknown; tab?: unknown } | null;
      // This tab's own announcements are skipped: it refreshed its list already.
      if (change?.key === this.client.key && change.tab !== TAB_ID) this.#cache.revalidateList?.(this.client);
    });
    const offCompletions = adapter.onBroadcast(CONNECT_CHANNEL, (data) => {
      const message = readCompletionMessage(data);
      if (message?.status !== 'connected' || [...this.#flows.values()].some((flow) => flow.handles(message.state))) return;
      this.#cache.refreshList(this.client, undefined).catch(() => undefined);
    });
    return () => {
      offChanges();
      offCompletions();
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
    return { client, adapter: adapter ?? browserAdapter, timing, redirectUrl };
  }

  /** The server's flow, created (with the current configuration) on first use, while something watches it. */
  #flow(serverId: string): ConnectFlow | undefined {
    const existing = this.#flows.get(serverId);
    if (existing) return existing;
    if (!this.#watchers.get(serverId)?.size) return undefined;
    const flow = createConnectFlow({ ...this.#flowOptions(), serverId, confirm: (id, signal) => this.#confirm(id, signal) });
    flow.on({
      onConnected: (result) => {
        this.#cache.onConnected?.(this.client, serverId);
        this.announce();
        for (const events of [...(this.#events.get(serverId) ?? [])]) events.onConnected?.(result);
      },
      onError: (error) => {
        for (const events of [...(this.#events.get(serverId) ?? [])]) events.onError?.(error);
      },
      onIgnoredMessage: (reason) => {
        for (const events of [...(this.#events.get(serverId) ?? [])]) events.onIgnoredMessage?.(reason);
      },
    });
    flow.subscribe(() => this.#notify(serverId));
    this.#flows.set(serverId, flow);
    return flow;
  }

  /** Confirming *is* the one list refresh: the list is fetched into the cache, and read. */
  async #confirm(serverId: string, signal: AbortSignal): Promise<ConnectionCheck> {
    const list = await this.#cache.refreshList(this.client, signal);
    const row = list?.connections.find((c) => c.id === serverId);
    return { serverId, status: row?.status ?? 'not_connected', ...(row?.connectionId ? { connectionId: row.connectionId } : {}) };
  }

  #notify(serverId: string): void {
    for (const listener of [...(this.#watchers.get(serverId) ?? [])]) listener();
  }
}
