import type { Meta, StoryObj } from '@storybook/react-vite';
import { expect, within } from 'storybook/test';
import { Chat } from './chat-demo.tsx';
import { ReferenceProvider, referenceState } from './support.tsx';

const meta = {
  title: 'Examples/Chat',
  component: Chat,
  loaders: [referenceState()],
  render: () => (
    <ReferenceProvider>
      <Chat />
    </ReferenceProvider>
  ),
} satisfies Meta<typeof Chat>;

export default meta;

type Story = StoryObj<typeof meta>;

/** The conversation as it stands when the agent needs Mercado Pago. Click Connect to try it for real. */
export const Default: Story = {
  play: async ({ canvasElement }) => {
    const canvas = within(canvasElement);
    const log = canvas.getByRole('list', { name: 'Conversation' });
    const items = within(log).getAllByRole('listitem');
    await expect(items).toHaveLength(2);
    await expect(items[0]).toHaveTextContent('Charge Ana Souza R$ 120,00 by Pix, please.');
    await expect(items[1]).toHaveTextContent('I need access to your Mercado Pago account first.');

    const card = within(items[1] as HTMLElement).getByRole('group', { name: 'Mercado Pago is needed' });
    await expect(card).toHaveAttribute('data-status', 'idle');
    await expect(within(card).getByText('To create the Pix charge of R$ 120,00 for Ana Souza.')).toBeInTheDocument();
    await expect(within(card).getByRole('button', { name: 'Connect' })).toBeEnabled();
    await expect(canvas.getByRole('textbox', { name: 'Message' })).toBeInTheDocument();
    await expect(canvas.queryByText(/Pix charge created/)).not.toBeInTheDocument();
  },
};
