import type { Meta, StoryObj } from '@storybook/react-vite';
import { expect, within } from 'storybook/test';
import { readConnectionRequest } from '../../src/core/index.ts';
import { docsParameters } from '../docs/page.tsx';

/** A value a chat holds, and what `readConnectionRequest` reads out of it. */
function ReadConnectionRequestDemo({ value }: { value: unknown }) {
  const request = readConnectionRequest(value);
  return (
    <dl style={{ fontFamily: 'ui-monospace, monospace', fontSize: 13, margin: 0 }}>
      <dt style={{ fontWeight: 600 }}>value</dt>
      <dd style={{ margin: '0 0 12px', whiteSpace: 'pre-wrap' }}>{JSON.stringify(value, null, 2)}</dd>
      <dt style={{ fontWeight: 600 }}>readConnectionRequest(value)</dt>
      <dd style={{ margin: 0, whiteSpace: 'pre-wrap' }} data-testid="request">
        {request ? JSON.stringify(request, null, 2) : 'undefined'}
      </dd>
    </dl>
  );
}

const meta = {
  title: 'Core/readConnectionRequest',
  component: ReadConnectionRequestDemo,
  tags: ['autodocs'],
  parameters: { docs: docsParameters() },
} satisfies Meta<typeof ReadConnectionRequestDemo>;

export default meta;
type Story = StoryObj<typeof meta>;

const WIZARD_URL = 'https://app.codespar.dev/dashboard/auth-configs?connect=mercado-pago';

const reads =
  (expected: object | undefined) =>
  async ({ canvasElement }: { canvasElement: HTMLElement }) => {
    const text = within(canvasElement).getByTestId('request').textContent ?? '';
    await expect(text === 'undefined' ? undefined : JSON.parse(text)).toEqual(expected);
  };

/** Seed 003's agent result, verbatim: the server comes from the setup URL's `connect` parameter. */
export const SeedResult: Story = {
  args: { value: { needs_connection: WIZARD_URL } },
  play: reads({ serverId: 'mercado-pago', wizardUrl: WIZARD_URL }),
};

/** The same result as the output of an AI SDK tool part: the part adds `toolName` and `toolCallId`. */
export const AiSdkPart: Story = {
  args: {
    value: {
      type: 'tool-create_pix_charge',
      toolCallId: 'call_1',
      state: 'output-available',
      input: { amount: 120 },
      output: { needs_connection: WIZARD_URL },
    },
  },
  play: reads({ serverId: 'mercado-pago', wizardUrl: WIZARD_URL, toolName: 'create_pix_charge', toolCallId: 'call_1' }),
};

/** An MCP tool result whose text is the JSON of a `codespar_discover` match that is not connected. */
export const McpToolResult: Story = {
  args: {
    value: {
      content: [{ type: 'text', text: JSON.stringify({ server_id: 'stripe', tool_name: 'create_payment_link', connected: false }) }],
    },
  },
  play: reads({ serverId: 'stripe', toolName: 'create_payment_link' }),
};

/** A part whose output has not arrived yet asks for nothing: `undefined`, and a card renders nothing. */
export const NotYet: Story = {
  args: { value: { type: 'tool-create_pix_charge', toolCallId: 'call_2', state: 'input-available', input: { amount: 120 } } },
  play: reads(undefined),
};
