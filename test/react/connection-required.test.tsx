import { act, cleanup, fireEvent, render, screen, waitFor, within } from '@testing-library/react';
import axe from 'axe-core';
import { StrictMode } from 'react';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { ConnectionRequired, type ConnectionRequiredProps } from '../../src/components/connection-required/index.ts';
import type { ConnectionsClient } from '../../src/core/types.ts';
import { useConnections } from '../../src/react/use-connections.ts';
import { createFakeBrowser, type FakeBrowser } from '../../src/testing/fake-browser.ts';
import { createReferenceApi, type ReferenceApi } from '../../src/testing/reference-api.ts';
import { approveInPopup, completion, ORIGIN, Providers, requestsOn, restClient, sleep } from './harness.tsx';

let api: ReferenceApi;
let browser: FakeBrowser;
let client: ConnectionsClient;

beforeEach(() => {
  api = createReferenceApi();
  browser = createFakeBrowser({ origin: ORIGIN });
  client = restClient(api);
});

afterEach(() => {
  cleanup();
  vi.restoreAllMocks();
});

const REASON = 'To create the Pix charge of R$ 120,00 for Ana Souza.';

/** An assistant message with the card, as a chat would render it. */
function Message(props: Partial<ConnectionRequiredProps>) {
  return (
    <Providers client={client} adapter={browser} redirectUrl="/oauth/done">
      <article aria-label="Assistant message">
        <p>I need Mercado Pago to create the charge.</p>
        <ConnectionRequired serverId="mercado-pago" name="Mercado Pago" reason={REASON} locale="en" {...props} />
      </article>
    </Providers>
  );
}

const card = (name: string | RegExp = /^Mercado Pago is (needed|connected)$/) => screen.getByRole('group', { name });
const status = () => within(card()).getByRole('status');
const button = (name: string) => within(card()).getByRole('button', { name });

async function connectAndWait() {
  fireEvent.click(button('Connect'));
  await waitFor(() => expect(status().textContent).toBe('Finish in the Mercado Pago window. This updates by itself.'));
}

async function approveAndComplete() {
  const popup = browser.popups.at(-1);
  if (!popup) throw new Error('no popup');
  const { state, connectionId } = await approveInPopup(api, popup);
  act(() => browser.postMessage(completion(state, connectionId), ORIGIN));
  return connectionId;
}

