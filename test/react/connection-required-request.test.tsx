// ConnectionRequired fed what a chat holds (an AI SDK tool part, seed 003's payload), and resuming
// each tool call exactly once: remounts, twins, operator setup.
import { act, cleanup, fireEvent, render, screen, waitFor, within } from '@testing-library/react';
import { useState } from 'react';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { ConnectionRequired, type ConnectionRequiredProps } from '../../src/components/connection-required/index.ts';
import { CONNECT_CHANNEL } from '../../src/core/protocol.ts';
import { createConnectionsClient } from '../../src/core/rest-client.ts';
import type { ConnectionsClient } from '../../src/core/types.ts';
import { createFakeBrowser, type FakeBrowser } from '../../src/testing/fake-browser.ts';
import { createReferenceApi, type ReferenceApi } from '../../src/testing/reference-api.ts';
import { approveInPopup, completion, ORIGIN, Providers, requestsOn, restClient, SESSION, sleep } from './harness.tsx';

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
});

/** The seed's agent answer for Mercado Pago, verbatim: `{ needs_connection: wiz.wizard_url }`. */
const WIZARD_URL = `${ORIGIN}/dashboard/auth-configs?connect=mercado-pago&session=${SESSION}`;
let calls = 0;
/** An AI SDK (ai 6) tool part whose tool answered `needs_connection`; a fresh tool call each time. */
function toolPart(overrides: Record<string, unknown> = {}) {
  return {
    type: 'tool-create_pix_charge',
    toolCallId: `call_${++calls}`,
    state: 'output-available',
    input: { amount: 120, customer: 'Ana Souza' },
    output: { needs_connection: WIZARD_URL },
    ...overrides,
  };
}

function Chat({ parts, ...props }: { parts: unknown[] } & Partial<ConnectionRequiredProps>) {
  return (
    <Providers client={client} adapter={browser} redirectUrl="/oauth/done" timing={{ pollIntervalMs: 40 }}>
      {parts.map((part, index) => (
        // biome-ignore lint/suspicious/noArrayIndexKey: a fixed list of parts
        <article key={index} aria-label={`message ${index + 1}`}>
          <ConnectionRequired request={part} name="Mercado Pago" locale="en" {...props} />
        </article>
      ))}
    </Providers>
  );
}

const cardIn = (message: number) => within(screen.getByRole('article', { name: `message ${message}` })).getByRole('group');

async function connectThroughPopup(message = 1) {
  fireEvent.click(within(cardIn(message)).getByRole('button', { name: 'Connect' }));
  await waitFor(() => expect(cardIn(message).getAttribute('data-status')).toBe('waiting'));
  const popup = browser.popups.at(-1);
  if (!popup) throw new Error('no popup');
  const { state, connectionId } = await approveInPopup(api, popup);
  act(() => browser.postMessage(completion(state, connectionId), ORIGIN));
  await waitFor(() => expect(cardIn(message).getAttribute('data-status')).toBe('connected'));
  return connectionId;
}

describe('given an AI SDK tool part whose output is seed 003 `{ needs_connection: wizard_url }`', () => {
  it('should render the card for the server named in the URL and hand the request to onConnected', async () => {
    const onConnected = vi.fn();
    const part = toolPart();
    render(<Chat parts={[part]} onConnected={onConnected} />);
    expect(cardIn(1).getAttribute('data-slot')).toBe('connection-required');
    const connectionId = await connectThroughPopup();
    expect(onConnected).toHaveBeenCalledTimes(1);
    expect(onConnected).toHaveBeenCalledWith({
      serverId: 'mercado-pago',
      wizardUrl: WIZARD_URL,
      toolName: 'create_pix_charge',
      toolCallId: part.toolCallId,
      connectionId,
    });
  });

  it('should render nothing while the output has not arrived, then the card once it has', async () => {
    const part = toolPart({ state: 'input-available', output: undefined });
    const { rerender } = render(<Chat parts={[part]} />);
    expect(within(screen.getByRole('article')).queryByRole('group')).toBeNull();
    rerender(<Chat parts={[{ ...part, state: 'output-available', output: { needs_connection: WIZARD_URL } }]} />);
    expect(cardIn(1).getAttribute('data-status')).toBe('idle');
  });

  it('should render nothing for a value that is not a request', async () => {
    render(
      <Chat
        parts={[
          { type: 'text', text: 'Hello' },
          toolPart({ output: { charge_id: 'ch_1', amount: 120 } }),
          toolPart({ state: 'output-error', output: undefined, errorText: '{"needs_connection":"mercado-pago"}' }),
          { server_id: 'stripe', status: 'connected' },
          { needs_connection: '..' },
          { needs_connection: 'https://app.codespar.dev/dashboard/auth-configs' },
          null,
          42,
        ]}
      />,
    );
    await sleep(20);
    expect(screen.getAllByRole('article')).toHaveLength(8);
    expect(screen.queryByRole('group')).toBeNull();
    expect(requestsOn(api, 'list')).toBe(0);
  });
});

