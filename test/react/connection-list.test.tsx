import { act, cleanup, fireEvent, render, screen, waitFor, within } from '@testing-library/react';
import axe from 'axe-core';
import { type ReactNode, useState } from 'react';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { ConnectionList, type ConnectionListProps } from '../../src/components/connection-list/index.ts';
import { format } from '../../src/components/locales/index.ts';
import { ConnectionStatusBadge } from '../../src/components/status-badge/connection-status-badge.tsx';
import { createConnectionsClient } from '../../src/core/rest-client.ts';
import type { Connection, ConnectionsClient } from '../../src/core/types.ts';
import { ConnectionsProvider } from '../../src/react/context.tsx';
import { useConnections } from '../../src/react/use-connections.ts';
import { createFakeBrowser, type FakeBrowser } from '../../src/testing/fake-browser.ts';
import { createReferenceApi, type ReferenceApi } from '../../src/testing/reference-api.ts';
import { approveInPopup, completion, ORIGIN, Providers, restClient } from './harness.tsx';

afterEach(() => {
  cleanup();
  vi.restoreAllMocks();
});

/** The list item of one provider, found by its name. */
function rowOf(name: string): HTMLElement {
  const row = screen.getAllByRole('listitem').find((item) => within(item).queryByText(name, { exact: true }));
  if (!row) throw new Error(`No row for ${name}`);
  return row;
}

const rows = () => screen.queryAllByRole('listitem');

async function waitForRows(count: number) {
  await waitFor(() => expect(rows()).toHaveLength(count));
}

/** axe over what is rendered (jsdom has no layout: contrast is checked in the Storybook tests). */
async function expectNoAxeViolations(container: HTMLElement) {
  const results = await axe.run(container, { rules: { 'color-contrast': { enabled: false } } });
  expect(results.violations.map((v) => `${v.id}: ${v.nodes.map((n) => n.html).join(', ')}`)).toEqual([]);
}

/** Reloads the shared list, as a focus revalidation or another component would. */
function RefreshButton() {
  const { refresh } = useConnections();
  return (
    <button type="button" onClick={() => void refresh()}>
      Refresh list
    </button>
  );
}

