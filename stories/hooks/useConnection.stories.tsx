import type { Meta, StoryObj } from '@storybook/react-vite';
import { expect, within } from 'storybook/test';
import { useConnection } from '../../src/react/index.ts';
import { docsParameters } from '../docs/page.tsx';
import { ReferenceProvider, referenceState } from '../support.tsx';

/** What `useConnection(serverId)` returns: one server's detail, its capabilities and tools. */
function UseConnectionDemo({ serverId }: { serverId: string }) {
  const { connection, isLoading, error } = useConnection(serverId);
  if (isLoading) return <p>Loading…</p>;
  if (error) return <p role="alert">{error.message}</p>;
  if (!connection) return null;
  return (
    <div>
      <p data-testid="summary">
        {connection.name}: {connection.status}, {connection.capabilities.length} capabilities
      </p>
      <ul aria-label={`${connection.name} tools`}>
        {connection.tools.map((t) => (
          <li key={t.name}>{t.description ?? t.name}</li>
        ))}
      </ul>
    </div>
  );
}

const meta = {
  title: 'Hooks/useConnection',
  component: UseConnectionDemo,
  tags: ['autodocs'],
  parameters: { docs: docsParameters() },
  args: { serverId: 'mercado-pago' },
  decorators: [
    (Story) => (
      <ReferenceProvider>
        <Story />
      </ReferenceProvider>
    ),
  ],
  loaders: [referenceState()],
} satisfies Meta<typeof UseConnectionDemo>;

export default meta;
type Story = StoryObj<typeof meta>;

/** Mercado Pago's detail: not connected yet, and what connecting would let the assistant do. */
export const Demo: Story = {
  play: async ({ canvasElement }) => {
    const canvas = within(canvasElement);
    await expect(await canvas.findByTestId('summary')).toHaveTextContent('Mercado Pago: not_connected, 5 capabilities');
    await expect(within(canvas.getByRole('list', { name: 'Mercado Pago tools' })).getAllByRole('listitem')[0]).toHaveTextContent(
      'Creates a Pix payment and returns its QR code.',
    );
  },
};
