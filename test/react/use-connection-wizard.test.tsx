import { act, cleanup, fireEvent, render, renderHook, screen, waitFor, within } from '@testing-library/react';
import { StrictMode, useState } from 'react';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { CONNECT_CHANNEL } from '../../src/core/protocol.ts';
import { createConnectionsClient } from '../../src/core/rest-client.ts';
import type { ConnectionsClient } from '../../src/core/types.ts';
import { useConnection } from '../../src/react/use-connection.ts';
import { type UseConnectionWizardOptions, useConnectionWizard } from '../../src/react/use-connection-wizard.ts';
import { useConnections } from '../../src/react/use-connections.ts';
import { createFakeBrowser, type FakeBrowser } from '../../src/testing/fake-browser.ts';
import { createReferenceApi, type ReferenceApi } from '../../src/testing/reference-api.ts';
import { approveInPopup, completion, metaToolClient, ORIGIN, Providers, requestsOn, restClient, sleep } from './harness.tsx';

const ZERO = { messageListeners: 0, channels: 0, attentionListeners: 0, reconnectListeners: 0, timers: 0 };
/**
 * What the provider itself holds on the adapter while mounted: two channels (changes from other
 * tabs, and completions no flow here owns), and focus and the network coming back (revalidation).
 */
const PROVIDER_ONLY = { messageListeners: 0, channels: 2, attentionListeners: 1, reconnectListeners: 1, timers: 0 };

afterEach(() => {
  cleanup();
  vi.restoreAllMocks();
});

/** The REST client over `api`, keeping the JSON body of each POST it sends in `bodies`. */
function recordingClient(api: ReferenceApi, bodies: unknown[]) {
  return createConnectionsClient({
    sessionId: 'ses_demo',
    baseUrl: ORIGIN,
    getToken: () => 'demo_token',
    retry: false,
    fetch: (input, init) => {
      if (init?.method === 'POST') bodies.push(JSON.parse(String(init.body)));
      return api.fetch(input, init);
    },
  });
}

/** A connect button in a chat message: its status, and how many popups its click left open. */
function ConnectButton({
  label,
  serverId,
  browser,
  options,
}: {
  label: string;
  serverId: string;
  browser: FakeBrowser;
  options?: UseConnectionWizardOptions;
}) {
  const wizard = useConnectionWizard(serverId, options);
  const [popupsAfterClick, setPopupsAfterClick] = useState<number | undefined>();
  return (
    <section aria-label={label}>
      <output data-testid="status">{wizard.status}</output>
      <output data-testid="url">{wizard.url ?? ''}</output>
      <output data-testid="popups-after-click">{popupsAfterClick ?? ''}</output>
      <button
        type="button"
        onClick={() => {
          wizard.start();
          // Read as the click handler returns: the popup must exist before any await.
          setPopupsAfterClick(browser.popups.length);
        }}
      >
        Connect
      </button>
    </section>
  );
}

/** The list row of one server, from the shared connections list. */
function ListRow({ serverId }: { serverId: string }) {
  const { connections, isLoading } = useConnections();
  const row = connections.find((c) => c.id === serverId);
  return <p data-testid="list-row">{isLoading ? 'loading' : `${serverId}: ${row?.status ?? 'missing'}`}</p>;
}

const statusOf = (label: string) => within(screen.getByRole('region', { name: label })).getByTestId('status').textContent;
const click = (label: string) =>
  fireEvent.click(within(screen.getByRole('region', { name: label })).getByRole('button', { name: 'Connect' }));

describe('given useConnectionWizard outside <ConnectionsProvider>', () => {
  it('should throw an error that names the hook and the provider', () => {
    vi.spyOn(console, 'error').mockImplementation(() => {});
    let thrown: unknown;
    try {
      renderHook(() => useConnectionWizard('mercado-pago'));
    } catch (error) {
      thrown = error;
    }
    expect(thrown).toBeInstanceOf(Error);
    expect((thrown as Error).message).toBe('`useConnectionWizard` must be used within `<ConnectionsProvider>`');
  });
});

