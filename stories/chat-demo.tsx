// The chat demo: shown by the Chat story and driven end to end by test/e2e/chat.test.ts.
import { type FormEvent, useState } from 'react';
import { ConnectionRequired } from '../src/components/connection-required/index.ts';
import './chat.css';

/*
 * The connection bias loop in a chat: the user asks for a Pix charge, the agent finds the tool but
 * Mercado Pago is not connected (`needs_connection`), so the assistant's message carries a
 * <ConnectionRequired> card. Once connected, the host resumes the tool call and the conversation
 * goes on. This story uses the REAL browser adapter: Connect opens the reference API's consent page
 * on the other loopback origin in a real popup. Its play function never clicks Connect.
 */

type Message =
  | { id: string; role: 'user' | 'assistant'; text: string; needs?: { serverId: string; name: string; reason: string } }
  | { id: string; role: 'tool'; tool: string; text: string };

const INITIAL: Message[] = [
  { id: 'm1', role: 'user', text: 'Charge Ana Souza R$\u00a0120,00 by Pix, please.' },
  {
    id: 'm2',
    role: 'assistant',
    text: 'I can create that Pix charge, but I need access to your Mercado Pago account first.',
    needs: { serverId: 'mercado-pago', name: 'Mercado Pago', reason: 'To create the Pix charge of R$\u00a0120,00 for Ana Souza.' },
  },
];

export function Chat() {
  const [messages, setMessages] = useState<Message[]>(INITIAL);
  const [draft, setDraft] = useState('');

  // What a host does in onConnected: run the tool call that was waiting, then let the agent go on.
  const resume = () =>
    setMessages((current) => [
      ...current,
      { id: 'm3', role: 'tool', tool: 'mercado_pago_create_pix_payment', text: 'Pix charge created: R$\u00a0120,00, expires in 30 min' },
      { id: 'm4', role: 'assistant', text: 'Done! Ana Souza can pay the R$\u00a0120,00 with the Pix code. It expires in 30 minutes.' },
    ]);

  const send = (event: FormEvent) => {
    event.preventDefault();
    const text = draft.trim();
    if (!text) return;
    setDraft('');
    setMessages((current) => [
      ...current,
      { id: `u${current.length}`, role: 'user', text },
      { id: `a${current.length}`, role: 'assistant', text: 'This demo only knows the Pix charge above.' },
    ]);
  };

  return (
    <div className="chat">
      <header className="chat-header">
        <span className="chat-avatar" aria-hidden="true">
          AI
        </span>
        <div>
          <h1 className="chat-title">Store assistant</h1>
          <p className="chat-subtitle">Session ses_demo · reference API</p>
        </div>
      </header>
      <ol className="chat-log" aria-label="Conversation">
        {messages.map((message) => (
          <li key={message.id} className="chat-message" data-role={message.role}>
            <span className="chat-author">
              {message.role === 'user' ? 'You' : message.role === 'assistant' ? 'Assistant' : 'Tool result'}
            </span>
            <div className="chat-bubble">
              {message.role === 'tool' ? <span className="chat-tool-name">{message.tool}</span> : null}
              <p>{message.text}</p>
              {message.role === 'assistant' && message.needs ? (
                <ConnectionRequired
                  serverId={message.needs.serverId}
                  name={message.needs.name}
                  reason={message.needs.reason}
                  onConnected={resume}
                />
              ) : null}
            </div>
          </li>
        ))}
      </ol>
      <form className="chat-composer" onSubmit={send}>
        <input
          className="chat-input"
          aria-label="Message"
          placeholder="Ask the assistant…"
          value={draft}
          onChange={(event) => setDraft(event.target.value)}
        />
        <button type="submit" className="csp-button" data-variant="primary">
          Send
        </button>
      </form>
    </div>
  );
}
