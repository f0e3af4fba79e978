'use client';
import { createContext, type ReactNode, useContext, useEffect, useMemo, useState } from 'react';
import { SWRConfig, type SWRConfiguration, useSWRConfig } from 'swr';
import type { BrowserAdapter } from '../core/browser.ts';
import type { ConnectFlowTiming } from '../core/connect-flow.ts';
import { type ConnectionsStore, createConnectionsStore } from '../core/connections-store.ts';
import { ConfigurationError } from '../core/errors.ts';
import type { ConnectionsClient, SessionConnections } from '../core/types.ts';
import { detailKey } from './keys.ts';

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
  /** The provider's connections store: every flow of the session, created on a user's start. */
  store: ConnectionsStore;
}

const ConnectionsContext = /* @__PURE__ */ createContext<ConnectionsContextValue | null>(null);

/** One object for "no SWR options": a new `{}` each render would re-render every SWR consumer. */
const NO_SWR_OPTIONS: SWRConfiguration = {};

/**
 * Gives the hooks and components below it a session's client, the SWR cache they share, the OAuth
 * callback URL, and one connections store: it creates a server's connect flow when a user starts
 * one (never because a row rendered) and keeps other tabs of the same origin in step — connecting
 * or disconnecting in one tab refreshes the lists in the others.
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
  // Compared by value: an inline `timing={{ … }}` must not reconfigure the store on every render.
  const { pollIntervalMs, closedPollMs, closeGraceMs, defaultTtlMs, attentionThrottleMs } = timing ?? {};
  const stableTiming = useMemo<ConnectFlowTiming | undefined>(() => {
    const fields = { pollIntervalMs, closedPollMs, closeGraceMs, defaultTtlMs, attentionThrottleMs };
    // Only the fields given: an explicit undefined would override the flow's defaults.
    const given = Object.fromEntries(Object.entries(fields).filter(([, v]) => v !== undefined));
    return Object.keys(given).length ? given : undefined;
  }, [pollIntervalMs, closedPollMs, closeGraceMs, defaultTtlMs, attentionThrottleMs]);
  const [store] = useState(() => createConnectionsStore({ client, adapter, timing: stableTiming, redirectUrl }));
  // A new client, adapter, timing or redirect URL is what the next flow uses.
  useEffect(
    () => store.configure({ client, adapter, timing: stableTiming, redirectUrl }),
    [store, client, adapter, stableTiming, redirectUrl],
  );
  const value = useMemo<ConnectionsContextValue>(() => ({ client, redirectUrl, store }), [client, redirectUrl, store]);
  return (
    <SWRConfig value={swr ?? NO_SWR_OPTIONS}>
      <ConnectionsContext.Provider value={value}>
        <StoreBinding store={store} />
        {children}
      </ConnectionsContext.Provider>
    </SWRConfig>
  );
}

/**
 * Binds the store to this provider's SWR cache (the store's confirm step is the one list refresh,
 * into the cache every component reads) and mounts it: other tabs' changes, and completions no live
 * flow owns (a card unmounted mid-flow), refresh the list.
 */
function StoreBinding({ store }: { store: ConnectionsStore }) {
  const { mutate } = useSWRConfig();
  useEffect(() => {
    store.bind({
      refreshList: (client, signal) =>
        mutate(client.key, client.list(signal ? { signal } : {}), { revalidate: false }) as Promise<SessionConnections | undefined>,
      revalidateList: (client) => void mutate(client.key),
      onConnected: (client, serverId) => void mutate(detailKey(client, serverId)),
    });
    return store.mount();
  }, [store, mutate]);
  return null;
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
