import type { Meta, StoryObj } from '@storybook/react-vite';
import { expect, screen, userEvent, waitFor, within } from 'storybook/test';
import { ConnectWizardDialog } from '../src/components/connect-wizard-dialog/index.ts';
import { argTypesOf } from './docs/api-docs.ts';
import { docsParameters } from './docs/page.tsx';
import { animationsSettled, approveConsent, postCompletion, type StoryPopup, storyPopup } from './story-popup.ts';
import { metaClient, ReferenceProvider, referenceState } from './support.tsx';

/*
 * Every step of the wizard, over the reference API (real HTTP). Play functions never open a real
 * window: a story that clicks Connect gets an adapter whose popup is fake (`storyPopup`), and acts as
 * the provider's callback page itself. Without one (Idle, Dark, the locales) Connect opens the real
 * consent page, for people browsing Storybook.
 */

type Loaded = { popup?: StoryPopup };

const withPopup = (mode: 'open' | 'blocked') => async (): Promise<Loaded> => ({ popup: storyPopup(mode) });

const meta = {
  title: 'Components/ConnectWizardDialog',
  component: ConnectWizardDialog,
  tags: ['autodocs'],
  // The docs page shows the dialog as a reader meets it: behind its trigger (a click opens it over
  // the page, Escape closes it). The stories that open it on mount would cover the page at once,
  // several modals deep, so they are left off it (`!autodocs`) and stay in the sidebar and in `npm test`.
  parameters: { docs: docsParameters() },
  argTypes: argTypesOf('ConnectWizardDialog', ConnectWizardDialog),
  args: { serverId: 'mercado-pago', name: 'Mercado Pago', defaultOpen: true },
  render: (args, context) => {
    const { popup } = context.loaded as Loaded;
    return (
      <ReferenceProvider
        {...(popup ? { adapter: popup.adapter } : {})}
        {...(context.parameters.meta
          ? { client: metaClient('ses_demo', context.parameters.meta === 'live' ? 'action' : 'operation') }
          : {})}
      >
        {/* The page behind the overlay: the theme's background down to the bottom of the frame (on a docs page, the trigger's line). */}
        <div style={{ minHeight: context.viewMode === 'docs' ? undefined : 'calc(100vh - 48px)' }}>
          <ConnectWizardDialog {...args} />
        </div>
      </ReferenceProvider>
    );
  },
} satisfies Meta<typeof ConnectWizardDialog>;

export default meta;

type Story = StoryObj<typeof meta>;

/** The open dialog: Radix portals it to <body>, outside the story's canvas. */
const dialog = () => screen.findByRole('dialog');

async function clickConnect() {
  const view = within(await dialog());
  await userEvent.click(await view.findByRole('button', { name: 'Connect' }));
}

/** Waits until the wizard shows the waiting step (the fake popup was navigated to the consent page). */
async function reachWaiting() {
  await clickConnect();
  await waitFor(() => expect(screen.getByRole('status')).toHaveTextContent('Finish in the Mercado Pago window. This updates by itself.'));
}

const popupOf = (context: { loaded: unknown }) => {
  const { popup } = context.loaded as Loaded;
  if (!popup) throw new Error('this story needs withPopup() in its loaders');
  return popup;
};

/**
 * Closed, with a trigger: the trigger opens it, Tab and Shift+Tab stay inside it (focus trap),
 * Escape closes it, and focus goes back to the trigger.
 */
export const ClosedWithTrigger: Story = {
  args: {
    defaultOpen: false,
    trigger: (
      <button type="button" className="csp-button" data-variant="primary">
        Connect Mercado Pago
      </button>
    ),
  },
  loaders: [referenceState()],
  play: async ({ canvasElement }) => {
    const canvas = within(canvasElement);
    const trigger = await canvas.findByRole('button', { name: 'Connect Mercado Pago' });
    await expect(screen.queryByRole('dialog')).not.toBeInTheDocument();

    await userEvent.click(trigger);
    const opened = await dialog();
    await expect(within(opened).getByRole('heading', { name: 'Connect Mercado Pago' })).toBeInTheDocument();
    await animationsSettled();

    // Focus trap: more Tabs than there are buttons, both ways, never leave the dialog.
    for (const key of ['{Tab}', '{Tab}', '{Tab}', '{Tab}', '{Shift>}{Tab}{/Shift}', '{Shift>}{Tab}{/Shift}', '{Shift>}{Tab}{/Shift}']) {
      await userEvent.keyboard(key);
      await expect(opened.contains(document.activeElement)).toBe(true);
    }

    await userEvent.keyboard('{Escape}');
    await waitFor(() => expect(screen.queryByRole('dialog')).not.toBeInTheDocument());
    await waitFor(() => expect(trigger).toHaveFocus());
  },
};

