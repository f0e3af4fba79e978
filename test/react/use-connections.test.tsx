import { act, cleanup, fireEvent, render, renderHook, screen, waitFor } from '@testing-library/react';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { ConnectionsError } from '../../src/core/errors.ts';
import { useConnections } from '../../src/react/use-connections.ts';
import { createFakeBrowser } from '../../src/testing/fake-browser.ts';
import { createReferenceApi } from '../../src/testing/reference-api.ts';
import { metaToolClient, ORIGIN, Providers, requestsOn, restClient, sleep } from './harness.tsx';

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
    const swr = { dedupingInterval: 0, focusThrottleInterval: 0 };

    async function renderLoaded(options: typeof swr & { revalidateOnFocus?: boolean } = swr) {
      const client = restClient(api);
      function Page() {
        return (
          <Providers client={client} adapter={browser} swr={options}>
            <ConnectionRows />
          </Providers>
        );
      }
      render(<Page />);
      await screen.findByText('Stripe: connected');
      await sleep(20);
      expect(requestsOn(api, 'list')).toBe(1);
    }

    it('should revalidate when the window regains focus', async () => {
      await renderLoaded();
      api.setServerState('ses_demo', 'stripe', 'expired');
      act(() => {
        window.dispatchEvent(new Event('focus'));
      });
      await waitFor(() => expect(requestsOn(api, 'list')).toBe(2));
      expect(await screen.findByText('Stripe: expired')).toBeTruthy();
    });

    it("should not revalidate on focus when the provider's swr option turns it off", async () => {
      await renderLoaded({ ...swr, revalidateOnFocus: false });
      act(() => {
        window.dispatchEvent(new Event('focus'));
      });
      await sleep(100);
      expect(requestsOn(api, 'list')).toBe(1);
    });

    it('should revalidate when the page becomes visible again', async () => {
      await renderLoaded();
      act(() => {
        document.dispatchEvent(new Event('visibilitychange'));
      });
      await waitFor(() => expect(requestsOn(api, 'list')).toBe(2));
    });

    it('should revalidate when the network comes back', async () => {
      await renderLoaded();
      api.setServerState('ses_demo', 'mercado-pago', 'connected');
      act(() => {
        window.dispatchEvent(new Event('online'));
      });
      await waitFor(() => expect(requestsOn(api, 'list')).toBe(2));
      expect(await screen.findByText('Mercado Pago: connected')).toBeTruthy();
    });

    it('should not revalidate with nothing happening', async () => {
      await renderLoaded();
      await sleep(100);
      expect(requestsOn(api, 'list')).toBe(1);
    });
  });
});