describe('given one tool call resumed exactly once', () => {
  it('should resume once when two cards show the same call', async () => {
    const onConnected = vi.fn();
    const part = toolPart();
    render(<Chat parts={[part, { ...part }]} onConnected={onConnected} />);
    await connectThroughPopup(1);
    await waitFor(() => expect(cardIn(2).getAttribute('data-status')).toBe('connected'));
    await sleep(30);
    expect(onConnected).toHaveBeenCalledTimes(1);
    // Neither card offers Continue: the call was resumed.
    expect(within(cardIn(1)).queryByRole('button')).toBeNull();
    expect(within(cardIn(2)).queryByRole('button')).toBeNull();
    expect(requestsOn(api, 'authorize')).toBe(1);
  });

  it('should not resume again when a virtualized list unmounts and remounts the card', async () => {
    const onConnected = vi.fn();
    const part = toolPart();
    const { rerender } = render(<Chat parts={[part]} onConnected={onConnected} />);
    await connectThroughPopup();
    expect(onConnected).toHaveBeenCalledTimes(1);
    rerender(<Chat parts={[]} onConnected={onConnected} />);
    rerender(<Chat parts={[part]} onConnected={onConnected} />);
    await waitFor(() => expect(cardIn(1).getAttribute('data-status')).toBe('connected'));
    await sleep(30);
    // Connected and already resumed: no Continue, no second call.
    expect(within(cardIn(1)).getByRole('status').textContent).toBe('Access granted. The assistant can go on.');
    expect(within(cardIn(1)).queryByRole('button')).toBeNull();
    expect(onConnected).toHaveBeenCalledTimes(1);
  });

  /** Connect, then a virtualized list unmounts the card: the flow is dropped, the popup left open. */
  async function connectThenScrollAway() {
    const onConnected = vi.fn();
    const part = toolPart();
    const { rerender } = render(<Chat parts={[part]} onConnected={onConnected} />);
    fireEvent.click(within(cardIn(1)).getByRole('button', { name: 'Connect' }));
    await waitFor(() => expect(cardIn(1).getAttribute('data-status')).toBe('waiting'));
    const popup = browser.popups[0];
    if (!popup) throw new Error('no popup');
    rerender(<Chat parts={[]} onConnected={onConnected} />);
    const scrollBack = () => rerender(<Chat parts={[part]} onConnected={onConnected} />);
    return { onConnected, part, popup, scrollBack };
  }

  it('should resume once when the card was scrolled away mid-flow and the user approved meanwhile', async () => {
    const { onConnected, part, popup, scrollBack } = await connectThenScrollAway();
    scrollBack();
    await sleep(20);
    expect(cardIn(1).getAttribute('data-status')).toBe('idle');
    // The user approves in the window still open; its callback page broadcasts the outcome.
    const { state, connectionId } = await approveInPopup(api, popup);
    act(() => browser.broadcast(CONNECT_CHANNEL, completion(state, connectionId)));
    await waitFor(() => expect(cardIn(1).getAttribute('data-status')).toBe('connected'));
    await sleep(30);
    expect(onConnected).toHaveBeenCalledTimes(1);
    expect(onConnected).toHaveBeenCalledWith(expect.objectContaining({ serverId: 'mercado-pago', toolCallId: part.toolCallId }));
  });

  it('should offer Continue when the approval came while the card was scrolled away', async () => {
    const { onConnected, popup, scrollBack } = await connectThenScrollAway();
    const { state, connectionId } = await approveInPopup(api, popup);
    act(() => browser.broadcast(CONNECT_CHANNEL, completion(state, connectionId)));
    // Nothing shows the list, yet the provider brings it up to date for when the card comes back.
    await waitFor(() => expect(requestsOn(api, 'list')).toBe(2));
    scrollBack();
    await waitFor(() => expect(within(cardIn(1)).getByRole('button', { name: 'Continue' })).toBeTruthy());
    expect(onConnected).not.toHaveBeenCalled();
    fireEvent.click(within(cardIn(1)).getByRole('button', { name: 'Continue' }));
    expect(onConnected).toHaveBeenCalledTimes(1);
  });

  it('should resume each of two tool calls of the same server once', async () => {
    const onConnected = vi.fn();
    const first = toolPart();
    const second = toolPart();
    render(<Chat parts={[first, second]} onConnected={onConnected} />);
    await connectThroughPopup(1);
    await waitFor(() => expect(onConnected).toHaveBeenCalledTimes(2));
    expect(onConnected.mock.calls.map(([request]) => request.toolCallId).sort()).toEqual([first.toolCallId, second.toolCallId].sort());
  });

  it('should count Continue on a remounted card as the one resume', async () => {
    const onConnected = vi.fn();
    const part = toolPart({ output: { needs_connection: 'stripe' } }); // stripe: connected before the card mounts
    function Toggle() {
      const [shown, setShown] = useState(true);
      return (
        <>
          <button type="button" onClick={() => setShown((s) => !s)}>
            toggle
          </button>
          <Chat parts={shown ? [part] : []} onConnected={onConnected} name="Stripe" />
        </>
      );
    }
    render(<Toggle />);
    await waitFor(() => expect(within(cardIn(1)).getByRole('button', { name: 'Continue' })).toBeTruthy());
    fireEvent.click(within(cardIn(1)).getByRole('button', { name: 'Continue' }));
    fireEvent.click(screen.getByRole('button', { name: 'toggle' }));
    fireEvent.click(screen.getByRole('button', { name: 'toggle' }));
    await waitFor(() => expect(cardIn(1).getAttribute('data-status')).toBe('connected'));
    expect(within(cardIn(1)).queryByRole('button', { name: 'Continue' })).toBeNull();
    expect(onConnected).toHaveBeenCalledTimes(1);
  });
});

