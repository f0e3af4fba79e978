// The chat demo: shown by the Chat stories and driven end to end by test/e2e/chat.test.ts.
import { useChat } from '@ai-sdk/react';
import { lastAssistantMessageIsCompleteWithToolCalls, type UIMessage } from 'ai';
import { type FormEvent, type ReactNode, useEffect, useRef, useState } from 'react';
import { ConnectionRequired } from '../src/components/connection-required/index.ts';
import { readConnectionRequest } from '../src/core/connection-request.ts';
import { createDemoTransport, type ResumeMode } from './chat-agent.ts';
import './chat.css';

/*
 * Seed 003's connection bias loop in an AI SDK chat. The user asks for a Pix charge; the agent's
 * tool finds Mercado Pago not connected and answers `{ needs_connection: wizard_url }`; the message
 * list reads that part with `readConnectionRequest` and shows <ConnectionRequired>. Once connected,
 * the chat resumes: a new turn (`sendMessage`) in which the tool runs again, now connected. The
 * `tool-output` mode shows the other way: a client-side tool the card answers (`addToolOutput`).
 * Connect opens the reference API's consent page, on the other loopback origin, in a real popup.
 */

const FIRST_MESSAGE = 'Charge Ana Souza R$\u00a0120,00 by Pix, please.';

type Part = UIMessage['parts'][number];

const brl = (amount: unknown) => (typeof amount === 'number' ? `R$\u00a0${amount.toFixed(2).replace('.', ',')}` : String(amount));

/** Why the tool needs the account, in the user's words, from the tool call's input. */
function reasonOf(part: Part): string | undefined {
  const input = 'input' in part ? (part.input as { amount?: unknown; customer?: unknown } | undefined) : undefined;
  return input?.customer ? `To create the Pix charge of ${brl(input.amount)} for ${String(input.customer)}.` : undefined;
}

export function Chat({ mode = 'new-turn' }: { mode?: ResumeMode }) {
  const [transport] = useState(() => createDemoTransport({ mode }));
  const { messages, sendMessage, addToolOutput, status, error } = useChat({
    transport,
    ...(mode === 'tool-output' ? { sendAutomaticallyWhen: lastAssistantMessageIsCompleteWithToolCalls } : {}),
  });
  const [draft, setDraft] = useState(FIRST_MESSAGE);
  const busy = status === 'submitted' || status === 'streaming';
  // Keep the newest message in view as the answer streams in.
  const log = useRef<HTMLOListElement>(null);
  useEffect(() => {
    if (messages.length > 0) log.current?.scrollTo({ top: log.current.scrollHeight });
  }, [messages]);

  const send = (event: FormEvent) => {
    event.preventDefault();
    const text = draft.trim();
    if (!text || busy) return;
    setDraft('');
    void sendMessage({ text });
  };

  /** A tool part: the connect card when it asks for a connection, else what the tool did. */
  const renderTool = (part: Part, pixCall: Part | undefined): ReactNode => {
    if (mode === 'tool-output') {
      // The UI tool: its call is open until the card answers it.
      if (part.type === 'tool-connect_account' && part.state === 'input-available') {
        return (
          <ConnectionRequired
            request={{ ...readConnectionRequest(part.input), toolCallId: part.toolCallId, toolName: 'connect_account' }}
            name="Mercado Pago"
            reason={pixCall ? reasonOf(pixCall) : undefined}
            onConnected={({ serverId }) =>
              addToolOutput({ tool: 'connect_account', toolCallId: part.toolCallId, output: { connected: true, server_id: serverId } })
            }
          />
        );
      }
    } else {
      const request = readConnectionRequest(part);
      if (request) {
        return (
          <ConnectionRequired
            request={request}
            name="Mercado Pago"
            reason={reasonOf(part)}
            onConnected={() => sendMessage({ text: 'I connected Mercado Pago. Please go on.' })}
          />
        );
      }
    }
    if (part.type === 'tool-create_pix_charge' && part.state === 'output-available') {
      const output = part.output as { charge_id?: string; amount?: number; expires_in_minutes?: number };
      if (!output.charge_id) return null;
      return (
        <div className="chat-tool" data-testid="tool-result">
          <span className="chat-tool-name">create_pix_charge</span>
          <p>
            Pix charge created: {brl(output.amount)}, expires in {output.expires_in_minutes} min
          </p>
        </div>
      );
    }
    return null;
  };

  return (
    <div className="chat">
      <header className="chat-header">
        <span className="chat-avatar" aria-hidden="true">
          AI
        </span>
        <div>
          <h1 className="chat-title">Store assistant</h1>
          <p className="chat-subtitle">AI SDK useChat · session ses_demo · reference API</p>
        </div>
      </header>
      <ol ref={log} className="chat-log" aria-label="Conversation">
        {messages.map((message) => {
          const pixCall = message.parts.find((part) => part.type === 'tool-create_pix_charge');
          // Words first, then what the tools did: the card sits under the assistant's explanation.
          const texts = message.parts.filter((part) => part.type === 'text');
          const tools = message.parts.filter((part) => part.type.startsWith('tool-'));
          return (
            <li key={message.id} className="chat-message" data-role={message.role}>
              <span className="chat-author">{message.role === 'user' ? 'You' : 'Assistant'}</span>
              <div className="chat-bubble">
                {texts.map((part, index) =>
                  // biome-ignore lint/suspicious/noArrayIndexKey: text parts have no ids
                  part.type === 'text' ? <p key={index}>{part.text}</p> : null,
                )}
                {tools.map((part) => {
                  const node = renderTool(part, pixCall);
                  return node ? <div key={'toolCallId' in part ? part.toolCallId : part.type}>{node}</div> : null;
                })}
              </div>
            </li>
          );
        })}
        {busy ? (
          <li className="chat-message" data-role="assistant" aria-live="polite">
            <span className="chat-author">Assistant</span>
            <div className="chat-bubble chat-typing">Working on it…</div>
          </li>
        ) : null}
      </ol>
      {error ? (
        <p role="alert" className="chat-error">
          The assistant stopped: {error.message}
        </p>
      ) : null}
      <form className="chat-composer" onSubmit={send}>
        <input
          className="chat-input"
          aria-label="Message"
          placeholder="Ask the assistant…"
          value={draft}
          onChange={(event) => setDraft(event.target.value)}
        />
        <button type="submit" className="csp-button" data-variant="primary" disabled={busy}>
          Send
        </button>
      </form>
    </div>
  );
}
