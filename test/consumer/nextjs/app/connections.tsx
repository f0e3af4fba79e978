// app/connections.tsx: the client side. The client calls your proxy route, never CodeSpar itself.
'use client';
import { ConnectionList, ConnectionsProvider } from '@codespar/connect-react';
import { createConnectionsClient } from '@codespar/connect-react/core';
import { useState } from 'react';

export function Connections({ sessionId }: { sessionId: string }) {
  const [client] = useState(() => createConnectionsClient({ sessionId, baseUrl: '/api/codespar' }));
  return (
    <ConnectionsProvider client={client} redirectUrl="/oauth/done">
      <ConnectionList />
    </ConnectionsProvider>
  );
}
