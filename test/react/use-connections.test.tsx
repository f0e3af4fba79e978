import { act, cleanup, fireEvent, render, renderHook, screen, waitFor } from '@testing-library/react';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { ConnectionsError } from '../../src/core/errors.ts';
import { createConnectionsClient } from '../../src/core/rest-client.ts';
import type { SessionConnections } from '../../src/core/types.ts';
import { ConnectionsProvider } from '../../src/react/context.tsx';
import { useConnections } from '../../src/react/use-connections.ts';
import { createFakeBrowser } from '../../src/testing/fake-browser.ts';
import { createReferenceApi } from '../../src/testing/reference-api.ts';
import { later, metaToolClient, ORIGIN, Providers, requestsOn, restClient, sleep } from './harness.tsx';

afterEach(() => {
  cleanup();
  vi.restoreAllMocks();
});

/** Every server as "Name: status", the way a settings page would list them. */
function ConnectionRows() {
  const { connections, total, isLoading, error, refresh } = useConnections();
  if (isLoading) return <p>Loading…</p>;
  return (
    <section>
      {error && <p role="alert">{error.code}</p>}
      <p>{total} servers</p>
      <ul>
        {connections.map((c) => (
          <li key={c.id}>
            {c.name}: {c.status}
          </li>
        ))}
      </ul>
      <button type="button" onClick={() => void refresh()}>
        Refresh
      </button>
    </section>
  );
}

describe('given useConnections outside <ConnectionsProvider>', () => {
  it('should throw an error that names the hook and the provider', () => {
    vi.spyOn(console, 'error').mockImplementation(() => {});
    let thrown: unknown;
    try {
      renderHook(() => useConnections());
    } catch (error) {
      thrown = error;
    }
    expect(thrown).toBeInstanceOf(Error);
    expect((thrown as Error).message).toBe('`useConnections` must be used within `<ConnectionsProvider>`');
  });
});

