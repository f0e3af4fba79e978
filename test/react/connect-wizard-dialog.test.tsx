import { act, cleanup, fireEvent, render, screen, waitFor, within } from '@testing-library/react';
import axe from 'axe-core';
import { StrictMode, useState } from 'react';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { ConnectWizardDialog, type ConnectWizardDialogProps } from '../../src/components/connect-wizard-dialog/index.ts';
import type { ConnectFlowTiming } from '../../src/core/connect-flow.ts';
import type { ConnectionsClient } from '../../src/core/types.ts';
import { createFakeBrowser, type FakeBrowser } from '../../src/testing/fake-browser.ts';
import { createReferenceApi, type ReferenceApi } from '../../src/testing/reference-api.ts';
import { approveInPopup, completion, metaToolClient, ORIGIN, Providers, requestsOn, restClient, sleep } from './harness.tsx';

/**
 * What the provider itself holds on the adapter while mounted: two channels (changes from other
 * tabs, and completions no flow here owns), and focus and the network coming back (revalidation).
 */
const PROVIDER_ONLY = { messageListeners: 0, channels: 2, attentionListeners: 1, reconnectListeners: 1, timers: 0 };

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

function Page({ timing, ...props }: Partial<ConnectWizardDialogProps> & { timing?: ConnectFlowTiming }) {
  return (
    <Providers client={client} adapter={browser} redirectUrl="/oauth/done" {...(timing ? { timing } : {})}>
      <ConnectWizardDialog serverId="mercado-pago" name="Mercado Pago" locale="en" {...props} />
    </Providers>
  );
}

const trigger = (
  <button type="button" className="open-it">
    Connect Mercado Pago
  </button>
);

const dialog = () => screen.findByRole('dialog');
const status = () => screen.getByRole('status');
const button = (name: string) => within(screen.getByRole('dialog')).getByRole('button', { name });

async function clickConnect() {
  fireEvent.click(within(await dialog()).getByRole('button', { name: 'Connect' }));
}

async function reachWaiting() {
  await clickConnect();
  await waitFor(() => expect(status().textContent).toBe('Finish in the Mercado Pago window. This updates by itself.'));
}

/** Plays the provider's callback page: the popup's consent is approved, then its message arrives. */
async function approveAndComplete() {
  const popup = browser.popups.at(-1);
  if (!popup) throw new Error('no popup');
  const { state, connectionId } = await approveInPopup(api, popup);
  act(() => browser.postMessage(completion(state, connectionId), ORIGIN));
  return connectionId;
}

function postToOpener(message: { status: 'denied' | 'error'; error: string }) {
  const consentUrl = browser.popups.at(-1)?.navigations.at(-1);
  const state = consentUrl ? new URL(consentUrl).searchParams.get('state') : null;
  if (!state) throw new Error('the popup never reached the consent page');
  act(() => browser.postMessage({ type: 'codespar:connect', v: 1, state, ...message }, ORIGIN));
}

