import type { Meta, StoryObj } from '@storybook/react-vite';
import { useState } from 'react';
import { expect, userEvent, waitFor, within } from 'storybook/test';
import { ConnectionRequired, type ConnectionRequiredProps } from '../src/components/connection-required/index.ts';
import { argTypesOf } from './docs/api-docs.ts';
import { docsParameters } from './docs/page.tsx';
import { approveConsent, postCompletion, type StoryPopup, storyPopup } from './story-popup.ts';
import { metaClient, ReferenceProvider, referenceState, restClient } from './support.tsx';

/*
 * The card an assistant message shows when a tool call needs a provider the session lacks. Stories
 * that click Connect get a fake popup (`storyPopup`); the others open the real consent page when
 * someone clicks in Storybook.
 */

type Loaded = { popup?: StoryPopup };

const withPopup = (mode: 'open' | 'blocked') => async (): Promise<Loaded> => ({ popup: storyPopup(mode) });

/** The card, plus what the host does with `onConnected`: counts it, as a chat would resume once. */
function CardInMessage(props: ConnectionRequiredProps) {
  const [resumed, setResumed] = useState(0);
  return (
    <div style={{ maxWidth: 460 }}>
      <ConnectionRequired {...props} onConnected={() => setResumed((n) => n + 1)} />
      <p style={{ color: 'var(--csp-muted)', fontSize: 12, marginTop: 12 }} data-testid="resumed">
        onConnected calls: {resumed}
      </p>
    </div>
  );
}

const meta = {
  title: 'Components/ConnectionRequired',
  component: ConnectionRequired,
  tags: ['autodocs'],
  // A docs page renders all of its stories at once, over one reference API, and runs no play
  // function: stories that set faults or states on the API, or whose point is what their play
  // function does, are left off it (`!autodocs`) and stay in the sidebar and in `npm test`.
  parameters: { docs: docsParameters() },
  argTypes: argTypesOf('ConnectionRequired', ConnectionRequired),
  args: {
    serverId: 'mercado-pago',
    name: 'Mercado Pago',
    reason: 'To create the Pix charge of R$\u00a0120,00 for Ana Souza.',
  },
  render: (args, context) => {
    const { popup } = context.loaded as Loaded;
    return (
      <ReferenceProvider {...(popup ? { adapter: popup.adapter } : {})}>
        <CardInMessage {...args} />
      </ReferenceProvider>
    );
  },
} satisfies Meta<typeof ConnectionRequired>;

export default meta;

type Story = StoryObj<typeof meta>;

const popupOf = (context: { loaded: unknown }) => {
  const { popup } = context.loaded as Loaded;
  if (!popup) throw new Error('this story needs withPopup() in its loaders');
  return popup;
};

const card = (canvasElement: HTMLElement, name = 'Mercado Pago is needed') => within(canvasElement).findByRole('group', { name });

/** Mercado Pago is not connected: why it is needed, and one Connect button. */
export const Default: Story = {
  loaders: [referenceState()],
  play: async ({ canvasElement }) => {
    const view = within(await card(canvasElement));
    await expect(view.getByText('To create the Pix charge of R$ 120,00 for Ana Souza.')).toBeInTheDocument();
    await expect(
      view.getByText('To continue, connect your Mercado Pago account. You will not leave this conversation.'),
    ).toBeInTheDocument();
    await expect(view.getByRole('button', { name: 'Connect' })).toBeInTheDocument();
    await expect(view.getByRole('status')).toHaveTextContent('');
  },
};

/**
 * Stripe was connected before the card mounted (a reloaded thread): the card says so and offers
 * Continue; onConnected runs on that click, never by itself.
 */
