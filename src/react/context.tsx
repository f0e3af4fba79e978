'use client';
import { createContext, type ReactNode, useContext, useEffect, useMemo, useState } from 'react';
import { SWRConfig, type SWRConfiguration, useSWRConfig } from 'swr';
import { type BrowserAdapter, browserAdapter } from '../core/browser.ts';
import type { ConnectFlowTiming } from '../core/connect-flow.ts';
import { ConfigurationError } from '../core/errors.ts';
import { FlowRegistry } from '../core/flow-registry.ts';
import { CHANGES_CHANNEL, CONNECT_CHANNEL, readCompletionMessage } from '../core/protocol.ts';
import type { ConnectionsClient } from '../core/types.ts';

export interface ConnectionsProviderProps {
  /**
   * A REST client (`createConnectionsClient`) or a meta-tool client (`createMetaToolClient`).
   * Create it once (module scope or `useMemo`): a new client each render re-renders every consumer.
   */
  client: ConnectionsClient;
  /**
   * The page that runs `completeConnection()` from `@codespar/connect-react/callback`; a path is
   * resolved against the current origin. Hooks may override it.
   */
  redirectUrl?: string;
  /** SWR options for the hooks' requests (e.g. `{ provider: () => new Map() }` in tests). */
  swr?: SWRConfiguration;
  /** Browser side effects; replace in tests. @defaultValue the real browser */
  adapter?: BrowserAdapter;
  /** Connect-flow timings (poll interval, close grace period…). */
  timing?: ConnectFlowTiming;
  children?: ReactNode;
}

export interface ConnectionsContextValue {
  client: ConnectionsClient;
  redirectUrl: string | undefined;
  adapter: BrowserAdapter;
  timing: ConnectFlowTiming | undefined;
  registry: FlowRegistry;
}

const ConnectionsContext = /* @__PURE__ */ createContext<ConnectionsContextValue | null>(null);

/** One object for "no SWR options": a new `{}` each render would re-render every SWR consumer. */
const NO_SWR_OPTIONS: SWRConfiguration = {};

/**
 * Gives the hooks and components below it a session's client, the SWR cache they share, and the
 * OAuth callback URL. Also keeps other tabs of the same origin in step: connecting or disconnecting
 * in one tab refreshes the lists in the others.
 *
 * @example
 * ```tsx
 * const client = createConnectionsClient({ sessionId, baseUrl: '/api/codespar' });
 *
 * <ConnectionsProvider client={client} redirectUrl="/oauth/done.html">
 *   <Chat />
 * </ConnectionsProvider>
 * ```
 */
export function ConnectionsProvider({ client, redirectUrl, swr, adapter, timing, children }: ConnectionsProviderProps) {
  const [registry] = useState(() => new FlowRegistry());
  // Compared by value: an inline `timing={{ … }}` must not change the context on every render, or
  // every consumer (each row of a long list) would render with it.
  const { pollIntervalMs, closedPollMs, closeGraceMs, defaultTtlMs, attentionThrottleMs } = timing ?? {};
  const stableTiming = useMemo<ConnectFlowTiming | undefined>(() => {
    const fields = { pollIntervalMs, closedPollMs, closeGraceMs, defaultTtlMs, attentionThrottleMs };
    // Only the fields given: an explicit undefined would override the flow's defaults.
    const given = Object.fromEntries(Object.entries(fields).filter(([, v]) => v !== undefined));
    return Object.keys(given).length ? given : undefined;
  }, [pollIntervalMs, closedPollMs, closeGraceMs, defaultTtlMs, attentionThrottleMs]);
  const value = useMemo<ConnectionsContextValue>(
    () => ({ client, redirectUrl, adapter: adapter ?? browserAdapter, timing: stableTiming, registry }),
    [client, redirectUrl, adapter, stableTiming, registry],
  );
  return (
    <SWRConfig value={swr ?? NO_SWR_OPTIONS}>
      <ConnectionsContext.Provider value={value}>
        <CrossTabSync />
        {children}
      </ConnectionsContext.Provider>
    </SWRConfig>
  );
}

/**
 * Revalidates the list when another tab connected or disconnected something, and when a callback
 * page finished a sign-in that no flow here waits for any more (its card was unmounted mid-flow: a
 * virtualized message list), so what shows the server catches up.
 */
function CrossTabSync() {
  const { client, adapter, registry } = useConnectionsContext('ConnectionsProvider');
  const { mutate } = useSWRConfig();
  useEffect(() => {
    // Another tab connected or disconnected a server of this session. This tab's own
    // announcements are skipped: it refreshed its list already.
    const offChanges = adapter.onBroadcast(CHANGES_CHANNEL, (data) => {
      const change = data as { key?: unknown; tab?: unknown } | null;
      if (change?.key === client.key && change.tab !== TAB_ID) void mutate(client.key);
    });
    // A live flow confirms its own completion (the one list refresh): only orphans refresh here,
    // into the cache even when nothing shows the list right now (the card comes back later).
    const offCompletions = adapter.onBroadcast(CONNECT_CHANNEL, (data) => {
      const message = readCompletionMessage(data);
      if (message?.status !== 'connected' || registry.handles(message.state)) return;
      mutate(client.key, client.list(), { revalidate: false }).catch(() => undefined);
    });
    return () => {
      offChanges();
      offCompletions();
    };
  }, [adapter, client, mutate, registry]);
  return null;
}

/** Tells this tab's announcements from other tabs'. */
const TAB_ID = Math.random().toString(36).slice(2);

/** Posts "this session's connections changed" to the other tabs. */
export function announceChange(key: string): void {
  if (typeof BroadcastChannel === 'undefined') return;
  const channel = new BroadcastChannel(CHANGES_CHANNEL);
  channel.postMessage({ type: 'codespar:connections-changed', key, tab: TAB_ID });
  channel.close();
}

/**

 * The provider's value; outside `<ConnectionsProvider>` it throws an error that names the hook and
 * the provider, rather than failing later on an undefined client.
 *
 * @example
 * ```ts
 * function MyHook() {
 *   const { client } = useConnectionsContext('MyHook');
 * }
 * ```
 */
export function useConnectionsContext(hookName: string): ConnectionsContextValue {
  const value = useContext(ConnectionsContext);
  if (!value) throw new ConfigurationError('invalid_options', `\`${hookName}\` must be used within \`<ConnectionsProvider>\``);
  return value;
}
