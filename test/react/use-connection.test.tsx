import { cleanup, render, renderHook, screen, waitFor } from '@testing-library/react';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { useConnection } from '../../src/react/use-connection.ts';
import { createFakeBrowser } from '../../src/testing/fake-browser.ts';
import { createReferenceApi } from '../../src/testing/reference-api.ts';
import { metaToolClient, ORIGIN, Providers, restClient, sleep } from './harness.tsx';

afterEach(() => {
  cleanup();
  vi.restoreAllMocks();
});

/** What connecting a server grants, the way a details panel would show it. */
function Detail({ serverId }: { serverId: string | null }) {
  const { connection, isLoading, error } = useConnection(serverId);
  if (error) return <p role="alert">{error.code}</p>;
  if (isLoading) return <p>Loading…</p>;
  if (!connection) return <p>Nothing selected</p>;
  return (
    <article>
      <h2>
        {connection.name}: {connection.status}
      </h2>
      <p data-testid="latency">{connection.latencyMs === undefined ? 'no latency' : `${connection.latencyMs} ms`}</p>
      <p data-testid="capabilities">{connection.capabilities.join(', ') || 'no capabilities'}</p>
      <ul aria-label="tools">
        {connection.tools.map((t) => (
          <li key={t.name}>{t.name}</li>
        ))}
      </ul>
    </article>
  );
}

describe('given useConnection outside <ConnectionsProvider>', () => {
  it('should throw an error that names the hook and the provider', () => {
    vi.spyOn(console, 'error').mockImplementation(() => {});
    let thrown: unknown;
    try {
      renderHook(() => useConnection('stripe'));
    } catch (error) {
      thrown = error;
    }
    expect(thrown).toBeInstanceOf(Error);
    expect((thrown as Error).message).toBe('`useConnection` must be used within `<ConnectionsProvider>`');
  });
});

describe('given a session on the reference API', () => {
  let api: ReturnType<typeof createReferenceApi>;
  let browser: ReturnType<typeof createFakeBrowser>;
  beforeEach(() => {
    api = createReferenceApi();
    browser = createFakeBrowser({ origin: ORIGIN });
  });

  describe('given the REST client', () => {
    it('should show the detail of stripe: tools, capabilities and latency', async () => {
      const client = restClient(api);
      function Page() {
        return (
          <Providers client={client} adapter={browser}>
            <Detail serverId="stripe" />
          </Providers>
        );
      }
      render(<Page />);
      expect(await screen.findByRole('heading', { name: 'Stripe: connected' })).toBeTruthy();
      expect(screen.getAllByRole('listitem').map((li) => li.textContent)).toEqual([
        'stripe_create_payment_intent',
        'stripe_create_customer',
        'stripe_create_subscription',
        'stripe_create_refund',
      ]);
      expect(screen.getByTestId('capabilities').textContent).toBe('credit_card, refund, subscription, invoice, customer');
      expect(screen.getByTestId('latency').textContent).toMatch(/^\d+ ms$/);
      expect(api.requests.map((r) => [r.route, r.serverId])).toEqual([['get', 'stripe']]);
    });

    it('should make one request for five components showing the same server', async () => {
      const client = restClient(api);
      function Page() {
        return (
          <Providers client={client} adapter={browser}>
            {[0, 1, 2, 3, 4].map((n) => (
              <Detail key={n} serverId="stripe" />
            ))}
          </Providers>
        );
      }
      render(<Page />);
      await waitFor(() => expect(screen.getAllByRole('heading', { name: 'Stripe: connected' })).toHaveLength(5));
      await sleep(50);
      expect(api.requests.map((r) => [r.route, r.serverId])).toEqual([['get', 'stripe']]);
    });

    it('should make no request for a null serverId', async () => {
      const client = restClient(api);
      function Page() {
        return (
          <Providers client={client} adapter={browser}>
            <Detail serverId={null} />
          </Providers>
        );
      }
      render(<Page />);
      expect(screen.getByText('Nothing selected')).toBeTruthy();
      await sleep(50);
      expect(screen.getByText('Nothing selected')).toBeTruthy();
      expect(api.requests).toHaveLength(0);
    });
  });

  describe('given the meta-tool client', () => {
    it('should show the status with empty tools and capabilities', async () => {
      const client = metaToolClient(api);
      function Page() {
        return (
          <Providers client={client} adapter={browser}>
            <Detail serverId="stripe" />
          </Providers>
        );
      }
      render(<Page />);
      expect(await screen.findByRole('heading', { name: 'stripe: connected' })).toBeTruthy();
      expect(screen.queryAllByRole('listitem')).toHaveLength(0);
      expect(screen.getByTestId('capabilities').textContent).toBe('no capabilities');
      expect(screen.getByTestId('latency').textContent).toBe('no latency');
      expect(api.requests.map((r) => [r.route, r.operation])).toEqual([['execute', 'status']]);
    });
  });
});
