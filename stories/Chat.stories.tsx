import type { Meta, StoryObj } from '@storybook/react-vite';
import { expect, userEvent, within } from 'storybook/test';
import { Chat } from './chat-demo.tsx';
import { ReferenceProvider, referenceState } from './support.tsx';

/*
 * An AI SDK chat (`useChat` with a transport that runs `streamText` over a scripted model) whose
 * tool runs seed 003's loop against the reference API. Click Connect to try it for real: the
 * consent page opens in a popup, and the conversation resumes. The play functions send the first
 * message and stop at the card; they never click Connect (test/e2e/chat.test.ts does).
 */
const meta = {
  title: 'Examples/Chat',
  component: Chat,
  loaders: [referenceState()],
  render: (args) => (
    <ReferenceProvider>
      <Chat {...args} />
    </ReferenceProvider>
  ),
} satisfies Meta<typeof Chat>;

export default meta;

type Story = StoryObj<typeof meta>;

/** Sends the prefilled request and waits for the card the tool's `needs_connection` brings. */
async function askForTheCharge(canvasElement: HTMLElement) {
  const canvas = within(canvasElement);
  await expect(canvas.getByRole('textbox', { name: 'Message' })).toHaveValue('Charge Ana Souza R$\u00a0120,00 by Pix, please.');
  await userEvent.click(canvas.getByRole('button', { name: 'Send' }));
  const card = await canvas.findByRole('group', { name: 'Mercado Pago is needed' }, { timeout: 10_000 });
  const log = canvas.getByRole('list', { name: 'Conversation' });
  const items = within(log).getAllByRole('listitem');
  await expect(items[0]).toHaveTextContent('Charge Ana Souza R$ 120,00 by Pix, please.');
  await expect(card).toHaveAttribute('data-status', 'idle');
  await expect(within(card).getByText('To create the Pix charge of R$ 120,00 for Ana Souza.')).toBeInTheDocument();
  await expect(within(card).getByRole('button', { name: 'Connect' })).toBeEnabled();
  await expect(canvas.queryByText(/Pix charge created/)).not.toBeInTheDocument();
  return { canvas, card };
}

/**
 * The server-executed tool: `{ needs_connection: wizard_url }` becomes the card; once connected the
 * host sends a new turn and the tool runs again. Type the request, Send, then Connect.
 */
export const Default: Story = {
  play: async ({ canvasElement }) => {
    const { canvas } = await askForTheCharge(canvasElement);
    // The answer streams in after the tool result.
    await expect(
      await canvas.findByText(
        'I can create that Pix charge, but I need access to your Mercado Pago account first.',
        {},
        { timeout: 10_000 },
      ),
    ).toBeInTheDocument();
  },
};

/**
 * The client-side tool: the agent asks through a UI tool (`connect_account`, no `execute`); the
 * card answers it with `addToolOutput`, and `sendAutomaticallyWhen` continues the chat.
 */
export const ClientSideTool: Story = {
  args: { mode: 'tool-output' },
  play: async ({ canvasElement }) => {
    await askForTheCharge(canvasElement);
  },
};