describe('given a client that cannot sign in to the server itself (operator setup)', () => {
  it("should offer the request's setup page, follow it, and resume once the API says connected", async () => {
    // A read-only token: authorize answers 403, so this client cannot run the provider's sign-in.
    client = createConnectionsClient({
      sessionId: SESSION,
      baseUrl: ORIGIN,
      getToken: () => 'demo_read_token',
      fetch: api.fetch,
      retry: false,
    });
    const onConnected = vi.fn();
    render(<Chat parts={[toolPart()]} onConnected={onConnected} />);
    fireEvent.click(within(cardIn(1)).getByRole('button', { name: 'Connect' }));
    await waitFor(() => expect(cardIn(1).getAttribute('data-status')).toBe('error'));
    const view = within(cardIn(1));
    expect(view.getByRole('status').textContent).toBe(
      'You are not allowed to change this connection.An operator can finish setting up Mercado Pago on its setup page.',
    );
    const setup = view.getByRole('button', { name: 'Open the setup page' });
    expect(setup.getAttribute('data-variant')).toBe('primary');
    expect(view.getByRole('button', { name: 'Try again' }).getAttribute('data-variant')).toBeNull();

    fireEvent.click(setup);
    expect(browser.popups.at(-1)?.navigations).toEqual([WIZARD_URL]);
    await waitFor(() => expect(cardIn(1).getAttribute('data-status')).toBe('needs_setup'));
    // The operator finishes on the setup page.
    api.setServerState(SESSION, 'mercado-pago', 'connected');
    await waitFor(() => expect(cardIn(1).getAttribute('data-status')).toBe('connected'));
    expect(onConnected).toHaveBeenCalledTimes(1);
    expect(onConnected).toHaveBeenCalledWith(expect.objectContaining({ serverId: 'mercado-pago', wizardUrl: WIZARD_URL }));
  });

  it('should offer the setup page beside Finish setup for a server that needs an operator', async () => {
    const wizardUrl = `${ORIGIN}/dashboard/auth-configs?connect=z-api&session=${SESSION}`;
    render(<Chat parts={[toolPart({ output: { server_id: 'z-api', status: 'needs_setup', wizard_url: wizardUrl } })]} name="Z-API" />);
    await waitFor(() => expect(within(cardIn(1)).getByRole('button', { name: 'Finish setup' })).toBeTruthy());
    expect(within(cardIn(1)).getByRole('button', { name: 'Open the setup page' }).getAttribute('data-variant')).toBeNull();
  });

  it('should offer no link when the URL of the request was unsafe', async () => {
    client = createConnectionsClient({
      sessionId: SESSION,
      baseUrl: ORIGIN,
      getToken: () => 'demo_read_token',
      fetch: api.fetch,
      retry: false,
    });
    render(<Chat parts={[toolPart({ output: { needs_connection: 'javascript:alert(1)//?connect=mercado-pago' } })]} />);
    fireEvent.click(within(cardIn(1)).getByRole('button', { name: 'Connect' }));
    await waitFor(() => expect(cardIn(1).getAttribute('data-status')).toBe('error'));
    expect(within(cardIn(1)).queryByRole('button', { name: 'Open the setup page' })).toBeNull();
    expect(within(cardIn(1)).getByRole('button', { name: 'Try again' })).toBeTruthy();
  });
});
