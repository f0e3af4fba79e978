import type { Meta, StoryObj } from '@storybook/react-vite';
import { expect, userEvent, within } from 'storybook/test';
import { useConnectionWizard } from '../../src/react/index.ts';
import { docsParameters } from '../docs/page.tsx';
import { type StoryPopup, storyPopup } from '../story-popup.ts';
import { ReferenceProvider, referenceState } from '../support.tsx';

/** The hook's `@example`, live: one button that follows the wizard's status. */
function UseConnectionWizardDemo({ serverId }: { serverId: string }) {
  const wizard = useConnectionWizard(serverId);
  return (
    <div>
      <p data-testid="status">status: {wizard.status}</p>
      {wizard.isConnected ? (
        <p>Connected</p>
      ) : wizard.isBlocked ? (
        <button type="button" onClick={wizard.openFallback}>
          Open the sign-in window
        </button>
      ) : (
        <button type="button" onClick={wizard.start} disabled={wizard.isWaiting}>
          {wizard.isWaiting ? 'Waiting for the provider…' : 'Connect'}
        </button>
      )}
    </div>
  );
}

type Loaded = { popup?: StoryPopup };

const meta = {
  title: 'Hooks/useConnectionWizard',
  component: UseConnectionWizardDemo,
  tags: ['autodocs'],
  parameters: { docs: docsParameters() },
  args: { serverId: 'mercado-pago' },
  render: (args, context) => {
    const { popup } = context.loaded as Loaded;
    return (
      <ReferenceProvider {...(popup ? { adapter: popup.adapter } : {})}>
        <UseConnectionWizardDemo {...args} />
      </ReferenceProvider>
    );
  },
  loaders: [referenceState()],
} satisfies Meta<typeof UseConnectionWizardDemo>;

export default meta;
type Story = StoryObj<typeof meta>;

/** Nothing started: `idle`, and Connect (in Storybook, a click opens the reference API's consent page). */
export const Demo: Story = {
  play: async ({ canvasElement }) => {
    const canvas = within(canvasElement);
    await expect(canvas.getByTestId('status')).toHaveTextContent('status: idle');
    await expect(canvas.getByRole('button', { name: 'Connect' })).toBeEnabled();
  },
};

/** The browser blocked the popup: `isBlocked`, and the fallback button that opens it from a new click. */
export const Blocked: Story = {
  tags: ['!autodocs'],
  loaders: [referenceState(), async (): Promise<Loaded> => ({ popup: storyPopup('blocked') })],
  play: async ({ canvasElement }) => {
    const canvas = within(canvasElement);
    await userEvent.click(canvas.getByRole('button', { name: 'Connect' }));
    await expect(await canvas.findByRole('button', { name: 'Open the sign-in window' })).toBeVisible();
    await expect(canvas.getByTestId('status')).toHaveTextContent('status: blocked');
  },
};