describe('given a session with every status (ses_demo)', () => {
  let api: ReferenceApi;
  let browser: FakeBrowser;
  let client: ConnectionsClient;
  beforeEach(() => {
    api = createReferenceApi();
    browser = createFakeBrowser({ origin: ORIGIN });
    client = restClient(api);
  });

  function Page({ children, ...props }: ConnectionListProps & { children?: ReactNode }) {
    return (
      <Providers client={client} adapter={browser} redirectUrl="/oauth/done">
        <ConnectionList {...props} />
        {children}
      </Providers>
    );
  }

  it('should show a skeleton with a loading line, then every connection', async () => {
    const { container } = render(<Page />);
    const skeleton = container.querySelector('[data-slot="connection-list-skeleton"]');
    expect(skeleton?.getAttribute('aria-busy')).toBe('true');
    expect(screen.getByRole('status').textContent).toBe('Loading providers…');
    await waitForRows(14);
    expect(container.querySelector('[data-slot="connection-list-skeleton"]')).toBeNull();
  });

  it('should show each row with its name, category, country, status, tools count and the action for its status', async () => {
    const { container } = render(<Page />);
    await waitForRows(14);
    const stripe = within(rowOf('Stripe'));
    expect(stripe.getByText('Payments')).toBeTruthy();
    expect(stripe.getByText('Global')).toBeTruthy();
    expect(stripe.getByText('Connected')).toBeTruthy();
    expect(stripe.getByText('4 tools')).toBeTruthy();
    expect(within(rowOf('Mercado Pago')).getByText('Brazil')).toBeTruthy();

    const actionOf = (name: string) => within(rowOf(name)).getAllByRole('button')[0]?.textContent;
    expect(actionOf('Stripe')).toBe('Disconnect');
    expect(actionOf('Mercado Pago')).toBe('Connect');
    expect(actionOf('Asaas')).toBe('Reconnect');
    expect(actionOf('Nuvem Fiscal')).toBe('Reconnect');
    expect(actionOf('Z-API')).toBe('Finish setup');

    const statuses = rows().map((row) => row.getAttribute('data-status'));
    expect(statuses.filter((s) => s === 'connected')).toHaveLength(4);
    expect(container.querySelector('[data-slot="connection-list"]')?.getAttribute('data-status')).toBe('ready');
    await expectNoAxeViolations(container);
  });

  it('should render only the row whose connection changed when the list reloads', async () => {
    const renders = new Map<string, number>();
    const renderRow = (connection: Connection, parts: { actions: ReactNode; badge: ReactNode; logo: ReactNode }) => {
      renders.set(connection.id, (renders.get(connection.id) ?? 0) + 1);
      return (
        <div>
          {parts.logo}
          <span>{connection.name}</span>
          {parts.badge}
          {parts.actions}
        </div>
      );
    };
    render(
      <Page renderRow={renderRow}>
        <RefreshButton />
      </Page>,
    );
    await waitForRows(14);
    const before = new Map(renders);

    api.setServerState('ses_demo', 'asaas', 'connected');
    fireEvent.click(screen.getByRole('button', { name: 'Refresh list' }));
    await waitFor(() => expect(rowOf('Asaas').getAttribute('data-status')).toBe('connected'));

    const rendered = [...renders].filter(([id, count]) => count !== before.get(id)).map(([id]) => id);
    expect(rendered).toEqual(['asaas']);
  });

  it('should render no row again when the list reloads unchanged', async () => {
    const renderRow = vi.fn((connection: Connection) => <span>{connection.name}</span>);
    render(
      <Page renderRow={renderRow}>
        <RefreshButton />
      </Page>,
    );
    await waitForRows(14);
    const calls = renderRow.mock.calls.length;
    const listRequests = api.requests.length;
    fireEvent.click(screen.getByRole('button', { name: 'Refresh list' }));
    await waitFor(() => expect(api.requests.length).toBe(listRequests + 1));
    await act(async () => {});
    expect(renderRow.mock.calls.length).toBe(calls);
  });

  it('should hand renderRow the connection and the logo, badge and actions parts, inside the list item', async () => {
    render(
      <Page
        serverIds={['stripe', 'asaas']}
        renderRow={(connection, parts) => (
          <div data-testid="custom">
            {parts.logo}
            <b>{connection.name}</b>
            {parts.badge}
            {parts.actions}
          </div>
        )}
      />,
    );
    await waitForRows(2);
    expect(screen.getAllByTestId('custom')).toHaveLength(2);
    const asaas = rowOf('Asaas');
    expect(asaas.getAttribute('data-slot')).toBe('connection-list-item');
    expect(asaas.getAttribute('data-status')).toBe('expired');
    expect(within(asaas).getByText('Expired')).toBeTruthy();
    expect(within(asaas).getByRole('button', { name: 'Reconnect' })).toBeTruthy();
    expect(asaas.querySelector('[data-slot="provider-logo"]')?.textContent).toBe('AS');
  });

  it('should show only the servers in serverIds, in the API order', async () => {
    render(<Page serverIds={['shopify', 'stripe', 'not-in-session']} />);
    await waitForRows(2);
    expect(rows().map((row) => row.querySelector('[data-slot="provider-logo"] + div span')?.textContent)).toEqual(['Stripe', 'Shopify']);
  });

  it('should show only the categories asked for, without a search box when the rows are few', async () => {
    render(<Page categories={['payments', 'logistics']} />);
    await waitForRows(7);
    for (const row of rows()) expect(row.textContent).toMatch(/Payments|Logistics/);
    expect(screen.queryByRole('searchbox')).toBeNull();
  });

  it('should drop every library class when unstyled, keeping data-slot, data-status and the className', async () => {
    const { container } = render(<Page unstyled className="mine" classNames={{ item: 'my-row', action: 'my-button' }} />);
    await waitForRows(14);
    const root = container.querySelector('[data-slot="connection-list"]') as HTMLElement;
    expect(root.className).toBe('mine');
    expect(root.querySelectorAll('[class*="csp"]')).toHaveLength(0);
    expect(root.querySelectorAll('[style]')).toHaveLength(0);
    expect(rowOf('Stripe').className).toBe('my-row');
    expect(within(rowOf('Stripe')).getByRole('button', { name: 'Disconnect' }).className).toBe('my-button');
    expect(root.querySelectorAll('[data-slot="connection-list-item"][data-status="needs_setup"]')).toHaveLength(1);
  });

  it('should merge className last onto the styled root', async () => {
    const { container } = render(<Page className="mine" theme="dark" />);
    await waitForRows(14);
    const root = container.querySelector('[data-slot="connection-list"]') as HTMLElement;
    expect(root.className).toBe('csp csp-list mine');
    expect(root.getAttribute('data-theme')).toBe('dark');
  });

  it('should speak the locale it is given', async () => {
    render(<Page locale="pt-BR" />);
    await waitForRows(14);
    expect(within(rowOf('Mercado Pago')).getByRole('button', { name: 'Conectar' })).toBeTruthy();
    expect(within(rowOf('Mercado Pago')).getByText('Brasil')).toBeTruthy();
    expect(within(rowOf('Stripe')).getByText('Conectado')).toBeTruthy();
    expect(screen.getByRole('searchbox', { name: 'Buscar provedores' })).toBeTruthy();
  });

  it('should show a logo image for a server with a URL, initials for the others', async () => {
    render(<Page serverIds={['stripe', 'correios']} logos={{ stripe: 'https://cdn.example/stripe.svg' }} />);
    await waitForRows(2);
    expect(rowOf('Stripe').querySelector('img')?.getAttribute('src')).toBe('https://cdn.example/stripe.svg');
    expect(rowOf('Correios').querySelector('[data-slot="provider-logo"]')?.textContent).toBe('CO');
  });

  it('should filter by name or id, by category and by country, and say when nothing matches', async () => {
    render(<Page />);
    await waitForRows(14);
    const search = screen.getByRole('searchbox', { name: 'Search providers' });
    fireEvent.change(search, { target: { value: 'MERCADO' } });
    await waitForRows(1);
    fireEvent.change(search, { target: { value: 'z-api' } });
    expect(rows()[0]?.textContent).toContain('Z-API');
    fireEvent.change(search, { target: { value: 'zzz' } });
    expect(screen.getByText('No provider matches your search.')).toBeTruthy();
    fireEvent.change(search, { target: { value: '' } });

    const category = screen.getByRole('combobox', { name: 'Category' });
    expect(within(category).getAllByRole('option')[0]?.textContent).toBe('All categories');
    fireEvent.change(category, { target: { value: 'fiscal' } });
    await waitForRows(2);
    fireEvent.change(category, { target: { value: '' } });

    const country = screen.getByRole('combobox', { name: 'Country' });
    expect(
      within(country)
        .getAllByRole('option')
        .map((o) => o.textContent),
    ).toEqual(['All countries', 'Brazil', 'Global']);
    fireEvent.change(country, { target: { value: 'GLOBAL' } });
    await waitForRows(4);
  });

  it('should show the search box only when there are more rows than searchThreshold', async () => {
    render(<Page searchThreshold={14} />);
    await waitForRows(14);
    expect(screen.queryByRole('searchbox')).toBeNull();
  });

  it('should move focus between the rows with ArrowDown, ArrowUp, Home and End', async () => {
    render(<Page />);
    await waitForRows(14);
    const items = rows();
    const first = within(items[0] as HTMLElement).getAllByRole('button')[0] as HTMLElement;
    first.focus();
    fireEvent.keyDown(document.activeElement as Element, { key: 'ArrowDown' });
    expect(items[1]?.contains(document.activeElement)).toBe(true);
    fireEvent.keyDown(document.activeElement as Element, { key: 'End' });
    expect(items[13]?.contains(document.activeElement)).toBe(true);
    fireEvent.keyDown(document.activeElement as Element, { key: 'ArrowDown' });
    expect(items[13]?.contains(document.activeElement)).toBe(true);
    fireEvent.keyDown(document.activeElement as Element, { key: 'ArrowUp' });
    expect(items[12]?.contains(document.activeElement)).toBe(true);
    fireEvent.keyDown(document.activeElement as Element, { key: 'Home' });
    expect(document.activeElement).toBe(first);
  });

  it('should ask before disconnecting, move focus into the question and back, then disconnect', async () => {
    const onDisconnected = vi.fn();
    const { container } = render(<Page onDisconnected={onDisconnected} />);
    await waitForRows(14);
    const stripe = () => within(rowOf('Stripe'));
    const disconnect = stripe().getByRole('button', { name: 'Disconnect' });

    fireEvent.click(disconnect);
    const question = stripe().getByRole('group', { name: 'Disconnect Stripe? The assistant will no longer be able to use its tools.' });
    expect(disconnect.getAttribute('aria-expanded')).toBe('true');
    await waitFor(() => expect(document.activeElement).toBe(within(question).getByRole('button', { name: 'Keep connected' })));
    await expectNoAxeViolations(container);

    fireEvent.keyDown(question, { key: 'Escape' });
    await waitFor(() => expect(document.activeElement).toBe(stripe().getByRole('button', { name: 'Disconnect' })));
    expect(stripe().queryByRole('group')).toBeNull();
    expect(api.getServerState('ses_demo', 'stripe')).toBe('connected');

    fireEvent.click(stripe().getByRole('button', { name: 'Disconnect' }));
    fireEvent.click(stripe().getByRole('button', { name: 'Yes, disconnect' }));
    await waitFor(() => expect(rowOf('Stripe').getAttribute('data-status')).toBe('not_connected'));
    expect(stripe().getByRole('button', { name: 'Connect' })).toBeTruthy();
    await waitFor(() => expect(onDisconnected).toHaveBeenCalledWith({ serverId: 'stripe' }));
    expect(api.getServerState('ses_demo', 'stripe')).toBe('not_connected');
  });

  it('should show the error as text in the row when the API refuses to disconnect', async () => {
    api.addFault({ route: 'disconnect', status: 403, body: { error: '<b>nope</b>' } });
    render(<Page />);
    await waitForRows(14);
    const stripe = () => within(rowOf('Stripe'));
    fireEvent.click(stripe().getByRole('button', { name: 'Disconnect' }));
    fireEvent.click(stripe().getByRole('button', { name: 'Yes, disconnect' }));
    await waitFor(() => expect(stripe().getByRole('status').textContent).toBe('You are not allowed to change this connection.'));
    expect(rowOf('Stripe').getAttribute('data-status')).toBe('connected');
    expect(rowOf('Stripe').querySelector('b')).toBeNull();
  });

  it('should connect from the row: popup from the click, progress, then connected', async () => {
    const onConnected = vi.fn();
    render(<Page onConnected={onConnected} />);
    await waitForRows(14);
    const row = () => within(rowOf('Mercado Pago'));

    fireEvent.click(row().getByRole('button', { name: 'Connect' }));
    expect(browser.popups).toHaveLength(1);
    await waitFor(() => expect(row().getByRole('status').textContent).toBe('Finish in the Mercado Pago window. This updates by itself.'));
    expect(row().getByRole('button', { name: 'Cancel' })).toBeTruthy();
    expect(rowOf('Mercado Pago').getAttribute('data-flow')).toBe('waiting');

    const popup = browser.popups[0];
    if (!popup) throw new Error('no popup');
    const { state, connectionId } = await approveInPopup(api, popup);
    act(() => browser.postMessage(completion(state, connectionId), ORIGIN));
    await waitFor(() => expect(rowOf('Mercado Pago').getAttribute('data-status')).toBe('connected'));
    expect(row().getByRole('button', { name: 'Disconnect' })).toBeTruthy();
    expect(row().getByRole('status').textContent).toBe('Mercado Pago is connected.');
    expect(onConnected).toHaveBeenCalledWith(expect.objectContaining({ serverId: 'mercado-pago', connectionId }));
  });

  it('should offer to open the provider from a button when the browser blocked the popup', async () => {
    browser.blockPopups = true;
    render(<Page />);
    await waitForRows(14);
    const row = () => within(rowOf('Mercado Pago'));
    fireEvent.click(row().getByRole('button', { name: 'Connect' }));
    const open = await row().findByRole('button', { name: 'Open Mercado Pago' });
    expect(row().getByRole('status').textContent).toBe('Your browser blocked the Mercado Pago window.');

    browser.blockPopups = false;
    fireEvent.click(open);
    expect(browser.popups).toHaveLength(1);
    expect(new URL(browser.popups[0]?.navigations.at(-1) ?? '').pathname).toBe('/oauth/consent');
    await waitFor(() => expect(row().queryByRole('button', { name: 'Open Mercado Pago' })).toBeNull());
  });

  it('should say the same as the dialog when access is denied, and when the user closed the popup', async () => {
    render(<Page />);
    await waitForRows(14);
    const row = () => within(rowOf('Mercado Pago'));
    fireEvent.click(row().getByRole('button', { name: 'Connect' }));
    await waitFor(() => expect(browser.popups[0]?.navigations).toHaveLength(1));
    const state = new URL(browser.popups[0]?.navigations[0] ?? '').searchParams.get('state') ?? '';
    act(() => browser.postMessage({ type: 'codespar:connect', v: 1, state, status: 'denied', error: 'access_denied' }, ORIGIN));
    await waitFor(() => expect(row().getByRole('status').textContent).toBe('Access to Mercado Pago was not granted.'));
    expect(row().getByRole('status').getAttribute('data-tone')).toBe('error');

    // Again, and this time the user closes the popup and comes back to the page.
    fireEvent.click(row().getByRole('button', { name: 'Connect' }));
    await waitFor(() => expect(browser.popups[1]?.navigations).toHaveLength(1));
    act(() => {
      browser.popups[1]?.userClose();
      browser.attention();
    });
    await waitFor(() => expect(row().getByRole('status').textContent).toBe('The window was closed before the connection finished.'), {
      timeout: 4000,
    });
    // The dialog's tone for the same step (a closed popup is a warning, not a failure).
    expect(row().getByRole('status').getAttribute('data-tone')).toBe('warning');
    expect(row().getByRole('button', { name: 'Connect' })).toBeTruthy();
  });

  it('should cancel a connection under way and give focus back to the row action', async () => {
    render(<Page />);
    await waitForRows(14);
    const row = () => within(rowOf('Asaas'));
    fireEvent.click(row().getByRole('button', { name: 'Reconnect' }));
    const cancel = await row().findByRole('button', { name: 'Cancel' });
    fireEvent.click(cancel);
    await waitFor(() => expect(row().queryByRole('button', { name: 'Cancel' })).toBeNull());
    expect(document.activeElement).toBe(row().getByRole('button', { name: 'Reconnect' }));
    expect(row().getByRole('status').textContent).toBe('');
  });
});