async function axeViolations() {
  // jsdom has no layout: colour contrast is checked in Chromium by the stories.
  const results = await axe.run(document.body, { rules: { 'color-contrast': { enabled: false }, region: { enabled: false } } });
  return results.violations.map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`);
}

describe('given a trigger', () => {
  it('should open from the trigger, show what connecting grants, and return focus to the trigger on close', async () => {
    render(<Page trigger={trigger} />);
    const opener = screen.getByRole('button', { name: 'Connect Mercado Pago' });
    expect(screen.queryByRole('dialog')).toBeNull();

    opener.focus();
    fireEvent.click(opener);
    const open = await dialog();
    expect(within(open).getByRole('heading', { name: 'Connect Mercado Pago' })).toBeTruthy();
    expect(open.getAttribute('aria-describedby')).toBeTruthy();
    const tools = await within(open).findByRole('list', { name: 'Tools it can use' });
    expect(within(tools).getAllByRole('listitem')).toHaveLength(5);
    expect(tools.textContent).toContain('Creates a Pix payment and returns its QR code.');
    const capabilities = within(open).getByRole('list', { name: 'Connecting Mercado Pago lets the assistant:' });
    expect(
      within(capabilities)
        .getAllByRole('listitem')
        .map((li) => li.textContent),
    ).toEqual(['pix', 'boleto', 'credit card', 'refund', 'payment link']);

    fireEvent.click(button('Close'));
    await waitFor(() => expect(screen.queryByRole('dialog')).toBeNull());
    await waitFor(() => expect(document.activeElement).toBe(opener));
  });

  it("should not open when the trigger's own onClick calls preventDefault()", async () => {
    const onClick = vi.fn((event: { preventDefault(): void }) => event.preventDefault());
    render(
      <Page
        trigger={
          <button type="button" onClick={onClick}>
            Connect Mercado Pago
          </button>
        }
      />,
    );
    fireEvent.click(screen.getByRole('button', { name: 'Connect Mercado Pago' }));
    await sleep(20);
    expect(onClick).toHaveBeenCalledTimes(1);
    expect(screen.queryByRole('dialog')).toBeNull();
  });

  it('should have no axe violations when open', async () => {
    render(<Page trigger={trigger} defaultOpen />);
    await within(await dialog()).findByRole('list', { name: 'Tools it can use' });
    expect(await axeViolations()).toEqual([]);
  });
});

describe('given it is uncontrolled (defaultOpen)', () => {
  it('should render open, close on Escape, and report each change through onOpenChange', async () => {
    const onOpenChange = vi.fn();
    render(<Page defaultOpen onOpenChange={onOpenChange} />);
    await dialog();
    expect(onOpenChange).not.toHaveBeenCalled();

    fireEvent.keyDown(document.activeElement ?? document.body, { key: 'Escape' });
    await waitFor(() => expect(screen.queryByRole('dialog')).toBeNull());
    expect(onOpenChange).toHaveBeenCalledTimes(1);
    expect(onOpenChange).toHaveBeenCalledWith(false);
  });
});

describe('given it is controlled (open + onOpenChange)', () => {
  it('should follow `open` and only ask to close through onOpenChange', async () => {
    const onOpenChange = vi.fn();
    const { rerender } = render(<Page open onOpenChange={onOpenChange} />);
    await dialog();

    fireEvent.keyDown(document.activeElement ?? document.body, { key: 'Escape' });
    expect(onOpenChange).toHaveBeenCalledWith(false);
    // The parent did not agree: still open.
    await sleep(20);
    expect(screen.getByRole('dialog')).toBeTruthy();

    rerender(<Page open={false} onOpenChange={onOpenChange} />);
    await waitFor(() => expect(screen.queryByRole('dialog')).toBeNull());
    rerender(<Page open onOpenChange={onOpenChange} />);
    expect(await dialog()).toBeTruthy();
  });

  it('should cancel a flow under way when the parent closes it', async () => {
    function Host() {
      const [open, setOpen] = useState(true);
      return (
        <>
          <button type="button" onClick={() => setOpen(false)}>
            Elsewhere
          </button>
          <Page open={open} onOpenChange={setOpen} />
        </>
      );
    }
    render(<Host />);
    await reachWaiting();
    act(() => {
      // Outside the dialog's focus trap: the host closes it programmatically.
      screen.getAllByRole('button', { name: 'Elsewhere', hidden: true })[0]?.click();
    });
    await waitFor(() => expect(screen.queryByRole('dialog')).toBeNull());
    expect(browser.popups[0]?.closed).toBe(true);
    expect(browser.active()).toEqual(PROVIDER_ONLY);
  });
});

describe('given a connection under way', () => {
  it('should close on Escape and cancel the flow: the popup closes and nothing is left listening', async () => {
    const onOpenChange = vi.fn();
    render(<Page trigger={trigger} defaultOpen onOpenChange={onOpenChange} />);
    await reachWaiting();
    expect(browser.active()).not.toEqual(PROVIDER_ONLY);

    fireEvent.keyDown(document.activeElement ?? document.body, { key: 'Escape' });
    await waitFor(() => expect(screen.queryByRole('dialog')).toBeNull());
    expect(onOpenChange).toHaveBeenCalledWith(false);
    expect(browser.popups[0]?.closed).toBe(true);
    expect(browser.active()).toEqual(PROVIDER_ONLY);

    // Reopened, it starts fresh.
    fireEvent.click(screen.getByRole('button', { name: 'Connect Mercado Pago' }));
    expect(within(await dialog()).getByRole('button', { name: 'Connect' })).toBeTruthy();
    expect(status().textContent).toBe('');
  });
});

describe('given each step of the wizard', () => {
  it('should lead with Connect when idle, focused, with an empty live region', async () => {
    render(<Page defaultOpen />);
    const open = await dialog();
    const connect = within(open).getByRole('button', { name: 'Connect' });
    expect(connect.getAttribute('data-variant')).toBe('primary');
    await waitFor(() => expect(document.activeElement).toBe(connect));
    expect(status().getAttribute('aria-live')).toBe('polite');
    expect(status().textContent).toBe('');
    expect(open.getAttribute('data-status')).toBe('idle');
    expect(open.closest('[data-slot="connect-wizard-dialog"]')).toBeTruthy();
    expect(open.getAttribute('data-slot')).toBe('connect-wizard-dialog-content');
  });

  it('should show a spinner and "Opening…" while the API is asked for the provider URL', async () => {
    api.addFault({ route: 'authorize', latencyMs: 5_000 });
    render(<Page defaultOpen />);
    await clickConnect();
    expect(status().textContent).toBe('Opening Mercado Pago…');
    const open = screen.getByRole('dialog');
    expect(open.querySelector('[data-slot="connect-wizard-dialog-status"] .csp-spinner')).toBeTruthy();
    expect(open.querySelector('[data-slot="connect-wizard-dialog-actions"]')).toBeNull();
  });

  it('should wait for the popup with a Cancel button, open from the click, and cancel', async () => {
    render(<Page defaultOpen />);
    await clickConnect();
    // The popup exists as the click handler returns (before any request).
    expect(browser.popups).toHaveLength(1);
    await waitFor(() => expect(status().textContent).toBe('Finish in the Mercado Pago window. This updates by itself.'));
    expect(screen.getByRole('dialog').getAttribute('data-status')).toBe('waiting');
    // Focus followed the step: the clicked Connect button is gone, Cancel has it.
    await waitFor(() => expect(document.activeElement).toBe(button('Cancel')));

    fireEvent.click(button('Cancel'));
    await waitFor(() => expect(status().textContent).toBe('Connection cancelled.'));
    expect(button('Connect')).toBeTruthy();
    expect(browser.popups[0]?.closed).toBe(true);
  });

  it('should offer to reopen the window when the user closed it', async () => {
    render(<Page defaultOpen timing={{ closedPollMs: 10, closeGraceMs: 10 }} />);
    await reachWaiting();
    browser.popups[0]?.userClose();
    await waitFor(() => expect(status().textContent).toContain('Closed the window? Reopen it to continue.'));

    fireEvent.click(button('Reopen the window'));
    expect(browser.popups).toHaveLength(2);
    expect(new URL(browser.popups[1]?.navigations.at(-1) ?? '').pathname).toBe('/oauth/consent');
    await waitFor(() => expect(status().textContent).toBe('Finish in the Mercado Pago window. This updates by itself.'));
  });

  it('should offer "Open Mercado Pago" when the popup was blocked, and open it from that click', async () => {
    browser.blockPopups = true;
    render(<Page defaultOpen />);
    await clickConnect();
    await waitFor(() => expect(status().textContent).toBe('Your browser blocked the Mercado Pago window.'));
    const open = button('Open Mercado Pago');
    expect(open.getAttribute('data-variant')).toBe('primary');

    browser.blockPopups = false;
    fireEvent.click(open);
    expect(browser.popups).toHaveLength(1);
    expect(new URL(browser.popups[0]?.navigations.at(-1) ?? '').pathname).toBe('/oauth/consent');
    await waitFor(() => expect(screen.getByRole('dialog').getAttribute('data-status')).toBe('waiting'));
  });

  it('should send an operator to the setup page over the meta-tool client', async () => {
    client = metaToolClient(api);
    render(<Page defaultOpen serverId="z-api" name="Z-API" />);
    expect(within(await dialog()).getByRole('heading', { name: 'Connect Z-API' })).toBeTruthy();
    await clickConnect();
    await waitFor(() =>
      expect(status().textContent).toBe('An operator needs to finish setting up Z-API. This updates by itself once it is done.'),
    );
    // The setup page is already open in the popup: the button brings it to the front.
    fireEvent.click(button('Open the setup page'));
    expect(browser.popups).toHaveLength(1);
    expect(browser.popups[0]?.focusCount).toBe(1);
    expect(new URL(browser.popups[0]?.navigations.at(-1) ?? '').pathname).toBe('/dashboard/auth-configs');
  });

  it('should end connected, call onConnected once, and close on Done', async () => {
    const onConnected = vi.fn();
    const onOpenChange = vi.fn();
    render(
      <StrictMode>
        <Page defaultOpen onConnected={onConnected} onOpenChange={onOpenChange} />
      </StrictMode>,
    );
    await reachWaiting();
    const connectionId = await approveAndComplete();
    await waitFor(() => expect(status().textContent).toBe('Mercado Pago is connected.'));
    expect(screen.getByRole('dialog').getAttribute('data-status')).toBe('connected');
    await sleep(50);
    expect(onConnected).toHaveBeenCalledTimes(1);
    expect(onConnected).toHaveBeenCalledWith({ serverId: 'mercado-pago', connectionId });

    fireEvent.click(button('Done'));
    await waitFor(() => expect(screen.queryByRole('dialog')).toBeNull());
    expect(onOpenChange).toHaveBeenCalledWith(false);
    expect(onConnected).toHaveBeenCalledTimes(1);
    expect(requestsOn(api, 'authorize')).toBe(1);
  });

  it('should show a server that is already connected as connected, without a click', async () => {
    const onConnected = vi.fn();
    render(<Page defaultOpen serverId="stripe" name="Stripe" onConnected={onConnected} />);
    await waitFor(() => expect(status().textContent).toBe('Stripe is connected.'));
    expect(button('Done')).toBeTruthy();
    expect(within(screen.getByRole('dialog')).queryByRole('button', { name: 'Connect' })).toBeNull();
    expect(onConnected).not.toHaveBeenCalled();
  });

  it('should render Done as a plain primary button that takes classNames.action, styled or not', async () => {
    const { unmount } = render(<Page defaultOpen serverId="stripe" name="Stripe" connectButtonProps={{ className: 'host-connect' }} />);
    await waitFor(() => expect(status().textContent).toBe('Stripe is connected.'));
    expect(button('Done').outerHTML).toBe(
      '<button type="button" data-action="done" data-variant="primary" class="csp-button">Done</button>',
    );
    unmount();

    render(<Page defaultOpen serverId="stripe" name="Stripe" unstyled classNames={{ action: 'host-action' }} />);
    await waitFor(() => expect(status().textContent).toBe('Stripe is connected.'));
    expect(button('Done').outerHTML).toBe(
      '<button type="button" data-action="done" data-variant="primary" class="host-action">Done</button>',
    );
    fireEvent.click(button('Done'));
    await waitFor(() => expect(screen.queryByRole('dialog')).toBeNull());
  });

  it('should say access was not granted when the user denied it, and retry from the same click', async () => {
    render(<Page defaultOpen />);
    await reachWaiting();
    postToOpener({ status: 'denied', error: 'access_denied' });
    await waitFor(() => expect(status().textContent).toBe('Access to Mercado Pago was not granted.'));
    expect(status().closest('[data-slot="connect-wizard-dialog-status"]')?.getAttribute('data-tone')).toBe('error');
    expect(screen.getByRole('dialog').getAttribute('data-status')).toBe('error');

    fireEvent.click(button('Try again'));
    // A new popup from this very click, and a second authorize.
    expect(browser.popups).toHaveLength(2);
    await waitFor(() => expect(status().textContent).toBe('Finish in the Mercado Pago window. This updates by itself.'));
    expect(requestsOn(api, 'authorize')).toBe(2);
  });

  it('should say the link expired, with Try again', async () => {
    render(<Page defaultOpen />);
    await reachWaiting();
    postToOpener({ status: 'error', error: 'expired' });
    await waitFor(() => expect(status().textContent).toBe('The link expired before it was completed.'));
    expect(screen.getByRole('dialog').getAttribute('data-status')).toBe('expired');
    expect(button('Try again')).toBeTruthy();
  });

  it('should put an API error in words, with Try again', async () => {
    api.addFault({ route: 'authorize', status: 429, body: { error: 'rate_limited', message: 'slow down' }, times: 1 });
    const onError = vi.fn();
    render(<Page defaultOpen onError={onError} />);
    await clickConnect();
    await waitFor(() => expect(status().textContent).toBe('Too many attempts. Wait a moment and try again.'));
    expect(onError).toHaveBeenCalledTimes(1);
    expect(browser.popups[0]?.closed).toBe(true);

    fireEvent.click(button('Try again'));
    await waitFor(() => expect(status().textContent).toBe('Finish in the Mercado Pago window. This updates by itself.'));
  });

  it('should announce each step in words through the polite live region', async () => {
    render(<Page defaultOpen />);
    await dialog();
    const live = status();
    const heard: string[] = [];
    const observer = new MutationObserver(() => {
      if (live.textContent && heard.at(-1) !== live.textContent) heard.push(live.textContent);
    });
    observer.observe(live, { childList: true, subtree: true, characterData: true });
    await reachWaiting();
    await approveAndComplete();
    await waitFor(() => expect(live.textContent).toBe('Mercado Pago is connected.'));
    observer.disconnect();
    // The same element all along (a live region must exist before it changes).
    expect(status()).toBe(live);
    expect(heard).toEqual([
      'Opening Mercado Pago…',
      'Finish in the Mercado Pago window. This updates by itself.',
      'Confirming the connection…',
      'Mercado Pago is connected.',
    ]);
  });
});

describe('given connectButtonProps with an onClick that calls preventDefault()', () => {
  it("should run the host's handler and not start connecting", async () => {
    const onClick = vi.fn((event: { preventDefault(): void }) => event.preventDefault());
    render(<Page defaultOpen connectButtonProps={{ onClick, className: 'mine' }} />);
    await clickConnect();
    expect(onClick).toHaveBeenCalledTimes(1);
    expect(browser.popups).toHaveLength(0);
    expect(requestsOn(api, 'authorize')).toBe(0);
    expect(button('Connect').className).toBe('csp-button mine');
    expect(screen.getByRole('dialog').getAttribute('data-status')).toBe('idle');
  });

  it('should still start when the handler lets it through', async () => {
    const onClick = vi.fn();
    render(<Page defaultOpen connectButtonProps={{ onClick }} />);
    await clickConnect();
    expect(onClick).toHaveBeenCalledTimes(1);
    expect(browser.popups).toHaveLength(1);
  });
});

describe('given theme, className and unstyled', () => {
  it('should put `csp` and data-theme on the portalled overlay and content, and className on the content', async () => {
    render(<Page defaultOpen theme="dark" className="host-dialog" />);
    const open = await dialog();
    expect(open.className).toBe('csp csp-dialog host-dialog');
    expect(open.getAttribute('data-theme')).toBe('dark');
    const overlay = document.querySelector('[data-slot="connect-wizard-dialog-overlay"]');
    expect(overlay?.className).toBe('csp csp-dialog-overlay');
    expect(overlay?.getAttribute('data-theme')).toBe('dark');
  });

  it('should drop every csp- class when unstyled, keeping the data-slot hooks', async () => {
    render(<Page defaultOpen unstyled className="host-dialog" />);
    const open = await dialog();
    expect(open.className).toBe('host-dialog');
    expect(document.body.querySelector('[class*="csp"]')).toBeNull();
    for (const slot of ['header', 'status', 'actions']) {
      expect(open.querySelector(`[data-slot="connect-wizard-dialog-${slot}"]`)).toBeTruthy();
    }
  });
});

describe('given the server gets connected elsewhere while the dialog is open (another tab)', () => {
  it('should show it connected and call onConnected once', async () => {
    const onConnected = vi.fn();
    render(<Page defaultOpen onConnected={onConnected} />);
    await waitFor(async () => expect(within(await dialog()).getByRole('button', { name: 'Connect' })).toBeTruthy());
    api.setServerState('ses_demo', 'mercado-pago', 'connected');
    act(() => browser.broadcast('codespar-connections', { type: 'codespar:connections-changed', key: client.key, tab: 'another-tab' }));
    await waitFor(() => expect(status().textContent).toBe('Mercado Pago is connected.'));
    await sleep(50);
    expect(onConnected).toHaveBeenCalledTimes(1);
    expect(onConnected).toHaveBeenCalledWith({ serverId: 'mercado-pago', connectionId: undefined });
    expect(browser.popups).toHaveLength(0);
  });
});
