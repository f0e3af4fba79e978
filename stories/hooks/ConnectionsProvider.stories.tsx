import type { Meta, StoryObj } from '@storybook/react-vite';
import { expect, within } from 'storybook/test';
import { ConnectionsProvider, useConnections } from '../../src/react/index.ts';
import { argTypesOf } from '../docs/api-docs.ts';
import { docsParameters } from '../docs/page.tsx';
import { referenceState, restClient } from '../support.tsx';

/** Any hook below the provider: here, how many connections the session has. */
function Count() {
  const { total, isLoading } = useConnections();
  return <p data-testid="count">{isLoading ? 'Loading…' : `${total} connections in ses_demo`}</p>;
}

const client = restClient();

const meta = {
  title: 'Hooks/ConnectionsProvider',
  component: ConnectionsProvider,
  tags: ['autodocs'],
  parameters: { docs: docsParameters() },
  argTypes: argTypesOf('ConnectionsProvider', ConnectionsProvider),
  args: { client, redirectUrl: '/codespar/callback' },
  render: (args) => (
    <ConnectionsProvider {...args}>
      <Count />
    </ConnectionsProvider>
  ),
  loaders: [referenceState()],
} satisfies Meta<typeof ConnectionsProvider>;

export default meta;
type Story = StoryObj<typeof meta>;

/** A REST client over the reference API; the hooks below it share its cache and its callback page. */
export const Demo: Story = {
  play: async ({ canvasElement }) => {
    await expect(await within(canvasElement).findByText('14 connections in ses_demo')).toBeVisible();
  },
};