describe('given 1,000 connections', () => {
  it('should render one row when one connection changes status', async () => {
    const servers = Object.fromEntries(Array.from({ length: 1000 }, (_, i) => [`server-${i}`, 'not_connected' as const]));
    const api = createReferenceApi({ sessions: { ses_demo: servers } });
    const renders = new Map<string, number>();
    const renderRow = (connection: Connection, parts: { actions: ReactNode }) => {
      renders.set(connection.id, (renders.get(connection.id) ?? 0) + 1);
      return (
        <>
          <span>{connection.name}</span>
          {parts.actions}
        </>
      );
    };
    render(
      <Providers client={restClient(api)}>
        <ConnectionList renderRow={renderRow} />
        <RefreshButton />
      </Providers>,
    );
    // Plain selectors: role queries over 1,000 items are what would be slow here, not the list.
    const items = () => document.querySelectorAll('[data-slot="connection-list-item"]');
    await waitFor(() => expect(items()).toHaveLength(1000), { timeout: 10_000 });
    const before = new Map(renders);
    api.setServerState('ses_demo', 'server-500', 'connected');
    fireEvent.click(screen.getByText('Refresh list'));
    await waitFor(() => expect(items()[500]?.getAttribute('data-status')).toBe('connected'));
    expect([...renders].filter(([id, count]) => count !== before.get(id)).map(([id]) => id)).toEqual(['server-500']);
  }, 30_000);
});