export const AlreadyConnected: Story = {
  args: { serverId: 'stripe', name: 'Stripe', reason: 'To refund the card payment of R$ 89,90.' },
  loaders: [referenceState()],
  play: async ({ canvasElement }) => {
    const canvas = within(canvasElement);
    const group = await canvas.findByRole('group', { name: 'Stripe is connected' }, { timeout: 5000 });
    await expect(group).toHaveAttribute('data-status', 'connected');
    await expect(within(group).getByRole('status')).toHaveTextContent('Stripe is already connected. Continue when you are ready.');
    await expect(canvas.getByTestId('resumed')).toHaveTextContent('onConnected calls: 0');
    await userEvent.click(within(group).getByRole('button', { name: 'Continue' }));
    await expect(canvas.getByTestId('resumed')).toHaveTextContent('onConnected calls: 1');
    await expect(within(group).getByRole('status')).toHaveTextContent('Access granted. The assistant can go on.');
    await expect(within(group).queryByRole('button')).not.toBeInTheDocument();
  },
};

/** An AI SDK tool part, handed over as it is: seed 003's `{ needs_connection: wizard_url }` names the server. */
export const FromToolPart: Story = {
  args: {
    serverId: undefined,
    request: {
      type: 'tool-create_pix_charge',
      toolCallId: 'call_story_1',
      state: 'output-available',
      input: { amount: 120, customer: 'Ana Souza' },
      output: { needs_connection: 'https://app.codespar.dev/dashboard/auth-configs?connect=mercado-pago' },
    },
  },
  loaders: [referenceState()],
  play: async ({ canvasElement }) => {
    const view = within(await card(canvasElement));
    await expect(view.getByRole('button', { name: 'Connect' })).toBeInTheDocument();
  },
};

/**
 * This client cannot sign in (a read-only token: authorize answers 403). The tool result's setup
 * page is offered instead, checked, for an operator to finish the connection.
 */
export const OperatorSetup: Story = {
  tags: ['!autodocs'],
  args: {
    serverId: undefined,
    request: { needs_connection: 'https://app.codespar.dev/dashboard/auth-configs?connect=mercado-pago' },
  },
  loaders: [referenceState(), withPopup('open')],
  render: (args, context) => (
    <ReferenceProvider client={restClient('ses_demo', 'demo_read_token')} adapter={popupOf(context).adapter}>
      <CardInMessage {...args} />
    </ReferenceProvider>
  ),
  play: async ({ canvasElement }) => {
    const view = within(await card(canvasElement));
    await userEvent.click(view.getByRole('button', { name: 'Connect' }));
    await waitFor(() => expect(view.getByRole('status')).toHaveTextContent('You are not allowed to change this connection.'));
    await expect(view.getByRole('status')).toHaveTextContent('An operator can finish setting up Mercado Pago on its setup page.');
    await expect(view.getByRole('button', { name: 'Open the setup page' })).toHaveAttribute('data-variant', 'primary');
    await expect(view.getByRole('button', { name: 'Try again' })).toBeInTheDocument();
  },
};

/**
 * Over the meta-tool in the live dialect: the card's needs_setup step says what the setup page will
 * ask for (steps, secret names with hints, pitfalls) before the operator opens it.
 */
export const SetupInstructions: Story = {
  tags: ['!autodocs'],
  args: { serverId: 'z-api', name: 'Z-API', reason: 'To send the order confirmation on WhatsApp.' },
  loaders: [referenceState(), withPopup('open')],
  render: (args, context) => (
    <ReferenceProvider client={metaClient('ses_demo', 'action')} adapter={popupOf(context).adapter}>
      <CardInMessage {...args} />
    </ReferenceProvider>
  ),
  play: async ({ canvasElement }) => {
    const view = within(await card(canvasElement, 'Z-API is needed'));
    await userEvent.click(view.getByRole('button', { name: 'Connect' }));
    const setup = await view.findByRole('region', { name: 'What the setup page asks for' });
    await expect(within(setup).getByText('ZAPI_CLIENT_TOKEN')).toBeInTheDocument();
    await expect(view.getByRole('button', { name: 'Open the setup page' })).toHaveAttribute('data-variant', 'primary');
  },
};

