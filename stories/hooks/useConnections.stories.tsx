import type { Meta, StoryObj } from '@storybook/react-vite';
import { expect, waitFor, within } from 'storybook/test';
import { useConnections } from '../../src/react/index.ts';
import { docsParameters } from '../docs/page.tsx';
import { ReferenceProvider, referenceState } from '../support.tsx';

/** What `useConnections()` returns, field by field, over the reference API's `ses_demo`. */
function UseConnectionsDemo() {
  const { connections, total, isLoading, isValidating, error, canDisconnect, disconnect } = useConnections();
  if (isLoading) return <p>Loading…</p>;
  if (error) return <p role="alert">{error.message}</p>;
  return (
    <div>
      <p data-testid="fields">
        total: {total} · isValidating: {String(isValidating)} · canDisconnect: {String(canDisconnect)}
      </p>
      <ul aria-label="connections">
        {connections.map((c) => (
          <li key={c.id}>
            {c.name}: {c.status}{' '}
            {c.connected && canDisconnect ? (
              <button type="button" onClick={() => disconnect(c.id)}>
                Disconnect {c.name}
              </button>
            ) : null}
          </li>
        ))}
      </ul>
    </div>
  );
}

const meta = {
  title: 'Hooks/useConnections',
  component: UseConnectionsDemo,
  tags: ['autodocs'],
  parameters: { docs: docsParameters() },
  decorators: [
    (Story) => (
      <ReferenceProvider>
        <Story />
      </ReferenceProvider>
    ),
  ],
  loaders: [referenceState()],
} satisfies Meta<typeof UseConnectionsDemo>;

export default meta;
type Story = StoryObj<typeof meta>;

/** Fourteen connections in every status; the connected ones can be disconnected over the REST client. */
export const Demo: Story = {
  play: async ({ canvasElement }) => {
    const canvas = within(canvasElement);
    await waitFor(() => expect(within(canvas.getByRole('list', { name: 'connections' })).getAllByRole('listitem')).toHaveLength(14));
    await expect(canvas.getByTestId('fields')).toHaveTextContent('total: 14 · isValidating: false · canDisconnect: true');
    await expect(canvas.getByText(/^Stripe: connected/)).toBeVisible();
    await expect(canvas.getByRole('button', { name: 'Disconnect Stripe' })).toBeVisible();
    await expect(canvas.getByText(/^Mercado Pago: not_connected/)).toBeVisible();
  },
};