/** Open, nothing started: what connecting grants, and one Connect button. */
export const Idle: Story = {
  tags: ['!autodocs'],
  loaders: [referenceState()],
  play: async () => {
    const view = within(await dialog());
    await expect(await view.findByRole('heading', { name: 'Connect Mercado Pago' })).toBeInTheDocument();
    await expect(await dialog()).toHaveAccessibleDescription(
      'Give the assistant access to Mercado Pago without leaving this conversation.',
    );
    await expect(await view.findByRole('heading', { name: 'Connecting Mercado Pago lets the assistant:' })).toBeInTheDocument();
    const capabilities = within(view.getByRole('list', { name: 'Connecting Mercado Pago lets the assistant:' })).getAllByRole('listitem');
    await expect(capabilities.map((item) => item.textContent)).toEqual(['pix', 'boleto', 'credit card', 'refund', 'payment link']);
    await expect(view.getByRole('list', { name: 'Tools it can use' })).toHaveTextContent('Creates a Pix payment and returns its QR code.');
    await expect(view.getByRole('button', { name: 'Connect' })).toHaveFocus();
    await expect(view.getByRole('button', { name: 'Close' })).toBeInTheDocument();
    await animationsSettled();
  },
};

/** The authorize request is slow: the popup is open (blank) while the API answers. */
export const Opening: Story = {
  tags: ['!autodocs'],
  loaders: [referenceState({ faults: [{ route: 'authorize', latencyMs: 30_000 }] }), withPopup('open')],
  play: async () => {
    await clickConnect();
    const view = within(await dialog());
    await waitFor(() => expect(view.getByRole('status')).toHaveTextContent('Opening Mercado Pago…'));
    await expect(view.queryByRole('button', { name: 'Connect' })).not.toBeInTheDocument();
    await animationsSettled();
  },
};

/** The provider's window is open: the dialog waits for it, and offers Cancel. */
export const Waiting: Story = {
  tags: ['!autodocs'],
  loaders: [referenceState(), withPopup('open')],
  play: async (context) => {
    await reachWaiting();
    const view = within(await dialog());
    await expect(view.getByRole('button', { name: 'Cancel' })).toBeInTheDocument();
    await expect(new URL(popupOf(context).navigations.at(-1) ?? '').pathname).toBe('/oauth/consent');
    await animationsSettled();
  },
};

/** The user closed the provider's window before finishing: a hint and a button to reopen it. */
export const PopupClosed: Story = {
  tags: ['!autodocs'],
  loaders: [referenceState(), withPopup('open')],
  play: async (context) => {
    await reachWaiting();
    popupOf(context).userClose();
    const view = within(await dialog());
    await waitFor(() => expect(view.getByRole('status')).toHaveTextContent('Closed the window? Reopen it to continue.'), { timeout: 6000 });
    await expect(view.getByRole('button', { name: 'Reopen the window' })).toBeInTheDocument();
    await expect(view.getByRole('button', { name: 'Cancel' })).toBeInTheDocument();
    await animationsSettled();
  },
};

/** The browser blocked the popup: one click on "Open Mercado Pago" opens it from a fresh gesture. */
export const Blocked: Story = {
  tags: ['!autodocs'],
  loaders: [referenceState(), withPopup('blocked')],
  play: async () => {
    await clickConnect();
    const view = within(await dialog());
    await waitFor(() => expect(view.getByRole('status')).toHaveTextContent('Your browser blocked the Mercado Pago window.'));
    const open = view.getByRole('button', { name: 'Open Mercado Pago' });
    await expect(open).toHaveAttribute('data-variant', 'primary');
    await animationsSettled();
  },
};

/** Over the meta-tool: Z-API needs an operator to finish setup; the dialog polls until it is done. */
export const NeedsSetup: Story = {
  tags: ['!autodocs'],
  args: { serverId: 'z-api', name: 'Z-API' },
  parameters: { meta: true },
  loaders: [referenceState(), withPopup('open')],
  play: async (context) => {
    const view = within(await dialog());
    await expect(view.getByRole('heading', { name: 'Connect Z-API' })).toBeInTheDocument();
    await clickConnect();
    await waitFor(() =>
      expect(view.getByRole('status')).toHaveTextContent(
        'An operator needs to finish setting up Z-API. This updates by itself once it is done.',
      ),
    );
    await expect(view.getByRole('button', { name: 'Open the setup page' })).toBeInTheDocument();
    await expect(new URL(popupOf(context).navigations.at(-1) ?? '').pathname).toBe('/dashboard/auth-configs');
    await animationsSettled();
  },
};

/**
 * The live wire (`action`, as CodeSpar's SDK sends it): `initiate` says what the setup page will
 * ask for, and the dialog shows it before the operator opens the page.
 */
export const SetupInstructions: Story = {
  tags: ['!autodocs'],
  args: { serverId: 'z-api', name: 'Z-API' },
  parameters: { meta: 'live' },
  loaders: [referenceState(), withPopup('open')],
  play: async () => {
    const view = within(await dialog());
    await clickConnect();
    const setup = await view.findByRole('region', { name: 'What the setup page asks for' });
    await expect(within(setup).getByText('A few minutes')).toBeInTheDocument();
    await expect(within(setup).getByText('ZAPI_INSTANCE_ID')).toBeInTheDocument();
    await expect(within(setup).getByText('Watch out:')).toBeInTheDocument();
    await expect(view.getByRole('button', { name: 'Open the setup page' })).toBeInTheDocument();
    await animationsSettled();
  },
};

