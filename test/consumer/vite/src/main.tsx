// src/main.tsx: the styles once, the provider around what shows connections.
import '@codespar/connect-react/styles.css';
import { ConnectionList, ConnectionsProvider } from '@codespar/connect-react';
import { createConnectionsClient } from '@codespar/connect-react/core';
import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';

// The user's CodeSpar session, as your backend created it (here from the environment).
const client = createConnectionsClient({ sessionId: import.meta.env.CODESPAR_SESSION_ID, baseUrl: '/api/codespar' });

createRoot(document.getElementById('root')!).render(
  <StrictMode>
    <ConnectionsProvider client={client} redirectUrl="/oauth/done.html">
      <ConnectionList />
    </ConnectionsProvider>
  </StrictMode>,
);
