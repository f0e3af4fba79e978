import type { Meta, StoryObj } from '@storybook/react-vite';
import { expect } from 'storybook/test';
import { ConnectionStatusBadge } from '../src/components/status-badge/connection-status-badge.tsx';
import { ConnectUIProvider } from '../src/components/ui-context.tsx';
import { argTypesOf } from './docs/api-docs.ts';
import { docsParameters } from './docs/page.tsx';

const meta = {
  title: 'Components/ConnectUIProvider',
  component: ConnectUIProvider,
  tags: ['autodocs'],
  parameters: { docs: docsParameters() },
  argTypes: argTypesOf('ConnectUIProvider', ConnectUIProvider),
  args: { locale: 'pt-BR' },
  render: (args) => (
    <ConnectUIProvider {...args}>
      <div style={{ display: 'flex', gap: 8 }}>
        <ConnectionStatusBadge status="connected" />
        <ConnectionStatusBadge status="expired" />
        {/* A component's own prop wins over the provider's. */}
        <ConnectionStatusBadge status="expired" locale="es" />
      </div>
    </ConnectUIProvider>
  ),
} satisfies Meta<typeof ConnectUIProvider>;

export default meta;
type Story = StoryObj<typeof meta>;

const labels = (canvasElement: HTMLElement) =>
  [...canvasElement.querySelectorAll('[data-slot="connection-status-badge"]')].map((badge) => badge.textContent);

/** `locale="pt-BR"` for everything below it; the last badge sets its own `locale="es"`. */
export const Locale: Story = {
  play: async ({ canvasElement }) => {
    await expect(labels(canvasElement)).toEqual(['Conectado', 'Expirado', 'Vencido']);
  },
};

/** `messages` overrides any string of the locale, here one status label: also for the badge with a locale of its own. */
export const Messages: Story = {
  args: { locale: 'en', messages: { status: { expired: 'Sign in again' } } },
  play: async ({ canvasElement }) => {
    await expect(labels(canvasElement)).toEqual(['Connected', 'Sign in again', 'Sign in again']);
  },
};
