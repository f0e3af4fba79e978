import type { Meta, StoryObj } from '@storybook/react-vite';
import { expect, userEvent, waitFor, within } from 'storybook/test';
import { ConnectionList } from '../src/components/connection-list/index.ts';
import { argTypesOf } from './docs/api-docs.ts';
import { docsParameters } from './docs/page.tsx';
import { storyPopup } from './story-popup.ts';
import { metaClient, ReferenceProvider, referenceState, restClient } from './support.tsx';

/*
 * The session's connections over the reference API that Storybook's dev server mounts (real HTTP).
 * Every story resets the API in its loader; none opens a real popup.
 */

/** A browser whose popup blocker is on: `window.open` gives nothing back. */
const blockingBrowser = storyPopup('blocked').adapter;

/** The list item of one provider, found by its name. */
function rowOf(canvas: HTMLElement, name: string): HTMLElement {
  const row = within(canvas)
    .getAllByRole('listitem')
    .find((item) => within(item).queryByText(name, { exact: true }));
  if (!row) throw new Error(`No row for ${name}`);
  return row;
}

/** Waits until the list shows `count` rows. */
async function rows(canvas: HTMLElement, count: number) {
  await waitFor(() => expect(within(canvas).getAllByRole('listitem')).toHaveLength(count), { timeout: 5000 });
  return within(canvas).getAllByRole('listitem');
}

const meta = {
  title: 'Components/ConnectionList',
  component: ConnectionList,
  tags: ['autodocs'],
  // A docs page renders all of its stories at once, over one reference API, and runs no play
  // function: stories that set faults or states on the API, or whose point is what their play
  // function does, are left off it (`!autodocs`) and stay in the sidebar and in `npm test`.
  parameters: { docs: docsParameters() },
  argTypes: argTypesOf('ConnectionList', ConnectionList),
  decorators: [
    (Story) => (
      <ReferenceProvider>
        <div style={{ maxWidth: 760, margin: '0 auto' }}>
          <Story />
        </div>
      </ReferenceProvider>
    ),
  ],
  loaders: [referenceState()],
} satisfies Meta<typeof ConnectionList>;

export default meta;

type Story = StoryObj<typeof meta>;

/** `ses_demo`: fourteen providers, every status, with the action that fits each. */
export const Default: Story = {
  play: async ({ canvasElement }) => {
    const canvas = within(canvasElement);
    const items = await rows(canvasElement, 14);
    expect(items.map((item) => item.dataset.status)).toEqual(
      expect.arrayContaining(['connected', 'not_connected', 'expired', 'error', 'needs_setup']),
    );
    const action = (name: string) => within(rowOf(canvasElement, name)).getAllByRole('button')[0];
    expect(action('Stripe')).toHaveAccessibleName('Disconnect');
    expect(action('Mercado Pago')).toHaveAccessibleName('Connect');
    expect(action('Asaas')).toHaveAccessibleName('Reconnect');
    expect(action('Nuvem Fiscal')).toHaveAccessibleName('Reconnect');
    expect(action('Z-API')).toHaveAccessibleName('Finish setup');
    expect(action('Mercado Pago')).toHaveAccessibleDescription('Mercado Pago');
    expect(within(rowOf(canvasElement, 'Stripe')).getByText('Connected')).toBeVisible();
    expect(within(rowOf(canvasElement, 'Asaas')).getByText('Expired')).toBeVisible();
    expect(within(rowOf(canvasElement, 'Z-API')).getByText('Needs setup')).toBeVisible();
    expect(within(rowOf(canvasElement, 'Stripe')).getByText('4 tools')).toBeVisible();
    expect(within(rowOf(canvasElement, 'Stripe')).getByText('Global')).toBeVisible();
    expect(within(rowOf(canvasElement, 'Mercado Pago')).getByText('Brazil')).toBeVisible();
    expect(canvas.getByRole('searchbox', { name: 'Search providers' })).toBeVisible();
  },
};

/**
 * The same session over the meta-tool in CodeSpar's live dialect (`action`, as its SDK sends it):
 * the live rows name each server, and BrasilAPI, which needs no credentials (`not_required`), says
 * so and offers nothing to click. The meta-tool cannot disconnect, so connected rows offer nothing either.
 */
