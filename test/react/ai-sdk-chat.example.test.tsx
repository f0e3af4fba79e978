// An example to copy: a host tests its own AI SDK chat rendering the connection bias loop, with no
// model, no server and no popup. The imports are the package's own names (aliased to the sources
// here), and `@ai-sdk/react` is the real `useChat`.
import { useChat } from '@ai-sdk/react';
import { ConnectionRequired, ConnectionsProvider, createConnectionsClient, readConnectionRequest } from '@codespar/connect-react';
import {
  createFakeBrowser,
  createReferenceApi,
  createScriptedTransport,
  needsConnectionChunks,
  type ScriptedTransport,
  toolTurnChunks,
} from '@codespar/connect-react/testing';
import { act, cleanup, fireEvent, render, screen, waitFor, within } from '@testing-library/react';
import { lastAssistantMessageIsCompleteWithToolCalls } from 'ai';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';

const ORIGIN = 'http://localhost:5173';
const WIZARD_URL = 'https://app.codespar.dev/dashboard/auth-configs?connect=mercado-pago';

let api: ReturnType<typeof createReferenceApi>;
let browser: ReturnType<typeof createFakeBrowser>;
let client: ReturnType<typeof createConnectionsClient>;

beforeEach(() => {
  api = createReferenceApi(); // ses_demo: Mercado Pago not connected
  browser = createFakeBrowser({ origin: ORIGIN }); // popups are objects; no window opens
  client = createConnectionsClient({ sessionId: 'ses_demo', baseUrl: ORIGIN, getToken: () => 'demo_token', fetch: api.fetch });
});
afterEach(cleanup);

function App({ children }: { children: React.ReactNode }) {
  return (
    <ConnectionsProvider client={client} adapter={browser} redirectUrl="/oauth/done">
      {children}
    </ConnectionsProvider>
  );
}

/** The default: the agent's tool ran on the server and answered `needs_connection`; a new turn resumes it. */
function Chat({ transport }: { transport: ScriptedTransport }) {
  const { messages, sendMessage } = useChat({ transport });
  return (
    <>
      {messages.map((message) => (
        <article key={message.id} aria-label={message.role}>
          {message.parts.map((part, index) =>
            part.type === 'text' ? (
              // biome-ignore lint/suspicious/noArrayIndexKey: parts have no ids
              <p key={index}>{part.text}</p>
            ) : (
              <ConnectionRequired
                // biome-ignore lint/suspicious/noArrayIndexKey: parts have no ids
                key={index}
                request={part}
                onConnected={({ serverId }) => sendMessage({ text: `I connected ${serverId}. Please go on.` })}
              />
            ),
          )}
        </article>
      ))}
      <button type="button" onClick={() => sendMessage({ text: 'Charge Ana Souza R$ 120,00 by Pix' })}>
        Send
      </button>
    </>
  );
}

/** Connect from the card: the popup opens, the user approves, the callback page reports back. */
async function connectFromTheCard() {
  const card = await screen.findByRole('group', { name: /^(Mercado Pago|mercado-pago) is needed$/ });
  fireEvent.click(within(card).getByRole('button', { name: 'Connect' }));
  await waitFor(() => expect(card.getAttribute('data-status')).toBe('waiting'));
  const approval = api.approve('mercado-pago'); // the user's Approve, without a popup
  act(() => browser.completeConnection(approval.message)); // what the callback page posts
  return card;
}

describe('given an AI SDK chat whose tool answers needs_connection (server-executed tool)', () => {
  it('should show the card from the tool part, and resume with one new turn once connected', async () => {
    const transport = createScriptedTransport([
      needsConnectionChunks({ toolCallId: 'call_1', wizardUrl: WIZARD_URL, text: 'I need your Mercado Pago account first.' }),
      toolTurnChunks({ output: { charge_id: 'ch_1', amount: 120 }, text: 'Done! The Pix charge is ready.' }),
    ]);
    render(
      <App>
        <Chat transport={transport} />
      </App>,
    );
    fireEvent.click(screen.getByRole('button', { name: 'Send' }));
    await screen.findByText('I need your Mercado Pago account first.');

    const card = await connectFromTheCard();
    await screen.findByText('Done! The Pix charge is ready.');
    expect(card.getAttribute('data-status')).toBe('connected');
    expect(transport.calls).toHaveLength(2);
    expect(transport.calls[1]?.trigger).toBe('submit-message');
    expect(JSON.stringify(transport.calls[1]?.messages.at(-1))).toContain('I connected mercado-pago. Please go on.');

    // Nothing resumes it twice: the user looks back at the chat, the list refreshes.
    act(() => browser.attention());
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(transport.calls).toHaveLength(2);
  });
});

/** The other way: a client-side tool (no `execute`) that the card answers itself. */
function ClientToolChat({ transport }: { transport: ScriptedTransport }) {
  const { messages, sendMessage, addToolOutput } = useChat({
    transport,
    sendAutomaticallyWhen: lastAssistantMessageIsCompleteWithToolCalls,
  });
  return (
    <>
      {messages.map((message) => (
        <article key={message.id} aria-label={message.role}>
          {message.parts.map((part, index) => {
            // biome-ignore lint/suspicious/noArrayIndexKey: parts have no ids
            if (part.type === 'text') return <p key={index}>{part.text}</p>;
            if (part.type !== 'tool-connect_account' || part.state !== 'input-available') return null;
            return (
              <ConnectionRequired
                key={part.toolCallId}
                // The call is still open: its input names the server, its id is the call to answer.
                request={{ ...readConnectionRequest(part.input), toolCallId: part.toolCallId }}
                onConnected={({ serverId }) =>
                  addToolOutput({ tool: 'connect_account', toolCallId: part.toolCallId, output: { connected: true, server_id: serverId } })
                }
              />
            );
          })}
        </article>
      ))}
      <button type="button" onClick={() => sendMessage({ text: 'Charge Ana Souza R$ 120,00 by Pix' })}>
        Send
      </button>
    </>
  );
}

describe('given a client-side tool that asks the user to connect', () => {
  it('should answer the call with addToolOutput, and the chat goes on by itself, once', async () => {
    const transport = createScriptedTransport([
      // No output: the UI answers this call.
      toolTurnChunks({ toolName: 'connect_account', toolCallId: 'call_ui', input: { needs_connection: WIZARD_URL } }),
      toolTurnChunks({ output: { charge_id: 'ch_1' }, text: 'Done! The Pix charge is ready.' }),
    ]);
    render(
      <App>
        <ClientToolChat transport={transport} />
      </App>,
    );
    fireEvent.click(screen.getByRole('button', { name: 'Send' }));
    await connectFromTheCard();
    await screen.findByText('Done! The Pix charge is ready.');
    expect(transport.calls).toHaveLength(2);
    // The second turn carries the card's answer as the tool's output.
    expect(JSON.stringify(transport.calls[1]?.messages.at(-1))).toContain('"output":{"connected":true,"server_id":"mercado-pago"}');
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(transport.calls).toHaveLength(2); // no resend loop
  });
});
