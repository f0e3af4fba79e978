// Shared fixtures for the hook tests: the reference API in-process, its clients, and the provider
// (each provider has a cache of its own, so no test sees another's data). Each test still renders its own inline `function Page()`.
import type { ReactNode } from 'react';
import { vi } from 'vitest';
import type { BrowserAdapter } from '../../src/core/browser.ts';
import type { ConnectFlowTiming } from '../../src/core/connect-flow.ts';
import { createSessionExecute } from '../../src/core/http.ts';
import { createMetaToolClient } from '../../src/core/meta-tool-client.ts';
import { createConnectionsClient } from '../../src/core/rest-client.ts';
import type { ConnectionsClient } from '../../src/core/types.ts';
import { ConnectionsProvider } from '../../src/react/context.tsx';
import type { FakePopup } from '../../src/testing/fake-browser.ts';
import type { ReferenceApi, RouteName } from '../../src/testing/reference-api.ts';

export const ORIGIN = 'http://localhost:5173';
export const SESSION = 'ses_demo';

export function restClient(api: ReferenceApi) {
  return createConnectionsClient({ sessionId: SESSION, baseUrl: ORIGIN, getToken: () => 'demo_token', fetch: api.fetch, retry: false });
}

export function metaToolClient(api: ReferenceApi) {
  return createMetaToolClient({
    key: SESSION,
    execute: createSessionExecute({ sessionId: SESSION, baseUrl: ORIGIN, getToken: () => 'demo_token', fetch: api.fetch }),
  });
}

/** How many requests the API answered on one route. */
export const requestsOn = (api: ReferenceApi, route: RouteName) => api.requests.filter((r) => r.route === route).length;

export function Providers({
  client,
  adapter,
  revalidateOnFocus,
  timing,
  redirectUrl,
  children,
}: {
  client: ConnectionsClient;
  adapter?: BrowserAdapter;
  revalidateOnFocus?: boolean;
  timing?: ConnectFlowTiming;
  redirectUrl?: string;
  children: ReactNode;
}) {
  return (
    <ConnectionsProvider
      client={client}
      {...(revalidateOnFocus === undefined ? {} : { revalidateOnFocus })}
      {...(adapter ? { adapter } : {})}
      {...(timing ? { timing } : {})}
      {...(redirectUrl ? { redirectUrl } : {})}
    >
      {children}
    </ConnectionsProvider>
  );
}

/**
 * What the user does in the provider's popup: approves on the consent page the flow navigated the
 * popup to. Returns the `state` and the new connection id, as the callback page would receive them.
 */
export async function approveInPopup(api: ReferenceApi, popup: FakePopup): Promise<{ state: string; connectionId: string }> {
  const consentUrl = popup.navigations.at(-1);
  if (!consentUrl) throw new Error('the popup was never navigated');
  const state = new URL(consentUrl).searchParams.get('state');
  if (!state) throw new Error(`no state in ${consentUrl}`);
  const response = await api.handle(
    new Request(new URL('/oauth/consent', consentUrl), { method: 'POST', body: new URLSearchParams({ state, decision: 'approve' }) }),
  );
  const location = response.headers.get('location');
  if (response.status !== 303 || !location) throw new Error(`consent answered ${response.status}`);
  const connectionId = new URL(location).searchParams.get('connection_id');
  if (!connectionId) throw new Error(`no connection_id in ${location}`);
  return { state, connectionId };
}

/** The message the callback page posts to its opener. */
export const completion = (state: string, connectionId: string) => ({
  type: 'codespar:connect',
  v: 1,
  state,
  status: 'connected',
  connection_id: connectionId,
});

export const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/**
 * Moves the clock `ms` ahead, as if that much time had passed with nothing happening: what the
 * cache's dedupe window (2 s) and focus throttle (5 s) count on. Needs `vi.useFakeTimers({ toFake: ['Date'] })`:
 * the fake browser's `now()` is `Date.now()`, and the timers stay real.
 */
export function later(ms: number): void {
  vi.setSystemTime(Date.now() + ms);
}