describe('given a server the session lacks', () => {
  it('should say why it is needed and offer one Connect button', async () => {
    render(<Message />);
    const group = card();
    expect(group.getAttribute('data-slot')).toBe('connection-required');
    expect(group.getAttribute('data-status')).toBe('idle');
    expect(within(group).getByText(REASON)).toBeTruthy();
    expect(within(group).getByText('To continue, connect your Mercado Pago account. You will not leave this conversation.')).toBeTruthy();
    expect(button('Connect').getAttribute('data-variant')).toBe('primary');
    expect(status().textContent).toBe('');
    // Once the list has loaded it is still idle: not connected.
    await waitFor(() => expect(requestsOn(api, 'list')).toBe(1));
    await sleep(20);
    expect(card().getAttribute('data-status')).toBe('idle');
  });

  it('should open the popup from the one click and follow the flow inline, without a dialog', async () => {
    render(<Message />);
    let popupsAfterClick = -1;
    const connect = button('Connect');
    // On the document: after React's handler on the root, still inside the same click.
    document.addEventListener(
      'click',
      () => {
        popupsAfterClick = browser.popups.length;
      },
      { once: true },
    );
    connect.focus();
    fireEvent.click(connect);
    // Read as the click returns: the popup opened before any request.
    expect(popupsAfterClick).toBe(1);
    expect(status().textContent).toBe('Opening Mercado Pago…');
    await waitFor(() => expect(status().textContent).toBe('Finish in the Mercado Pago window. This updates by itself.'));
    expect(card().getAttribute('data-status')).toBe('waiting');
    expect(screen.queryByRole('dialog')).toBeNull();
    // The focused Connect button is gone: focus moved to the step's button, not to <body>.
    await waitFor(() => expect(document.activeElement).toBe(button('Cancel')));
  });

  it('should say "connected", call onConnected once, and offer nothing more to click', async () => {
    const onConnected = vi.fn();
    render(
      <StrictMode>
        <Message onConnected={onConnected} />
      </StrictMode>,
    );
    await connectAndWait();
    const connectionId = await approveAndComplete();
    await waitFor(() => expect(status().textContent).toBe('Access granted. The assistant can go on.'));
    // The title says so too: the card is no longer "needed".
    expect(card('Mercado Pago is connected').getAttribute('data-status')).toBe('connected');
    expect(within(card('Mercado Pago is connected')).queryByRole('button')).toBeNull();
    // Later revalidations and focus do not call it again.
    act(() => browser.attention());
    await sleep(50);
    expect(onConnected).toHaveBeenCalledTimes(1);
    expect(onConnected).toHaveBeenCalledWith({ serverId: 'mercado-pago', connectionId });
  });

  it('should offer "Open Mercado Pago" when the popup was blocked, and open it from that click', async () => {
    browser.blockPopups = true;
    render(<Message />);
    fireEvent.click(button('Connect'));
    await waitFor(() => expect(status().textContent).toBe('Your browser blocked the Mercado Pago window.'));
    expect(card().getAttribute('data-status')).toBe('blocked');

    browser.blockPopups = false;
    fireEvent.click(button('Open Mercado Pago'));
    expect(browser.popups).toHaveLength(1);
    await waitFor(() => expect(card().getAttribute('data-status')).toBe('waiting'));
  });

  it('should say access was not granted, and retry from the same click', async () => {
    const onConnected = vi.fn();
    render(<Message onConnected={onConnected} />);
    await connectAndWait();
    const state = new URL(browser.popups[0]?.navigations.at(-1) ?? '').searchParams.get('state');
    act(() => browser.postMessage({ type: 'codespar:connect', v: 1, state, status: 'denied', error: 'access_denied' }, ORIGIN));
    await waitFor(() => expect(status().textContent).toBe('Access to Mercado Pago was not granted.'));

    fireEvent.click(button('Try again'));
    expect(browser.popups).toHaveLength(2);
    await waitFor(() => expect(card().getAttribute('data-status')).toBe('waiting'));
    await approveAndComplete();
    await waitFor(() => expect(status().textContent).toBe('Access granted. The assistant can go on.'));
    await sleep(20);
    expect(onConnected).toHaveBeenCalledTimes(1);
  });

  it('should have no axe violations, idle and waiting', async () => {
    render(<Message />);
    const run = async () =>
      (await axe.run(document.body, { rules: { 'color-contrast': { enabled: false }, region: { enabled: false } } })).violations.map(
        (v) => v.id,
      );
    expect(await run()).toEqual([]);
    await connectAndWait();
    expect(await run()).toEqual([]);
  });
});

describe('given a server already connected when the card mounts (a reloaded thread)', () => {
  it('should say so and offer Continue, and resume only when the user clicks it', async () => {
    const onConnected = vi.fn();
    render(<Message serverId="stripe" name="Stripe" onConnected={onConnected} />);
    await waitFor(() => expect(card('Stripe is connected').getAttribute('data-status')).toBe('connected'));
    const view = within(card('Stripe is connected'));
    expect(view.getByRole('status').textContent).toBe('Stripe is already connected. Continue when you are ready.');
    await sleep(50);
    // Never by itself on mount: an old thread must not re-run old tool calls.
    expect(onConnected).not.toHaveBeenCalled();
    expect(browser.popups).toHaveLength(0);
    expect(requestsOn(api, 'authorize')).toBe(0);

    fireEvent.click(view.getByRole('button', { name: 'Continue' }));
    expect(onConnected).toHaveBeenCalledTimes(1);
    // The seed's list rows carry no connection id: the request alone.
    expect(onConnected).toHaveBeenCalledWith({ serverId: 'stripe' });
    await waitFor(() => expect(view.getByRole('status').textContent).toBe('Access granted. The assistant can go on.'));
    expect(view.queryByRole('button')).toBeNull();
    expect(card('Stripe is connected').hasAttribute('data-resumed')).toBe(true);
  });

  it('should offer nothing to click when the host gave no onConnected (a status card)', async () => {
    render(<Message serverId="stripe" name="Stripe" />);
    await waitFor(() => expect(card('Stripe is connected').getAttribute('data-status')).toBe('connected'));
    expect(within(card('Stripe is connected')).getByRole('status').textContent).toBe('Access granted. The assistant can go on.');
    expect(within(card('Stripe is connected')).queryByRole('button')).toBeNull();
  });
});