describe('given the list request fails', () => {
  it('should show the error as text and load again from Try again', async () => {
    const api = createReferenceApi();
    const remove = api.addFault({ route: 'list', status: 500, body: { error: '<img src=x onerror=alert(1)>' } });
    const { container } = render(
      <Providers client={restClient(api)}>
        <ConnectionList />
      </Providers>,
    );
    const alert = await screen.findByRole('alert');
    expect(alert.textContent).toContain('Could not load the providers.');
    expect(alert.textContent).toContain('CodeSpar is having trouble. Try again in a moment.');
    expect(alert.querySelector('img')).toBeNull();
    expect(container.querySelector('[data-slot="connection-list"]')?.getAttribute('data-status')).toBe('error');
    await expectNoAxeViolations(container);

    remove();
    fireEvent.click(within(alert).getByRole('button', { name: 'Try again' }));
    await waitForRows(14);
    expect(screen.queryByRole('alert')).toBeNull();
  });
});

describe('given a session with no servers (ses_empty)', () => {
  it('should say so', async () => {
    const api = createReferenceApi();
    const client = createConnectionsClient({
      sessionId: 'ses_empty',
      baseUrl: ORIGIN,
      getToken: () => 'demo_token',
      fetch: api.fetch,
      retry: false,
    });
    const { container } = render(
      <Providers client={client}>
        <ConnectionList />
      </Providers>,
    );
    expect(await screen.findByText('No providers in this session yet.')).toBeTruthy();
    expect(container.querySelector('[data-slot="connection-list-empty"]')).toBeTruthy();
    expect(rows()).toHaveLength(0);
  });
});