describe('given a session on the reference API', () => {
  let api: ReturnType<typeof createReferenceApi>;
  let browser: ReturnType<typeof createFakeBrowser>;
  beforeEach(() => {
    api = createReferenceApi();
    browser = createFakeBrowser({ origin: ORIGIN });
  });

  it('should render every connection with its status', async () => {
    const client = restClient(api);
    function Page() {
      return (
        <Providers client={client} adapter={browser}>
          <ConnectionRows />
        </Providers>
      );
    }
    render(<Page />);
    expect(await screen.findByText('Stripe: connected')).toBeTruthy();
    expect(screen.getByText('Mercado Pago: not_connected')).toBeTruthy();
    expect(screen.getByText('Z-API: needs_setup')).toBeTruthy();
    expect(screen.getByText('Asaas: expired')).toBeTruthy();
    expect(screen.getByText('14 servers')).toBeTruthy();
    expect(screen.getAllByRole('listitem')).toHaveLength(14);
  });

  it('should make exactly one list request for 20 components on one page', async () => {
    const client = restClient(api);
    function Count({ n }: { n: number }) {
      const { total } = useConnections();
      return <p data-testid="count">{`#${n}: ${total}`}</p>;
    }
    function Page() {
      return (
        <Providers client={client} adapter={browser}>
          {Array.from({ length: 20 }, (_, n) => (
            // biome-ignore lint/suspicious/noArrayIndexKey: a fixed list of identical readers
            <Count key={n} n={n} />
          ))}
        </Providers>
      );
    }
    render(<Page />);
    await waitFor(() =>
      expect(screen.getAllByTestId('count').map((p) => p.textContent)).toEqual(Array.from({ length: 20 }, (_, n) => `#${n}: 14`)),
    );
    await sleep(50);
    expect(requestsOn(api, 'list')).toBe(1);
  });

  it('should be loading until the first list arrives, then not', async () => {
    api.addFault({ route: 'list', latencyMs: 50 });
    const client = restClient(api);
    const seen: boolean[] = [];
    function Page() {
      return (
        <Providers client={client} adapter={browser}>
          <Probe />
        </Providers>
      );
    }
    function Probe() {
      const { isLoading, connections } = useConnections();
      seen.push(isLoading);
      return <p>{isLoading ? 'Loading…' : `${connections.length} loaded`}</p>;
    }
    render(<Page />);
    expect(screen.getByText('Loading…')).toBeTruthy();
    expect(await screen.findByText('14 loaded')).toBeTruthy();
    expect(seen[0]).toBe(true);
    expect(seen.at(-1)).toBe(false);
  });

  it('should report a failed list as a ConnectionsError with a code, and recover on refresh()', async () => {
    const removeFault = api.addFault({ route: 'list', status: 500, body: { error: 'boom' } });
    const client = restClient(api);
    let lastError: unknown;
    function Page() {
      return (
        <Providers client={client} adapter={browser}>
          <ErrorProbe />
          <ConnectionRows />
        </Providers>
      );
    }
    function ErrorProbe() {
      lastError = useConnections().error;
      return null;
    }
    render(<Page />);
    expect((await screen.findByRole('alert')).textContent).toBe('server_error');
    expect(lastError).toBeInstanceOf(ConnectionsError);
    expect((lastError as ConnectionsError).code).toBe('server_error');
    expect((lastError as ConnectionsError).status).toBe(500);
    expect(screen.queryByText('Stripe: connected')).toBeNull();

    removeFault();
    fireEvent.click(screen.getByRole('button', { name: 'Refresh' }));
    expect(await screen.findByText('Stripe: connected')).toBeTruthy();
    expect(screen.queryByRole('alert')).toBeNull();
    expect(lastError).toBeUndefined();
  });

  it('should resolve refresh() to the new list, and never let a slow first load overwrite it', async () => {
    // The first load is answered at once (Stripe connected) but delivered late, after the refresh.
    let calls = 0;
    const slowFirst = async (input: RequestInfo | URL, init?: RequestInit) => {
      const response = await api.fetch(input, init);
      if (calls++ === 0) await sleep(200);
      return response;
    };
    const client = createConnectionsClient({
      sessionId: 'ses_demo',
      baseUrl: ORIGIN,
      getToken: () => 'demo_token',
      fetch: slowFirst,
      retry: false,
    });
    let refresh: () => Promise<SessionConnections | undefined> = async () => undefined;
    function Refresher() {
      refresh = useConnections().refresh;
      return null;
    }
    render(
      <Providers client={client} adapter={browser}>
        <Refresher />
        <ConnectionRows />
      </Providers>,
    );
    expect(screen.getByText('Loading…')).toBeTruthy();
    await waitFor(() => expect(requestsOn(api, 'list')).toBe(1));
    api.setServerState('ses_demo', 'stripe', 'expired');
    let refreshed: SessionConnections | undefined;
    await act(async () => {
      refreshed = await refresh();
    });
    expect(refreshed?.connections.find((c) => c.id === 'stripe')?.status).toBe('expired');
    expect(screen.getByText('Stripe: expired')).toBeTruthy();
    await sleep(250); // the first load lands now: dropped
    expect(calls).toBe(2);
    expect(screen.getByText('Stripe: expired')).toBeTruthy();
  });

  it('should give every provider a cache of its own', async () => {
    const client = restClient(api);
    function Page() {
      return (
        <>
          <ConnectionsProvider client={client} adapter={browser}>
            <ConnectionRows />
          </ConnectionsProvider>
          <ConnectionsProvider client={client} adapter={browser}>
            <ConnectionRows />
          </ConnectionsProvider>
        </>
      );
    }
    render(<Page />);
    await waitFor(() => expect(screen.getAllByText('Stripe: connected')).toHaveLength(2));
    expect(requestsOn(api, 'list')).toBe(2);
  });

  describe('given a disconnect', () => {
    function Page({ client, onResult }: { client: ReturnType<typeof restClient>; onResult: (p: Promise<void>) => void }) {
      return (
        <Providers client={client} adapter={browser}>
          <ConnectionRows />
          <DisconnectButton onResult={onResult} />
        </Providers>
      );
    }
    function DisconnectButton({ onResult }: { onResult: (p: Promise<void>) => void }) {
      const { disconnect } = useConnections();
      return (
        <button type="button" onClick={() => onResult(disconnect('stripe'))}>
          Disconnect Stripe
        </button>
      );
    }

    it('should show the server not_connected at once, before the DELETE answers, and keep it after revalidation', async () => {
      api.addFault({ route: 'disconnect', latencyMs: 150 });
      const client = restClient(api);
      let pending: Promise<void> | undefined;
      render(<Page client={client} onResult={(p) => (pending = p)} />);
      await screen.findByText('Stripe: connected');
      expect(requestsOn(api, 'list')).toBe(1);

      fireEvent.click(screen.getByRole('button', { name: 'Disconnect Stripe' }));
      // Optimistic: shown before the DELETE has been answered.
      expect(screen.getByText('Stripe: not_connected')).toBeTruthy();
      expect(requestsOn(api, 'disconnect')).toBe(0);

      await act(async () => {
        await pending;
      });
      expect(api.requests.filter((r) => r.route === 'disconnect').map((r) => r.status)).toEqual([204]);
      await waitFor(() => expect(requestsOn(api, 'list')).toBe(2));
      await sleep(20);
      expect(screen.getByText('Stripe: not_connected')).toBeTruthy();
      expect(api.getServerState('ses_demo', 'stripe')).toBe('not_connected');
    });

    it('should roll the row back to connected and reject with code conflict when the DELETE fails', async () => {
      const client = restClient(api);
      let pending: Promise<void> | undefined;
      render(<Page client={client} onResult={(p) => (pending = p)} />);
      await screen.findByText('Stripe: connected');
      api.addFault({ route: 'disconnect', status: 409, body: { error: 'already_disconnected' }, latencyMs: 50 });
      // The revalidation after the failure fails too, so what the row shows afterwards is the rollback.
      api.addFault({ route: 'list', status: 503, times: 1 });

      fireEvent.click(screen.getByRole('button', { name: 'Disconnect Stripe' }));
      expect(screen.getByText('Stripe: not_connected')).toBeTruthy();

      let rejection: unknown;
      await act(async () => {
        rejection = await pending?.then(
          () => 'resolved',
          (error: unknown) => error,
        );
      });
      expect(rejection).toBeInstanceOf(ConnectionsError);
      expect((rejection as ConnectionsError).code).toBe('conflict');
      expect(screen.getByText('Stripe: connected')).toBeTruthy();
      expect(screen.queryByText('Stripe: not_connected')).toBeNull();
    });

    it('should reject with code unsupported over the meta-tool client and leave the list as it was', async () => {
      const client = metaToolClient(api);
      let pending: Promise<void> | undefined;
      function MetaPage() {
        return (
          <Providers client={client} adapter={browser}>
            <ConnectionRows />
            <DisconnectButton onResult={(p) => (pending = p)} />
          </Providers>
        );
      }
      render(<MetaPage />);
      // The meta-tool list names servers by id.
      await screen.findByText('stripe: connected');

      fireEvent.click(screen.getByRole('button', { name: 'Disconnect Stripe' }));
      let rejection: unknown;
      await act(async () => {
        rejection = await pending?.then(
          () => 'resolved',
          (error: unknown) => error,
        );
      });
      expect(rejection).toBeInstanceOf(ConnectionsError);
      expect((rejection as ConnectionsError).code).toBe('unsupported');
      expect(screen.getByText('stripe: connected')).toBeTruthy();
      expect(api.getServerState('ses_demo', 'stripe')).toBe('connected');
    });
  });

  describe('given the list is loaded', () => {
    // The fake browser's clock is Date.now(): `later(ms)` moves it past the dedupe window (2 s) and
    // the focus throttle (5 s) without waiting; timers stay real.
    beforeEach(() => {
      vi.useFakeTimers({ toFake: ['Date'] });
    });
    afterEach(() => {
      vi.useRealTimers();
    });

    async function renderLoaded(options: { revalidateOnFocus?: boolean; revalidateOnReconnect?: boolean } = {}) {
      const client = restClient(api);
      function Page() {
        return (
          <ConnectionsProvider client={client} adapter={browser} {...options}>
            <ConnectionRows />
          </ConnectionsProvider>
        );
      }
      render(<Page />);
      await screen.findByText('Stripe: connected');
      await sleep(20);
      expect(requestsOn(api, 'list')).toBe(1);
    }

    it('should revalidate when the window regains focus', async () => {
      await renderLoaded();
      later(6000);
      api.setServerState('ses_demo', 'stripe', 'expired');
      act(() => browser.attention());
      await waitFor(() => expect(requestsOn(api, 'list')).toBe(2));
      expect(await screen.findByText('Stripe: expired')).toBeTruthy();
    });

    it('should revalidate on focus at most once every 5 seconds', async () => {
      await renderLoaded();
      // Within 5 s of mounting: the load that just happened is news enough.
      later(3000);
      act(() => browser.attention());
      await sleep(50);
      expect(requestsOn(api, 'list')).toBe(1);
      later(3000);
      act(() => browser.attention());
      await waitFor(() => expect(requestsOn(api, 'list')).toBe(2));
      await sleep(20);
      later(4000);
      act(() => browser.attention());
      await sleep(50);
      expect(requestsOn(api, 'list')).toBe(2);
      later(1500);
      act(() => browser.attention());
      await waitFor(() => expect(requestsOn(api, 'list')).toBe(3));
    });

    it.each([
      ['on focus', 'revalidateOnFocus', () => browser.attention()],
      ['when the network comes back', 'revalidateOnReconnect', () => browser.reconnect()],
    ] as const)("should not revalidate %s when the provider's %s is false", async (_when, option, event) => {
      await renderLoaded({ [option]: false });
      later(6000);
      act(event);
      await sleep(100);
      expect(requestsOn(api, 'list')).toBe(1);
    });

    it('should revalidate when the network comes back', async () => {
      await renderLoaded();
      later(2500);
      api.setServerState('ses_demo', 'mercado-pago', 'connected');
      act(() => browser.reconnect());
      await waitFor(() => expect(requestsOn(api, 'list')).toBe(2));
      expect(await screen.findByText('Mercado Pago: connected')).toBeTruthy();
    });

    it('should make no request for a focus or reconnect within 2 seconds of the last answer', async () => {
      await renderLoaded();
      act(() => browser.reconnect());
      await sleep(50);
      expect(requestsOn(api, 'list')).toBe(1);
    });

    it('should keep the list shown while it revalidates, and when the revalidation fails', async () => {
      await renderLoaded();
      const states: string[] = [];
      function Probe() {
        const { connections, isLoading, isValidating, error } = useConnections();
        states.push(`${connections.length}/${isLoading}/${isValidating}/${error?.code ?? '-'}`);
        return null;
      }
      cleanup();
      const client = restClient(api);
      render(
        <ConnectionsProvider client={client} adapter={browser}>
          <Probe />
          <ConnectionRows />
        </ConnectionsProvider>,
      );
      await screen.findByText('Stripe: connected');
      api.addFault({ route: 'list', status: 500, body: { error: 'boom' }, latencyMs: 50 });
      later(6000);
      act(() => browser.attention());
      expect((await screen.findByRole('alert')).textContent).toBe('server_error');
      // The last list is still shown beside the error.
      expect(screen.getByText('Stripe: connected')).toBeTruthy();
      expect(states).toContain('14/false/true/-'); // revalidating, with the list
      expect(states.at(-1)).toBe('14/false/false/server_error');
      expect(states.filter((s) => s.startsWith('0/false'))).toEqual([]); // never emptied
    });

    it('should not retry a failed list on a timer: the next focus, reconnect or refresh asks again', async () => {
      cleanup();
      const remove = api.addFault({ route: 'list', status: 500, body: { error: 'boom' } });
      const client = restClient(api);
      render(
        <ConnectionsProvider client={client} adapter={browser}>
          <ConnectionRows />
        </ConnectionsProvider>,
      );
      expect((await screen.findByRole('alert')).textContent).toBe('server_error');
      const failed = requestsOn(api, 'list');
      later(60_000);
      await sleep(100);
      expect(requestsOn(api, 'list')).toBe(failed);
      remove();
      act(() => browser.attention());
      expect(await screen.findByText('Stripe: connected')).toBeTruthy();
      expect(screen.queryByRole('alert')).toBeNull();
    });

    it('should not revalidate with nothing happening', async () => {
      await renderLoaded();
      await sleep(100);
      expect(requestsOn(api, 'list')).toBe(1);
    });
  });

  describe('given the default browser adapter (the real window)', () => {
    it("should revalidate on the window's focus, visibilitychange and online events", async () => {
      // The real adapter's clock is performance.now(): moved ahead the same way.
      let ahead = 0;
      const realNow = performance.now.bind(performance);
      vi.spyOn(performance, 'now').mockImplementation(() => realNow() + ahead);
      const client = restClient(api);
      render(
        <ConnectionsProvider client={client}>
          <ConnectionRows />
        </ConnectionsProvider>,
      );
      await screen.findByText('Stripe: connected');
      await sleep(20);
      expect(requestsOn(api, 'list')).toBe(1);
      ahead += 6000;
      act(() => {
        window.dispatchEvent(new Event('focus'));
      });
      await waitFor(() => expect(requestsOn(api, 'list')).toBe(2));
      await sleep(20);
      ahead += 6000;
      act(() => {
        document.dispatchEvent(new Event('visibilitychange'));
      });
      await waitFor(() => expect(requestsOn(api, 'list')).toBe(3));
      await sleep(20);
      ahead += 2500;
      act(() => {
        window.dispatchEvent(new Event('online'));
      });
      await waitFor(() => expect(requestsOn(api, 'list')).toBe(4));
    });
  });
});
