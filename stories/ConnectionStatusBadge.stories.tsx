import type { Meta, StoryObj } from '@storybook/react-vite';
import { expect, within } from 'storybook/test';
import { ConnectionStatusBadge } from '../src/components/status-badge/connection-status-badge.tsx';
import type { ConnectionStatus } from '../src/core/types.ts';
import { argTypesOf } from './docs/api-docs.ts';
import { docsParameters } from './docs/page.tsx';

const STATUSES: ConnectionStatus[] = ['connected', 'not_connected', 'needs_setup', 'expired', 'error'];

/** Every status side by side; text says it too, colour is never the only signal. */
function AllStatuses() {
  return (
    <div style={{ display: 'flex', gap: 8, flexWrap: 'wrap' }}>
      {STATUSES.map((status) => (
        <ConnectionStatusBadge key={status} status={status} />
      ))}
    </div>
  );
}

const meta = {
  title: 'Components/ConnectionStatusBadge',
  component: ConnectionStatusBadge,
  tags: ['autodocs'],
  parameters: { docs: docsParameters() },
  argTypes: argTypesOf('ConnectionStatusBadge', ConnectionStatusBadge),
  args: { status: 'connected' },
} satisfies Meta<typeof ConnectionStatusBadge>;

export default meta;
type Story = StoryObj<typeof meta>;

const expectLabels =
  (labels: string[]) =>
  async ({ canvasElement }: { canvasElement: HTMLElement }) => {
    const badges = canvasElement.querySelectorAll('[data-slot="connection-status-badge"]');
    await expect([...badges].map((b) => b.textContent)).toEqual(labels);
    await expect([...badges].map((b) => b.getAttribute('data-status'))).toEqual(STATUSES);
  };

export const Connected: Story = {
  play: async ({ canvasElement }) => {
    await expect(within(canvasElement).getByText('Connected')).toHaveAttribute('data-status', 'connected');
  },
};

export const Every: Story = {
  name: 'Every status',
  render: () => <AllStatuses />,
  play: expectLabels(['Connected', 'Not connected', 'Needs setup', 'Expired', 'Error']),
};

export const Dark: Story = {
  render: () => <AllStatuses />,
  parameters: { theme: 'dark' },
  play: expectLabels(['Connected', 'Not connected', 'Needs setup', 'Expired', 'Error']),
};

export const PortugueseBR: Story = {
  render: () => <AllStatuses />,
  parameters: { locale: 'pt-BR' },
  play: expectLabels(['Conectado', 'Não conectado', 'Requer configuração', 'Expirado', 'Erro']),
};

export const Spanish: Story = {
  render: () => <AllStatuses />,
  parameters: { locale: 'es' },
  play: expectLabels(['Conectado', 'No conectado', 'Requiere configuración', 'Vencido', 'Error']),
};