describe('given the REST client and a server that needs OAuth', () => {
  let api: ReferenceApi;
  let browser: FakeBrowser;
  let client: ConnectionsClient;
  beforeEach(() => {
    api = createReferenceApi();
    browser = createFakeBrowser({ origin: ORIGIN });
    client = restClient(api);
  });

  /** Approves in the popup and delivers the callback page's message, as the real callback would. */
  async function completeInPopup() {
    const popup = browser.popups.at(-1);
    if (!popup) throw new Error('no popup');
    const { state, connectionId } = await approveInPopup(api, popup);
    act(() => browser.postMessage(completion(state, connectionId), ORIGIN));
    return { state, connectionId };
  }

  it('should open the popup from the click, wait, and end connected with the list refreshed once', async () => {
    const onConnected = vi.fn();
    function Page() {
      return (
        <Providers client={client} adapter={browser} redirectUrl="/oauth/done">
          <ListRow serverId="mercado-pago" />
          <ConnectButton label="chat" serverId="mercado-pago" browser={browser} options={{ onConnected }} />
        </Providers>
      );
    }
    render(<Page />);
    await screen.findByText('mercado-pago: not_connected');
    const listBefore = requestsOn(api, 'list');
    expect(listBefore).toBe(1);
    expect(statusOf('chat')).toBe('idle');

    click('chat');
    expect(browser.popups).toHaveLength(1);
    expect(within(screen.getByRole('region', { name: 'chat' })).getByTestId('popups-after-click').textContent).toBe('1');
    await waitFor(() => expect(statusOf('chat')).toBe('waiting'));
    const consentUrl = browser.popups[0]?.navigations.at(-1) ?? '';
    expect(new URL(consentUrl).pathname).toBe('/oauth/consent');
    expect(requestsOn(api, 'authorize')).toBe(1);
    expect(onConnected).not.toHaveBeenCalled();

    const { connectionId } = await completeInPopup();
    await waitFor(() => expect(statusOf('chat')).toBe('connected'));
    expect(await screen.findByText('mercado-pago: connected')).toBeTruthy();
    await sleep(50);
    expect(onConnected).toHaveBeenCalledTimes(1);
    expect(onConnected).toHaveBeenCalledWith({ serverId: 'mercado-pago', connectionId });
    // Confirming the completion *is* the one list refresh.
    expect(requestsOn(api, 'list') - listBefore).toBe(1);
    // Everything the attempt set up is gone; only the provider's own cross-tab channel remains.
    expect(browser.active()).toEqual(PROVIDER_ONLY);
  });

  it('should refresh a mounted detail of the server once it is connected', async () => {
    function Detail() {
      const { connection } = useConnection('mercado-pago');
      return <p data-testid="detail">{connection ? `detail: ${connection.status}` : 'detail: none'}</p>;
    }
    function Page() {
      return (
        <Providers client={client} adapter={browser} redirectUrl="/oauth/done">
          <Detail />
          <ConnectButton label="chat" serverId="mercado-pago" browser={browser} />
        </Providers>
      );
    }
    render(<Page />);
    expect(await screen.findByText('detail: not_connected')).toBeTruthy();
    click('chat');
    await waitFor(() => expect(statusOf('chat')).toBe('waiting'));
    await completeInPopup();
    await waitFor(() => expect(statusOf('chat')).toBe('connected'));
    expect(await screen.findByText('detail: connected')).toBeTruthy();
  });

  it('should share one flow between two components connecting the same server', async () => {
    const first = vi.fn();
    const second = vi.fn();
    function Page() {
      return (
        <Providers client={client} adapter={browser} redirectUrl="/oauth/done">
          <ListRow serverId="mercado-pago" />
          <ConnectButton label="message 1" serverId="mercado-pago" browser={browser} options={{ onConnected: first }} />
          <ConnectButton label="message 2" serverId="mercado-pago" browser={browser} options={{ onConnected: second }} />
        </Providers>
      );
    }
    render(<Page />);
    await screen.findByText('mercado-pago: not_connected');

    click('message 1');
    click('message 2');
    expect(browser.popups).toHaveLength(1);
    expect(statusOf('message 1')).toBe(statusOf('message 2'));
    await waitFor(() => expect(statusOf('message 1')).toBe('waiting'));
    expect(statusOf('message 2')).toBe('waiting');
    click('message 2');
    expect(browser.popups).toHaveLength(1);
    expect(browser.popups[0]?.focusCount).toBeGreaterThanOrEqual(1);
    expect(requestsOn(api, 'authorize')).toBe(1);

    const { connectionId } = await completeInPopup();
    await waitFor(() => expect(statusOf('message 1')).toBe('connected'));
    expect(statusOf('message 2')).toBe('connected');
    await sleep(50);
    expect(first).toHaveBeenCalledTimes(1);
    expect(first).toHaveBeenCalledWith({ serverId: 'mercado-pago', connectionId });
    expect(second).toHaveBeenCalledTimes(1);
    expect(second).toHaveBeenCalledWith({ serverId: 'mercado-pago', connectionId });
    expect(requestsOn(api, 'authorize')).toBe(1);
    expect(browser.popups).toHaveLength(1);
  });

  it('should use the client the provider holds now, not the first one, when a new client has the same key', async () => {
    const first = restClient(api);
    const spied = restClient(api);
    const begin = vi.spyOn(spied, 'begin');
    const firstBegin = vi.spyOn(first, 'begin');
    expect(spied.key).toBe(first.key);
    function Page({ current }: { current: ConnectionsClient }) {
      return (
        <Providers client={current} adapter={browser} redirectUrl="/oauth/done">
          <ConnectButton label="chat" serverId="mercado-pago" browser={browser} />
        </Providers>
      );
    }
    const { rerender } = render(<Page current={first} />);
    // A token refresh made the host build a new client for the same session.
    rerender(<Page current={spied} />);
    click('chat');
    await waitFor(() => expect(statusOf('chat')).toBe('waiting'));
    expect(begin).toHaveBeenCalledTimes(1);
    expect(firstBegin).not.toHaveBeenCalled();
  });

  it('should start with the redirect URL and scopes of the component that was clicked, not the last one rendered', async () => {
    const bodies: unknown[] = [];
    const recording = recordingClient(api, bodies);
    function Page() {
      return (
        <Providers client={recording} adapter={browser} redirectUrl="/oauth/done">
          <ConnectButton label="list" serverId="mercado-pago" browser={browser} options={{ redirectUrl: '/oauth/list-done' }} />
          <ConnectButton
            label="card"
            serverId="mercado-pago"
            browser={browser}
            options={{ redirectUrl: '/oauth/card-done', scopes: ['payments:write'] }}
          />
        </Providers>
      );
    }
    render(<Page />);
    click('list');
    await waitFor(() => expect(statusOf('list')).toBe('waiting'));
    expect(bodies).toEqual([{ redirect_url: `${ORIGIN}/oauth/list-done` }]);
    await completeInPopup();
    await waitFor(() => expect(statusOf('list')).toBe('connected'));

    // And the other component, clicked next, sends its own.
    api.setServerState('ses_demo', 'mercado-pago', 'not_connected');
    act(() => screen.getByRole('region', { name: 'card' }).querySelector('button')?.click());
    await waitFor(() => expect(bodies).toHaveLength(2));
    expect(bodies[1]).toEqual({ redirect_url: `${ORIGIN}/oauth/card-done`, scopes: ['payments:write'] });
  });

  it("should take an empty redirectUrl override for none, and use the provider's", async () => {
    // An empty prop (a host's unset env var, say) is not a redirect URL; ConnectionList always read it so.
    const bodies: unknown[] = [];
    const recording = recordingClient(api, bodies);
    render(
      <Providers client={recording} adapter={browser} redirectUrl="/oauth/done">
        <ConnectButton label="chat" serverId="mercado-pago" browser={browser} options={{ redirectUrl: '' }} />
      </Providers>,
    );
    click('chat');
    await waitFor(() => expect(statusOf('chat')).toBe('waiting'));
    expect(bodies).toEqual([{ redirect_url: `${ORIGIN}/oauth/done` }]);
  });

  describe('given <StrictMode>', () => {
    it('should make one authorize request and open one popup, and call onConnected once', async () => {
      const onConnected = vi.fn();
      function Page() {
        return (
          <StrictMode>
            <Providers client={client} adapter={browser} redirectUrl="/oauth/done">
              <ListRow serverId="mercado-pago" />
              <ConnectButton label="chat" serverId="mercado-pago" browser={browser} options={{ onConnected }} />
            </Providers>
          </StrictMode>
        );
      }
      render(<Page />);
      await screen.findByText('mercado-pago: not_connected');
      const listBefore = requestsOn(api, 'list');
      expect(listBefore).toBe(1);

      click('chat');
      expect(browser.popups).toHaveLength(1);
      await waitFor(() => expect(statusOf('chat')).toBe('waiting'));
      // One attempt's listeners: one message listener, the provider's two channels plus the attempt's,
      // the provider's focus and reconnect listeners plus the attempt's focus listener.
      expect(browser.active()).toEqual({ messageListeners: 1, channels: 3, attentionListeners: 2, reconnectListeners: 1, timers: 3 });

      await completeInPopup();
      await waitFor(() => expect(statusOf('chat')).toBe('connected'));
      expect(await screen.findByText('mercado-pago: connected')).toBeTruthy();
      await sleep(50);
      expect(onConnected).toHaveBeenCalledTimes(1);
      expect(requestsOn(api, 'authorize')).toBe(1);
      expect(browser.popups).toHaveLength(1);
      expect(requestsOn(api, 'list') - listBefore).toBe(1);
      expect(browser.active()).toEqual(PROVIDER_ONLY);
    });
  });

  describe('given every component using the wizard unmounts mid-flow', () => {
    function Page({ onConnected }: { onConnected: () => void }) {
      const [shown, setShown] = useState(true);
      return (
        <Providers client={client} adapter={browser} redirectUrl="/oauth/done">
          <button type="button" onClick={() => setShown(false)}>
            Scroll away
          </button>
          {shown && (
            <>
              <ConnectButton label="message 1" serverId="mercado-pago" browser={browser} options={{ onConnected }} />
              <ConnectButton label="message 2" serverId="mercado-pago" browser={browser} options={{ onConnected }} />
            </>
          )}
        </Providers>
      );
    }

    it('should leave nothing attached once the page is gone, and ignore late completions', async () => {
      const onConnected = vi.fn();
      const { unmount } = render(<Page onConnected={onConnected} />);
      click('message 1');
      await waitFor(() => expect(statusOf('message 1')).toBe('waiting'));
      expect(browser.active()).not.toEqual(ZERO);

      unmount();
      expect(browser.active()).toEqual(ZERO);

      const requestsBefore = api.requests.length;
      const popup = browser.popups[0];
      if (!popup) throw new Error('no popup');
      const { state, connectionId } = await approveInPopup(api, popup);
      expect(() => {
        browser.postMessage(completion(state, connectionId), ORIGIN);
        browser.broadcast(CONNECT_CHANNEL, completion(state, connectionId));
        browser.attention();
      }).not.toThrow();
      await sleep(100);
      expect(onConnected).not.toHaveBeenCalled();
      // Only the consent POST the test made itself.
      expect(api.requests.slice(requestsBefore).map((r) => r.route)).toEqual(['consent']);
      expect(browser.active()).toEqual(ZERO);
    });

    it('should drop the flow while the provider stays, and ignore late completions', async () => {
      const onConnected = vi.fn();
      render(<Page onConnected={onConnected} />);
      expect(browser.active()).toEqual(PROVIDER_ONLY);
      click('message 1');
      click('message 2');
      await waitFor(() => expect(statusOf('message 2')).toBe('waiting'));

      fireEvent.click(screen.getByRole('button', { name: 'Scroll away' }));
      expect(screen.queryByRole('region', { name: 'message 1' })).toBeNull();
      // Nothing of the flow is left: only what the provider held before the click.
      expect(browser.active()).toEqual(PROVIDER_ONLY);

      const requestsBefore = api.requests.length;
      const popup = browser.popups[0];
      if (!popup) throw new Error('no popup');
      const { state, connectionId } = await approveInPopup(api, popup);
      expect(() => {
        act(() => {
          browser.postMessage(completion(state, connectionId), ORIGIN);
          browser.broadcast(CONNECT_CHANNEL, completion(state, connectionId));
          browser.attention();
        });
      }).not.toThrow();
      await sleep(100);
      expect(onConnected).not.toHaveBeenCalled();
      // The consent POST the test made, then one list refresh by the provider: a completion no live
      // flow owns still brings what shows the server up to date (the card may come back).
      expect(api.requests.slice(requestsBefore).map((r) => r.route)).toEqual(['consent', 'list']);
      expect(browser.active()).toEqual(PROVIDER_ONLY);
    });

    it('should ignore the authorize answer and close the still-blank popup when unmounted while opening', async () => {
      api.addFault({ route: 'authorize', latencyMs: 100 });
      const onConnected = vi.fn();
      render(<Page onConnected={onConnected} />);
      click('message 1');
      expect(statusOf('message 1')).toBe('opening');
      const popup = browser.popups[0];
      if (!popup) throw new Error('no popup');

      fireEvent.click(screen.getByRole('button', { name: 'Scroll away' }));
      expect(browser.active()).toEqual(PROVIDER_ONLY);
      await sleep(200); // the authorize answer arrives after the unmount
      expect(popup.navigations).toEqual([]);
      expect(browser.active()).toEqual(PROVIDER_ONLY);
      expect(onConnected).not.toHaveBeenCalled();
      // Nothing can be lost by closing a popup that never left about:blank (docs/security.md item 2: close the
      // blank popup when the attempt cannot go on); left open, it is an empty window that never loads.
      expect(popup.closed).toBe(true);
    });
  });
});

