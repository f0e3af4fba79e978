'use client';
import { createContext, type ReactNode, useContext, useEffect, useMemo, useState } from 'react';
import type { BrowserAdapter } from '../core/browser.ts';
import type { ConnectFlowTiming } from '../core/connect-flow.ts';
import { type ConnectionsStore, createConnectionsStore } from '../core/connections-store.ts';
import { ConfigurationError } from '../core/errors.ts';
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
  /**
   * Revalidate the list and the details on screen when the window regains focus or the page
   * becomes visible again, at most once every 5 s each. Each provider has its own cache, so tests
   * need no option to keep theirs apart.
   * @defaultValue true
   * @example
   * ```tsx
   * <ConnectionsProvider client={client} revalidateOnFocus={false}>
   * ```
   */
  revalidateOnFocus?: boolean;
  /**
   * Revalidate the list and the details on screen when the network comes back (`online`).
   * @defaultValue true
   * @example
   * ```tsx
   * <ConnectionsProvider client={client} revalidateOnReconnect={false}>
   * ```
   */
  revalidateOnReconnect?: boolean;
  /** Browser side effects; replace in tests. @defaultValue the real browser */
  adapter?: BrowserAdapter;
  /** Connect-flow timings (poll interval, close grace period…). */
  timing?: ConnectFlowTiming;
  children?: ReactNode;
}

export interface ConnectionsContextValue {
  client: ConnectionsClient;
  redirectUrl: string | undefined;
  /** The provider's connections store: every flow of the session, created on a user's start. */
  store: ConnectionsStore;
}

const ConnectionsContext = /* @__PURE__ */ createContext<ConnectionsContextValue | null>(null);

/**
 * Gives the hooks and components below it a session's client, the OAuth callback URL, and one
 * connections store: the cache of the list and the details they share (one request per key,
 * revalidated on focus and reconnect), and the connect flows, created when a user starts one (never
 * because a row rendered). It keeps other tabs of the same origin in step: connecting or
 * disconnecting in one tab refreshes the lists in the others.
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
export function ConnectionsProvider({
  client,
  redirectUrl,
  revalidateOnFocus,
  revalidateOnReconnect,
  adapter,
  timing,
  children,
}: ConnectionsProviderProps) {
  // Compared by value: an inline `timing={{ … }}` must not reconfigure the store on every render.
  const { pollIntervalMs, closedPollMs, closeGraceMs, defaultTtlMs, attentionThrottleMs } = timing ?? {};
  const stableTiming = useMemo<ConnectFlowTiming | undefined>(() => {
    const fields = { pollIntervalMs, closedPollMs, closeGraceMs, defaultTtlMs, attentionThrottleMs };
    // Only the fields given: an explicit undefined would override the flow's defaults.
    const given = Object.fromEntries(Object.entries(fields).filter(([, v]) => v !== undefined));
    return Object.keys(given).length ? given : undefined;
  }, [pollIntervalMs, closedPollMs, closeGraceMs, defaultTtlMs, attentionThrottleMs]);
  const config = { client, adapter, timing: stableTiming, redirectUrl, revalidateOnFocus, revalidateOnReconnect };
  const [store] = useState(() => createConnectionsStore(config));
  // A new client, adapter, timing or redirect URL is what the next flow uses (`config` is new each
  // render: its fields are the dependencies).
  useEffect(() => store.configure(config), [store, client, adapter, stableTiming, redirectUrl, revalidateOnFocus, revalidateOnReconnect]);
  // Other tabs, orphan completions, focus and reconnect, through the adapter: after `configure`,
  // so a new adapter is the one listened to.
  useEffect(() => store.mount(), [store, adapter]);
  const value = useMemo<ConnectionsContextValue>(() => ({ client, redirectUrl, store }), [client, redirectUrl, store]);
  return <ConnectionsContext.Provider value={value}>{children}</ConnectionsContext.Provider>;
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