export const LiveDialect: Story = {
  decorators: [
    (Story) => (
      <ReferenceProvider client={metaClient('ses_demo', 'action')}>
        <Story />
      </ReferenceProvider>
    ),
  ],
  play: async ({ canvasElement }) => {
    await rows(canvasElement, 14);
    const brasilApi = rowOf(canvasElement, 'BrasilAPI');
    expect(brasilApi.dataset.status).toBe('not_required');
    expect(within(brasilApi).getByText('No connection needed')).toBeVisible();
    expect(within(brasilApi).queryByRole('button')).toBeNull();
    expect(within(rowOf(canvasElement, 'Mercado Pago')).getAllByRole('button')[0]).toHaveAccessibleName('Connect');
    // The meta-tool cannot disconnect: a connected row shows its badge and no button.
    expect(within(rowOf(canvasElement, 'Stripe')).queryByRole('button')).toBeNull();
  },
};

/**
 * The first load, still under way: a skeleton, and a loading line for screen readers. The slow
 * request is for a session of its own: Chrome holds back an identical GET while one is in flight
 * (its HTTP cache lock), so a hanging `ses_demo` list would stall the next stories' lists.
 */
export const Loading: Story = {
  tags: ['!autodocs'],
  decorators: [
    (Story) => (
      <ReferenceProvider client={restClient('ses_loading')}>
        <Story />
      </ReferenceProvider>
    ),
  ],
  loaders: [
    referenceState({
      states: [{ sessionId: 'ses_loading', serverId: 'stripe', state: 'connected' }],
      faults: [{ route: 'list', latencyMs: 60_000 }],
    }),
  ],
  play: async ({ canvasElement }) => {
    const canvas = within(canvasElement);
    const skeleton = await waitFor(() => {
      const found = canvasElement.querySelector('[data-slot="connection-list-skeleton"]');
      expect(found).not.toBeNull();
      return found as HTMLElement;
    });
    expect(skeleton).toHaveAttribute('aria-busy', 'true');
    expect(canvas.getByRole('status')).toHaveTextContent('Loading providers…');
    expect(canvas.queryAllByRole('listitem')).toHaveLength(0);
  },
};

/** A session with no providers yet. */
export const Empty: Story = {
  decorators: [
    (Story) => (
      <ReferenceProvider client={restClient('ses_empty')}>
        <Story />
      </ReferenceProvider>
    ),
  ],
  play: async ({ canvasElement }) => {
    const canvas = within(canvasElement);
    expect(await canvas.findByText('No providers in this session yet.')).toBeVisible();
    expect(canvas.queryAllByRole('listitem')).toHaveLength(0);
    expect(canvas.queryByRole('searchbox')).toBeNull();
  },
};

/** The list request failed: the reason as text, and a button to try again. */
export const LoadError: Story = {
  tags: ['!autodocs'],
  name: 'Error',
  loaders: [referenceState({ faults: [{ route: 'list', status: 500, body: { error: 'boom' } }] })],
  play: async ({ canvasElement }) => {
    const canvas = within(canvasElement);
    const alert = await canvas.findByRole('alert', {}, { timeout: 5000 });
    expect(alert).toHaveTextContent('Could not load the providers.');
    expect(alert).toHaveTextContent('CodeSpar is having trouble. Try again in a moment.');
    expect(alert).not.toHaveTextContent('boom');
    await fetch('/__reference/faults', { method: 'DELETE' });
    await userEvent.click(within(alert).getByRole('button', { name: 'Try again' }));
    await rows(canvasElement, 14);
    expect(canvas.queryByRole('alert')).toBeNull();
  },
};

/** Searching by name, then filtering by category. */
export const Filtered: Story = {
  tags: ['!autodocs'],
  play: async ({ canvasElement }) => {
    const canvas = within(canvasElement);
    await rows(canvasElement, 14);
    const search = canvas.getByRole('searchbox', { name: 'Search providers' });
    await userEvent.type(search, 'mercado');
    const [only] = await rows(canvasElement, 1);
    expect(only).toHaveTextContent('Mercado Pago');

    await userEvent.clear(search);
    await userEvent.type(search, 'nothing like this');
    expect(await canvas.findByText('No provider matches your search.')).toBeVisible();

    await userEvent.clear(search);
    await userEvent.selectOptions(canvas.getByRole('combobox', { name: 'Category' }), 'Logistics');
    const logistics = await rows(canvasElement, 2);
    expect(logistics.map((item) => item.dataset.status)).toEqual(['connected', 'not_connected']);
    expect(canvas.getByText('Correios')).toBeVisible();
    expect(canvas.getByText('Melhor Envio')).toBeVisible();
  },
};

