import type { Meta, StoryObj } from '@storybook/react-vite';
import { useEffect, useState } from 'react';
import { expect, waitFor, within } from 'storybook/test';
import { type ConnectionStatus, createConnectionsClient, isConnectionsError, type SessionConnections } from '../src/core/index.ts';
import { referenceState } from './support.tsx';

/*
 * A story-local table over the real REST client and the reference API mounted in Storybook's dev
 * server by `referenceApiPlugin()` (see .storybook/main.ts). No library component yet: this only
 * shows that the client, the reference API and both list shapes work end to end in a browser.
 */

const SESSION_ID = 'ses_demo';

const STATUS_LABELS: Record<ConnectionStatus, string> = {
  connected: 'Connected',
  not_connected: 'Not connected',
  needs_setup: 'Needs setup',
  expired: 'Expired',
  error: 'Error',
  not_required: 'No connection needed',
};

type LoadState = { kind: 'loading' } | { kind: 'loaded'; list: SessionConnections } | { kind: 'failed'; error: unknown };

interface LiveConnectionsTableProps {
  /**
   * Keep the client's default GET retries. Off in `ServerError`: the injected 502 is a one-shot
   * (`times: 1`) and a retry would succeed and hide it.
   */
  retry?: boolean;
}

function LiveConnectionsTable({ retry = true }: LiveConnectionsTableProps) {
  const [state, setState] = useState<LoadState>({ kind: 'loading' });

  useEffect(() => {
    const controller = new AbortController();
    const client = createConnectionsClient({
      sessionId: SESSION_ID,
      baseUrl: window.location.origin,
      getToken: () => 'demo_token',
      ...(retry ? {} : { retry: false as const }),
    });
    setState({ kind: 'loading' });
    client.list({ signal: controller.signal }).then(
      (list) => {
        if (!controller.signal.aborted) setState({ kind: 'loaded', list });
      },
      (error: unknown) => {
        if (!controller.signal.aborted) setState({ kind: 'failed', error });
      },
    );
    return () => controller.abort();
  }, [retry]);

  if (state.kind === 'loading') return <p role="status">Loading connections…</p>;

  if (state.kind === 'failed') {
    const { error } = state;
    return (
      <div role="alert">
        <p>Could not load connections: {error instanceof Error ? error.message : String(error)}</p>
        {isConnectionsError(error) ? (
          <p>
            Error code: <code>{error.code}</code>
          </p>
        ) : null}
      </div>
    );
  }

  const { connections, total } = state.list;
  return (
    <table>
      <caption>Connections in {SESSION_ID}</caption>
      <thead>
        <tr>
          <th scope="col">Provider</th>
          <th scope="col">Category</th>
          <th scope="col">Country</th>
          <th scope="col">Auth</th>
          <th scope="col">Status</th>
          <th scope="col">Tools</th>
        </tr>
      </thead>
      <tbody>
        {connections.map((connection) => (
          <tr key={connection.id}>
            <th scope="row">{connection.name}</th>
            <td>{connection.category ?? '—'}</td>
            <td>{connection.country ?? '—'}</td>
            <td>{connection.authType ?? '—'}</td>
            <td>{STATUS_LABELS[connection.status]}</td>
            <td>{connection.toolsCount ?? '—'}</td>
          </tr>
        ))}
      </tbody>
      <tfoot>
        <tr>
          <td colSpan={6}>{total} servers</td>
        </tr>
      </tfoot>
    </table>
  );
}

/** The row of one provider, found by its row header (the provider's name). */
function rowOf(table: HTMLElement, provider: string): HTMLElement {
  const header = within(table).getByRole('rowheader', { name: provider });
  const row = header.closest('tr');
  if (!row) throw new Error(`No row for ${provider}`);
  return row;
}

const meta = {
  title: 'Reference API/Live connections',
  component: LiveConnectionsTable,
  args: { retry: true },
} satisfies Meta<typeof LiveConnectionsTable>;

export default meta;

type Story = StoryObj<typeof meta>;

/** The seed list shape (`{ data, total, session_id }`): every state of `ses_demo`. */
export const Default: Story = {
  loaders: [referenceState({ listShape: 'seed' })],
  play: async ({ canvasElement }) => {
    const canvas = within(canvasElement);
    await waitFor(() => expect(canvas.getByRole('table', { name: 'Connections in ses_demo' })).toBeInTheDocument());
    const table = canvas.getByRole('table', { name: 'Connections in ses_demo' });

    const stripe = within(rowOf(table, 'Stripe'));
    await expect(stripe.getByText('Connected')).toBeInTheDocument();
    await expect(stripe.getByText('payments')).toBeInTheDocument();
    await expect(stripe.getByText('api_key')).toBeInTheDocument();
    await expect(stripe.getByText('4')).toBeInTheDocument();

    const mercadoPago = within(rowOf(table, 'Mercado Pago'));
    await expect(mercadoPago.getByText('Not connected')).toBeInTheDocument();
    await expect(mercadoPago.getByText('BR')).toBeInTheDocument();
    await expect(mercadoPago.getByText('oauth')).toBeInTheDocument();

    await expect(within(rowOf(table, 'Asaas')).getByText('Expired')).toBeInTheDocument();
    await expect(within(rowOf(table, 'Z-API')).getByText('Needs setup')).toBeInTheDocument();
    await expect(within(table).getAllByRole('rowheader')).toHaveLength(14);
  },
};

/** The live list shape (`{ servers, tools }`): no status field, so only connected / not connected. */
export const LiveShape: Story = {
  loaders: [referenceState({ listShape: 'live' })],
  play: async ({ canvasElement }) => {
    const canvas = within(canvasElement);
    await waitFor(() => expect(canvas.getByRole('table', { name: 'Connections in ses_demo' })).toBeInTheDocument());
    const table = canvas.getByRole('table', { name: 'Connections in ses_demo' });

    const stripe = within(rowOf(table, 'Stripe'));
    await expect(stripe.getByText('Connected')).toBeInTheDocument();
    // No tools_count in this shape: counted from the tools[] of connected servers.
    await expect(stripe.getByText('4')).toBeInTheDocument();

    await expect(within(rowOf(table, 'Mercado Pago')).getByText('Not connected')).toBeInTheDocument();
    // Expired is not connected as far as the live shape says.
    await expect(within(rowOf(table, 'Asaas')).getByText('Not connected')).toBeInTheDocument();
    await expect(within(table).queryByText('Expired')).not.toBeInTheDocument();
    await expect(within(table).queryByText('Needs setup')).not.toBeInTheDocument();
  },
};

/** A proxy's HTML 502 page instead of JSON: the error says so in words and carries a stable code. */
export const ServerError: Story = {
  args: { retry: false },
  loaders: [
    referenceState({
      listShape: 'seed',
      faults: [
        {
          route: 'list',
          status: 502,
          body: '<html><title>Bad gateway</title></html>',
          times: 1,
        },
      ],
    }),
  ],
  play: async ({ canvasElement }) => {
    const canvas = within(canvasElement);
    await waitFor(() => expect(canvas.getByRole('alert')).toBeInTheDocument());
    const alert = canvas.getByRole('alert');
    await expect(alert).toHaveTextContent('Could not load connections');
    await expect(alert).toHaveTextContent('HTTP 502');
    await expect(alert).toHaveTextContent('an HTML page instead of JSON ("Bad gateway")');
    await expect(within(alert).getByText('server_error')).toBeInTheDocument();
    await expect(canvas.queryByRole('table')).not.toBeInTheDocument();
  },
};
