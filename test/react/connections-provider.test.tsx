import { act, cleanup, fireEvent, render, screen, waitFor } from '@testing-library/react';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { CHANGES_CHANNEL } from '../../src/core/protocol.ts';
import { useConnectionWizard } from '../../src/react/use-connection-wizard.ts';
import { useConnections } from '../../src/react/use-connections.ts';
import { createFakeBrowser, type FakeBrowser } from '../../src/testing/fake-browser.ts';
import { createReferenceApi, type ReferenceApi } from '../../src/testing/reference-api.ts';
import { approveInPopup, completion, ORIGIN, Providers, requestsOn, restClient, sleep } from './harness.tsx';

const channels: BroadcastChannel[] = [];
/** Another tab of the same origin. */
function otherTab(): BroadcastChannel {
  const channel = new BroadcastChannel(CHANGES_CHANNEL);
  channels.push(channel);
  return channel;
}

afterEach(() => {
  cleanup();
  for (const channel of channels.splice(0)) channel.close();
});

function ConnectionRows() {
  const { connections, isLoading, disconnect } = useConnections();
  if (isLoading) return <p>Loading…</p>;
  return (
    <ul>
      {connections.map((c) => (
        <li key={c.id}>
          {c.name}: {c.status}
          {c.connected && (
            <button type="button" onClick={() => void disconnect(c.id).catch(() => {})}>
              Disconnect {c.name}
            </button>
          )}
        </li>
      ))}
    </ul>
  );
}

describe('given another tab of the same origin (a real BroadcastChannel)', () => {
  let api: ReferenceApi;
  let client: ReturnType<typeof restClient>;
  beforeEach(async () => {
    expect(typeof BroadcastChannel).toBe('function');
    api = createReferenceApi();
    client = restClient(api);
    // The default adapter: its BroadcastChannel is the one other tabs post on.
    function Page() {
      return (
        <Providers client={client}>
          <ConnectionRows />
        </Providers>
      );
    }
    render(<Page />);
    await screen.findByText('Stripe: connected');
    expect(requestsOn(api, 'list')).toBe(1);
  });

  it('should revalidate the list when that tab changed this session', async () => {
    api.setServerState('ses_demo', 'stripe', 'not_connected');
    otherTab().postMessage({ type: 'codespar:connections-changed', key: client.key, tab: 'other-tab' });
    await waitFor(() => expect(requestsOn(api, 'list')).toBe(2));
    expect(await screen.findByText('Stripe: not_connected')).toBeTruthy();
    await sleep(50);
    expect(requestsOn(api, 'list')).toBe(2);
  });

  it('should not revalidate for a change to another session', async () => {
    otherTab().postMessage({ type: 'codespar:connections-changed', key: 'rest:http://localhost:5173:ses_other', tab: 'other-tab' });
    await sleep(150);
    expect(requestsOn(api, 'list')).toBe(1);
  });

  it('should not revalidate again for its own announcement after a disconnect', async () => {
    const heard: unknown[] = [];
    otherTab().onmessage = (event: MessageEvent) => heard.push(event.data);
    fireEvent.click(screen.getByRole('button', { name: 'Disconnect Stripe' }));
    expect(await screen.findByText('Stripe: not_connected')).toBeTruthy();
    // Other tabs are told…
    await waitFor(() => expect(heard).toEqual([{ type: 'codespar:connections-changed', key: client.key, tab: expect.any(String) }]));
    // …and this tab revalidated once, after the DELETE, not again for its own message.
    await sleep(100);
    expect(requestsOn(api, 'list')).toBe(2);
  });
});

describe('given the fake browser as the adapter', () => {
  let api: ReferenceApi;
  let browser: FakeBrowser;
  let client: ReturnType<typeof restClient>;
  beforeEach(() => {
    api = createReferenceApi();
    browser = createFakeBrowser({ origin: ORIGIN });
    client = restClient(api);
  });

  it('should revalidate the list on a change broadcast for this session only', async () => {
    function Page() {
      return (
        <Providers client={client} adapter={browser}>
          <ConnectionRows />
        </Providers>
      );
    }
    render(<Page />);
    await screen.findByText('Stripe: connected');
    act(() => browser.broadcast(CHANGES_CHANNEL, { type: 'codespar:connections-changed', key: 'meta-tool:ses_demo', tab: 'other-tab' }));
    await sleep(50);
    expect(requestsOn(api, 'list')).toBe(1);
    act(() => browser.broadcast(CHANGES_CHANNEL, { type: 'codespar:connections-changed', key: client.key, tab: 'other-tab' }));
    await waitFor(() => expect(requestsOn(api, 'list')).toBe(2));
  });

  it('should tell other tabs once a server is connected, through the adapter', async () => {
    const heard = () => browser.broadcasts.filter((b) => b.channel === CHANGES_CHANNEL).map((b) => b.data);
    function Wizard() {
      const wizard = useConnectionWizard('mercado-pago');
      return (
        <button type="button" onClick={wizard.start}>
          {wizard.status}
        </button>
      );
    }
    function Page() {
      return (
        <Providers client={client} adapter={browser} redirectUrl="/oauth/done">
          <Wizard />
        </Providers>
      );
    }
    render(<Page />);
    fireEvent.click(screen.getByRole('button', { name: 'idle' }));
    await screen.findByRole('button', { name: 'waiting' });
    expect(heard()).toEqual([]);
    const popup = browser.popups[0];
    if (!popup) throw new Error('no popup');
    const { state, connectionId } = await approveInPopup(api, popup);
    act(() => browser.postMessage(completion(state, connectionId), ORIGIN));
    await screen.findByRole('button', { name: 'connected' });
    await waitFor(() => expect(heard()).toEqual([{ type: 'codespar:connections-changed', key: client.key, tab: expect.any(String) }]));
    // Its own announcement comes back to it on the channel (as a real one's would), and is skipped:
    // the one list request is the flow's confirmation.
    await sleep(50);
    expect(requestsOn(api, 'list')).toBe(1);
  });
});
