// The components' API at Radix's standard (issue 11): every part forwards a ref and takes DOM props,
// `classNames` per part, the dialog's portal `container`, a warning when a component switches
// between controlled and uncontrolled.
import { cleanup, render, screen, waitFor, within } from '@testing-library/react';
import { createRef, useState } from 'react';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { ConnectWizardDialog } from '../../src/components/connect-wizard-dialog/index.ts';
import { ConnectionList } from '../../src/components/connection-list/index.ts';
import { ConnectionRequired } from '../../src/components/connection-required/index.ts';
import { ConnectionStatusBadge } from '../../src/components/status-badge/connection-status-badge.tsx';
import type { ConnectionsClient } from '../../src/core/types.ts';
import { createFakeBrowser, type FakeBrowser } from '../../src/testing/fake-browser.ts';
import { createReferenceApi } from '../../src/testing/reference-api.ts';
import { ORIGIN, Providers, restClient } from './harness.tsx';

let browser: FakeBrowser;
let client: ConnectionsClient;
beforeEach(() => {
  browser = createFakeBrowser({ origin: ORIGIN });
  client = restClient(createReferenceApi());
});
afterEach(() => {
  cleanup();
  vi.restoreAllMocks();
});

const wrap = (node: React.ReactNode) => (
  <Providers client={client} adapter={browser} redirectUrl="/oauth/done">
    {node}
  </Providers>
);

describe('given a ref and DOM props on each component', () => {
  it('should hand the ref the root element and put the props on it', async () => {
    const list = createRef<HTMLDivElement>();
    const card = createRef<HTMLDivElement>();
    const badge = createRef<HTMLSpanElement>();
    const dialog = createRef<HTMLDivElement>();
    render(
      wrap(
        <>
          <ConnectionList ref={list} data-testid="list" aria-describedby="help" />
          <ConnectionRequired ref={card} serverId="mercado-pago" data-testid="card" title="Card" />
          <ConnectionStatusBadge ref={badge} status="connected" data-testid="badge" />
          <ConnectWizardDialog ref={dialog} serverId="stripe" defaultOpen data-testid="dialog" aria-describedby={undefined} />
        </>,
      ),
    );
    await screen.findByRole('dialog');
    expect(list.current).toBe(screen.getByTestId('list'));
    expect(list.current?.getAttribute('data-slot')).toBe('connection-list');
    expect(list.current?.getAttribute('aria-describedby')).toBe('help');
    expect(card.current).toBe(screen.getByTestId('card'));
    expect(card.current?.getAttribute('title')).toBe('Card');
    expect(badge.current).toBe(screen.getByTestId('badge'));
    expect(dialog.current).toBe(screen.getByRole('dialog'));
    expect(dialog.current?.getAttribute('data-testid')).toBe('dialog');
  });
});

describe('given classNames per part', () => {
  it('should put each class on its part of the card and of the dialog, beside the styled ones', async () => {
    render(
      wrap(
        <>
          <ConnectionRequired
            serverId="mercado-pago"
            reason="To charge"
            classNames={{
              header: 'c-head',
              title: 'c-title',
              reason: 'c-reason',
              body: 'c-body',
              status: 'c-status',
              actions: 'c-actions',
              action: 'c-action',
            }}
          />
          <ConnectWizardDialog
            serverId="mercado-pago"
            defaultOpen
            classNames={{
              overlay: 'd-overlay',
              header: 'd-head',
              title: 'd-title',
              description: 'd-desc',
              status: 'd-status',
              actions: 'd-actions',
              action: 'd-action',
              close: 'd-close',
            }}
          />
        </>,
      ),
    );
    // The open modal hides the rest of the page from assistive tech: look past that.
    const card = screen.getByRole('group', { hidden: true });
    for (const [slot, name] of [
      ['connection-required-header', 'c-head'],
      ['connection-required-reason', 'c-reason'],
      ['connection-required-body', 'c-body'],
      ['connection-required-status', 'c-status'],
      ['connection-required-actions', 'c-actions'],
    ]) {
      expect(card.querySelector(`[data-slot="${slot}"]`)?.className, slot).toContain(name);
    }
    expect(within(card).getByRole('button', { name: 'Connect', hidden: true }).className).toBe('csp-button c-action');
    const dialog = await screen.findByRole('dialog');
    expect(within(dialog).getByRole('heading', { name: /^Connect / }).className).toContain('d-title');
    expect(dialog.querySelector('[data-slot="connect-wizard-dialog-status"]')?.className).toContain('d-status');
    expect(within(dialog).getByRole('button', { name: 'Close' }).className).toContain('d-close');
    expect(document.querySelector('[data-slot="connect-wizard-dialog-overlay"]')?.className).toContain('d-overlay');
  });
});

describe('given a portal container (a chat widget in a shadow root or an iframe)', () => {
  it('should render the dialog inside it', async () => {
    const host = document.createElement('div');
    document.body.append(host);
    render(wrap(<ConnectWizardDialog serverId="stripe" defaultOpen container={host} />));
    const dialog = await screen.findByRole('dialog');
    expect(host.contains(dialog)).toBe(true);
    host.remove();
  });
});

describe('given the dialog description', () => {
  it('should have words of its own, not the chat card’s body', async () => {
    render(wrap(<ConnectWizardDialog serverId="z-api" name="Z-API" defaultOpen />));
    const dialog = await screen.findByRole('dialog');
    await waitFor(() => expect(dialog.getAttribute('aria-describedby')).toBeTruthy());
    const description = document.getElementById(dialog.getAttribute('aria-describedby') ?? '');
    expect(description?.textContent).toBe('Give the assistant access to Z-API without leaving this conversation.');
  });
});

describe('given a dialog that switches between controlled and uncontrolled', () => {
  it('should warn once in development, naming the component', () => {
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => {});
    function Switching() {
      const [open, setOpen] = useState<boolean | undefined>(undefined);
      return (
        <>
          <button type="button" onClick={() => setOpen(false)}>
            control it
          </button>
          <ConnectWizardDialog serverId="stripe" open={open} />
        </>
      );
    }
    render(wrap(<Switching />));
    expect(warn).not.toHaveBeenCalled();
    screen.getByRole('button', { name: 'control it' }).click();
    return waitFor(() => {
      expect(warn).toHaveBeenCalledTimes(1);
      expect(warn.mock.calls[0]?.[0]).toContain('ConnectWizardDialog is changing from uncontrolled to controlled');
    });
  });
});
