// Resume exactly once, in real Chromium: real popups (the consent page on the other loopback
// origin), the real BroadcastChannel the callback page posts on, React in a real DOM.
import { act, cleanup, render, screen, waitFor, within } from '@testing-library/react';
import { useState } from 'react';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { userEvent } from 'vitest/browser';
import { ConnectionRequired } from '../../src/components/connection-required/index.ts';
import { createConnectionsClient } from '../../src/core/index.ts';
import { ConnectionsProvider } from '../../src/react/index.ts';

const control = (path: string, body?: unknown) =>
  fetch(`${location.origin}/__reference/${path}`, { method: 'POST', ...(body ? { body: JSON.stringify(body) } : {}) });

beforeEach(async () => {
  await control('reset');
});
afterEach(async () => {
  cleanup();
  await control('reset');
});

/** What the callback page does once the user approved: the outcome on the real BroadcastChannel. */
async function approveInTheOtherWindow(serverId: string) {
  const response = await control('approve', { serverId });
  expect(response.status).toBe(200);
  const { message } = (await response.json()) as { message: unknown };
  const channel = new BroadcastChannel('codespar-connect');
  channel.postMessage(message);
  channel.close();
}

const part = (toolCallId: string, needs: string) => ({
  type: 'tool-create_pix_charge',
  toolCallId,
  state: 'output-available',
  input: { amount: 120 },
  output: { needs_connection: needs },
});

/** A thread whose messages a virtualized list can unmount and mount again. */
function Thread({ parts, onConnected }: { parts: unknown[]; onConnected: (request: unknown) => void }) {
  const [client] = useState(() =>
    createConnectionsClient({ sessionId: 'ses_demo', baseUrl: location.origin, getToken: () => 'demo_token' }),
  );
  const [shown, setShown] = useState(true);
  return (
    <ConnectionsProvider client={client} redirectUrl="/codespar/callback">
      <button type="button" onClick={() => setShown((s) => !s)}>
        {shown ? 'Scroll away' : 'Scroll back'}
      </button>
      {shown
        ? parts.map((p, index) => (
            // biome-ignore lint/suspicious/noArrayIndexKey: a fixed list
            <article key={index} aria-label={`message ${index + 1}`}>
              <ConnectionRequired request={p} locale="en" onConnected={onConnected} />
            </article>
          ))
        : null}
    </ConnectionsProvider>
  );
}

const cardIn = (n: number) => within(screen.getByRole('article', { name: `message ${n}` })).getByRole('group');

describe('given one tool call shown twice, connected through a real popup', () => {
  it('should resume it once, and not again when the list remounts the cards', async () => {
    const onConnected = vi.fn();
    const wizardUrl = `${location.origin}/dashboard/auth-configs?connect=mercado-pago&session=ses_demo`;
    const call = part('call_chromium_1', wizardUrl);
    render(<Thread parts={[call, { ...call }]} onConnected={onConnected} />);
    await userEvent.click(within(cardIn(1)).getByRole('button', { name: 'Connect' }));
    await waitFor(() => expect(cardIn(2).getAttribute('data-status')).toBe('waiting'), { timeout: 10_000 });

    await approveInTheOtherWindow('mercado-pago');
    await waitFor(() => expect(cardIn(1).getAttribute('data-status')).toBe('connected'), { timeout: 10_000 });
    await waitFor(() => expect(cardIn(2).getAttribute('data-status')).toBe('connected'));
    expect(onConnected).toHaveBeenCalledTimes(1);
    expect(onConnected).toHaveBeenCalledWith(
      expect.objectContaining({ serverId: 'mercado-pago', toolCallId: 'call_chromium_1', wizardUrl }),
    );

    await userEvent.click(screen.getByRole('button', { name: 'Scroll away' }));
    await userEvent.click(screen.getByRole('button', { name: 'Scroll back' }));
    await waitFor(() => expect(cardIn(1).getAttribute('data-status')).toBe('connected'));
    // The user comes back to the tab: focus revalidates the list; nothing resumes again.
    act(() => {
      window.dispatchEvent(new Event('focus'));
    });
    await new Promise((resolve) => setTimeout(resolve, 200));
    expect(within(cardIn(1)).queryByRole('button', { name: 'Continue' })).toBeNull();
    expect(onConnected).toHaveBeenCalledTimes(1);
  });
});

describe('given a reloaded thread whose server is connected already', () => {
  it('should offer Continue and resume only on the click, once', async () => {
    const onConnected = vi.fn();
    render(<Thread parts={[part('call_chromium_2', 'stripe')]} onConnected={onConnected} />);
    const continueButton = await within(await screen.findByRole('group', { name: 'Stripe is connected' })).findByRole('button', {
      name: 'Continue',
    });
    await new Promise((resolve) => setTimeout(resolve, 200));
    expect(onConnected).not.toHaveBeenCalled();
    await userEvent.click(continueButton);
    expect(onConnected).toHaveBeenCalledTimes(1);
    await userEvent.click(screen.getByRole('button', { name: 'Scroll away' }));
    await userEvent.click(screen.getByRole('button', { name: 'Scroll back' }));
    await waitFor(() => expect(cardIn(1).getAttribute('data-status')).toBe('connected'));
    expect(within(cardIn(1)).queryByRole('button', { name: 'Continue' })).toBeNull();
    expect(onConnected).toHaveBeenCalledTimes(1);
  });
});