/** A server that needs no credentials (the live `not_required`): nothing to connect, and it says so. */
export const NoConnectionNeeded: Story = {
  tags: ['!autodocs'],
  args: { serverId: 'brasil-api', name: 'BrasilAPI' },
  parameters: { meta: 'live' },
  loaders: [referenceState()],
  play: async () => {
    const view = within(await dialog());
    await waitFor(() => expect(view.getByRole('status')).toHaveTextContent('needs no connection. The assistant can use it as it is.'));
    await expect(view.queryByRole('button', { name: 'Connect' })).not.toBeInTheDocument();
    await expect(view.getByRole('button', { name: 'Done' })).toBeInTheDocument();
    await animationsSettled();
  },
};

/** Approved at the provider: the callback's message is confirmed with the API, then Done. */
export const Connected: Story = {
  tags: ['!autodocs'],
  loaders: [referenceState(), withPopup('open')],
  play: async (context) => {
    await reachWaiting();
    const state = popupOf(context).state();
    await approveConsent(state);
    postCompletion(state, { status: 'connected' });
    const view = within(await dialog());
    await waitFor(() => expect(view.getByRole('status')).toHaveTextContent('Mercado Pago is connected.'));
    await expect(view.getByRole('button', { name: 'Done' })).toBeInTheDocument();
    await expect(view.queryByRole('button', { name: 'Cancel' })).not.toBeInTheDocument();
    await animationsSettled();
  },
};

/** The user denied access at the provider. */
export const Denied: Story = {
  tags: ['!autodocs'],
  loaders: [referenceState(), withPopup('open')],
  play: async (context) => {
    await reachWaiting();
    postCompletion(popupOf(context).state(), { status: 'denied', error: 'access_denied' });
    const view = within(await dialog());
    await waitFor(() => expect(view.getByRole('status')).toHaveTextContent('Access to Mercado Pago was not granted.'));
    await expect(view.getByRole('button', { name: 'Try again' })).toBeInTheDocument();
    await animationsSettled();
  },
};

/** The authorization link expired before the user finished. */
export const Expired: Story = {
  tags: ['!autodocs'],
  loaders: [referenceState(), withPopup('open')],
  play: async (context) => {
    await reachWaiting();
    postCompletion(popupOf(context).state(), { status: 'error', error: 'expired' });
    const view = within(await dialog());
    await waitFor(() => expect(view.getByRole('status')).toHaveTextContent('The link expired before it was completed.'));
    await expect(view.getByRole('button', { name: 'Try again' })).toBeInTheDocument();
    await animationsSettled();
  },
};

/** The API refused to start (HTTP 429): the error in words, and Try again. */
export const ErrorState: Story = {
  tags: ['!autodocs'],
  name: 'Error',
  loaders: [
    referenceState({ faults: [{ route: 'authorize', status: 429, body: { error: 'rate_limited', message: 'slow down' } }] }),
    withPopup('open'),
  ],
  play: async () => {
    await clickConnect();
    const view = within(await dialog());
    await waitFor(() => expect(view.getByRole('status')).toHaveTextContent('Too many attempts. Wait a moment and try again.'));
    await expect(view.getByRole('button', { name: 'Try again' })).toBeInTheDocument();
    await animationsSettled();
  },
};

/** Dark theme: the portalled content carries `data-theme` itself. */
export const Dark: Story = {
  tags: ['!autodocs'],
  parameters: { theme: 'dark' },
  loaders: [referenceState()],
  play: async () => {
    const content = await dialog();
    await expect(content).toHaveAttribute('data-theme', 'dark');
    await expect(content).toHaveClass('csp');
    await expect(await within(content).findByRole('heading', { name: 'Connect Mercado Pago' })).toBeInTheDocument();
    await animationsSettled();
  },
};

export const PortugueseBR: Story = {
  tags: ['!autodocs'],
  parameters: { locale: 'pt-BR' },
  loaders: [referenceState()],
  play: async () => {
    const view = within(await dialog());
    await expect(await view.findByRole('heading', { name: 'Conectar Mercado Pago' })).toBeInTheDocument();
    await expect(await view.findByRole('heading', { name: 'Ao conectar Mercado Pago, o assistente poderá:' })).toBeInTheDocument();
    await expect(view.getByRole('button', { name: 'Conectar' })).toBeInTheDocument();
    await expect(view.getByRole('button', { name: 'Fechar' })).toBeInTheDocument();
    await animationsSettled();
  },
};

export const Spanish: Story = {
  tags: ['!autodocs'],
  parameters: { locale: 'es' },
  loaders: [referenceState()],
  play: async () => {
    const view = within(await dialog());
    await expect(await view.findByRole('heading', { name: 'Conectar Mercado Pago' })).toBeInTheDocument();
    await expect(await view.findByRole('heading', { name: 'Al conectar Mercado Pago, el asistente podrá:' })).toBeInTheDocument();
    await expect(view.getByRole('button', { name: 'Conectar' })).toBeInTheDocument();
    await expect(view.getByRole('button', { name: 'Cerrar' })).toBeInTheDocument();
    await animationsSettled();
  },
};
