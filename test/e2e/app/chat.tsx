// The Chat story's demo on its own page, with the real browser adapter (a real popup).
// `?mode=tool-output` shows the client-side tool instead of the new turn.
import { createRoot } from 'react-dom/client';
import '../../../src/styles.css';
import type { ResumeMode } from '../../../stories/chat-agent.ts';
import { Chat } from '../../../stories/chat-demo.tsx';
import { ReferenceProvider } from '../../../stories/support.tsx';

const params = new URLSearchParams(location.search);
const mode = (params.get('mode') ?? 'new-turn') as ResumeMode;

createRoot(document.getElementById('root') as HTMLElement).render(
  // `.csp` carries the tokens the demo's own CSS uses, as Storybook's frame does.
  <div className="csp" style={{ padding: 24, minHeight: '100vh', boxSizing: 'border-box', background: 'var(--csp-bg)' }}>
    <ReferenceProvider>
      <Chat mode={mode} />
    </ReferenceProvider>
  </div>,
);