describe('given rows that carry no category (the live list) and share one country', () => {
  const servers = ['stripe', 'asaas', 'correios', 'z-api'].map((id) => ({
    id,
    name: id.toUpperCase(),
    country: 'BR',
    auth_type: 'oauth',
    connected: false,
  }));

  it('should show no made-up category and no filter that could not narrow the list', async () => {
    const api = createReferenceApi();
    api.addFault({ route: 'list', status: 200, body: { servers, tools: [] } });
    const { container } = render(
      <Providers client={restClient(api)} adapter={createFakeBrowser({ origin: ORIGIN })}>
        <ConnectionList searchThreshold={0} />
      </Providers>,
    );
    await waitForRows(servers.length);
    const row = rowOf('ASAAS');
    expect(row.querySelector('[data-slot="connection-list-category"]')).toBeNull();
    expect(row.querySelector('[data-slot="connection-list-country"]')?.textContent).toBe('Brazil');
    expect(within(row).queryByText('Other')).toBeNull();
    // The search box stays; a category filter with nothing in it and a one-country filter go.
    expect(screen.getByRole('searchbox')).toBeTruthy();
    expect(container.querySelector('[data-filter="category"]')).toBeNull();
    expect(container.querySelector('[data-filter="country"]')).toBeNull();
  });
});

