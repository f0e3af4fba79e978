// Story helpers: a ConnectionsProvider wired to the reference API that Storybook's Vite server
// mounts (real HTTP; the consent page on the other loopback origin), and loaders that set its state.
import type { ReactNode } from 'react';
import type { BrowserAdapter } from '../src/core/browser.ts';
import { createConnectionsClient, createMetaToolClient, createSessionExecute } from '../src/core/index.ts';
import { ConnectionsProvider } from '../src/react/index.ts';
import type { Fault } from '../src/testing/reference-api.ts';

export const origin = () => window.location.origin;

/** REST client for a reference session (`ses_demo` by default); `demo_read_token` cannot connect anything. */
export const restClient = (sessionId = 'ses_demo', token: 'demo_token' | 'demo_read_token' = 'demo_token') =>
  createConnectionsClient({ sessionId, baseUrl: origin(), getToken: () => token, retry: false });

/**
 * Meta-tool client over the reference API's execute endpoint: the seed's `operation`, or the live
 * SDK's `action` (answered with `ConnectionWizardResult`: names, not_required, setup instructions).
 */
export const metaClient = (sessionId = 'ses_demo', argument: 'operation' | 'action' = 'operation') =>
  createMetaToolClient({
    key: `${sessionId}:meta:${argument}`,
    argument,
    execute: createSessionExecute({ sessionId, baseUrl: origin(), getToken: () => 'demo_token' }),
  });

/** Wraps a story in a provider over the reference API (each provider has a cache of its own). */
export function ReferenceProvider({
  children,
  client,
  adapter,
}: {
  children: ReactNode;
  client?: ReturnType<typeof restClient> | ReturnType<typeof metaClient>;
  adapter?: BrowserAdapter;
}) {
  return (
    <ConnectionsProvider
      client={client ?? restClient()}
      redirectUrl="/codespar/callback"
      revalidateOnFocus={false}
      {...(adapter ? { adapter } : {})}
    >
      {children}
    </ConnectionsProvider>
  );
}

/** POSTs to a `/__reference/…` control route; says what to check when the API is not mounted. */
async function post(path: string, body?: unknown): Promise<void> {
  const response = await fetch(`${origin()}/__reference/${path}`, {
    method: 'POST',
    ...(body === undefined ? {} : { headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) }),
  });
  if (!response.ok) {
    throw new Error(`POST /__reference/${path} answered HTTP ${response.status}: is referenceApiPlugin() mounted in .storybook/main.ts?`);
  }
}

/**
 * A story loader: resets the reference API, then applies faults and server states, in order
 * (Storybook runs a story's loaders in parallel, so one loader does it all).
 */
export function referenceState(
  setup: { faults?: Fault[]; states?: { serverId: string; state: string; sessionId?: string }[]; listShape?: 'seed' | 'live' } = {},
) {
  return async () => {
    await post('reset');
    if (setup.listShape) await post('state', { listShape: setup.listShape });
    for (const s of setup.states ?? []) await post('state', { sessionId: s.sessionId ?? 'ses_demo', serverId: s.serverId, state: s.state });
    for (const fault of setup.faults ?? []) await post('faults', fault);
    return {};
  };
}
