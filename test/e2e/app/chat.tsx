// The Chat story's demo on its own page, with the real browser adapter (a real popup).
import { createRoot } from 'react-dom/client';
import '../../../src/styles.css';
import { Chat } from '../../../stories/chat-demo.tsx';
import { ReferenceProvider } from '../../../stories/support.tsx';

createRoot(document.getElementById('root') as HTMLElement).render(
  <ReferenceProvider>
    <Chat />
  </ReferenceProvider>,
);