describe('given API strings that are Object.prototype keys ("__proto__", "constructor"…)', () => {
  const KEYS = ['__proto__', 'constructor', 'toString', 'hasOwnProperty', 'valueOf'];
  const hostile = KEYS.map((key, i) => ({
    id: key,
    name: `${key} <img src=x onerror=alert(1)>`,
    category: key,
    country: KEYS[(i + 1) % KEYS.length],
    status: KEYS[(i + 2) % KEYS.length],
    auth_type: key,
    connected: false,
    tools_count: 1,
  }));

  it('should render every row as text, with the filters, instead of crashing the host app', async () => {
    const api = createReferenceApi();
    api.addFault({ route: 'list', status: 200, body: { data: hostile, total: hostile.length, session_id: 'ses_demo' } });
    const { container } = render(
      <Providers client={restClient(api)} adapter={createFakeBrowser({ origin: ORIGIN })}>
        <ConnectionList searchThreshold={0} logos={{ stripe: '/stripe.svg' }} />
      </Providers>,
    );
    await waitForRows(KEYS.length);
    for (const key of KEYS) {
      const row = rowOf(`${key} <img src=x onerror=alert(1)>`);
      // An unknown status is "not connected" (from the connected flag), never an object.
      expect(row.getAttribute('data-status')).toBe('not_connected');
      expect(within(row).getByText('Not connected')).toBeTruthy();
      expect(within(row).getByRole('button', { name: 'Connect' })).toBeTruthy();
      expect(row.querySelector('[data-slot="connection-list-category"]')?.textContent).toBe(key);
      expect(row.querySelector('img')).toBeNull();
    }
    const categories = [...container.querySelectorAll('[data-filter="category"] option')].map((o) => o.textContent);
    expect(categories.slice(1).sort()).toEqual([...KEYS].sort());
  });
});

describe('given a message template with a placeholder named like an Object.prototype key', () => {
  it('should leave it as it is rather than print a function', () => {
    expect(format('{constructor} {name}', { name: 'Stripe' })).toBe('{constructor} Stripe');
  });
});

describe('given a status badge for a status the API made up', () => {
  it('should show the status as text, not crash', () => {
    render(<ConnectionStatusBadge status={'__proto__' as never} />);
    expect(screen.getByText('__proto__')).toBeTruthy();
  });
});

describe('given the chat around the provider re-renders (a keystroke in the composer)', () => {
  it('should not re-render the rows, even with inline timing', async () => {
    const api = createReferenceApi();
    const client = restClient(api);
    const browser = createFakeBrowser({ origin: ORIGIN });
    let renders = 0;
    const renderRow = (connection: Connection) => {
      renders++;
      return <span>{connection.name}</span>;
    };
    let type: (text: string) => void = () => {};
    function Chat() {
      const [draft, setDraft] = useState('');
      type = setDraft;
      return (
        <ConnectionsProvider client={client} adapter={browser} timing={{ pollIntervalMs: 4000 }}>
          <input aria-label="Message" value={draft} readOnly />
          <ConnectionList renderRow={renderRow} />
        </ConnectionsProvider>
      );
    }
    render(<Chat />);
    await waitForRows(14);
    const before = renders;
    act(() => type('h'));
    act(() => type('hi'));
    expect(screen.getByRole('textbox', { name: 'Message' })).toHaveProperty('value', 'hi');
    expect(renders).toBe(before);
  });
});