describe('given the server gets connected elsewhere while the card waits (another tab)', () => {
  it('should show it connected and call onConnected once, so the tool call resumes', async () => {
    const onConnected = vi.fn();
    render(<Message onConnected={onConnected} />);
    await waitFor(() => expect(card().getAttribute('data-status')).toBe('idle'));
    api.setServerState('ses_demo', 'mercado-pago', 'connected');
    // Another tab announces the change: this tab's list revalidates.
    act(() => browser.broadcast('codespar-connections', { type: 'codespar:connections-changed', key: client.key, tab: 'another-tab' }));
    await waitFor(() => expect(card().getAttribute('data-status')).toBe('connected'));
    expect(onConnected).toHaveBeenCalledTimes(1);
    expect(onConnected).toHaveBeenCalledWith({ serverId: 'mercado-pago', connectionId: undefined });
    expect(browser.popups).toHaveLength(0);
  });
});

describe('given a disconnect on the same page that the API refuses (an optimistic update rolled back)', () => {
  it('should not take the rollback for a connection and resume the tool call', async () => {
    api.addFault({ route: 'disconnect', status: 500, body: { error: 'server_error' } });
    const onConnected = vi.fn();
    function Settings() {
      const { disconnect } = useConnections();
      return (
        <button type="button" onClick={() => disconnect('stripe').catch(() => undefined)}>
          Disconnect Stripe
        </button>
      );
    }
    render(
      <Providers client={client} adapter={browser} redirectUrl="/oauth/done">
        <Settings />
        <ConnectionRequired serverId="stripe" name="Stripe" locale="en" onConnected={onConnected} />
      </Providers>,
    );
    await waitFor(() => expect(card('Stripe is connected').getAttribute('data-status')).toBe('connected'));
    fireEvent.click(screen.getByRole('button', { name: 'Disconnect Stripe' }));
    // The list shows Stripe disconnected at once, then the refusal rolls it back to connected.
    await waitFor(() => expect(requestsOn(api, 'disconnect')).toBe(1));
    await waitFor(() => expect(card('Stripe is connected').getAttribute('data-status')).toBe('connected'));
    await sleep(50);
    expect(onConnected).not.toHaveBeenCalled();
  });
});

describe('given two cards for the same server in the conversation', () => {
  it('should share one flow and call each card onConnected once', async () => {
    const first = vi.fn();
    const second = vi.fn();
    render(
      <Providers client={client} adapter={browser} redirectUrl="/oauth/done">
        <ConnectionRequired serverId="mercado-pago" name="Mercado Pago" locale="en" onConnected={first} aria-label="first" />
        <ConnectionRequired serverId="mercado-pago" name="Mercado Pago" locale="en" onConnected={second} aria-label="second" />
      </Providers>,
    );
    fireEvent.click(within(screen.getByRole('group', { name: 'first' })).getByRole('button', { name: 'Connect' }));
    await waitFor(() => expect(screen.getByRole('group', { name: 'second' }).getAttribute('data-status')).toBe('waiting'));
    expect(browser.popups).toHaveLength(1);
    await approveAndComplete();
    await waitFor(() => expect(screen.getByRole('group', { name: 'second' }).getAttribute('data-status')).toBe('connected'));
    await sleep(20);
    expect(first).toHaveBeenCalledTimes(1);
    expect(second).toHaveBeenCalledTimes(1);
    expect(requestsOn(api, 'authorize')).toBe(1);
  });
});

describe('given connectButtonProps with an onClick that calls preventDefault()', () => {
  it("should run the host's handler and not start connecting", async () => {
    const onClick = vi.fn((event: { preventDefault(): void }) => event.preventDefault());
    render(<Message connectButtonProps={{ onClick }} />);
    fireEvent.click(button('Connect'));
    expect(onClick).toHaveBeenCalledTimes(1);
    await sleep(20);
    expect(browser.popups).toHaveLength(0);
    expect(requestsOn(api, 'authorize')).toBe(0);
    expect(card().getAttribute('data-status')).toBe('idle');
  });
});

describe('given unstyled, theme and className', () => {
  it('should merge className last, set data-theme, and drop csp- classes when unstyled', () => {
    const { rerender } = render(<Message theme="dark" className="host-card" />);
    expect(card().className).toBe('csp csp-required host-card');
    expect(card().getAttribute('data-theme')).toBe('dark');
    rerender(<Message unstyled className="host-card" />);
    expect(card().className).toBe('host-card');
    expect(card().querySelector('[class*="csp"]')).toBeNull();
  });
});