/** After the click: the provider's window is open and the card waits for it. */
export const Connecting: Story = {
  tags: ['!autodocs'],
  loaders: [referenceState(), withPopup('open')],
  play: async ({ canvasElement }) => {
    const view = within(await card(canvasElement));
    await userEvent.click(view.getByRole('button', { name: 'Connect' }));
    await waitFor(() => expect(view.getByRole('status')).toHaveTextContent('Finish in the Mercado Pago window. This updates by itself.'));
    await expect(view.getByRole('button', { name: 'Cancel' })).toBeInTheDocument();
    await expect(view.queryByRole('button', { name: 'Connect' })).not.toBeInTheDocument();
  },
};

/** The browser blocked the window: the card offers to open it from a new click. */
export const Blocked: Story = {
  tags: ['!autodocs'],
  loaders: [referenceState(), withPopup('blocked')],
  play: async ({ canvasElement }) => {
    const view = within(await card(canvasElement));
    await userEvent.click(view.getByRole('button', { name: 'Connect' }));
    await waitFor(() => expect(view.getByRole('status')).toHaveTextContent('Your browser blocked the Mercado Pago window.'));
    await expect(view.getByRole('button', { name: 'Open Mercado Pago' })).toBeInTheDocument();
  },
};

/** Approved at the provider: the card says so and the host resumes the tool call, once. */
export const Connected: Story = {
  tags: ['!autodocs'],
  loaders: [referenceState(), withPopup('open')],
  play: async (context) => {
    const { canvasElement } = context;
    const view = within(await card(canvasElement));
    await userEvent.click(view.getByRole('button', { name: 'Connect' }));
    await waitFor(() => expect(view.getByRole('status')).toHaveTextContent('Finish in the Mercado Pago window.'));
    const state = popupOf(context).state();
    await approveConsent(state);
    postCompletion(state, { status: 'connected' });
    await waitFor(() => expect(view.getByRole('status')).toHaveTextContent('Access granted. The assistant can go on.'));
    await expect(await card(canvasElement, 'Mercado Pago is connected')).toHaveAttribute('data-status', 'connected');
    await expect(within(canvasElement).getByTestId('resumed')).toHaveTextContent('onConnected calls: 1');
    await expect(view.queryByRole('button')).not.toBeInTheDocument();
  },
};

export const Dark: Story = {
  parameters: { theme: 'dark' },
  loaders: [referenceState()],
  play: async ({ canvasElement }) => {
    const group = await card(canvasElement);
    await expect(group).toHaveAttribute('data-theme', 'dark');
    await expect(within(group).getByRole('button', { name: 'Connect' })).toBeInTheDocument();
  },
};

export const PortugueseBR: Story = {
  args: { reason: 'Para criar a cobrança Pix de R$\u00a0120,00 para Ana Souza.' },
  parameters: { locale: 'pt-BR' },
  loaders: [referenceState()],
  play: async ({ canvasElement }) => {
    const group = await within(canvasElement).findByRole('group', { name: 'Mercado Pago é necessário' });
    await expect(
      within(group).getByText('Para continuar, conecte sua conta Mercado Pago. Você não sai desta conversa.'),
    ).toBeInTheDocument();
    await expect(within(group).getByRole('button', { name: 'Conectar' })).toBeInTheDocument();
  },
};

export const Spanish: Story = {
  args: { reason: 'Para crear el cobro Pix de R$\u00a0120,00 para Ana Souza.' },
  parameters: { locale: 'es' },
  loaders: [referenceState()],
  play: async ({ canvasElement }) => {
    const group = await within(canvasElement).findByRole('group', { name: 'Se necesita Mercado Pago' });
    await expect(
      within(group).getByText('Para continuar, conecta tu cuenta de Mercado Pago. No saldrás de esta conversación.'),
    ).toBeInTheDocument();
    await expect(within(group).getByRole('button', { name: 'Conectar' })).toBeInTheDocument();
  },
};