describe('given the meta-tool client and a server that needs operator setup', () => {
  let api: ReferenceApi;
  let browser: FakeBrowser;
  beforeEach(() => {
    api = createReferenceApi();
    browser = createFakeBrowser({ origin: ORIGIN });
  });

  it('should send the operator to the setup page and end connected once setup is done', async () => {
    const client = metaToolClient(api);
    const onConnected = vi.fn();
    function Page() {
      return (
        // No throttle between two looks at the page: the test looks twice in a row.
        <Providers client={client} adapter={browser} timing={{ attentionThrottleMs: 0 }}>
          <ListRow serverId="z-api" />
          <ConnectButton label="chat" serverId="z-api" browser={browser} options={{ onConnected }} />
        </Providers>
      );
    }
    render(<Page />);
    // The meta-tool list only has servers with a connection.
    await screen.findByText('z-api: missing');

    click('chat');
    expect(browser.popups).toHaveLength(1);
    await waitFor(() => expect(statusOf('chat')).toBe('needs_setup'));
    const url = within(screen.getByRole('region', { name: 'chat' })).getByTestId('url').textContent ?? '';
    const setup = new URL(url);
    expect(setup.pathname).toBe('/dashboard/auth-configs');
    expect(setup.searchParams.get('connect')).toBe('z-api');
    expect(setup.searchParams.get('session')).toBe('ses_demo');
    expect(browser.popups[0]?.navigations.at(-1)).toBe(url);

    // The user looks back before setup is done: still needs setup.
    act(() => browser.attention());
    await sleep(50);
    expect(statusOf('chat')).toBe('needs_setup');
    expect(onConnected).not.toHaveBeenCalled();

    const done = await api.handle(
      new Request(new URL('/dashboard/auth-configs', url), {
        method: 'POST',
        body: new URLSearchParams({ connect: 'z-api', session: 'ses_demo', api_key: 'k' }),
      }),
    );
    expect(done.status).toBe(200);
    expect(api.getServerState('ses_demo', 'z-api')).toBe('connected');

    act(() => browser.attention());
    await waitFor(() => expect(statusOf('chat')).toBe('connected'));
    expect(await screen.findByText('z-api: connected')).toBeTruthy();
    expect(onConnected).toHaveBeenCalledTimes(1);
    expect(onConnected).toHaveBeenCalledWith({ serverId: 'z-api', connectionId: expect.stringMatching(/^conn_/) });
    expect(browser.active()).toEqual(PROVIDER_ONLY);
  });
});