/** Disconnect asks first; focus moves into the question and back out. */
export const DisconnectWithConfirmation: Story = {
  tags: ['!autodocs'],
  play: async ({ canvasElement }) => {
    await rows(canvasElement, 14);
    const stripe = () => within(rowOf(canvasElement, 'Stripe'));
    await userEvent.click(stripe().getByRole('button', { name: 'Disconnect' }));
    const question = stripe().getByRole('group', { name: /Disconnect Stripe\?/ });
    expect(question).toBeVisible();
    await waitFor(() => expect(within(question).getByRole('button', { name: 'Keep connected' })).toHaveFocus());

    // Keep: nothing changes, focus is back on Disconnect.
    await userEvent.click(within(question).getByRole('button', { name: 'Keep connected' }));
    await waitFor(() => expect(stripe().getByRole('button', { name: 'Disconnect' })).toHaveFocus());
    expect(stripe().queryByRole('group')).toBeNull();

    await userEvent.click(stripe().getByRole('button', { name: 'Disconnect' }));
    await userEvent.click(stripe().getByRole('button', { name: 'Yes, disconnect' }));
    await waitFor(() => expect(stripe().getByText('Not connected')).toBeVisible());
    await waitFor(() => expect(stripe().getByRole('button', { name: 'Connect' })).toHaveFocus());
    expect(rowOf(canvasElement, 'Stripe')).toHaveAttribute('data-status', 'not_connected');
  },
};

/** `categories={['payments']}`: five payment providers, too few for the search box. */
export const LimitedToCategories: Story = {
  args: { categories: ['payments'] },
  play: async ({ canvasElement }) => {
    const canvas = within(canvasElement);
    const items = await rows(canvasElement, 5);
    for (const item of items) expect(item).toHaveTextContent('Payments');
    expect(canvas.queryByRole('searchbox')).toBeNull();
    expect(canvas.queryByText('Correios')).toBeNull();
  },
};

/** `renderRow`: your own markup, with the list's logo, badge and actions. */
export const CustomRow: Story = {
  args: {
    serverIds: ['stripe', 'mercado-pago', 'asaas'],
    renderRow: (connection, parts) => (
      <div data-testid="custom-row" style={{ display: 'flex', alignItems: 'center', gap: 12, flexWrap: 'wrap' }}>
        {parts.logo}
        <strong style={{ flex: 1 }}>{connection.name}</strong>
        {parts.badge}
        <div style={{ flexBasis: '100%' }}>{parts.actions}</div>
      </div>
    ),
  },
  play: async ({ canvasElement }) => {
    const canvas = within(canvasElement);
    await rows(canvasElement, 3);
    expect(canvas.getAllByTestId('custom-row')).toHaveLength(3);
    expect(within(rowOf(canvasElement, 'Stripe')).getByRole('button', { name: 'Disconnect' })).toBeVisible();
    expect(within(rowOf(canvasElement, 'Asaas')).getByRole('button', { name: 'Reconnect' })).toBeVisible();
  },
};

/** Logos from image URLs, initials for the rest. */
export const WithLogos: Story = {
  args: {
    serverIds: ['stripe', 'correios', 'shopify'],
    logos: {
      stripe:
        "data:image/svg+xml,%3Csvg xmlns='http://www.w3.org/2000/svg' viewBox='0 0 36 36'%3E%3Crect width='36' height='36' fill='%23635bff'/%3E%3Cpath d='M17 14c0-1 1-1.4 2.3-1.4 1.9 0 4.2.6 6 1.6V9c-2-.8-4-1.1-6-1.1-4.9 0-8.2 2.6-8.2 6.9 0 6.7 9.2 5.6 9.2 8.5 0 1.2-1 1.5-2.4 1.5-2.1 0-4.8-.9-6.9-2v5.3c2.3 1 4.7 1.4 6.9 1.4 5 0 8.5-2.5 8.5-6.8C26.4 15.5 17 16.8 17 14z' fill='white'/%3E%3C/svg%3E",
    },
  },
  play: async ({ canvasElement }) => {
    await rows(canvasElement, 3);
    expect(rowOf(canvasElement, 'Stripe').querySelector('img')).not.toBeNull();
    expect(within(rowOf(canvasElement, 'Correios')).getByText('CO')).toBeInTheDocument();
  },
};

/** The browser blocked the popup: the row offers to open the provider from a button. */
export const Blocked: Story = {
  tags: ['!autodocs'],
  args: { serverIds: ['mercado-pago', 'stripe'] },
  decorators: [
    (Story) => (
      <ReferenceProvider adapter={blockingBrowser}>
        <Story />
      </ReferenceProvider>
    ),
  ],
  play: async ({ canvasElement }) => {
    await rows(canvasElement, 2);
    const row = () => within(rowOf(canvasElement, 'Mercado Pago'));
    await userEvent.click(row().getByRole('button', { name: 'Connect' }));
    expect(await row().findByRole('button', { name: 'Open Mercado Pago' }, { timeout: 5000 })).toBeVisible();
    expect(row().getByRole('status')).toHaveTextContent('Your browser blocked the Mercado Pago window.');
    expect(rowOf(canvasElement, 'Mercado Pago')).toHaveAttribute('data-flow', 'blocked');
    await userEvent.click(row().getByRole('button', { name: 'Cancel' }));
    await waitFor(() => expect(row().queryByRole('button', { name: 'Open Mercado Pago' })).toBeNull());
    expect(row().getByRole('button', { name: 'Connect' })).toHaveFocus();
  },
};

/** Forced dark theme. */
export const Dark: Story = {
  parameters: { theme: 'dark' },
  play: async ({ canvasElement }) => {
    await rows(canvasElement, 14);
    const root = canvasElement.querySelector('[data-slot="connection-list"]');
    expect(root).toHaveAttribute('data-theme', 'dark');
    const list = within(canvasElement).getByRole('list');
    expect(getComputedStyle(list).backgroundColor).toBe('rgb(22, 24, 29)');
  },
};

/** Brazilian Portuguese. */
export const PortugueseBR: Story = {
  parameters: { locale: 'pt-BR' },
  play: async ({ canvasElement }) => {
    const canvas = within(canvasElement);
    await rows(canvasElement, 14);
    expect(within(rowOf(canvasElement, 'Mercado Pago')).getByRole('button', { name: 'Conectar' })).toBeVisible();
    expect(within(rowOf(canvasElement, 'Z-API')).getByRole('button', { name: 'Concluir configuração' })).toBeVisible();
    expect(within(rowOf(canvasElement, 'Stripe')).getByText('Conectado')).toBeVisible();
    expect(within(rowOf(canvasElement, 'Stripe')).getByText('Pagamentos')).toBeVisible();
    expect(within(rowOf(canvasElement, 'Mercado Pago')).getByText('Brasil')).toBeVisible();
    expect(canvas.getByRole('searchbox', { name: 'Buscar provedores' })).toBeVisible();
  },
};

/** Spanish. */
export const Spanish: Story = {
  parameters: { locale: 'es' },
  play: async ({ canvasElement }) => {
    const canvas = within(canvasElement);
    await rows(canvasElement, 14);
    expect(within(rowOf(canvasElement, 'Z-API')).getByRole('button', { name: 'Terminar configuración' })).toBeVisible();
    expect(within(rowOf(canvasElement, 'Asaas')).getByText('Vencido')).toBeVisible();
    expect(canvas.getByRole('combobox', { name: 'Categoría' })).toBeVisible();
  },
};

/** `unstyled`: no library class at all, only `data-slot` / `data-status` hooks. */
export const Unstyled: Story = {
  args: { unstyled: true, className: 'my-list' },
  play: async ({ canvasElement }) => {
    await rows(canvasElement, 14);
    const root = canvasElement.querySelector('[data-slot="connection-list"]') as HTMLElement;
    expect(root.className).toBe('my-list');
    expect(root.querySelectorAll('[class*="csp"]')).toHaveLength(0);
    expect(root.querySelectorAll('[data-slot="connection-list-item"][data-status="connected"]')).toHaveLength(4);
  },
};

/** Arrow keys, Home and End move between the rows' buttons; Tab is unchanged. */
export const KeyboardNavigation: Story = {
  tags: ['!autodocs'],
  play: async ({ canvasElement }) => {
    const items = await rows(canvasElement, 14);
    const first = within(items[0] as HTMLElement).getAllByRole('button')[0] as HTMLElement;
    first.focus();
    await userEvent.keyboard('{ArrowDown}');
    expect(items[1]?.contains(document.activeElement)).toBe(true);
    await userEvent.keyboard('{End}');
    expect(items[13]?.contains(document.activeElement)).toBe(true);
    await userEvent.keyboard('{ArrowUp}');
    expect(items[12]?.contains(document.activeElement)).toBe(true);
    await userEvent.keyboard('{Home}');
    expect(document.activeElement).toBe(first);
    await userEvent.keyboard('{ArrowUp}');
    expect(document.activeElement).toBe(first);
    await userEvent.tab();
    expect(items[1]?.contains(document.activeElement)).toBe(true);
  },
};
